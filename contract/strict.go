package contract

import (
	"fmt"
	"sort"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// StrictKeyword is the keyword of the violations Undeclared reports: they
// are what "unevaluatedProperties": false on every object schema would
// report, if every schema applying to one object were seen together.
const StrictKeyword = "unevaluatedProperties"

// Undeclared returns a violation for every property of every object in v
// that no schema applying to that object declares: by properties,
// patternProperties, additionalProperties or unevaluatedProperties, seen
// through $ref, allOf, and the anyOf, oneOf and if/then/else branches that
// v satisfies. It is the validate command's strict mode: contracts keep
// objects open for tolerant receivers, and strict mode shows what a
// sender adds beyond the contract.
//
// Two schemas describing the same object (the envelope's "data" and an
// event's "data", joined by allOf) declare the union of their properties,
// which "unevaluatedProperties": false written into each of them could not
// express. Objects no schema applies to are not checked.
func (s *Schema) Undeclared(v any) []Violation {
	if s == nil || s.Compiled == nil {
		return nil
	}
	var out []Violation
	undeclared([]*jsonschema.Schema{s.Compiled}, v, "", &out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pointer < out[j].Pointer })
	return out
}

func undeclared(schemas []*jsonschema.Schema, v any, ptr string, out *[]Violation) {
	switch x := v.(type) {
	case map[string]any:
		app := applying(schemas, v)
		if len(app) == 0 {
			return
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			children, declared := propertySchemas(app, k)
			child := ptr + joinPointer(k)
			if !declared {
				*out = append(*out, Violation{Pointer: child, Keyword: StrictKeyword, Message: fmt.Sprintf("undeclared property %q (strict mode: no schema of this object declares it)", k)})
				continue
			}
			undeclared(children, x[k], child, out)
		}
	case []any:
		app := applying(schemas, v)
		for i, item := range x {
			switch item.(type) {
			case map[string]any, []any:
				undeclared(itemSchemas(app, i), item, fmt.Sprintf("%s/%d", ptr, i), out)
			}
		}
	}
}

// applying returns the schemas that apply to v in place: the given ones
// and, transitively, their $ref targets, allOf members, and the anyOf,
// oneOf, if/then/else and dependentSchemas branches v satisfies.
func applying(schemas []*jsonschema.Schema, v any) []*jsonschema.Schema {
	var out []*jsonschema.Schema
	seen := map[*jsonschema.Schema]bool{}
	var add func(s *jsonschema.Schema)
	add = func(s *jsonschema.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		out = append(out, s)
		add(s.Ref)
		add(s.DynamicRef)
		add(s.RecursiveRef)
		for _, a := range s.AllOf {
			add(a)
		}
		for _, branches := range [][]*jsonschema.Schema{s.AnyOf, s.OneOf} {
			for _, b := range branches {
				if b.Validate(v) == nil {
					add(b)
				}
			}
		}
		if s.If != nil {
			if s.If.Validate(v) == nil {
				add(s.If)
				add(s.Then)
			} else {
				add(s.Else)
			}
		}
		if obj, ok := v.(map[string]any); ok {
			keys := make([]string, 0, len(s.DependentSchemas))
			for k := range s.DependentSchemas {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if _, has := obj[k]; has {
					add(s.DependentSchemas[k])
				}
			}
		}
	}
	for _, s := range schemas {
		add(s)
	}
	return out
}

// propertySchemas returns the schemas that apply to property k of an
// object the schemas app apply to, and whether any of them declares k.
func propertySchemas(app []*jsonschema.Schema, k string) ([]*jsonschema.Schema, bool) {
	var children []*jsonschema.Schema
	declared := false
	for _, s := range app {
		matched := false
		if p, ok := s.Properties[k]; ok {
			children = append(children, p)
			matched = true
		}
		for re, p := range s.PatternProperties {
			if re.MatchString(k) {
				children = append(children, p)
				matched = true
			}
		}
		if !matched {
			switch ap := s.AdditionalProperties.(type) {
			case bool:
				matched = true // true: open; false: the schema itself rejects k
			case *jsonschema.Schema:
				children = append(children, ap)
				matched = true
			}
		}
		if !matched && s.UnevaluatedProperties != nil {
			// The schema already says what to do with undeclared
			// properties; regular validation reports them.
			children = append(children, s.UnevaluatedProperties)
			matched = true
		}
		if !matched && s.Always != nil {
			matched = true
		}
		declared = declared || matched
	}
	return children, declared
}

// itemSchemas returns the schemas that apply to item i of an array.
func itemSchemas(app []*jsonschema.Schema, i int) []*jsonschema.Schema {
	var out []*jsonschema.Schema
	for _, s := range app {
		switch {
		case i < len(s.PrefixItems):
			out = append(out, s.PrefixItems[i])
		case s.Items2020 != nil:
			out = append(out, s.Items2020)
		}
		switch it := s.Items.(type) {
		case *jsonschema.Schema:
			out = append(out, it)
		case []*jsonschema.Schema:
			if i < len(it) {
				out = append(out, it[i])
			} else if ai, ok := s.AdditionalItems.(*jsonschema.Schema); ok {
				out = append(out, ai)
			}
		}
		if s.UnevaluatedItems != nil {
			out = append(out, s.UnevaluatedItems)
		}
	}
	return out
}
