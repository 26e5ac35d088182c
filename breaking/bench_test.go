package breaking_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookcontract/hookcontract/breaking"
	"github.com/hookcontract/hookcontract/contract"
)

// writeLargeContract writes a contract of n events to dir: each event's
// payload schema is its own file, extends a shared envelope and uses
// shared definitions. changed makes the head version: every event's
// shared status enum gains a value, every 10th event a field, every 25th
// a longer name, and every 100th loses its optional note.
func writeLargeContract(tb testing.TB, dir string, n int, changed bool) {
	tb.Helper()
	var doc, channels, ops, msgs strings.Builder
	version := "1.0.0"
	if changed {
		version = "2.0.0"
	}
	fmt.Fprintf(&doc, "asyncapi: 3.0.0\ninfo:\n  title: Large\n  version: %s\ndefaultContentType: application/json\n", version)
	for i := range n {
		key, name := fmt.Sprintf("event%04d", i), fmt.Sprintf("thing.n%04d", i)
		fmt.Fprintf(&channels, "      %s:\n        $ref: '#/components/messages/%s'\n", key, key)
		fmt.Fprintf(&ops, "  send%s:\n    action: send\n    channel:\n      $ref: '#/channels/hooks'\n    messages:\n      - $ref: '#/channels/hooks/messages/%s'\n", key, key)
		fmt.Fprintf(&msgs, `    %s:
      name: %s
      title: Event %d
      traits:
        - $ref: '#/components/messageTraits/delivery'
      payload:
        schemaFormat: application/schema+json;version=draft-2020-12
        schema:
          $ref: './schemas/%s.json'
      examples:
        - name: basic
          headers:
            X-Delivery: dl_%d
          payload:
            event: %s
            at: '2025-01-24T10:30:00Z'
            data:
              id: th_%d
              name: Thing %d
              status: active
              amount: 12.5
              count: %d
              tags: [a, b]
              owner: null
              created_at: '2025-01-24T10:30:00Z'
`, key, name, i, name, i, name, i, i, i)
		extra, maxLen, note := "", 100, `,
        "note": {"type": "string"}`
		if changed && i%10 == 0 {
			extra = `,
        "extra": {"type": "string", "format": "uuid"}`
		}
		if changed && i%25 == 0 {
			maxLen = 200
		}
		if changed && i%100 == 0 {
			note = ""
		}
		schema := fmt.Sprintf(`{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "allOf": [{"$ref": "./envelope.json"}],
  "properties": {
    "event": {"const": %q},
    "data": {
      "type": "object",
      "required": ["id", "name", "status", "amount", "count", "tags", "owner", "created_at"],
      "properties": {
        "id": {"$ref": "./common.json#/$defs/ID"},
        "name": {"type": "string", "minLength": 1, "maxLength": %d},
        "status": {"$ref": "./common.json#/$defs/Status"},
        "amount": {"type": "number", "minimum": 0},
        "count": {"type": "integer", "minimum": 0},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 10, "uniqueItems": true},
        "owner": {"oneOf": [{"$ref": "./common.json#/$defs/Owner"}, {"type": "null"}]},
        "created_at": {"type": "string", "format": "date-time"}%s%s
      }
    }
  }
}
`, name, maxLen, note, extra)
		writeFile(tb, filepath.Join(dir, "schemas", name+".json"), schema)
	}
	fmt.Fprintf(&doc, "channels:\n  hooks:\n    address: null\n    messages:\n%s", channels.String())
	fmt.Fprintf(&doc, "operations:\n%s", ops.String())
	fmt.Fprintf(&doc, `components:
  messageTraits:
    delivery:
      headers:
        type: object
        required: [X-Delivery]
        properties:
          X-Delivery: {type: string, pattern: '^dl_[0-9]+$'}
      correlationId:
        location: $message.header#/X-Delivery
  messages:
%s`, msgs.String())
	writeFile(tb, filepath.Join(dir, "asyncapi.yaml"), doc.String())
	writeFile(tb, filepath.Join(dir, "schemas", "envelope.json"), `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["event", "at", "data"],
  "properties": {"event": {"type": "string"}, "at": {"type": "string", "format": "date-time"}, "data": {"type": "object"}}
}
`)
	status := `"active", "archived"`
	if changed {
		status += `, "deleted"`
	}
	writeFile(tb, filepath.Join(dir, "schemas", "common.json"), `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$defs": {
    "ID": {"type": "string", "pattern": "^th_[0-9]+$"},
    "Status": {"type": "string", "enum": [`+status+`]},
    "Owner": {"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "string"}, "name": {"type": "string", "minLength": 1}}}
  }
}
`)
}

func writeFile(tb testing.TB, path, content string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkCompare1000 compares two versions of a 1,000-event contract.
// Sub-benchmarks: identical (the baseline: every schema walked, nothing
// differs), changed (1,000 events with findings), and load+compare (both
// contracts loaded and self-checked first, as the command does). The
// target is under 2 s for load+compare.
func BenchmarkCompare1000(b *testing.B) {
	const n = 1000
	baseDir, headDir := filepath.Join(b.TempDir(), "base"), filepath.Join(b.TempDir(), "head")
	writeLargeContract(b, baseDir, n, false)
	writeLargeContract(b, headDir, n, true)
	load := func(dir string) *contract.Contract {
		c, err := contract.Load(filepath.Join(dir, "asyncapi.yaml"))
		if err != nil {
			b.Fatal(err)
		}
		return c
	}
	base, base2, head := load(baseDir), load(baseDir), load(headDir)
	b.Run("identical", func(b *testing.B) {
		for b.Loop() {
			if r := breaking.Compare(base, base2, nil); len(r.Findings) != 0 {
				b.Fatalf("%d findings", len(r.Findings))
			}
		}
	})
	b.Run("changed", func(b *testing.B) {
		var r *breaking.Report
		for b.Loop() {
			r = breaking.Compare(base, head, nil)
		}
		b.ReportMetric(float64(len(r.Findings)), "findings")
	})
	b.Run("load+compare", func(b *testing.B) {
		for b.Loop() {
			// As the command does: both loads side by side.
			done := make(chan error)
			var base *contract.Contract
			go func() {
				var err error
				base, err = contract.Load(filepath.Join(baseDir, "asyncapi.yaml"))
				done <- err
			}()
			head := load(headDir)
			if err := <-done; err != nil {
				b.Fatal(err)
			}
			breaking.Compare(base, head, nil)
		}
	})
}

// TestLargeContract checks the findings of the benchmark's contracts.
func TestLargeContract(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and loads two 100-event contracts")
	}
	baseDir, headDir := filepath.Join(t.TempDir(), "base"), filepath.Join(t.TempDir(), "head")
	writeLargeContract(t, baseDir, 100, false)
	writeLargeContract(t, headDir, 100, true)
	base, err := contract.Load(filepath.Join(baseDir, "asyncapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	head, err := contract.Load(filepath.Join(headDir, "asyncapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, f := range breaking.Compare(base, head, nil).Findings {
		count[f.Rule]++
	}
	want := map[string]int{breaking.EnumValueAdded: 100, breaking.FieldAdded: 10, breaking.LengthLoosened: 4, breaking.OptionalFieldRemoved: 1}
	for rule, n := range want {
		if count[rule] != n {
			t.Errorf("%s: %d findings, want %d", rule, count[rule], n)
		}
	}
	if len(count) != len(want) {
		t.Errorf("findings by rule: %v", count)
	}
}
