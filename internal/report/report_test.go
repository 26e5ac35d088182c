package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/hookcontract/hookcontract/internal/check"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// fixture is a run with every kind of result: valid, invalid payload,
// header problem, input problem, duplicate, a name that needs escaping.
func fixture() ([]*check.Result, *check.Summary) {
	rs := []*check.Result{
		{Source: "a.jsonl", Line: 1, Event: "user.created", DeliveryID: "whdel_1"},
		{Source: "a.jsonl", Line: 2, Event: "user.created", DeliveryID: "whdel_2", Errors: []check.Problem{
			{Line: 2, In: check.InPayload, Pointer: "/data/email", Keyword: "format", Message: `'x' is not valid 'email'`},
			{Line: 2, In: check.InPayload, Pointer: "", Keyword: "required", Message: "missing properties: 'data'"},
		}},
		{Source: "a.jsonl", Line: 3, Event: "user.created", DeliveryID: "whdel_1", Warnings: []check.Problem{
			{Line: 3, In: check.InPayload, Pointer: "/idempotency_key", Keyword: "duplicate", Message: `duplicate delivery "whdel_1": first seen at a.jsonl:1`},
		}},
		{Source: "b,c:d.har", Line: 7, Event: "member.removed", Errors: []check.Problem{
			{Line: 7, In: check.InHeader, Pointer: "/X-Webhook-Delivery", Keyword: "pattern", Message: "does not match pattern '^whdel_'"},
			{Line: 7, In: check.InHeader, Pointer: "", Keyword: "required", Message: "missing properties: 'X-Signature'"},
		}},
		{Source: "<stdin>", Line: 4, Errors: []check.Problem{
			{Line: 4, In: check.InInput, Message: "invalid JSON at column 3: unexpected <'&'> 100%\nnext"},
		}},
	}
	s := &check.Summary{Inputs: 3, Records: 5, Valid: 2, Invalid: 3, Unrouted: 1, Warnings: 1, Duplicates: 1,
		Events:    []check.EventCount{{Name: "user.created", Valid: 2, Invalid: 1}, {Name: "member.removed", Invalid: 1}, {Name: "api_key.created"}},
		Uncovered: []string{"api_key.created"},
	}
	return rs, s
}

func render(t *testing.T, f Format, run Run, opt Options) []byte {
	var b bytes.Buffer
	rs, s := fixture()
	w := New(f, &b, run, opt)
	for _, r := range rs {
		if err := w.Result(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Summary(s); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestGolden compares each format's output with testdata/<name>.golden;
// go test -update rewrites them.
func TestGolden(t *testing.T) {
	run := Run{Contract: "asyncapi.yaml", Title: "Monitoring Webhooks 1.0.0"}
	req := run
	req.RequireCoverage = true
	for _, tc := range []struct {
		name string
		f    Format
		run  Run
		opt  Options
	}{
		{"text", Text, run, Options{}},
		{"text-quiet", Text, run, Options{Quiet: true}},
		{"json", JSON, run, Options{}},
		{"junit", JUnit, run, Options{}},
		{"junit-require-coverage", JUnit, req, Options{}},
		{"github", GitHub, req, Options{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, tc.f, tc.run, tc.opt)
			path := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s output differs from %s (go test -update rewrites it):\n%s", tc.name, path, got)
			}
		})
	}
}

// TestJSONSchema: every line of the json format validates against the
// documented schema, output.schema.json.
func TestJSONSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	sch, err := c.Compile("output.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, quiet := range []bool{false, true} {
		out := render(t, JSON, Run{Contract: "c.yaml", Title: "T 1"}, Options{Quiet: quiet})
		sc := bufio.NewScanner(bytes.NewReader(out))
		lines := 0
		for sc.Scan() {
			lines++
			var v any
			dec := json.NewDecoder(strings.NewReader(sc.Text()))
			dec.UseNumber()
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(v); err != nil {
				t.Errorf("line %d: %v\n%s", lines, err, sc.Text())
			}
		}
		if want := map[bool]int{false: 6, true: 1}[quiet]; lines != want {
			t.Errorf("quiet=%v: %d lines, want %d", quiet, lines, want)
		}
	}
}

// TestIOErrorsInSummary: unreadable inputs are counted in text and listed
// in json.
func TestIOErrorsInSummary(t *testing.T) {
	_, s := fixture()
	s.IOErrors = []error{errors.New("x.json: open: permission denied")}
	var b bytes.Buffer
	New(Text, &b, Run{}, Options{}).Summary(s)
	if !strings.Contains(b.String(), "1 input could not be read") {
		t.Errorf("text: %s", b.String())
	}
	b.Reset()
	New(JSON, &b, Run{}, Options{}).Summary(s)
	if !strings.Contains(b.String(), `"io_errors":["x.json: open: permission denied"]`) {
		t.Errorf("json: %s", b.String())
	}
}

func TestParseFormat(t *testing.T) {
	for i, name := range Formats {
		if f, err := ParseFormat(name); err != nil || int(f) != i || f.String() != name {
			t.Errorf("ParseFormat(%q) = %v, %v", name, f, err)
		}
	}
	if _, err := ParseFormat("yaml"); err == nil {
		t.Error("yaml accepted")
	}
}
