package payload

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseValues(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want any
	}{
		{`{"a":1,"b":[true,false,null],"c":"x\u00e9\n\"","d":-0.5e+3}`, map[string]any{
			"a": json.Number("1"), "b": []any{true, false, nil}, "c": "xé\n\"", "d": json.Number("-0.5e+3")}},
		{` "\ud83d\ude00" `, "😀"},
		{`"\ud83d"`, "\ufffd"},
		{`[]`, []any{}},
		{`{}`, map[string]any{}},
		{`12345678901234567890123`, json.Number("12345678901234567890123")},
		{"\"h\u00e9llo\"", "héllo"},
	} {
		got, err := Parse([]byte(tc.in), 0)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Parse(%q) = %#v, want %#v", tc.in, got, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	deep := strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	for _, tc := range []struct {
		in, want string
	}{
		{"", "line 1, column 1: empty record"},
		{"  \n ", "line 2, column 2: empty record"},
		{"\xef\xbb\xbf{}", "byte order mark"},
		{"{\"a\": \"\xff\"}", "column 8: invalid UTF-8 (byte 0xff) in a string"},
		{`{"a": 1`, "unexpected end of input (truncated?)"},
		{`{"a": "abc`, "unexpected end of input in a string (truncated?)"},
		{`{"a": 1, "a": 2}`, `column 10: duplicate key "a"`},
		{`{"a": 1} x`, `unexpected 'x' after the JSON value`},
		{`{"a": 01}`, `unexpected '1' after object value`},
		{`{"a": tru}`, `unexpected '}' in literal true`},
		{`{"a": "\q"}`, `invalid escape \q`},
		{"{\"a\": \"\t\"}", `control character U+0009`},
		{`[1,]`, `unexpected ']' looking for a value`},
		{"{\n  \"a\": ?\n}", "line 2, column 8: unexpected '?' looking for a value"},
		{deep, "nesting deeper than 64 levels"},
		{`{"a": 1.}`, "after the decimal point"},
		{`{"a": -}`, "in a number"},
		{`{"a": 1e}`, "in an exponent"},
		{`{1: 2}`, "looking for an object key"},
	} {
		_, err := Parse([]byte(tc.in), 0)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%.40q) error = %v, want it to contain %q", tc.in, err, tc.want)
		}
	}
	if _, err := Parse([]byte(`[[[1]]]`), 2); err == nil {
		t.Error("depth 3 accepted with a limit of 2")
	}
	if _, err := Parse([]byte(`[[1]]`), 2); err != nil {
		t.Errorf("depth 2 rejected with a limit of 2: %v", err)
	}
}

func TestLineOf(t *testing.T) {
	doc := []byte("{\n  \"event\": \"x\",\n  \"data\": {\n    \"list\": [\n      1,\n      {\"k\": 2}\n    ],\n    \"a/b\": 3\n  }\n}\n")
	for ptr, want := range map[string]int{
		"": 1, "/event": 2, "/data": 3, "/data/list": 4, "/data/list/0": 5, "/data/list/1": 6,
		"/data/list/1/k": 6, "/data/a~1b": 8, "/data/missing": 3, "/data/list/9": 4, "/nope/deeper": 1,
	} {
		if got := LineOf(doc, ptr); got != want {
			t.Errorf("LineOf(%q) = %d, want %d", ptr, got, want)
		}
	}
}

// FuzzParse: Parse agrees with encoding/json on every input that is valid
// UTF-8, has no duplicate keys and is shallow enough, and never panics.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}],"c":"\u00e9"}`, `"\ud800\udc00"`, `-0.0e-0`, `[{}]`, `{"a":1,"a":2}`, "\xef\xbb\xbf{}", `"\ud83d"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Parse(data, 32)
		var want any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		werr := dec.Decode(&want)
		if werr == nil && len(bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n")) > 0 {
			werr = &json.SyntaxError{} // data after the value
		}
		if err == nil {
			if werr != nil {
				t.Fatalf("Parse accepted what encoding/json rejects (%v): %q", werr, data)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("Parse(%q) = %#v, encoding/json %#v", data, got, want)
			}
			return
		}
		var se *SyntaxError
		if e, ok := err.(*SyntaxError); !ok {
			t.Fatalf("error %T is not a *SyntaxError", err)
		} else {
			se = e
		}
		if se.Offset < 0 || se.Offset > len(data) || se.Line < 1 || se.Col < 1 {
			t.Fatalf("bad position %+v", se)
		}
		if werr == nil && utf8.Valid(data) && !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) &&
			!strings.Contains(se.Msg, "duplicate key") && !strings.Contains(se.Msg, "nesting deeper") {
			t.Fatalf("Parse rejected valid JSON %q: %v", data, err)
		}
	})
}

// TestTape: members are found by key, big objects still catch duplicate
// keys, and a reused tape gives the same values as a fresh parse.
func TestTape(t *testing.T) {
	var tp Tape
	if err := tp.Parse([]byte(`{"a": [1, {"b": null}], "c": "x"}`), 0); err != nil {
		t.Fatal(err)
	}
	if j := tp.Member(0, "c"); j < 0 || tp.Nodes[j].Str != "x" || tp.Member(0, "b") != -1 || tp.Member(tp.Member(0, "a"), "b") != -1 {
		t.Errorf("Member: %+v", tp.Nodes)
	}
	if err := tp.Parse([]byte(`{"a/b": [0, {"c~": 1e5000}], "d": 2}`), 0); err != nil {
		t.Fatal(err)
	}
	if i := tp.HugeNumber(); i < 0 || tp.Pointer(i) != "/a~1b/1/c~0" {
		t.Errorf("HugeNumber: %d %q", i, tp.Pointer(i))
	}
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&b, `"k%d": %d, `, i, i)
	}
	b.WriteString(`"k7": 0}`)
	if err := tp.Parse([]byte(b.String()), 0); err == nil || !strings.Contains(err.Error(), `duplicate key "k7"`) {
		t.Errorf("duplicate in a big object: %v", err)
	}
	big := strings.Replace(b.String(), `"k7": 0}`, `"last": 0}`, 1)
	if err := tp.Parse([]byte(big), 0); err != nil || tp.Nodes[0].Len != 101 {
		t.Errorf("big object: %v, %d members", err, tp.Nodes[0].Len)
	}
	v1, _ := Parse([]byte(big), 0)
	if !reflect.DeepEqual(tp.Value(0), v1) {
		t.Error("a reused tape differs from a fresh parse")
	}
}
