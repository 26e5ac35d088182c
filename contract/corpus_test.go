package contract_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/internal/corpus"
)

// The two catalogs, as contracts.md fixes them.
var catalogs = []struct {
	name, path, payloads string
	events               []string
}{
	{"monitoring", "../asyncapi.yaml", "../testdata/payloads/monitoring", []string{
		"account.updated", "user.created", "user.updated",
		"member.invited", "member.joined", "member.role_changed", "member.removed",
		"company.created", "company.updated", "company.deleted", "company.at_risk",
		"instance.created", "instance.updated", "instance.deleted",
		"sync.completed", "sync.failed",
		"workflow.degraded", "workflow.recovered",
		"execution.failures_detected",
		"llm_provider.created", "llm_provider.updated", "llm_provider.deleted",
		"llm_project.created", "llm_project.updated",
		"api_key.created", "api_key.revoked",
		"webhook.created", "webhook.updated", "webhook.deleted",
	}},
	{"workspace", "../examples/workspace/asyncapi.yaml", "../testdata/payloads/workspace", []string{
		"user.created", "user.deactivated", "project.updated", "report.completed", "sync.failed",
	}},
}

var loaded sync.Map // path → *contract.Contract

func mustLoad(t testing.TB, path string) *contract.Contract {
	t.Helper()
	if c, ok := loaded.Load(path); ok {
		return c.(*contract.Contract)
	}
	c, err := contract.Load(path)
	if err != nil {
		t.Fatalf("Load(%s):\n%v", path, err)
	}
	loaded.Store(path, c)
	return c
}

// TestCatalogsLoad: both contracts load with zero problems (which includes
// every example validating) and define exactly the catalog's events.
func TestCatalogsLoad(t *testing.T) {
	for _, cat := range catalogs {
		t.Run(cat.name, func(t *testing.T) {
			c := mustLoad(t, cat.path)
			got := c.Names()
			want := slices.Clone(cat.events)
			sort.Strings(got)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				t.Errorf("events:\n got %v\nwant %v", got, want)
			}
			for _, m := range c.Messages {
				if len(m.Examples) == 0 || m.Operation == "" || m.Summary == "" || m.Title == "" || len(m.Tags) == 0 {
					t.Errorf("message %s: examples=%d operation=%q summary=%q title=%q tags=%v", m.Key, len(m.Examples), m.Operation, m.Summary, m.Title, m.Tags)
				}
				if m.CorrelationID == nil {
					t.Errorf("message %s declares no correlationId (delivery id)", m.Key)
				}
			}
		})
	}
}

func readPayload(t *testing.T, path string) any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// TestPayloadCorpus validates the recorded payloads: every valid file
// passes; every invalid file fails with exactly the violations its .want
// sidecar lists ("<pointer> <keyword>" per line); every event has both.
func TestPayloadCorpus(t *testing.T) {
	for _, cat := range catalogs {
		t.Run(cat.name, func(t *testing.T) {
			c := mustLoad(t, cat.path)
			validFor := map[string]int{}
			invalidFor := map[string]int{}
			valid, _ := filepath.Glob(filepath.Join(cat.payloads, "valid", "*.json"))
			for _, f := range valid {
				m, vs := c.ValidatePayload(readPayload(t, f))
				for _, v := range vs {
					t.Errorf("%s: %s: %s (%s)", f, v.Pointer, v.Message, v.Keyword)
				}
				if m != nil {
					validFor[m.Name]++
				}
			}
			invalid, _ := filepath.Glob(filepath.Join(cat.payloads, "invalid", "*.json"))
			for _, f := range invalid {
				m, vs := c.ValidatePayload(readPayload(t, f))
				if m != nil {
					invalidFor[m.Name]++
				}
				var got []string
				for _, v := range vs {
					got = append(got, v.Pointer+" "+v.Keyword)
				}
				want := readWant(t, f+".want")
				if got := corpus.Normalize(got); !slices.Equal(got, want) {
					t.Errorf("%s:\n got %q\nwant %q", f, got, want)
				}
			}
			wants, _ := filepath.Glob(filepath.Join(cat.payloads, "invalid", "*.want"))
			for _, w := range wants {
				if _, err := os.Stat(strings.TrimSuffix(w, ".want")); err != nil {
					t.Errorf("%s has no payload file", w)
				}
			}
			for _, name := range cat.events {
				if validFor[name] == 0 || invalidFor[name] == 0 {
					t.Errorf("event %s: %d valid and %d invalid payloads; want at least one of each", name, validFor[name], invalidFor[name])
				}
			}
			t.Logf("%d valid, %d invalid payloads", len(valid), len(invalid))
		})
	}
}

func readWant(t *testing.T, path string) []string {
	t.Helper()
	want, err := corpus.ReadWant(path)
	if err != nil {
		t.Fatalf("every invalid payload needs a .want sidecar: %v", err)
	}
	return want
}

// TestRuleClasses: every kind of rule contracts.md states is exercised by
// at least one invalid payload (which breaks only it, see TestPayloadCorpus)
// whose valid twin of the same event is accepted.
func TestRuleClasses(t *testing.T) {
	classes := []string{"required", "type", "format", "pattern", "minimum", "maximum", "minLength", "enum", "const", "minItems", "maxItems", "uniqueItems"}
	for _, cat := range catalogs {
		t.Run(cat.name, func(t *testing.T) {
			c := mustLoad(t, cat.path)
			seen := map[string]bool{}
			invalid, _ := filepath.Glob(filepath.Join(cat.payloads, "invalid", "*.json"))
			for _, f := range invalid {
				m, vs := c.ValidatePayload(readPayload(t, f))
				if m == nil && len(vs) == 1 && vs[0].Keyword == "const" {
					seen["const"] = true // the discriminator names no event
				}
				if m == nil || len(vs) != 1 {
					continue
				}
				twin := filepath.Join(cat.payloads, "valid", m.Name+".json")
				if _, tv := c.ValidatePayload(readPayload(t, twin)); len(tv) != 0 {
					t.Errorf("%s: valid twin %s is rejected: %v", f, twin, tv)
					continue
				}
				seen[vs[0].Keyword] = true
			}
			for _, k := range classes {
				if cat.name == "workspace" && (k == "maximum" || k == "maxItems") {
					continue // the Workspace catalog states no upper bounds
				}
				if !seen[k] {
					t.Errorf("no invalid payload breaks only a %q rule", k)
				}
			}
		})
	}
}

// TestBrokenExampleIsReported: a copy of the Monitoring contract whose
// example has a wrong type fails to load, naming file:line:col.
func TestBrokenExampleIsReported(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "schemas"), os.DirFS("../schemas")); err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("../asyncapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(doc), "\n")
	line := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "n8n_instances_count:") })
	if line < 0 {
		t.Fatal("no n8n_instances_count in an example of asyncapi.yaml")
	}
	indent := lines[line][:strings.Index(lines[line], "n8n_instances_count:")]
	lines[line] = indent + "n8n_instances_count: three"
	if err := os.WriteFile(filepath.Join(dir, "asyncapi.yaml"), []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = contract.Load(filepath.Join(dir, "asyncapi.yaml"))
	if err == nil {
		t.Fatal("a contract with an invalid example loaded without error")
	}
	want := filepath.Join(dir, "asyncapi.yaml") + ":" + itoa(line+1) + ":" + itoa(len(indent)+len("n8n_instances_count: ")+1) + ": "
	if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "/data/n8n_instances_count") {
		t.Errorf("error does not point at %s…/data/n8n_instances_count:\n%v", want, err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
