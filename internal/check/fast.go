package check

import (
	"encoding/json"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// fastSchema answers one question quickly: is a value valid against a
// compiled schema? It is built from the reference engine's compiled tree
// (santhosh-tekuri/jsonschema) and uses the same format checkers and
// regular expressions, but allocates nothing and builds no error tree.
//
// It only ever says "valid" when the reference engine would: anything it
// is unsure of (a keyword it does not implement, a number too close to a
// bound for float64, a long array to check for uniqueness) answers "not
// known valid", and the reference engine then gives the verdict and its
// messages. So violations are always the reference engine's, and the fast
// path only saves time on valid payloads, which are most of them.
type fastSchema struct {
	always int8 // 1: boolean schema true, -1: false, 0: neither
	types  uint8

	constant []any // nil, or the const value in a one-element slice
	enumStr  map[string]struct{}
	enum     []any
	format   func(any) bool

	minProps, maxProps int
	required           []string
	props              []fastProp
	propNames          *fastSchema
	patternProps       []fastPattern
	addlFalse          bool
	addl               *fastSchema
	depRequired        map[string][]string

	minItems, maxItems       int
	unique                   bool
	prefix                   []*fastSchema
	items                    *fastSchema
	contains                 *fastSchema
	minContains, maxContains int

	minLen, maxLen int
	pattern        *regexp.Regexp
	match          func(string) bool

	min, max, exMin, exMax *bound
	multipleOf             *big.Rat

	ref, not            *fastSchema
	allOf, anyOf, oneOf []*fastSchema
	ifS, thenS, elseS   *fastSchema
}

type fastProp struct {
	name string
	s    *fastSchema
}

type fastPattern struct {
	re *regexp.Regexp
	s  *fastSchema
}

// bound is a numeric limit, with its float64 value when that is exact.
type bound struct {
	rat   *big.Rat
	f     float64
	exact bool
}

const (
	tNull uint8 = 1 << iota
	tBool
	tNumber
	tInteger
	tString
	tArray
	tObject
)

var typeBits = map[string]uint8{"null": tNull, "boolean": tBool, "number": tNumber, "integer": tInteger, "string": tString, "array": tArray, "object": tObject}

// compileFast builds the fast checker for s, or returns nil when s uses a
// keyword the fast path does not implement.
func compileFast(s *jsonschema.Schema) *fastSchema {
	c := fastCompiler{done: map[*jsonschema.Schema]*fastSchema{}}
	f := c.compile(s)
	if c.unsupported {
		return nil
	}
	return f
}

type fastCompiler struct {
	done        map[*jsonschema.Schema]*fastSchema
	unsupported bool
}

func (c *fastCompiler) compile(s *jsonschema.Schema) *fastSchema {
	if s == nil {
		return nil
	}
	if f, ok := c.done[s]; ok {
		return f
	}
	f := &fastSchema{}
	c.done[s] = f
	if s.Always != nil {
		f.always = -1
		if *s.Always {
			f.always = 1
		}
		return f
	}
	if s.RecursiveRef != nil || s.DynamicRef != nil || len(s.Dependencies) > 0 || len(s.DependentSchemas) > 0 ||
		s.UnevaluatedProperties != nil || s.UnevaluatedItems != nil || s.Items != nil || s.AdditionalItems != nil ||
		s.RegexProperties || s.ContentEncoding != "" || s.ContentMediaType != "" || s.ContentSchema != nil || len(s.Extensions) > 0 {
		c.unsupported = true
		return f
	}
	for _, t := range s.Types {
		bit, ok := typeBits[t]
		if !ok {
			c.unsupported = true
		}
		f.types |= bit
	}
	if len(s.Constant) > 0 {
		f.constant = s.Constant[:1]
	}
	if len(s.Enum) > 0 {
		allStrings := true
		for _, e := range s.Enum {
			_, ok := e.(string)
			allStrings = allStrings && ok
		}
		if allStrings {
			f.enumStr = map[string]struct{}{}
			for _, e := range s.Enum {
				f.enumStr[e.(string)] = struct{}{}
			}
		} else {
			f.enum = s.Enum
		}
	}
	if s.Format != "" {
		f.format = jsonschema.Formats[s.Format] // nil: unknown formats are not asserted
	}
	f.minProps, f.maxProps, f.required = s.MinProperties, s.MaxProperties, s.Required
	for name, p := range s.Properties {
		f.props = append(f.props, fastProp{name, c.compile(p)})
	}
	f.propNames = c.compile(s.PropertyNames)
	for re, p := range s.PatternProperties {
		f.patternProps = append(f.patternProps, fastPattern{re, c.compile(p)})
	}
	switch ap := s.AdditionalProperties.(type) {
	case bool:
		f.addlFalse = !ap
	case *jsonschema.Schema:
		f.addl = c.compile(ap)
	}
	f.depRequired = s.DependentRequired
	f.minItems, f.maxItems, f.unique = s.MinItems, s.MaxItems, s.UniqueItems
	for _, p := range s.PrefixItems {
		f.prefix = append(f.prefix, c.compile(p))
	}
	f.items = c.compile(s.Items2020)
	if s.Contains != nil {
		f.contains = c.compile(s.Contains)
		f.minContains, f.maxContains = s.MinContains, s.MaxContains
	}
	f.minLen, f.maxLen, f.pattern = s.MinLength, s.MaxLength, s.Pattern
	if s.Pattern != nil {
		f.match = compilePattern(s.Pattern)
	}
	f.min, f.max, f.exMin, f.exMax = newBound(s.Minimum), newBound(s.Maximum), newBound(s.ExclusiveMinimum), newBound(s.ExclusiveMaximum)
	f.multipleOf = s.MultipleOf
	f.ref = c.compile(s.Ref)
	f.not = c.compile(s.Not)
	for _, a := range s.AllOf {
		f.allOf = append(f.allOf, c.compile(a))
	}
	for _, a := range s.AnyOf {
		f.anyOf = append(f.anyOf, c.compile(a))
	}
	for _, a := range s.OneOf {
		f.oneOf = append(f.oneOf, c.compile(a))
	}
	f.ifS, f.thenS, f.elseS = c.compile(s.If), c.compile(s.Then), c.compile(s.Else)
	return f
}

func newBound(r *big.Rat) *bound {
	if r == nil {
		return nil
	}
	f, exact := r.Float64()
	return &bound{rat: r, f: f, exact: exact}
}

// valid reports whether v is certainly valid; false means "not known".
func (f *fastSchema) valid(v any) bool {
	if f.always != 0 {
		return f.always > 0
	}
	if f.types != 0 && !f.typeOK(v) {
		return false
	}
	if f.constant != nil && !equal(v, f.constant[0]) {
		return false
	}
	if f.enumStr != nil {
		s, ok := v.(string)
		if !ok {
			return false
		}
		if _, ok := f.enumStr[s]; !ok {
			return false
		}
	}
	if f.enum != nil && !f.inEnum(v) {
		return false
	}
	if f.format != nil && !f.format(v) {
		return false
	}
	switch x := v.(type) {
	case map[string]any:
		if !f.objectOK(x) {
			return false
		}
	case []any:
		if !f.arrayOK(x) {
			return false
		}
	case string:
		if f.minLen >= 0 || f.maxLen >= 0 {
			n := utf8.RuneCountInString(x)
			if f.minLen >= 0 && n < f.minLen || f.maxLen >= 0 && n > f.maxLen {
				return false
			}
		}
		if f.match != nil && !f.match(x) {
			return false
		}
	case json.Number:
		if !f.numberOK(x) {
			return false
		}
	}
	if f.ref != nil && !f.ref.valid(v) {
		return false
	}
	if f.not != nil && !f.not.certainlyInvalid(v) {
		return false // the reference engine decides
	}
	for _, a := range f.allOf {
		if !a.valid(v) {
			return false
		}
	}
	if len(f.anyOf) > 0 {
		ok := false
		for _, a := range f.anyOf {
			if a.valid(v) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if len(f.oneOf) > 0 {
		// Exactly one branch valid: a branch the fast path cannot
		// confirm might still be valid, so only a single confirmed
		// branch whose siblings are certainly invalid would do. The
		// branches of nullable unions differ by type, which decides.
		n := 0
		for _, a := range f.oneOf {
			if a.valid(v) {
				n++
			} else if !a.certainlyInvalid(v) {
				return false
			}
		}
		if n != 1 {
			return false
		}
	}
	if f.ifS != nil {
		switch {
		case f.ifS.valid(v):
			if f.thenS != nil && !f.thenS.valid(v) {
				return false
			}
		case f.ifS.certainlyInvalid(v):
			if f.elseS != nil && !f.elseS.valid(v) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// certainlyInvalid reports whether v fails the schema for a reason the
// fast path can be sure of: its type, const or enum (through $ref and
// allOf). It is how oneOf and if are decided without the reference engine.
func (f *fastSchema) certainlyInvalid(v any) bool {
	if f.always != 0 {
		return f.always < 0
	}
	if f.types != 0 && !f.typeOK(v) {
		return true
	}
	if f.constant != nil && !equal(v, f.constant[0]) {
		return true
	}
	if f.enumStr != nil {
		s, ok := v.(string)
		if !ok {
			return true
		}
		if _, ok := f.enumStr[s]; !ok {
			return true
		}
	}
	if f.ref != nil && f.ref.certainlyInvalid(v) {
		return true
	}
	for _, a := range f.allOf {
		if a.certainlyInvalid(v) {
			return true
		}
	}
	return false
}

func (f *fastSchema) typeOK(v any) bool {
	switch x := v.(type) {
	case nil:
		return f.types&tNull != 0
	case bool:
		return f.types&tBool != 0
	case string:
		return f.types&tString != 0
	case []any:
		return f.types&tArray != 0
	case map[string]any:
		return f.types&tObject != 0
	case json.Number:
		if f.types&tNumber != 0 {
			return true
		}
		return f.types&tInteger != 0 && isInteger(x)
	}
	return false
}

// isInteger reports whether a JSON number has an integer value ("2.0"
// and "1e3" do), as the reference engine decides it.
func isInteger(n json.Number) bool {
	if !strings.ContainsAny(string(n), ".eE") {
		return true
	}
	r, ok := new(big.Rat).SetString(string(n))
	return ok && r.IsInt()
}

func (f *fastSchema) objectOK(x map[string]any) bool {
	if f.minProps >= 0 && len(x) < f.minProps || f.maxProps >= 0 && len(x) > f.maxProps {
		return false
	}
	for _, name := range f.required {
		if _, ok := x[name]; !ok {
			return false
		}
	}
	for _, p := range f.props {
		if pv, ok := x[p.name]; ok && !p.s.valid(pv) {
			return false
		}
	}
	if f.propNames != nil {
		for k := range x {
			if !f.propNames.valid(k) {
				return false
			}
		}
	}
	for _, pp := range f.patternProps {
		for k, pv := range x {
			if pp.re.MatchString(k) && !pp.s.valid(pv) {
				return false
			}
		}
	}
	if f.addlFalse || f.addl != nil {
		for k, pv := range x {
			if f.declared(k) {
				continue
			}
			if f.addlFalse || !f.addl.valid(pv) {
				return false
			}
		}
	}
	for k, deps := range f.depRequired {
		if _, ok := x[k]; ok {
			for _, d := range deps {
				if _, ok := x[d]; !ok {
					return false
				}
			}
		}
	}
	return true
}

func (f *fastSchema) declared(k string) bool {
	for _, p := range f.props {
		if p.name == k {
			return true
		}
	}
	for _, pp := range f.patternProps {
		if pp.re.MatchString(k) {
			return true
		}
	}
	return false
}

func (f *fastSchema) arrayOK(x []any) bool {
	if f.minItems >= 0 && len(x) < f.minItems || f.maxItems >= 0 && len(x) > f.maxItems {
		return false
	}
	if f.unique {
		if len(x) > 64 {
			return false // left to the reference engine
		}
		for i := 1; i < len(x); i++ {
			for j := 0; j < i; j++ {
				if equal(x[i], x[j]) {
					return false
				}
			}
		}
	}
	for i, item := range x {
		switch {
		case i < len(f.prefix):
			if !f.prefix[i].valid(item) {
				return false
			}
		case f.items != nil:
			if !f.items.valid(item) {
				return false
			}
		}
	}
	if f.contains != nil && (f.minContains != -1 || f.maxContains != -1) {
		n := 0
		for _, item := range x {
			if f.contains.valid(item) {
				n++
			} else if !f.contains.certainlyInvalid(item) {
				return false
			}
		}
		if f.minContains != -1 && n < f.minContains || f.maxContains != -1 && n > f.maxContains {
			return false
		}
	}
	return true
}

// numberOK checks the numeric bounds. float64 decides when the value is
// not equal to an exactly representable bound (rounding is monotonic);
// otherwise exact rational arithmetic does.
func (f *fastSchema) numberOK(n json.Number) bool {
	if f.min == nil && f.max == nil && f.exMin == nil && f.exMax == nil && f.multipleOf == nil {
		return true
	}
	exact, ok := new(big.Rat).SetString(string(n))
	if !ok {
		return false
	}
	fv, err := strconv.ParseFloat(string(n), 64)
	cmp := func(b *bound) int {
		if err == nil && b.exact && fv != b.f {
			if fv < b.f {
				return -1
			}
			return 1
		}
		return exact.Cmp(b.rat)
	}
	if f.min != nil && cmp(f.min) < 0 || f.max != nil && cmp(f.max) > 0 ||
		f.exMin != nil && cmp(f.exMin) <= 0 || f.exMax != nil && cmp(f.exMax) >= 0 {
		return false
	}
	return f.multipleOf == nil || new(big.Rat).Quo(exact, f.multipleOf).IsInt()
}

func (f *fastSchema) inEnum(v any) bool {
	for _, e := range f.enum {
		if equal(v, e) {
			return true
		}
	}
	return false
}

// equal is JSON equality as the reference engine defines it: numbers by
// value (1 equals 1.0), objects by their members.
func equal(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		if x == y {
			return true
		}
		rx, ok1 := new(big.Rat).SetString(string(x))
		ry, ok2 := new(big.Rat).SetString(string(y))
		return ok1 && ok2 && rx.Cmp(ry) == 0
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !equal(xv, yv) {
				return false
			}
		}
		return true
	}
	return false
}
