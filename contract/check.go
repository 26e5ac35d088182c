package contract

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Violation is one way a value breaks a schema.
type Violation struct {
	Pointer         string // JSON pointer of the offending value in the instance ("" is the root)
	Keyword         string // the failing keyword, e.g. "format"
	KeywordLocation string // schema path to the keyword, e.g. "/allOf/0/properties/created_at/format"
	Message         string // what is wrong
}

// Violations flattens a validation error from Schema.Validate into its
// individual violations, in a stable order. Other errors yield one
// violation at the root.
func Violations(err error) []Violation {
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return []Violation{{Message: err.Error()}}
	}
	var out []Violation
	for _, leaf := range leaves(ve) {
		kw := leaf.KeywordLocation
		if i := strings.LastIndexByte(kw, '/'); i >= 0 {
			kw = kw[i+1:]
		}
		out = append(out, Violation{Pointer: leaf.InstanceLocation, Keyword: kw, KeywordLocation: leaf.KeywordLocation, Message: leaf.Message})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Pointer != out[j].Pointer {
			return out[i].Pointer < out[j].Pointer
		}
		return out[i].KeywordLocation < out[j].KeywordLocation
	})
	return slices.CompactFunc(out, func(a, b Violation) bool { return a == b })
}

// checkOperations checks that every operation points at an existing
// channel and at messages of that channel.
func (l *loader) checkOperations(c *Contract) {
	byLoc := map[string]*Message{}
	for _, m := range c.Messages {
		byLoc[m.Loc.String()] = m
	}
	forEachEntry(Location{File: c.Root, Pointer: "/operations"}, func(opKey string, opRef Location) {
		op, err := l.deref(opRef)
		if err != nil {
			l.report(opRef, "operation "+opKey, err)
			return
		}
		chRef, _ := op.At("channel").Value().(map[string]any)
		chPath, _ := chRef["$ref"].(string)
		chKey, isChannel := strings.CutPrefix(chPath, "#/channels/")
		if !isChannel || strings.Contains(chKey, "/") {
			l.probs.add(op.At("channel").Pos(), "operation %s: channel must be a reference to #/channels/<name>, not %q", opKey, chPath)
			return
		}
		msgs, hasMessages := op.At("messages").Value().([]any)
		if !hasMessages {
			l.probs.add(op.Pos(), "operation %s: list the messages it sends (an operation without messages means every message of its channel)", opKey)
		}
		for i := range msgs {
			ref := op.At("messages", fmt.Sprint(i))
			mm, _ := ref.Value().(map[string]any)
			p, _ := mm["$ref"].(string)
			prefix := "#/channels/" + chKey + "/messages/"
			if !strings.HasPrefix(p, prefix) {
				l.probs.add(ref.Pos(), "operation %s: message %q must be a reference to a message of its channel (%s<name>)", opKey, p, prefix)
				continue
			}
			loc, err := l.deref(ref)
			if err != nil {
				l.report(ref, "operation "+opKey, err)
				continue
			}
			if m := byLoc[loc.String()]; m != nil && m.Operation == "" {
				m.Operation = opKey
			}
		}
	})
}

// checkDiscriminator finds the payload property that every message pins
// with a const, and checks that each const equals its message's name and
// that no two messages share one.
func (l *loader) checkDiscriminator(c *Contract) {
	consts := map[*Message]map[string]string{}
	count := map[string]int{}
	for _, m := range c.Messages {
		if m.Payload == nil {
			continue
		}
		consts[m] = l.topLevelConsts(m.Payload.Loc, 0)
		for field := range consts[m] {
			count[field]++
		}
	}
	best := ""
	for field, n := range count {
		if n > count[best] || n == count[best] && field < best {
			best = field
		}
	}
	c.Discriminator = best
	seen := map[string]*Message{}
	for _, m := range c.Messages {
		if m.Payload == nil {
			continue
		}
		value, ok := consts[m][best]
		switch {
		case best == "":
			l.probs.add(m.Payload.Loc.Pos(), "message %s: its payload schema pins no discriminator: give the event-name property a const (e.g. \"properties\": {\"event\": {\"const\": %q}})", m.Key, m.Name)
			continue
		case !ok:
			l.probs.add(m.Payload.Loc.Pos(), "message %s: its payload schema does not pin the discriminator property %q with a const, as the other messages do", m.Key, best)
			continue
		case value != m.Name:
			l.probs.add(m.Loc.At("name").Pos(), "message %s: name %q does not match its payload's discriminator %s const %q", m.Key, m.Name, best, value)
		}
		if other := seen[value]; other != nil {
			l.probs.add(m.Payload.Loc.Pos(), "message %s: discriminator value %q is already used by message %s", m.Key, value, other.Key)
			continue
		}
		seen[value] = m
	}
}

// topLevelConsts returns the string consts the schema at loc fixes for its
// top-level properties, looking through $ref and allOf.
func (l *loader) topLevelConsts(loc Location, depth int) map[string]string {
	out := map[string]string{}
	if depth > 32 {
		return out
	}
	loc, err := l.deref(loc)
	if err != nil {
		return out
	}
	m, _ := loc.Value().(map[string]any)
	props, _ := m["properties"].(map[string]any)
	for name := range props {
		p, err := l.deref(loc.At("properties", name))
		if err != nil {
			continue
		}
		if pm, ok := p.Value().(map[string]any); ok {
			if s, ok := pm["const"].(string); ok {
				out[name] = s
			}
		}
	}
	all, _ := m["allOf"].([]any)
	for i := range all {
		for k, v := range l.topLevelConsts(loc.At("allOf", fmt.Sprint(i)), depth+1) {
			if _, set := out[k]; !set {
				out[k] = v
			}
		}
	}
	return out
}

// checkExamples requires an example per message and validates each
// example's payload and headers against the message's schemas.
func (l *loader) checkExamples(c *Contract) {
	for _, m := range c.Messages {
		if len(m.Examples) == 0 {
			l.probs.add(m.Loc.Pos(), "message %s has no example: add one under examples (payload and, if the message has headers, headers)", m.Key)
			continue
		}
		if l.refsBroken {
			continue // schemas were not compiled
		}
		for i, ex := range m.Examples {
			name := ex.Name
			if name == "" {
				name = fmt.Sprint(i)
			}
			what := fmt.Sprintf("message %s: example %q", m.Key, name)
			exMap, _ := ex.Loc.Value().(map[string]any)
			if _, ok := exMap["payload"]; !ok {
				l.probs.add(ex.Loc.Pos(), "%s has no payload", what)
			} else if m.Payload != nil {
				l.reportViolations(what+": payload", ex.Loc.At("payload"), m.Payload.Validate(ex.Payload))
			}
			_, hasHeaders := exMap["headers"]
			switch {
			case m.Headers != nil && !hasHeaders:
				l.probs.add(ex.Loc.Pos(), "%s shows no headers, but the message requires them", what)
			case m.Headers == nil && hasHeaders:
				l.probs.add(ex.Loc.At("headers").Pos(), "%s shows headers, but the message declares none", what)
			case m.Headers != nil:
				l.reportViolations(what+": headers", ex.Loc.At("headers"), m.Headers.Validate(exMap["headers"]))
			}
		}
	}
}

// reportViolations reports each violation of a value at loc, at the
// position of the offending part.
func (l *loader) reportViolations(what string, loc Location, err error) {
	for _, v := range Violations(err) {
		l.probs.add(loc.File.pos(loc.Pointer+v.Pointer), "%s: %s: %s (%s)", what, pointerOrRoot(v.Pointer), v.Message, v.Keyword)
	}
}

func pointerOrRoot(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

var quotedNames = regexp.MustCompile(`'([^']*)'`)
