package model

import (
	"strings"

	"github.com/hookcontract/hookcontract/contract"
)

// FromContract builds the IR of a generated package for every message of
// a loaded contract. Errors name the schema position and keyword of each
// construct the generator cannot turn into Go.
func FromContract(c *contract.Contract, pkg string) (*Package, error) {
	b := NewBuilder(c)
	t := newTypes(b, c)
	p := &Package{Name: pkg, Discriminator: c.Discriminator, Builder: b}
	for _, m := range c.Messages {
		name := GoName(m.Key)
		if name == "" {
			name = GoName(m.Name)
		}
		g, _ := t.goType(m.Payload.Loc, name)
		if g.Kind != Named || g.Ref.Kind != Struct {
			t.fail(m.Payload.Loc, "message %s: payload must be an object schema to become a Go struct", m.Key)
			continue
		}
		// The payload type is named after the message (its key), whatever
		// the schema's title says.
		if g.Ref.Name != name && t.byName[name] == nil {
			delete(t.byName, g.Ref.Name)
			g.Ref.Name = name
			t.byName[name] = g.Ref
		}
		doc := m.Summary
		if d := description(m.Payload.Loc); d != "" {
			doc = d
		}
		if g.Ref.Doc == "" || g.Ref.Doc == description(m.Payload.Loc) {
			g.Ref.Doc = doc
		}
		p.Events = append(p.Events, &Event{Name: m.Name, Key: m.Key, Type: g.Ref, Message: m})
	}
	p.Accessors = accessors(p.Events)
	if len(c.Messages) > 0 {
		if cid := c.Messages[0].CorrelationID; cid != nil {
			switch cid.In {
			case "header":
				p.DeliveryHeader = strings.TrimPrefix(cid.Pointer, "/")
			case "payload":
				for _, a := range p.Accessors {
					if "/"+a.Field.JSON == cid.Pointer && a.Field.Type.Kind == String {
						p.DeliveryField = a.Field
					}
				}
			}
		}
	}
	p.Types = t.sorted()
	return p, join(b, t)
}

// FromSchema builds the IR of a package for one bare JSON Schema: its
// root type is named root.
func FromSchema(set *contract.SchemaSet, pkg, root string) (*Package, error) {
	b := NewBuilder(set)
	t := newTypes(b, set)
	p := &Package{Name: pkg, Builder: b}
	g, _ := t.goType(set.Schema.Loc, root)
	if g.Kind == Named {
		p.Root = g.Ref
	} else {
		// Not an object or enum: only a validator.
		b.Named(set.Schema.Loc, root)
	}
	p.Types = t.sorted()
	return p, join(b, t)
}

func join(b *Builder, t *types) error {
	b.errs = append(b.errs, t.errs...)
	return b.Err()
}

// accessors finds the envelope: fields every event struct has with the
// same wire name and Go type.
func accessors(events []*Event) []*Accessor {
	if len(events) == 0 {
		return nil
	}
	var out []*Accessor
	for _, f := range events[0].Type.Fields {
		common := true
		for _, e := range events[1:] {
			if !hasSameField(e.Type, f) {
				common = false
				break
			}
		}
		if common {
			out = append(out, &Accessor{Method: "Event" + f.Name, Field: f})
		}
	}
	return out
}

func hasSameField(t *Type, f *Field) bool {
	for _, g := range t.Fields {
		if g.JSON == f.JSON && g.Name == f.Name && sameType(g.Type, f.Type) && g.Required == f.Required && g.Nullable == f.Nullable {
			return true
		}
	}
	return false
}

func sameType(a, b GoType) bool {
	if a.Kind != b.Kind || a.Ref != b.Ref {
		return false
	}
	if a.Elem != nil || b.Elem != nil {
		return a.Elem != nil && b.Elem != nil && sameType(*a.Elem, *b.Elem)
	}
	return true
}
