// Package benchdata generates deterministic JSON Lines of webhook
// payloads for benchmarks: the contract's own examples, in turn, each with
// a delivery id of its own so that no line is a duplicate.
package benchdata

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/hookcontract/hookcontract/contract"
)

// idFields are where a template's delivery id is rewritten: the body's
// idempotency key, or the payload pointer a correlationId names.
var idFields = []string{"idempotency_key", "idempotencyKey", "delivery_id", "deliveryId"}

// template is one example payload, encoded once, with its delivery id
// split out so that each line costs one write.
type template struct {
	before, after string // JSON around the id's value
	prefix        string // the id's prefix, up to and including "_"
}

func templates(c *contract.Contract) ([]template, error) {
	var out []template
	for _, m := range c.Messages {
		field := ""
		if m.CorrelationID != nil && m.CorrelationID.In == "payload" && strings.Count(m.CorrelationID.Pointer, "/") == 1 {
			field = m.CorrelationID.Pointer[1:]
		}
		for _, ex := range m.Examples {
			obj, ok := ex.Payload.(map[string]any)
			if !ok {
				continue
			}
			f := field
			if f == "" {
				for _, cand := range idFields {
					if _, ok := obj[cand].(string); ok {
						f = cand
						break
					}
				}
			}
			id, _ := obj[f].(string)
			if id == "" {
				return nil, fmt.Errorf("message %s: example %q has no delivery id to vary", m.Name, ex.Name)
			}
			const mark = "\x00ID\x00"
			clone := make(map[string]any, len(obj))
			for k, v := range obj {
				clone[k] = v
			}
			clone[f] = mark
			b, err := json.Marshal(clone)
			if err != nil {
				return nil, err
			}
			before, after, _ := strings.Cut(string(b), `"\u0000ID\u0000"`)
			prefix := id[:strings.IndexByte(id, '_')+1]
			out = append(out, template{before: before, after: after, prefix: prefix})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the contract has no example payloads")
	}
	return out, nil
}

// Generate writes n lines: line i is example i mod (number of examples),
// in contract order, with delivery id <prefix><i+1 in base 36>. The output
// depends only on the contract.
func Generate(c *contract.Contract, w io.Writer, n int) error {
	ts, err := templates(c)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	for i := range n {
		t := ts[i%len(ts)]
		bw.WriteString(t.before)
		bw.WriteByte('"')
		bw.WriteString(t.prefix)
		bw.WriteString(strconv.FormatInt(int64(i+1), 36))
		bw.WriteByte('"')
		bw.WriteString(t.after)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// Manifest tells a validator in another language which schema validates
// which event: every schema file of the contract, and each event's schema
// as a file and JSON pointer. Paths are relative to Dir.
type Manifest struct {
	Dir           string            `json:"dir"`           // the contract's directory
	Base          string            `json:"base"`          // URI each file is known under: Base + path
	Discriminator string            `json:"discriminator"` // payload property naming the event
	Files         []string          `json:"files"`         // JSON Schema files, slash paths
	Events        map[string]string `json:"events"`        // event name → "path#pointer"
}

// NewManifest describes c, whose document is in dir.
func NewManifest(c *contract.Contract, dir string) *Manifest {
	m := &Manifest{Dir: dir, Base: "file:///contract/", Discriminator: c.Discriminator, Events: map[string]string{}}
	for rel, f := range c.Files {
		if f != nil && f != c.Root && strings.EqualFold(path.Ext(rel), ".json") {
			m.Files = append(m.Files, rel)
		}
	}
	sort.Strings(m.Files)
	for _, msg := range c.Messages {
		m.Events[msg.Name] = msg.Payload.Loc.File.Path + "#" + msg.Payload.Loc.Pointer
	}
	return m
}
