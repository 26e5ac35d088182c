package payload

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// summary renders records as "line: data|err" for comparison.
func readAll(t *testing.T, name, in string, opt Options) []string {
	t.Helper()
	var out []string
	err := Read(name, strings.NewReader(in), opt, func(r *Record) error {
		if r.Source != name {
			t.Errorf("record source %q, want %q", r.Source, name)
		}
		s := fmt.Sprintf("%d %s: ", r.Line, r.Format)
		if r.Err != nil {
			s += "ERR " + r.Err.Error()
		} else {
			s += string(r.Data)
		}
		for _, h := range r.Headers {
			s += fmt.Sprintf(" [%s=%s]", h.Name, h.Value)
		}
		out = append(out, s)
		return nil
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return out
}

func check(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestJSONL(t *testing.T) {
	got := readAll(t, "x.jsonl", "{\"a\":1}\r\n\n   \n{\"b\":2}\n{\"c\"", Options{})
	check(t, got, `1 jsonl: {"a":1}`, `4 jsonl: {"b":2}`, `5 jsonl: {"c"`)
}

func TestJSONLLongLine(t *testing.T) {
	long := strings.Repeat("x", 200<<10) // longer than the read buffer
	in := "{}\n\"" + long + "\"\n{\"after\":true}\n\"" + long[:100<<10] + "\"\n"
	got := readAll(t, "x.jsonl", in, Options{MaxRecordSize: 150 << 10})
	if len(got) != 4 || !strings.Contains(got[1], "2 jsonl: ERR line longer than the limit of 153600 bytes") ||
		got[2] != `3 jsonl: {"after":true}` || len(got[3]) != len("4 jsonl: ")+100<<10+2 {
		t.Errorf("records: %.200q", got)
	}
}

func TestEmptyInputs(t *testing.T) {
	check(t, readAll(t, "e.jsonl", "\n\n", Options{}), "1 jsonl: ERR empty input: no JSON lines")
	check(t, readAll(t, "e.json", " \n", Options{}), "1 json: ERR empty file: no JSON value")
	check(t, readAll(t, "e.har", "", Options{}), "1 har: ERR empty file: no HAR document")
	check(t, readAll(t, "-", "", Options{}), "1 json: ERR empty file: no JSON value")
}

func TestJSONDocument(t *testing.T) {
	check(t, readAll(t, "d.json", "{\n  \"a\": 1\n}\n", Options{}), "1 json: {\n  \"a\": 1\n}\n")
	got := readAll(t, "big.json", `"`+strings.Repeat("y", 5<<20)+`"`, Options{})
	check(t, got, "1 json: ERR document of 5242882 bytes is larger than the limit of 1048576 bytes (-max-record-size)")
}

func TestSniff(t *testing.T) {
	check(t, readAll(t, "<stdin>", "{\"a\":1}\n{\"b\":2}\n", Options{}), `1 jsonl: {"a":1}`, `2 jsonl: {"b":2}`)
	check(t, readAll(t, "<stdin>", "{\n\"a\":1}\n", Options{}), "1 json: {\n\"a\":1}\n")
	check(t, readAll(t, "<stdin>", "{\"a\":1}", Options{}), `1 json: {"a":1}`)
	check(t, readAll(t, "x.txt", "{\"a\":1}\n{\"b\"", Options{Format: JSONL}), `1 jsonl: {"a":1}`, `2 jsonl: {"b"`)
	if got := readAll(t, "<stdin>", ` { "log" : {"entries": []}}`, Options{}); len(got) != 1 || !strings.Contains(got[0], "har: ERR no recorded request") {
		t.Errorf("HAR not sniffed: %q", got)
	}
}

func gz(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func TestGzip(t *testing.T) {
	check(t, readAll(t, "x.jsonl.gz", gz("{\"a\":1}\n{\"b\":2}\n"), Options{}), `1 jsonl: {"a":1}`, `2 jsonl: {"b":2}`)
	check(t, readAll(t, "<stdin>", gz("{\"a\":1}\n{\"b\":2}\n"), Options{}), `1 jsonl: {"a":1}`, `2 jsonl: {"b":2}`)
	z := gz("{\"a\":1}\n{\"b\":2}\n" + strings.Repeat("{\"c\":3}\n", 1000))
	got := readAll(t, "t.jsonl.gz", z[:len(z)/2], Options{})
	if last := got[len(got)-1]; !strings.Contains(last, "ERR input ends unexpectedly (truncated compressed data)") {
		t.Errorf("truncated gzip: last record %q", last)
	}
	check(t, readAll(t, "bad.json.gz", "\x1f\x8b garbage", Options{}), "1 auto: ERR gzip: gzip: invalid header")
}

const har = `{
  "log": {
    "version": "1.2",
    "creator": {"name": "test", "version": "1"},
    "pages": [{"id": "p", "title": {"nested": [1, 2, {"x": "}"}]}}],
    "entries": [
      {
        "request": {"method": "GET", "url": "https://x.example/", "headers": []}
      },
      {
        "request": {
          "method": "POST", "url": "https://hooks.example/in",
          "headers": [{"name": "x-webhook-delivery", "value": "whdel_1"}, {"name": "Content-Type", "value": "application/json"}],
          "postData": {"mimeType": "application/json", "text": "{\"event\":\"a\"}"}
        }
      },
      {"request": {"method": "POST", "url": "u", "headers": [], "postData": {"mimeType": "application/json", "encoding": "base64", "text": "eyJiIjoyfQ=="}}},
      {"request": {"method": "POST", "url": "u", "headers": "oops", "postData": {"text": "{}"}}},
      {"request": {"method": "POST", "url": "u", "postData": {"text": "{}", "encoding": "base64"}}}
    ]
  }
}
`

func TestHAR(t *testing.T) {
	check(t, readAll(t, "c.har", har, Options{}),
		`10 har: {"event":"a"} [x-webhook-delivery=whdel_1] [Content-Type=application/json]`,
		`17 har: {"b":2}`,
		`18 har: ERR invalid HAR entry 3: request.headers is a string, want an array`,
		`19 har: ERR invalid HAR entry 4: request body is not valid base64: illegal base64 data at input byte 0`,
	)
	got := readAll(t, "t.har", har[:len(har)/2+40], Options{})
	if last := got[len(got)-1]; !strings.Contains(last, "ERR invalid HAR: input ends unexpectedly") {
		t.Errorf("truncated HAR: %q", got)
	}
	got = readAll(t, "t.har", `{"log": {"entries": [{"request": {"method": "POST", "postData": {"text": "{}"}}} {]}}`, Options{})
	if last := got[len(got)-1]; !strings.Contains(last, "ERR invalid HAR: malformed JSON") {
		t.Errorf("malformed HAR: %q", got)
	}
	check(t, readAll(t, "n.har", `{"log": {"version": "1.2"}}`, Options{}), "1 har: ERR invalid HAR: no log.entries")
	check(t, readAll(t, "n.har", `[1]`, Options{}), `1 har: ERR invalid HAR: expected "{", found "["`)
}

type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n > 0 {
		r.n--
		return copy(p, "{\"a\":1}\n"), nil
	}
	return 0, errors.New("disk on fire")
}

func TestIOError(t *testing.T) {
	n := 0
	err := Read("f.jsonl", &failingReader{n: 3}, Options{}, func(*Record) error { n++; return nil })
	var ioe *IOError
	if !errors.As(err, &ioe) || n != 3 || ioe.Error() != "f.jsonl: disk on fire" {
		t.Errorf("Read = %v after %d records, want an IOError after 3", err, n)
	}
	stop := errors.New("stop here")
	if err := Read("s.jsonl", strings.NewReader("{}\n{}\n"), Options{}, func(*Record) error { return stop }); err != stop {
		t.Errorf("emit's error not returned: %v", err)
	}
}

func TestExpand(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b.json", "a.jsonl.gz", "sub/c.har", "sub/notes.txt", "x.json.want", ".hidden/d.json", "sub/e.NDJSON"} {
		p := filepath.Join(dir, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("{}"), 0o644)
	}
	ins, err := Expand([]string{dir, "-", filepath.Join(dir, "sub/notes.txt")}, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, in := range ins {
		names = append(names, strings.TrimPrefix(filepath.ToSlash(in.Name), filepath.ToSlash(dir)+"/"))
	}
	check(t, names, "a.jsonl.gz", "b.json", "sub/c.har", "sub/e.NDJSON", "<stdin>", "sub/notes.txt")
	if _, err := Expand([]string{filepath.Join(dir, "missing")}, nil); err == nil {
		t.Error("missing path accepted")
	}
	if _, err := Expand([]string{filepath.Join(dir, ".hidden")}, nil); err != nil {
		t.Errorf("a hidden directory named explicitly is read: %v", err)
	}
	os.MkdirAll(filepath.Join(dir, "empty"), 0o755)
	if _, err := Expand([]string{filepath.Join(dir, "empty")}, nil); err == nil || !strings.Contains(err.Error(), "no payload files") {
		t.Errorf("empty directory: %v", err)
	}
	in := ins[4]
	rc, _ := in.Open()
	if b, _ := io.ReadAll(rc); len(b) != 0 {
		t.Error("stdin input reads something else")
	}
}
