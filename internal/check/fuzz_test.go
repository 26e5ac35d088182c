package check

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/hookcontract/hookcontract/internal/payload"
)

// fuzzRun checks data read as format and returns the results; every
// result must have a verdict, in input order.
func fuzzRun(t *testing.T, data []byte, format payload.Format) []*Result {
	k := checker(t, monitoring, Options{Strict: true})
	var rs []*Result
	s, err := k.Run([]payload.Input{{Name: "fuzz", Stdin: bytes.NewReader(data)}}, RunOptions{
		Read: payload.Options{Format: format, MaxRecordSize: 4096}, Workers: 2,
		OnResult: func(r *Result) error { rs = append(rs, r); return nil },
	})
	if err != nil || len(s.IOErrors) > 0 {
		t.Fatalf("Run: %v %v", err, s.IOErrors)
	}
	if s.Records != int64(len(rs)) || s.Valid+s.Invalid != s.Records {
		t.Fatalf("summary %+v for %d results", s, len(rs))
	}
	for i, r := range rs {
		if !r.Valid() && r.Errors[0].Message == "" {
			t.Fatalf("result %d: an error without a message", i)
		}
		if i > 0 && r.Line < rs[i-1].Line {
			t.Fatalf("result %d at line %d after line %d", i, r.Line, rs[i-1].Line)
		}
	}
	return rs
}

func corpusSeeds(f *testing.F) {
	for _, p := range []string{
		"../../testdata/payloads/monitoring/valid/company.created.json",
		"../../testdata/payloads/monitoring/invalid/company.created.bad-email.json",
		"../../testdata/payloads/monitoring/valid/execution.failures_detected.json",
	} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		var v any
		json.Unmarshal(data, &v)
		line, _ := json.Marshal(v)
		f.Add(append(append(line, '\n'), line...))
	}
}

// FuzzJSONL: one verdict per non-blank line (one for an empty input),
// whatever the bytes.
func FuzzJSONL(f *testing.F) {
	corpusSeeds(f)
	f.Add([]byte("{}\n\n\xef\xbb\xbf{}\r\n[[[[\n\"\xff\"\n{\"event\":\"user.created\""))
	f.Add([]byte(`{"event":"company.at_risk","data":{"failure_rate":1e99999999,"threshold":-1E-99999999}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs := fuzzRun(t, data, payload.JSONL)
		want := 0
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(bytes.TrimRight(l, "\r"))) > 0 {
				want++
			}
		}
		want = max(want, 1)
		if len(rs) != want {
			t.Fatalf("%d verdicts for %d records in %q", len(rs), want, data)
		}
	})
}

// FuzzJSON: exactly one verdict per document.
func FuzzJSON(f *testing.F) {
	corpusSeeds(f)
	f.Add([]byte(strings.Repeat("[", 100)))
	f.Fuzz(func(t *testing.T, data []byte) {
		if rs := fuzzRun(t, data, payload.JSON); len(rs) != 1 {
			t.Fatalf("%d verdicts for one document %q", len(rs), data)
		}
	})
}

// FuzzHAR: at least one verdict for any input, and for a well-formed
// capture exactly one per request with a body.
func FuzzHAR(f *testing.F) {
	body, _ := os.ReadFile("../../testdata/payloads/monitoring/valid/user.created.json")
	entry := func(h string) map[string]any {
		return map[string]any{"request": map[string]any{"method": "POST", "url": "u",
			"headers":  []any{map[string]any{"name": "X-Webhook-Delivery", "value": h}},
			"postData": map[string]any{"mimeType": "application/json", "text": string(body)}}}
	}
	har, _ := json.MarshalIndent(map[string]any{"log": map[string]any{"version": "1.2", "entries": []any{
		entry("whdel_1"), entry("whdel_1"), map[string]any{"request": map[string]any{"method": "GET"}}}}}, "", " ")
	f.Add(har)
	f.Add([]byte(`{"log":{"entries":[{"request":{"postData":{"text":"{}","encoding":"base64"}}},{}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs := fuzzRun(t, data, payload.HAR)
		if len(rs) == 0 {
			t.Fatal("no verdict")
		}
		var doc struct {
			Log struct {
				Entries []json.RawMessage `json:"entries"`
			} `json:"log"`
		}
		if json.Unmarshal(data, &doc) != nil || bytes.Count(data, []byte(`"log"`)) != 1 || bytes.Count(data, []byte(`"entries"`)) != 1 || bytes.Contains(data, []byte(`\u`)) {
			return // not a plain well-formed capture: any verdicts will do
		}
		want := 0
		for _, e := range doc.Log.Entries {
			var x struct {
				Request *struct {
					Method  string `json:"method"`
					URL     string `json:"url"`
					Headers []struct {
						Name  string `json:"name"`
						Value string `json:"value"`
					} `json:"headers"`
					PostData *struct {
						MimeType string  `json:"mimeType"`
						Text     *string `json:"text"`
						Encoding string  `json:"encoding"`
					} `json:"postData"`
				} `json:"request"`
			}
			if json.Unmarshal(e, &x) != nil || x.Request == nil || x.Request.PostData != nil && x.Request.PostData.Text != nil {
				want++
			}
		}
		if want > 0 && len(rs) != want || want == 0 && len(rs) != 1 {
			t.Fatalf("%d verdicts, want %d, for %q", len(rs), max(want, 1), data)
		}
	})
}
