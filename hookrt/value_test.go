package hookrt

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzParse: Parse accepts exactly the JSON documents encoding/json does
// (outside the deliberate differences: invalid UTF-8, escaped lone
// surrogates, nesting beyond the limit), never panics, and re-encodes to
// an equal value.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5e3,"x",null,true]}`, `"\u00e9"`, `[[]]`, `{"a":1,"a":2}`, `01`, `1.`, `-0`, `{"a" 1}`, "[1,]", `"\t"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Parse(data, Limits{MaxDepth: 100})
		if !utf8.Valid(data) || bytes.Contains(data, []byte(`\u`)) || bytes.Count(data, []byte("["))+bytes.Count(data, []byte("{")) >= 100 {
			return
		}
		if ok := json.Valid(data); ok != (err == nil) {
			t.Fatalf("%q: encoding/json valid=%v, Parse error %v", data, ok, err)
		}
		if err != nil {
			return
		}
		again, err := Parse(v.JSON(), Limits{MaxDepth: 100})
		if err != nil || !Equal(&v, &again) {
			t.Fatalf("%q: re-encoded %s does not parse equal: %v", data, v.JSON(), err)
		}
	})
}

func TestParseLimits(t *testing.T) {
	deep := bytes.Repeat([]byte("["), 2000)
	if _, err := Parse(deep, Limits{}); err == nil {
		t.Error("2,000-deep nesting accepted")
	}
	for _, bad := range []string{"", "{", `{"a":1}x`, "\xff", `"\xff"`, `{"\xff":1}`} {
		if _, err := Parse([]byte(bad), Limits{}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	v, err := Parse([]byte(`{"a":1,"b":2,"a":3}`), Limits{})
	if err != nil || len(v.Members) != 2 || v.Get("a").Str != "3" {
		t.Errorf("duplicate keys: last must win: %+v %v", v, err)
	}
}
