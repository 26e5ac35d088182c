package check

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/internal/payload"
)

// variants returns v and copies of it with one value replaced or one
// member removed, for every value in it.
func variants(v any) []any {
	out := []any{v}
	replacements := []any{nil, "", "x", "2025-01-24T10:00:00Z", "whdel_x", json.Number("0"), json.Number("-1"),
		json.Number("1.5"), json.Number("1.0"), json.Number("1e400"), json.Number("1.0000000000000000001"),
		json.Number("0.99999999999999999999"), json.Number("3"), true, []any{}, map[string]any{}, strings.Repeat("é", 300)}
	var walk func(cur any, set func(any))
	walk = func(cur any, set func(any)) {
		for _, r := range replacements {
			set(r)
			out = append(out, clone(v))
		}
		set(cur)
		switch x := cur.(type) {
		case map[string]any:
			for k, child := range x {
				delete(x, k)
				out = append(out, clone(v))
				x[k] = child
				walk(child, func(n any) { x[k] = n })
			}
		case []any:
			for i, child := range x {
				walk(child, func(n any) { x[i] = n })
			}
			if len(x) > 0 {
				set(append(x, x[0]))
				out = append(out, clone(v))
				set(x)
			}
		}
	}
	walk(v, func(n any) { v = n })
	return out
}

func tapeOf(t testing.TB, v any) *payload.Tape {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var tp payload.Tape
	if err := tp.Parse(b, 0); err != nil {
		t.Fatal(err)
	}
	return &tp
}

func clone(v any) any {
	b, _ := json.Marshal(v)
	out, _ := payload.Parse(b, 0)
	return out
}

// agree checks the fast path against the reference engine on v for the
// given messages: it may only say valid when the reference engine does,
// and for these contracts it must decide every valid payload by itself.
func agree(t *testing.T, fast map[string]*fastSchema, v any, msgs ...*contract.Message) (checked int) {
	for _, m := range msgs {
		f := fast[m.Name]
		if f == nil {
			t.Fatalf("%s: no fast path", m.Name)
		}
		ref := m.Payload.Validate(v) == nil
		got := f.valid(tapeOf(t, v), 0)
		if got && !ref {
			b, _ := json.Marshal(v)
			t.Fatalf("%s: fast path accepts what the reference engine rejects: %s\n%v", m.Name, b, m.Payload.Validate(v))
		}
		if ref && !got {
			b, _ := json.Marshal(v)
			t.Errorf("%s: fast path cannot decide a valid payload: %s", m.Name, b)
		}
		checked++
	}
	return checked
}

func fastPaths(t testing.TB, c *contract.Contract) map[string]*fastSchema {
	out := map[string]*fastSchema{}
	for _, m := range c.Messages {
		out[m.Name] = compileFast(m.Payload.Compiled)
	}
	return out
}

// TestFastAgrees: on every corpus payload and thousands of one-change
// variants of each, for every message of both contracts.
func TestFastAgrees(t *testing.T) {
	for _, cat := range []struct{ name, path string }{{"monitoring", monitoring}, {"workspace", workspace}} {
		c := load(t, cat.path)
		fast := fastPaths(t, c)
		files, _ := filepath.Glob(filepath.Join("../../testdata/payloads", cat.name, "*", "*.json"))
		n := 0
		for i, f := range files {
			data, _ := os.ReadFile(f)
			v, err := payload.Parse(data, 0)
			if err != nil {
				t.Fatal(err)
			}
			vs := []any{v}
			if i%4 == 0 || strings.Contains(f, "/valid/") && i%2 == 0 {
				vs = variants(v)
			}
			routed, _ := c.Route(v)
			for j, x := range vs {
				msgs := []*contract.Message{c.Messages[(i+j)%len(c.Messages)]}
				if routed != nil {
					msgs = append(msgs, routed)
				}
				n += agree(t, fast, x, msgs...)
			}
		}
		t.Logf("%s: %d payload×schema checks", cat.name, n)
	}
}

// FuzzFastAgrees: whatever JSON comes in, the fast path never accepts what
// the reference engine rejects.
func FuzzFastAgrees(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/payloads/monitoring/*/*.json")
	for _, p := range files[:20] {
		data, _ := os.ReadFile(p)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var tp payload.Tape
		if tp.Parse(data, 0) != nil {
			return
		}
		v := tp.Value(0)
		c := load(t, monitoring)
		for _, m := range c.Messages {
			if compileFast(m.Payload.Compiled).valid(&tp, 0) && m.Payload.Validate(v) != nil {
				t.Fatalf("%s: fast path accepts %s", m.Name, data)
			}
		}
	})
}
