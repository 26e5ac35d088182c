package check

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/internal/payload"
)

var contracts sync.Map

func load(t testing.TB, path string) *contract.Contract {
	t.Helper()
	if c, ok := contracts.Load(path); ok {
		return c.(*contract.Contract)
	}
	c, err := contract.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	contracts.Store(path, c)
	return c
}

func checker(t testing.TB, path string, opt Options) *Checker {
	t.Helper()
	k, err := New(load(t, path), opt)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

const (
	monitoring = "../../asyncapi.yaml"
	workspace  = "../../examples/workspace/asyncapi.yaml"
)

// runOn checks the records of one input given as text.
func runOn(t testing.TB, k *Checker, name, text string, ropt payload.Options) ([]*Result, *Summary) {
	t.Helper()
	var out []*Result
	s, err := k.Run([]payload.Input{{Name: name, Stdin: strings.NewReader(text)}}, RunOptions{Read: ropt, OnResult: func(r *Result) error {
		out = append(out, r)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	return out, s
}

// TestCorpus: the checker agrees with the corpus: every valid payload is
// valid, every invalid one has exactly the violations its .want lists.
func TestCorpus(t *testing.T) {
	for _, cat := range []struct{ name, path string }{{"monitoring", monitoring}, {"workspace", workspace}} {
		t.Run(cat.name, func(t *testing.T) {
			k := checker(t, cat.path, Options{})
			dir := filepath.Join("../../testdata/payloads", cat.name)
			files, _ := filepath.Glob(filepath.Join(dir, "*", "*.json"))
			var inputs []payload.Input
			for _, f := range files {
				inputs = append(inputs, payload.Input{Name: f, Path: f})
			}
			n := 0
			s, err := k.Run(inputs, RunOptions{OnResult: func(r *Result) error {
				if r.Source != inputs[n].Name {
					t.Errorf("result %d is for %s, want %s (input order)", n, r.Source, inputs[n].Name)
				}
				n++
				var got []string
				for _, p := range r.Errors {
					got = append(got, p.Pointer+" "+p.Keyword)
				}
				sort.Strings(got)
				got = slices.Compact(got)
				var want []string
				if strings.Contains(r.Source, "/invalid/") {
					data, err := os.ReadFile(r.Source + ".want")
					if err != nil {
						t.Fatal(err)
					}
					for _, l := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
						want = append(want, l)
					}
					sort.Strings(want)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s: got %q, want %q", r.Source, got, want)
				}
				return nil
			}})
			if err != nil || n != len(files) || s.Records != int64(len(files)) || len(s.Uncovered) != 0 {
				t.Errorf("run: err %v, %d results, summary %+v, for %d files", err, n, s, len(files))
			}
		})
	}
}

func TestSyntaxProblemsAtTheirLine(t *testing.T) {
	k := checker(t, monitoring, Options{})
	rs, s := runOn(t, k, "doc.json", "{\n  \"event\": \"user.created\",\n  \"data\": {\"a\": 1,}\n}\n", payload.Options{})
	if len(rs) != 1 || len(rs[0].Errors) != 1 || rs[0].Errors[0].Line != 3 || !strings.Contains(rs[0].Errors[0].Message, "invalid JSON at column 19: unexpected '}' looking for an object key") {
		t.Errorf("results %+v", rs[0])
	}
	if s.Unrouted != 1 || s.Invalid != 1 {
		t.Errorf("summary %+v", s)
	}
	rs, _ = runOn(t, k, "deep.jsonl", strings.Repeat("[", 10000)+strings.Repeat("]", 10000)+"\n{\"x\": \"\xff\"}\n", payload.Options{})
	if len(rs) != 2 || !strings.Contains(rs[0].Errors[0].Message, "nesting deeper than 64 levels") || !strings.Contains(rs[1].Errors[0].Message, "invalid UTF-8") || rs[1].Line != 2 {
		t.Errorf("results %+v %+v", rs[0], rs[1])
	}
}

func example(t testing.TB, c *contract.Contract, name string) map[string]any {
	t.Helper()
	m := c.Message(name)
	data, _ := marshal(m.Examples[0].Payload)
	v, err := payload.Parse(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	return v.(map[string]any)
}

func TestStrict(t *testing.T) {
	c := load(t, monitoring)
	ex := example(t, c, "sync.completed")
	ex["extra"] = "top"
	ex["data"].(map[string]any)["note"] = 1
	ex["data"].(map[string]any)["company"].(map[string]any)["tier"] = "gold"
	line, _ := marshal(ex)
	ex2 := example(t, c, "api_key.created")
	line2, _ := marshal(ex2)
	text := string(line) + "\n" + string(line2) + "\n"

	rs, _ := runOn(t, checker(t, monitoring, Options{}), "s.jsonl", text, payload.Options{})
	if !rs[0].Valid() || !rs[1].Valid() {
		t.Fatalf("open objects rejected without -strict: %+v", rs[0].Errors)
	}
	rs, _ = runOn(t, checker(t, monitoring, Options{Strict: true}), "s.jsonl", text, payload.Options{})
	var got []string
	for _, p := range rs[0].Errors {
		got = append(got, p.Pointer+" "+p.Keyword)
	}
	want := []string{"/data/company/tier unevaluatedProperties", "/data/note unevaluatedProperties", "/extra unevaluatedProperties"}
	if !slices.Equal(got, want) {
		t.Errorf("strict: got %q, want %q", got, want)
	}
	if !rs[1].Valid() {
		t.Errorf("strict rejects a payload that declares everything: %+v", rs[1].Errors)
	}
	// Every valid corpus payload without extra properties passes strict.
	k := checker(t, monitoring, Options{Strict: true})
	files, _ := filepath.Glob("../../testdata/payloads/monitoring/valid/*.json")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		r := k.Check(&payload.Record{Source: f, Line: 1, Format: payload.JSON, Data: data})
		if strings.Contains(f, "extra-properties") == r.Valid() {
			t.Errorf("%s: strict verdict %v: %+v", f, r.Valid(), r.Errors)
		}
	}
}

func TestHeadersAndDuplicates(t *testing.T) {
	k := checker(t, monitoring, Options{})
	c := k.Contract()
	body, _ := marshal(example(t, c, "user.created"))
	entry := func(headers string) string {
		return fmt.Sprintf(`{"request": {"method": "POST", "url": "u", "headers": [%s], "postData": {"mimeType": "application/json", "text": %q}}}`, headers, body)
	}
	har := fmt.Sprintf("{\"log\": {\"entries\": [\n%s,\n%s,\n%s,\n%s\n]}}", entry(`{"name": "x-webhook-delivery", "value": "whdel_h1"}`), entry(`{"name": "X-Webhook-Delivery", "value": "whdel_h1"}`), entry(`{"name": "X-Webhook-Delivery", "value": "bad id"}`), entry(``))
	rs, s := runOn(t, k, "c.har", har, payload.Options{})
	if len(rs) != 4 {
		t.Fatalf("%d results", len(rs))
	}
	if !rs[0].Valid() || rs[0].DeliveryID != "whdel_h1" || len(rs[0].Warnings) != 0 {
		t.Errorf("first delivery: %+v", rs[0])
	}
	if w := rs[1].Warnings; len(w) != 1 || w[0].In != InHeader || w[0].Message != `duplicate delivery "whdel_h1": first seen at c.har:2` || rs[1].Line != 3 {
		t.Errorf("retry: %+v", rs[1])
	}
	if e := rs[2].Errors; len(e) != 1 || e[0].In != InHeader || e[0].Pointer != "/X-Webhook-Delivery" || e[0].Keyword != "pattern" {
		t.Errorf("bad header: %+v", rs[2])
	}
	if e := rs[3].Errors; len(e) != 1 || e[0].In != InHeader || e[0].Keyword != "required" {
		t.Errorf("missing header: %+v", rs[3])
	}
	// Without headers the body's idempotency key is the delivery id.
	if rs[3].DeliveryID != "whdel_usr4Bn8T" || s.Duplicates != 1 {
		t.Errorf("id from body: %q, summary %+v", rs[3].DeliveryID, s)
	}
	// Workspace: the correlation id is in the payload.
	kw := checker(t, workspace, Options{})
	wbody, _ := marshal(example(t, kw.Contract(), "user.created"))
	rs, s = runOn(t, kw, "w.jsonl", string(wbody)+"\n"+string(wbody)+"\n", payload.Options{})
	if s.Duplicates != 1 || rs[1].Warnings[0].Pointer != "/id" || !strings.Contains(rs[1].Warnings[0].Message, "first seen at w.jsonl:1") {
		t.Errorf("workspace duplicate: %+v", rs[1])
	}
	// An explicit delivery id expression.
	kx := checker(t, monitoring, Options{DeliveryID: "$message.payload#/data/id"})
	rs, _ = runOn(t, kx, "x.jsonl", string(body)+"\n", payload.Options{})
	if !strings.HasPrefix(rs[0].DeliveryID, "usr_") {
		t.Errorf("-delivery-id: %q", rs[0].DeliveryID)
	}
	if _, err := New(c, Options{DeliveryID: "body.id"}); err == nil {
		t.Error("a bad -delivery-id expression is accepted")
	}
}

func TestOrderAndCounts(t *testing.T) {
	k := checker(t, monitoring, Options{})
	c := k.Contract()
	var b bytes.Buffer
	n := 0
	for i := 0; i < 3000; i++ {
		m := c.Messages[i%len(c.Messages)]
		ex := example(t, c, m.Name)
		ex["idempotency_key"] = fmt.Sprintf("whdel_%d", i)
		if i%7 == 0 {
			ex["created_at"] = "yesterday"
			n++
		}
		line, _ := marshal(ex)
		b.Write(line)
		b.WriteByte('\n')
	}
	for _, workers := range []int{1, 2, 7} {
		var lines []int
		s, err := k.Run([]payload.Input{{Name: "o.jsonl", Stdin: bytes.NewReader(b.Bytes())}}, RunOptions{Workers: workers, OnResult: func(r *Result) error {
			lines = append(lines, r.Line)
			return nil
		}})
		if err != nil || s.Records != 3000 || s.Invalid != int64(n) || s.Duplicates != 0 || len(s.Uncovered) != 0 {
			t.Errorf("workers %d: %v %+v", workers, err, s)
		}
		for i, l := range lines {
			if l != i+1 {
				t.Fatalf("workers %d: result %d has line %d", workers, i, l)
			}
		}
	}
}

func TestStopEarly(t *testing.T) {
	k := checker(t, monitoring, Options{})
	text := strings.Repeat("{}\n", 5000)
	stop := fmt.Errorf("enough")
	n := 0
	_, err := k.Run([]payload.Input{{Name: "s.jsonl", Stdin: strings.NewReader(text)}}, RunOptions{OnResult: func(*Result) error {
		n++
		if n == 10 {
			return stop
		}
		return nil
	}})
	if err != stop || n != 10 {
		t.Errorf("Run = %v after %d results", err, n)
	}
}
