// Package schemaview reads a JSON Schema the way a person reads a payload
// table: allOf branches merged into one object, a nullable oneOf shown as
// its type with "nullable", each $ref to a shared type named so that it
// can be linked, nested objects and array items expanded into dotted
// rows. It also makes a sample value that satisfies a schema, for events
// that carry no example.
package schemaview

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/publish/components"
)

// Field is one row of a payload table.
type Field struct {
	Path        []string     // property names from the root; "[]" stands for an array's items
	Type        string       // e.g. "string", "object", "array of string"; "any" when unconstrained
	TypeParts   []Part       // Type in pieces, shared type names marked for links
	Ref         string       // the shared type the field refers to, "" when written inline
	Required    bool         // the property must be present
	Nullable    bool         // the value may be null
	Constraints []Constraint // format, pattern, enum, limits
	Description string
	Recursive   bool // the field's type contains itself; its rows are not repeated
}

// Depth is the field's nesting level, 0 for a top-level property.
func (f Field) Depth() int { return len(f.Path) - 1 }

// Name is the field's own name, the last element of its path.
func (f Field) Name() string {
	if len(f.Path) == 0 {
		return ""
	}
	return f.Path[len(f.Path)-1]
}

// Parent is the dotted path of the field's parent with a trailing dot
// (data.company.), "" for a top-level property.
func (f Field) Parent() string {
	d := f.Dotted()
	return d[:len(d)-len(f.Name())]
}

// Dotted is the path as a person writes it: data.company.id,
// data.sample_errors[].error_message.
func (f Field) Dotted() string {
	var b strings.Builder
	for i, p := range f.Path {
		if i > 0 && p != "[]" {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

// Constraint is one rule of a field, shown as a label and code values.
type Constraint struct {
	Label  string   // "format", "pattern", "one of", "const", "≥", "length ≥", ...
	Values []string // shown as code
}

// Summary describes the schema at loc itself: its type, constraints and
// description, as a row without a path.
func Summary(set *components.Set, loc contract.Location) Field {
	b := &builder{set: set}
	v := b.view([]contract.Location{loc}, nil)
	return b.fieldOf(v, nil, false)
}

// Fields returns the rows of the schema at loc: every property, nested
// properties after their parent, array items' properties under "[]".
func Fields(set *components.Set, loc contract.Location) []Field {
	b := &builder{set: set}
	v := b.view([]contract.Location{loc}, nil)
	var out []Field
	b.rows(v, nil, &out)
	return out
}

type builder struct {
	set *components.Set
}

// view is a schema, or several schemas that all apply (allOf), merged.
type view struct {
	typed       bool
	types       []string // allowed types, "null" included; meaningful when typed
	nullable    bool     // from a oneOf with a null alternative
	ref         string
	description string
	hasConst    bool
	constVal    any
	enum        []any
	format      string
	pattern     string
	limits      []Constraint
	props       []string
	propLocs    map[string][]contract.Location
	required    map[string]bool
	items       []contract.Location
	variants    [][]contract.Location
	examples    []any
	def         any
	hasDefault  bool
	recursive   bool
	stack       []string // schemas being expanded, to stop at recursion
}

func key(loc contract.Location) string { return loc.File.Path + "#" + loc.Pointer }

func (b *builder) view(locs []contract.Location, stack []string) *view {
	v := &view{propLocs: map[string][]contract.Location{}, required: map[string]bool{}, stack: stack}
	for _, loc := range locs {
		b.merge(v, loc, true)
	}
	return v
}

// merge adds the schema at loc to v. direct is true when loc is the
// field's own schema (not an allOf branch), so its $ref names the field's
// type.
func (b *builder) merge(v *view, loc contract.Location, direct bool) {
	m, ok := loc.Value().(map[string]any)
	if !ok {
		if loc.Value() == false {
			v.typed, v.types = true, nil
		}
		return
	}
	for i := range asList(m["allOf"]) {
		b.merge(v, loc.At("allOf", strconv.Itoa(i)), false)
	}
	if ref, ok := m["$ref"].(string); ok {
		target, err := components.Target(b.set.Contract(), loc.File, ref)
		if err == nil {
			if comp := b.set.At(target); direct && v.ref == "" && comp != nil && comp.Shared() {
				v.ref = comp.Name
			}
			if slices.Contains(v.stack, key(target)) {
				// Stop expanding; the type alone still reads well.
				v.recursive = true
				if tm, ok := target.Value().(map[string]any); ok && tm["type"] != nil {
					b.mergeType(v, tm["type"])
				}
			} else {
				v.stack = append(slices.Clone(v.stack), key(target))
				b.merge(v, target, direct)
			}
		}
	}
	for _, kw := range []string{"oneOf", "anyOf"} {
		alts := asList(m[kw])
		if len(alts) == 0 {
			continue
		}
		var others []contract.Location
		nulls := 0
		for i := range alts {
			alt := loc.At(kw, strconv.Itoa(i))
			if isNull(alt.Value()) {
				nulls++
			} else {
				others = append(others, alt)
			}
		}
		if nulls > 0 {
			v.nullable = true
		}
		switch len(others) {
		case 0:
		case 1:
			b.merge(v, others[0], direct)
		default:
			for _, o := range others {
				v.variants = append(v.variants, []contract.Location{o})
			}
		}
	}
	if t, ok := m["type"]; ok {
		b.mergeType(v, t)
	}
	if c, ok := m["const"]; ok {
		v.hasConst, v.constVal = true, c
	}
	b.mergeRest(v, loc, m)
}

// mergeType intersects the allowed types with a "type" keyword's.
func (b *builder) mergeType(v *view, t any) {
	{
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				if s, ok := x.(string); ok {
					types = append(types, s)
				}
			}
		}
		if v.typed {
			types = intersect(v.types, types)
		}
		v.typed, v.types = true, types
	}
}

// mergeRest adds the annotations, value rules and members of a schema.
func (b *builder) mergeRest(v *view, loc contract.Location, m map[string]any) {
	if e, ok := m["enum"].([]any); ok {
		v.enum = e
	}
	if f, ok := m["format"].(string); ok {
		v.format = f
	}
	if p, ok := m["pattern"].(string); ok {
		v.pattern = p
	}
	if d, ok := m["description"].(string); ok && d != "" {
		v.description = d
	}
	if ex, ok := m["examples"].([]any); ok && len(ex) > 0 {
		v.examples = ex
	}
	if d, ok := m["default"]; ok {
		v.def, v.hasDefault = d, true
	}
	v.limits = append(v.limits, limits(m)...)
	if props, ok := m["properties"].(map[string]any); ok {
		for _, name := range keys(loc.At("properties"), props) {
			if _, seen := v.propLocs[name]; !seen {
				v.props = append(v.props, name)
			}
			v.propLocs[name] = append(v.propLocs[name], loc.At("properties", name))
		}
	}
	for _, r := range asList(m["required"]) {
		if s, ok := r.(string); ok {
			v.required[s] = true
		}
	}
	if _, ok := m["items"].(map[string]any); ok {
		v.items = append(v.items, loc.At("items"))
	}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// isNull reports whether a schema accepts only null.
func isNull(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	switch t := m["type"].(type) {
	case string:
		return t == "null"
	case []any:
		return len(t) == 1 && t[0] == "null"
	}
	c, ok := m["const"]
	return ok && c == nil
}

func intersect(a, b []string) []string {
	var out []string
	for _, x := range a {
		switch {
		case slices.Contains(b, x):
			out = append(out, x)
		case x == "number" && slices.Contains(b, "integer"):
			out = append(out, "integer")
		case x == "integer" && slices.Contains(b, "number"):
			out = append(out, "integer")
		}
	}
	return out
}

// limits lists the numeric, length and count rules of a schema.
func limits(m map[string]any) []Constraint {
	var out []Constraint
	num := func(k string) (string, bool) {
		switch x := m[k].(type) {
		case json.Number:
			return x.String(), true
		case float64, int, int64:
			return fmt.Sprint(x), true
		}
		return "", false
	}
	for _, l := range []struct{ kw, label string }{
		{"minimum", "≥"}, {"exclusiveMinimum", ">"}, {"maximum", "≤"}, {"exclusiveMaximum", "<"},
		{"multipleOf", "multiple of"},
		{"minLength", "length ≥"}, {"maxLength", "length ≤"},
		{"minItems", "items ≥"}, {"maxItems", "items ≤"},
		{"minProperties", "properties ≥"}, {"maxProperties", "properties ≤"},
	} {
		if n, ok := num(l.kw); ok {
			out = append(out, Constraint{Label: l.label, Values: []string{n}})
		}
	}
	if u, _ := m["uniqueItems"].(bool); u {
		out = append(out, Constraint{Label: "unique items"})
	}
	return out
}

// keys returns a mapping's keys in the order the author wrote them.
func keys(loc contract.Location, m map[string]any) []string {
	if n := components.NodeAt(loc.File.Root, loc.Pointer); n != nil && len(n.Content) == 2*len(m) {
		out := make([]string, 0, len(m))
		for i := 0; i+1 < len(n.Content); i += 2 {
			out = append(out, n.Content[i].Value)
		}
		return out
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Part is a piece of a type's name: plain text, or the name of a shared
// type to link.
type Part struct {
	Text string
	Ref  bool // Text names a shared type
}

func text(s string) []Part { return []Part{{Text: s}} }

func join(parts []Part) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

// typeName is how the view's type reads in a table.
func (b *builder) typeName(v *view) []Part {
	if len(v.variants) > 0 {
		out := text("one of: ")
		for i, alt := range v.variants {
			if i > 0 {
				out = append(out, Part{Text: " | "})
			}
			out = append(out, b.refOrType(b.view(alt, v.stack))...)
		}
		return out
	}
	var types []string
	for _, t := range v.types {
		if t != "null" {
			types = append(types, t)
		}
	}
	if !v.typed || len(v.types) == 0 {
		switch {
		case v.hasConst:
			types = []string{jsonType(v.constVal)}
		case len(v.enum) > 0:
			types = []string{jsonType(v.enum[0])}
		case len(v.props) > 0:
			types = []string{"object"}
		case len(v.items) > 0:
			types = []string{"array"}
		case v.typed:
			return text("never")
		default:
			return text("any")
		}
	}
	if len(types) == 0 {
		return text("null")
	}
	var out []Part
	for i, t := range types {
		if i > 0 {
			out = append(out, Part{Text: " | "})
		}
		if t == "array" && len(v.items) > 0 {
			out = append(out, Part{Text: "array of "})
			out = append(out, b.refOrType(b.view(v.items, v.stack))...)
			continue
		}
		out = append(out, Part{Text: t})
	}
	return out
}

func (b *builder) refOrType(v *view) []Part {
	if v.ref != "" {
		return []Part{{Text: v.ref, Ref: true}}
	}
	return b.typeName(v)
}

func jsonType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case json.Number, float64, int, int64:
		return "number"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return "null"
}

// fieldOf turns a view into a row.
func (b *builder) fieldOf(v *view, path []string, required bool) Field {
	f := Field{
		Path:        path,
		TypeParts:   b.typeName(v),
		Ref:         v.ref,
		Required:    required,
		Nullable:    v.nullable || slices.Contains(v.types, "null"),
		Description: v.description,
		Recursive:   v.recursive,
	}
	f.Type = join(f.TypeParts)
	if v.hasConst {
		f.Constraints = append(f.Constraints, Constraint{Label: "const", Values: []string{literal(v.constVal)}})
	}
	if len(v.enum) > 0 {
		var vals []string
		for _, e := range v.enum {
			vals = append(vals, literal(e))
		}
		f.Constraints = append(f.Constraints, Constraint{Label: "one of", Values: vals})
	}
	if v.format != "" {
		f.Constraints = append(f.Constraints, Constraint{Label: "format", Values: []string{v.format}})
	}
	if v.pattern != "" {
		f.Constraints = append(f.Constraints, Constraint{Label: "pattern", Values: []string{v.pattern}})
	}
	f.Constraints = append(f.Constraints, v.limits...)
	if v.hasDefault {
		f.Constraints = append(f.Constraints, Constraint{Label: "default", Values: []string{literal(v.def)}})
	}
	return f
}

// literal shows a value as JSON, strings without quotes.
func literal(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	js, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(js)
}

// rows appends the rows of v's properties (and of its array items') to out.
func (b *builder) rows(v *view, path []string, out *[]Field) {
	for _, name := range v.props {
		child := b.view(v.propLocs[name], v.stack)
		p := append(slices.Clone(path), name)
		*out = append(*out, b.fieldOf(child, p, v.required[name]))
		b.children(child, p, out)
	}
}

// children appends the rows below a field: its properties, or those of
// its array's items.
func (b *builder) children(v *view, path []string, out *[]Field) {
	if v.recursive {
		return
	}
	if len(v.props) > 0 {
		b.rows(v, path, out)
		return
	}
	if len(v.items) > 0 {
		iv := b.view(v.items, v.stack)
		if iv.recursive {
			return
		}
		p := append(slices.Clone(path), "[]")
		if len(iv.props) > 0 {
			b.rows(iv, p, out)
		} else if len(iv.items) > 0 {
			*out = append(*out, b.fieldOf(iv, p, true))
			b.children(iv, p, out)
		}
	}
}
