// Package model turns a loaded contract into the generator's intermediate
// representation: Go types with their fields, and validation rules per
// schema, named and ready to emit. It does no I/O.
package model

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/hookrt"
)

// Resolver follows references between the contract's files.
type Resolver interface {
	Deref(loc contract.Location) (contract.Location, error)
	ResolveRef(from contract.Location, raw string) (contract.Location, error)
}

// DynamicResolver is a Resolver that also knows schema resources and
// their $dynamicAnchor names, so $dynamicRef can be resolved. Validators
// are generated per dynamic scope: a schema reached through different
// chains of resources may become different functions.
type DynamicResolver interface {
	Resolver
	// Resource returns the URI of the schema resource loc belongs to
	// (evaluating loc enters it).
	Resource(loc contract.Location) (string, bool)
	// DynamicAnchor returns the schema of resource that declares
	// $dynamicAnchor name.
	DynamicAnchor(resource, name string) (contract.Location, bool)
}

// Schema is one schema object reduced to the rules a validator checks.
// Keyword limits that are numbers keep their JSON literal.
type Schema struct {
	Loc  string // file#/pointer, prefix of every keyword location
	Func string // name of its validator function when it has one (ref targets, combinator branches)

	Bool *bool // a boolean schema: true accepts everything, false nothing

	Types []string // "type", in schema order
	Const *string  // JSON literal
	Enum  []string // JSON literals

	Properties           []*Property
	Required             []string
	AdditionalProperties *Schema
	PatternProperties    []*PatternSchema
	PropertyNames        *Schema
	MinProperties        *int
	MaxProperties        *int
	DependentRequired    []Dependent
	DependentSchemas     []*Property

	Items       *Schema
	PrefixItems []*Schema
	Contains    *Schema
	MinContains *int
	MaxContains *int
	MinItems    *int
	MaxItems    *int
	UniqueItems bool

	Minimum, Maximum, ExclusiveMinimum, ExclusiveMaximum, MultipleOf *string

	MinLength *int
	MaxLength *int
	Pattern   *Pattern
	Format    string

	UnevaluatedProperties *Schema
	UnevaluatedItems      *Schema

	AllOf, AnyOf, OneOf []*Schema
	Not                 *Schema
	If, Then, Else      *Schema
	Ref                 *Schema // the target, which has a Func
	DynamicRef          *Schema // $dynamicRef, resolved for the dynamic scope it is reached in

	Raw contract.Location // the schema's source
}

// Property is a named subschema (properties, dependentSchemas).
type Property struct {
	Name   string
	Schema *Schema
}

// PatternSchema is one patternProperties entry.
type PatternSchema struct {
	Pattern *Pattern
	Schema  *Schema
}

// Dependent is one dependentRequired entry.
type Dependent struct {
	Name     string
	Requires []string
}

// Pattern is a regular expression used by the schemas, shared by every
// use of the same source.
type Pattern struct {
	Source string
	Var    string // package-level variable name
}

// Error is a generation error at a schema position.
type Error struct {
	Pos contract.Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// annotations are keywords with no validation meaning: allowed, ignored by
// validators, used for docs and names.
var annotations = map[string]bool{
	"$schema": true, "$comment": true, "title": true, "description": true, "default": true,
	"examples": true, "deprecated": true, "readOnly": true, "writeOnly": true, "$defs": true,
	"contentMediaType": true, "contentEncoding": true, "contentSchema": true,
}

// unsupported are keywords the generator cannot turn into Go; a schema
// using one is a generation error.
var unsupported = map[string]string{
	"$dynamicRef":      "dynamic references are not supported",
	"$dynamicAnchor":   "dynamic anchors are not supported",
	"$anchor":          "anchors are not supported: refer by JSON Pointer",
	"$id":              "$id is not supported: refer to files by relative path",
	"$recursiveRef":    "$recursiveRef (draft 2019-09) is not supported",
	"$recursiveAnchor": "$recursiveAnchor (draft 2019-09) is not supported",
	"$vocabulary":      "custom vocabularies are not supported",
	"dependencies":     "dependencies (draft 7) is not 2020-12: use dependentRequired or dependentSchemas",
	"definitions":      "definitions (draft 7) is not 2020-12: use $defs",
}

// Builder reduces schemas to the IR, sharing one Schema per location.
type Builder struct {
	// URIRefs accepts $id, $anchor and $dynamicAnchor, for a Resolver that
	// resolves references by URI (contracts refer by relative path only).
	URIRefs  bool
	res      Resolver
	scope    []string // the dynamic scope: resources entered, outermost first (URIRefs only)
	byLoc    map[string]*Schema
	patterns map[string]*Pattern
	formats  map[string]bool
	funcs    map[string]bool
	errs     []*Error
}

// NewBuilder returns a Builder resolving references with res.
func NewBuilder(res Resolver) *Builder {
	return &Builder{res: res, byLoc: map[string]*Schema{}, patterns: map[string]*Pattern{}, formats: map[string]bool{}, funcs: map[string]bool{}}
}

func (b *Builder) fail(loc contract.Location, format string, args ...any) {
	b.errs = append(b.errs, &Error{Pos: loc.Pos(), Msg: fmt.Sprintf(format, args...)})
}

// Err returns every generation error found so far, or nil.
func (b *Builder) Err() error {
	if len(b.errs) == 0 {
		return nil
	}
	list := make(contract.ErrorList, len(b.errs))
	for i, e := range b.errs {
		list[i] = &contract.Error{Pos: e.Pos, Msg: e.Msg}
	}
	return list
}

// Patterns returns every pattern used, ordered by variable name.
func (b *Builder) Patterns() []*Pattern {
	out := make([]*Pattern, 0, len(b.patterns))
	for _, p := range b.patterns {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Var < out[j].Var })
	return out
}

// Formats returns every format name used, sorted.
func (b *Builder) Formats() []string {
	out := make([]string, 0, len(b.formats))
	for f := range b.formats {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// Named returns the schema at loc as a named validator function (sharing
// it when already built). name is the preferred function name.
func (b *Builder) Named(loc contract.Location, name string) *Schema {
	s := b.build(loc)
	if s.Func == "" {
		s.Func = b.uniqueFunc(name)
	}
	return s
}

// Functions returns every schema that has a validator function, ordered by
// name.
func (b *Builder) Functions() []*Schema {
	var out []*Schema
	for _, s := range b.byLoc {
		if s.Func != "" {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Func < out[j].Func })
	return out
}

func (b *Builder) uniqueFunc(name string) string {
	base := "validate" + name
	fn := base
	for i := 2; b.funcs[fn]; i++ {
		fn = base + strconv.Itoa(i)
	}
	b.funcs[fn] = true
	return fn
}

func locKey(l contract.Location) string { return l.File.Path + "#" + l.Pointer }

// KeywordBase is the display form of a location used in keyword locations.
func KeywordBase(l contract.Location) string { return l.File.Path + "#" + l.Pointer }

func (b *Builder) build(loc contract.Location) *Schema {
	if dr, ok := b.res.(DynamicResolver); ok && b.URIRefs {
		if uri, ok := dr.Resource(loc); ok && !slices.Contains(b.scope, uri) {
			saved := b.scope
			b.scope = append(slices.Clone(b.scope), uri)
			defer func() { b.scope = saved }()
		}
	}
	key := locKey(loc)
	if b.URIRefs {
		key += "|" + strings.Join(b.scope, " ")
	}
	if s := b.byLoc[key]; s != nil {
		return s
	}
	s := &Schema{Loc: KeywordBase(loc), Raw: loc}
	b.byLoc[key] = s // before descending: recursive schemas end here
	switch v := loc.Value().(type) {
	case bool:
		s.Bool = &v
		return s
	case map[string]any:
		b.fill(s, loc, v)
	default:
		b.fail(loc, "a schema must be an object or a boolean, not %T", v)
	}
	return s
}

// dynamicRef resolves $dynamicRef at at: like $ref, unless its target
// declares the $dynamicAnchor its fragment names; then the outermost
// resource in the dynamic scope that declares it wins.
func (b *Builder) dynamicRef(at contract.Location, raw string) (contract.Location, error) {
	dr, ok := b.res.(DynamicResolver)
	if !ok || !b.URIRefs {
		return contract.Location{}, fmt.Errorf("unsupported keyword $dynamicRef: dynamic references are not supported in contracts")
	}
	target, err := b.res.ResolveRef(at, raw)
	if err != nil {
		return target, err
	}
	_, name, _ := strings.Cut(raw, "#")
	if name == "" || strings.HasPrefix(name, "/") {
		return target, nil
	}
	if m, ok := target.Value().(map[string]any); !ok || m["$dynamicAnchor"] != name {
		return target, nil
	}
	for _, r := range b.scope {
		if loc, ok := dr.DynamicAnchor(r, name); ok {
			return loc, nil
		}
	}
	return target, nil
}

func (b *Builder) fill(s *Schema, loc contract.Location, m map[string]any) {
	keys := loc.Keys()
	if len(keys) != len(m) { // not from a YAML mapping node (cannot happen for loaded files)
		keys = keys[:0]
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
	}
	for _, k := range keys {
		v := m[k]
		at := loc.At(k)
		if b.URIRefs && (k == "$id" || k == "$anchor" || k == "$dynamicAnchor") {
			continue // the resolver has read them
		}
		if why, bad := unsupported[k]; bad && !(k == "$dynamicRef" && b.URIRefs) {
			b.fail(at, "unsupported keyword %s: %s", k, why)
			continue
		}
		if k == "$schema" {
			if d, _ := v.(string); strings.TrimSuffix(d, "#") != "https://json-schema.org/draft/2020-12/schema" {
				b.fail(at, "unsupported $schema %q: generated validators implement the JSON Schema 2020-12 dialect only", d)
			}
			continue
		}
		if annotations[k] || strings.HasPrefix(k, "x-") {
			continue
		}
		switch k {
		case "$dynamicRef":
			raw, _ := v.(string)
			target, err := b.dynamicRef(at, raw)
			if err != nil {
				b.fail(at, "%v", err)
				continue
			}
			s.DynamicRef = b.Named(target, nameFromLocation(target))
		case "$ref":
			raw, _ := v.(string)
			target, err := b.res.ResolveRef(at, raw)
			if err != nil {
				b.fail(at, "%v", err)
				continue
			}
			s.Ref = b.Named(target, nameFromLocation(target))
		case "type":
			switch t := v.(type) {
			case string:
				s.Types = []string{t}
			case []any:
				for _, x := range t {
					if xs, ok := x.(string); ok {
						s.Types = append(s.Types, xs)
					}
				}
			}
			for _, t := range s.Types {
				if !slices.Contains([]string{"null", "boolean", "object", "array", "number", "string", "integer"}, t) {
					b.fail(at, "unknown type %q", t)
				}
			}
		case "const":
			lit := literal(v)
			s.Const = &lit
		case "enum":
			items, _ := v.([]any)
			s.Enum = []string{} // an empty enum allows nothing
			for _, x := range items {
				s.Enum = append(s.Enum, literal(x))
			}
		case "properties":
			for _, name := range at.Keys() {
				s.Properties = append(s.Properties, &Property{Name: name, Schema: b.build(at.At(name))})
			}
		case "required":
			items, _ := v.([]any)
			for _, x := range items {
				if xs, ok := x.(string); ok {
					s.Required = append(s.Required, xs)
				}
			}
		case "additionalProperties":
			s.AdditionalProperties = b.build(at)
		case "patternProperties":
			for _, p := range at.Keys() {
				s.PatternProperties = append(s.PatternProperties, &PatternSchema{Pattern: b.pattern(at.At(p), p), Schema: b.build(at.At(p))})
			}
		case "propertyNames":
			s.PropertyNames = b.build(at)
		case "minProperties":
			s.MinProperties = b.count(at, v)
		case "maxProperties":
			s.MaxProperties = b.count(at, v)
		case "dependentRequired":
			for _, name := range at.Keys() {
				d := Dependent{Name: name}
				items, _ := v.(map[string]any)[name].([]any)
				for _, x := range items {
					if xs, ok := x.(string); ok {
						d.Requires = append(d.Requires, xs)
					}
				}
				s.DependentRequired = append(s.DependentRequired, d)
			}
		case "dependentSchemas":
			for _, name := range at.Keys() {
				s.DependentSchemas = append(s.DependentSchemas, &Property{Name: name, Schema: b.build(at.At(name))})
			}
		case "items":
			s.Items = b.build(at)
		case "prefixItems":
			items, _ := v.([]any)
			for i := range items {
				s.PrefixItems = append(s.PrefixItems, b.build(at.At(strconv.Itoa(i))))
			}
		case "contains":
			s.Contains = b.build(at)
		case "minContains":
			s.MinContains = b.count(at, v)
		case "maxContains":
			s.MaxContains = b.count(at, v)
		case "minItems":
			s.MinItems = b.count(at, v)
		case "maxItems":
			s.MaxItems = b.count(at, v)
		case "uniqueItems":
			s.UniqueItems, _ = v.(bool)
		case "minimum":
			s.Minimum = b.number(at, v)
		case "maximum":
			s.Maximum = b.number(at, v)
		case "exclusiveMinimum":
			s.ExclusiveMinimum = b.number(at, v)
		case "exclusiveMaximum":
			s.ExclusiveMaximum = b.number(at, v)
		case "multipleOf":
			s.MultipleOf = b.number(at, v)
		case "minLength":
			s.MinLength = b.count(at, v)
		case "maxLength":
			s.MaxLength = b.count(at, v)
		case "pattern":
			src, _ := v.(string)
			s.Pattern = b.pattern(at, src)
		case "format":
			f, _ := v.(string)
			if hookrt.Format(f) == nil {
				b.fail(at, "unsupported format %q: generated validators assert formats and know %s", f, strings.Join(knownFormats(), ", "))
				continue
			}
			s.Format = f
			b.formats[f] = true
		case "allOf", "anyOf", "oneOf":
			items, _ := v.([]any)
			var list []*Schema
			for i := range items {
				list = append(list, b.build(at.At(strconv.Itoa(i))))
			}
			switch k {
			case "allOf":
				s.AllOf = list
			case "anyOf":
				s.AnyOf = list
			default:
				s.OneOf = list
			}
		case "unevaluatedProperties":
			s.UnevaluatedProperties = b.build(at)
		case "unevaluatedItems":
			s.UnevaluatedItems = b.build(at)
		case "not":
			s.Not = b.build(at)
		case "if":
			s.If = b.build(at)
		case "then":
			s.Then = b.build(at)
		case "else":
			s.Else = b.build(at)
		default:
			b.fail(at, "unknown keyword %q: not JSON Schema 2020-12 (prefix extensions with x-)", k)
		}
	}
	// then/else without if mean nothing (as the specification says).
	if s.If == nil {
		s.Then, s.Else = nil, nil
	}
}

func knownFormats() []string {
	return []string{"date", "date-time", "duration", "email", "hostname", "ipv4", "ipv6", "json-pointer", "regex", "relative-json-pointer", "time", "uri", "uri-reference", "uri-template", "uuid"}
}

func (b *Builder) count(at contract.Location, v any) *int {
	n, ok := v.(json.Number)
	if !ok {
		b.fail(at, "expected a non-negative integer")
		return nil
	}
	f, err := n.Float64()
	if err != nil || f < 0 || f != float64(int(f)) {
		b.fail(at, "expected a non-negative integer, got %s", n)
		return nil
	}
	i := int(f)
	return &i
}

func (b *Builder) number(at contract.Location, v any) *string {
	n, ok := v.(json.Number)
	if !ok {
		b.fail(at, "expected a number")
		return nil
	}
	s := n.String()
	return &s
}

func (b *Builder) pattern(at contract.Location, src string) *Pattern {
	if p := b.patterns[src]; p != nil {
		return p
	}
	if _, err := regexp.Compile(src); err != nil {
		b.fail(at, "pattern %q is not a Go (RE2) regular expression: %v", src, err)
		return nil
	}
	p := &Pattern{Source: src, Var: fmt.Sprintf("pattern%d", len(b.patterns))}
	b.patterns[src] = p
	return p
}

// literal encodes a JSON data model value as a canonical JSON literal.
func literal(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(data)
}

// nameFromLocation proposes a Go name for a schema: its title, else the
// last pointer token, else the file name.
func nameFromLocation(loc contract.Location) string {
	if m, ok := loc.Value().(map[string]any); ok {
		if t, ok := m["title"].(string); ok && GoName(t) != "" {
			return GoName(t)
		}
	}
	toks := strings.Split(loc.Pointer, "/")
	if last := toks[len(toks)-1]; last != "" {
		if n := GoName(last); n != "" {
			return n
		}
	}
	file := loc.File.Path
	file = file[strings.LastIndexByte(file, '/')+1:]
	file = strings.TrimSuffix(strings.TrimSuffix(file, ".json"), ".yaml")
	if n := GoName(file); n != "" {
		return n
	}
	return "Schema"
}
