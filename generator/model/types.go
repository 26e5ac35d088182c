package model

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/hookcontract/hookcontract/contract"
)

// Kind is the shape of a Go type in generated code.
type Kind int

// The Go type kinds.
const (
	Raw    Kind = iota // any JSON: hookrt.Value
	String             // string
	Int                // int64
	Float              // float64
	Bool               // bool
	Time               // time.Time (format date-time)
	Named              // a generated struct or enum type
	Slice              // []Elem
	Map                // map[string]Elem
)

// GoType is the Go type of a field or element.
type GoType struct {
	Kind Kind
	Elem *GoType // Slice and Map
	Ref  *Type   // Named
}

// TypeKind tells what a generated named type is.
type TypeKind int

// Generated type kinds.
const (
	Struct TypeKind = iota
	Enum
	Union // oneOf/anyOf of object schemas: an interface implemented by each variant
)

// Type is a generated named type.
type Type struct {
	Name     string
	Doc      string
	Kind     TypeKind
	Fields   []*Field     // Struct: in schema order
	Consts   []*ConstProp // Struct: required properties fixed by const; written on encode, not fields
	Values   []*EnumValue // Enum
	Variants []*Type      // Union: the struct types it may hold, in schema order
	OneOf    bool         // Union: oneOf (exactly one variant matches) rather than anyOf
	Schema   *Schema      // its validator
	Loc      contract.Location
}

// Field is a struct field.
type Field struct {
	Name     string // Go name
	JSON     string // wire name
	Doc      string
	Type     GoType // the value's type, without optional or nullable wrapping
	Required bool   // absent is invalid; an optional field is a pointer
	Nullable bool   // null is valid; a nullable field is a hookrt.Nullable
}

// ConstProp is a required property whose value the schema fixes.
type ConstProp struct {
	JSON    string
	Literal string // JSON literal
}

// EnumValue is one constant of an enum type.
type EnumValue struct {
	Name  string // Go constant name
	Value string
}

// Event is one message of the contract with its payload type.
type Event struct {
	Name    string // wire name (discriminator value)
	Key     string // message id
	Type    *Type
	Message *contract.Message
}

// Accessor is an envelope field that every event has, exposed through the
// Event interface.
type Accessor struct {
	Method string // e.g. EventCreatedAt
	Field  *Field
}

// Package is everything a generated package contains.
type Package struct {
	Name           string
	Types          []*Type // sorted by name
	Events         []*Event
	Discriminator  string
	Accessors      []*Accessor
	DeliveryField  *Field // the payload field that carries the delivery id, when the contract puts it there
	DeliveryHeader string // the header that carries the delivery id, when the contract puts it there
	Root           *Type  // bare-schema mode: the root type
	Builder        *Builder
}

// types maps schemas to Go types, sharing one named type per location.
type types struct {
	b      *Builder
	res    Resolver
	byLoc  map[string]*Type
	byName map[string]*Type
	errs   []*Error
}

func newTypes(b *Builder, res Resolver) *types {
	return &types{b: b, res: res, byLoc: map[string]*Type{}, byName: map[string]*Type{}}
}

func (t *types) fail(loc contract.Location, format string, args ...any) {
	t.errs = append(t.errs, &Error{Pos: loc.Pos(), Msg: fmt.Sprintf(format, args...)})
}

// sorted returns the named types ordered by name.
func (t *types) sorted() []*Type {
	out := make([]*Type, 0, len(t.byName))
	for _, ty := range t.byName {
		out = append(out, ty)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// name reserves a Go type name, disambiguating collisions with the
// schema's file name, then a number.
func (t *types) name(want string, loc contract.Location) string {
	if want == "" {
		want = "Type"
	}
	if t.byName[want] == nil {
		return want
	}
	file := loc.File.Path[strings.LastIndexByte(loc.File.Path, '/')+1:]
	alt := GoName(strings.TrimSuffix(strings.TrimSuffix(file, ".json"), ".yaml")) + want
	if t.byName[alt] == nil {
		return alt
	}
	for i := 2; ; i++ {
		if n := fmt.Sprintf("%s%d", want, i); t.byName[n] == nil {
			return n
		}
	}
}

func schemaMap(loc contract.Location) map[string]any {
	m, _ := loc.Value().(map[string]any)
	return m
}

func description(loc contract.Location) string {
	d, _ := schemaMap(loc)["description"].(string)
	return strings.TrimSpace(d)
}

// onlyRef reports whether a schema is a $ref with nothing but annotations
// beside it, and returns the target.
func (t *types) refTarget(loc contract.Location) (contract.Location, bool) {
	m := schemaMap(loc)
	raw, ok := m["$ref"].(string)
	if !ok {
		return loc, false
	}
	target, err := t.res.ResolveRef(loc.At("$ref"), raw)
	if err != nil {
		return loc, false
	}
	return target, true
}

// goType returns the Go type for the schema at loc and whether the schema
// admits null. hint names a struct or enum defined inline.
func (t *types) goType(loc contract.Location, hint string) (GoType, bool) {
	if target, ok := t.refTarget(loc); ok {
		return t.goType(target, nameFromLocation(target))
	}
	m := schemaMap(loc)
	if m == nil {
		return GoType{Kind: Raw}, false // boolean schema
	}
	// Nullable spellings: type: [x, "null"], and oneOf/anyOf of x and {type: null}.
	if types := typeList(m); len(types) == 2 && contains(types, "null") {
		other := types[0]
		if other == "null" {
			other = types[1]
		}
		return t.typeOfKind(loc, m, other, hint), true
	}
	for _, comb := range []string{"oneOf", "anyOf"} {
		items, _ := m[comb].([]any)
		if len(items) != 2 {
			continue
		}
		for i := range items {
			if isNullSchema(items[i]) {
				other := loc.At(comb, fmt.Sprint(1-i))
				g, _ := t.goType(other, hint)
				return g, true
			}
		}
	}
	if u := t.union(loc, m, hint); u != nil {
		return GoType{Kind: Named, Ref: u}, false
	}
	types := typeList(m)
	switch {
	case len(types) == 1:
		return t.typeOfKind(loc, m, types[0], hint), false
	case len(types) == 0 && (m["properties"] != nil || m["allOf"] != nil):
		if t.isObjectish(loc) {
			return t.typeOfKind(loc, m, "object", hint), false
		}
	case len(types) == 0 && m["enum"] != nil && allStrings(m["enum"]):
		return t.typeOfKind(loc, m, "string", hint), false
	case len(types) == 0 && m["const"] != nil:
		return constType(m["const"]), false
	}
	return GoType{Kind: Raw}, false
}

func (t *types) isObjectish(loc contract.Location) bool {
	m := schemaMap(loc)
	if m["properties"] != nil {
		return true
	}
	items, _ := m["allOf"].([]any)
	for i := range items {
		sub := loc.At("allOf", fmt.Sprint(i))
		if target, ok := t.refTarget(sub); ok {
			sub = target
		}
		sm := schemaMap(sub)
		if contains(typeList(sm), "object") || t.isObjectish(sub) {
			return true
		}
	}
	return false
}

func constType(v any) GoType {
	switch c := v.(type) {
	case string:
		return GoType{Kind: String}
	case bool:
		return GoType{Kind: Bool}
	case json.Number:
		if !strings.ContainsAny(c.String(), ".eE") {
			return GoType{Kind: Int}
		}
		return GoType{Kind: Float}
	}
	return GoType{Kind: Raw}
}

func (t *types) typeOfKind(loc contract.Location, m map[string]any, kind, hint string) GoType {
	switch kind {
	case "string":
		if allStrings(m["enum"]) && m["enum"] != nil {
			return GoType{Kind: Named, Ref: t.enum(loc, hint)}
		}
		if m["format"] == "date-time" {
			return GoType{Kind: Time}
		}
		return GoType{Kind: String}
	case "integer":
		return GoType{Kind: Int}
	case "number":
		return GoType{Kind: Float}
	case "boolean":
		return GoType{Kind: Bool}
	case "array":
		if _, has := m["items"]; has && m["prefixItems"] == nil {
			elem, nullable := t.goType(loc.At("items"), hint+"Item")
			if nullable {
				return GoType{Kind: Slice, Elem: &GoType{Kind: Raw}}
			}
			return GoType{Kind: Slice, Elem: &elem}
		}
		return GoType{Kind: Slice, Elem: &GoType{Kind: Raw}}
	case "object":
		if m["properties"] == nil && m["allOf"] == nil {
			if _, has := m["additionalProperties"]; has {
				if _, isBool := m["additionalProperties"].(bool); !isBool {
					elem, nullable := t.goType(loc.At("additionalProperties"), hint+"Value")
					if !nullable {
						return GoType{Kind: Map, Elem: &elem}
					}
				}
			}
			return GoType{Kind: Map, Elem: &GoType{Kind: Raw}}
		}
		return GoType{Kind: Named, Ref: t.structType(loc, hint)}
	}
	return GoType{Kind: Raw}
}

// preferred returns the schema's title as a Go name, else hint.
func preferred(loc contract.Location, hint string) string {
	if t, ok := schemaMap(loc)["title"].(string); ok && GoName(t) != "" {
		return GoName(t)
	}
	return hint
}

func (t *types) enum(loc contract.Location, hint string) *Type {
	if ty := t.byLoc[locKey(loc)]; ty != nil {
		return ty
	}
	name := t.name(preferred(loc, hint), loc)
	ty := &Type{Name: name, Kind: Enum, Doc: description(loc), Loc: loc}
	t.byLoc[locKey(loc)], t.byName[name] = ty, ty
	seen := map[string]bool{}
	items, _ := schemaMap(loc)["enum"].([]any)
	for i, it := range items {
		s, _ := it.(string)
		cn := name + GoName(s)
		if GoName(s) == "" || seen[cn] {
			cn = fmt.Sprintf("%sValue%d", name, i)
		}
		seen[cn] = true
		ty.Values = append(ty.Values, &EnumValue{Name: cn, Value: s})
	}
	ty.Schema = t.b.Named(loc, name)
	return ty
}

// union returns the sum type of a schema whose only shape is a oneOf or
// anyOf of object schemas, or nil.
func (t *types) union(loc contract.Location, m map[string]any, hint string) *Type {
	comb := "oneOf"
	items, _ := m[comb].([]any)
	if len(items) == 0 {
		comb = "anyOf"
		items, _ = m[comb].([]any)
	}
	if len(items) < 2 || m["properties"] != nil || (m["oneOf"] != nil && m["anyOf"] != nil) {
		return nil
	}
	if ty := t.byLoc[locKey(loc)]; ty != nil {
		return ty
	}
	// Every branch must be an object schema, with a type of its own.
	for i := range items {
		b := loc.At(comb, fmt.Sprint(i))
		if target, ok := t.refTarget(b); ok {
			b = target
		}
		bm := schemaMap(b)
		if bm == nil || !(contains(typeList(bm), "object") || bm["properties"] != nil) || len(typeList(bm)) > 1 {
			return nil
		}
	}
	name := t.name(preferred(loc, hint), loc)
	u := &Type{Name: name, Kind: Union, Doc: description(loc), Loc: loc, OneOf: comb == "oneOf"}
	t.byLoc[locKey(loc)], t.byName[name] = u, u
	for i := range items {
		g, _ := t.goType(loc.At(comb, fmt.Sprint(i)), fmt.Sprintf("%sVariant%d", name, i))
		if g.Kind != Named || g.Ref.Kind != Struct {
			delete(t.byLoc, locKey(loc))
			delete(t.byName, name)
			return nil
		}
		u.Variants = append(u.Variants, g.Ref)
	}
	u.Schema = t.b.Named(loc, name)
	return u
}

// member is a property gathered from a schema and its allOf branches.
type member struct {
	name     string
	locs     []contract.Location // every definition, allOf branches first
	required bool
}

func (t *types) structType(loc contract.Location, hint string) *Type {
	if ty := t.byLoc[locKey(loc)]; ty != nil {
		return ty
	}
	name := t.name(preferred(loc, hint), loc)
	ty := &Type{Name: name, Kind: Struct, Doc: description(loc), Loc: loc}
	t.byLoc[locKey(loc)], t.byName[name] = ty, ty
	var members []*member
	byName := map[string]*member{}
	t.gather(loc, &members, byName, 0)
	fieldNames := map[string]bool{}
	for _, mem := range members {
		def := mem.locs[len(mem.locs)-1] // the most specific definition wins the type
		if c, ok := constOf(t, mem.locs); ok && mem.required {
			ty.Consts = append(ty.Consts, &ConstProp{JSON: mem.name, Literal: literal(c)})
			continue
		}
		g, nullable := t.goType(def, name+GoName(mem.name))
		for _, l := range mem.locs[:len(mem.locs)-1] {
			if _, n := t.goType(l, name+GoName(mem.name)); n {
				nullable = true
			}
		}
		doc := ""
		for _, l := range mem.locs {
			if d := description(l); d != "" {
				doc = d
			}
		}
		if doc == "" {
			if target, ok := t.refTarget(def); ok {
				doc = description(target)
			}
		}
		fn := GoName(mem.name)
		if fn == "" {
			fn = "Field"
		}
		for base, i := fn, 2; fieldNames[fn]; i++ {
			fn = fmt.Sprintf("%s%d", base, i)
		}
		fieldNames[fn] = true
		ty.Fields = append(ty.Fields, &Field{Name: fn, JSON: mem.name, Doc: doc, Type: g, Required: mem.required, Nullable: nullable})
	}
	ty.Schema = t.b.Named(loc, name)
	return ty
}

// gather collects properties and required names from a schema and,
// recursively, its allOf branches (through $ref).
func (t *types) gather(loc contract.Location, members *[]*member, byName map[string]*member, depth int) {
	if depth > 16 {
		t.fail(loc, "allOf nested too deeply")
		return
	}
	if target, ok := t.refTarget(loc); ok {
		loc = target
	}
	m := schemaMap(loc)
	items, _ := m["allOf"].([]any)
	for i := range items {
		t.gather(loc.At("allOf", fmt.Sprint(i)), members, byName, depth+1)
	}
	props := loc.At("properties")
	for _, name := range props.Keys() {
		mem := byName[name]
		if mem == nil {
			mem = &member{name: name}
			byName[name] = mem
			*members = append(*members, mem)
		}
		mem.locs = append(mem.locs, props.At(name))
	}
	req, _ := m["required"].([]any)
	for _, r := range req {
		name, _ := r.(string)
		mem := byName[name]
		if mem == nil {
			// required but declared nowhere: any JSON value
			mem = &member{name: name, locs: []contract.Location{loc.At("required")}}
			byName[name] = mem
			*members = append(*members, mem)
		}
		mem.required = true
	}
}

func constOf(t *types, locs []contract.Location) (any, bool) {
	for _, l := range locs {
		if target, ok := t.refTarget(l); ok {
			l = target
		}
		if c, ok := schemaMap(l)["const"]; ok {
			return c, true
		}
	}
	return nil, false
}

func typeList(m map[string]any) []string {
	switch v := m["type"].(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func isNullSchema(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	types := typeList(m)
	return len(types) == 1 && types[0] == "null"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func allStrings(v any) bool {
	items, ok := v.([]any)
	if !ok || len(items) == 0 {
		return false
	}
	for _, x := range items {
		if _, ok := x.(string); !ok {
			return false
		}
	}
	return true
}
