package contract_test

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestUndeclared: strict mode sees properties through allOf, $ref, oneOf
// branches and array items, and counts the envelope's and the event's
// properties together.
func TestUndeclared(t *testing.T) {
	c := mustLoad(t, "../asyncapi.yaml")
	clone := func(name string) map[string]any {
		var v map[string]any
		b, _ := json.Marshal(c.Message(name).Examples[0].Payload)
		json.Unmarshal(b, &v)
		return v
	}
	pointers := func(name string, v any) []string {
		var out []string
		for _, vi := range c.Message(name).Payload.Undeclared(v) {
			if vi.Keyword != "unevaluatedProperties" {
				t.Errorf("keyword %q", vi.Keyword)
			}
			out = append(out, vi.Pointer)
		}
		return out
	}
	for _, m := range c.Messages {
		for _, ex := range m.Examples {
			if got := m.Payload.Undeclared(ex.Payload); len(got) != 0 {
				t.Errorf("%s: example %q has undeclared properties: %v", m.Name, ex.Name, got)
			}
		}
	}

	p := clone("llm_provider.created")
	p["x"] = 1
	data := p["data"].(map[string]any)
	data["default_company"] = map[string]any{"id": "cli_a", "name": "A", "tier": "gold"}
	data["extra"] = map[string]any{"deep": true}
	if got, want := pointers("llm_provider.created", p), []string{"/data/default_company/tier", "/data/extra", "/x"}; !slices.Equal(got, want) {
		t.Errorf("llm_provider.created: got %q, want %q", got, want)
	}
	data["default_company"] = nil
	delete(data, "extra")
	delete(p, "x")
	if got := pointers("llm_provider.created", p); len(got) != 0 {
		t.Errorf("null default_company: %q", got)
	}

	e := clone("execution.failures_detected")
	e["data"].(map[string]any)["sample_errors"].([]any)[0].(map[string]any)["stack"] = "..."
	if got, want := pointers("execution.failures_detected", e), []string{"/data/sample_errors/0/stack"}; !slices.Equal(got, want) {
		t.Errorf("array items: got %q, want %q", got, want)
	}
}
