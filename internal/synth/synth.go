// Package synth writes synthetic contracts of any size, for benchmarks of
// the stages that read contracts (load, generate, compare).
package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// WriteContract writes a synthetic contract of n events to dir: each event's
// payload schema is its own file, extends a shared envelope and uses
// shared definitions. changed makes the head version: every event's
// shared status enum gains a value, every 10th event a field, every 25th
// a longer name, and every 100th loses its optional note.
func WriteContract(dir string, n int, changed bool) error {
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
		if err := writeFile(filepath.Join(dir, "schemas", name+".json"), schema); err != nil {
			return err
		}
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
	if err := writeFile(filepath.Join(dir, "asyncapi.yaml"), doc.String()); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "schemas", "envelope.json"), `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["event", "at", "data"],
  "properties": {"event": {"type": "string"}, "at": {"type": "string", "format": "date-time"}, "data": {"type": "object"}}
}
`); err != nil {
		return err
	}
	status := `"active", "archived"`
	if changed {
		status += `, "deleted"`
	}
	if err := writeFile(filepath.Join(dir, "schemas", "common.json"), `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$defs": {
    "ID": {"type": "string", "pattern": "^th_[0-9]+$"},
    "Status": {"type": "string", "enum": [`+status+`]},
    "Owner": {"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "string"}, "name": {"type": "string", "minLength": 1}}}
  }
}
`); err != nil {
		return err
	}
	return nil
}

func writeFile(path, content string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(content), 0o644)
}
