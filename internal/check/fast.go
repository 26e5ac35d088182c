package check

import (
	"encoding/json"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/hookcontract/hookcontract/internal/payload"
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
	strFmt   func(string) bool // format, for strings, without boxing them

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
		if f.format != nil {
			f.strFmt = stringFormat(s.Format, f.format)
		}
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

// valid reports whether node i of t is certainly valid; false means "not
// known".
func (f *fastSchema) valid(t *payload.Tape, i int) bool {
	if f.always != 0 {
		return f.always > 0
	}
	n := &t.Nodes[i]
	if f.types != 0 && !f.typeOK(n) {
		return false
	}
	if f.constant != nil && !equalNode(t, i, f.constant[0]) {
		return false
	}
	if f.enumStr != nil {
		if n.Kind != payload.String {
			return false
		}
		if _, ok := f.enumStr[n.Str]; !ok {
			return false
		}
	}
	if f.enum != nil && !f.inEnum(t, i) {
		return false
	}
	switch n.Kind {
	case payload.Object:
		if !f.objectOK(t, i) {
			return false
		}
	case payload.Array:
		if !f.arrayOK(t, i) {
			return false
		}
	case payload.String:
		if f.minLen >= 0 || f.maxLen >= 0 {
			l := utf8.RuneCountInString(n.Str)
			if f.minLen >= 0 && l < f.minLen || f.maxLen >= 0 && l > f.maxLen {
				return false
			}
		}
		if f.match != nil && !f.match(n.Str) {
			return false
		}
		if f.strFmt != nil && !f.strFmt(n.Str) {
			return false
		}
	case payload.Number:
		if !f.numberOK(json.Number(n.Str)) {
			return false
		}
		if f.format != nil && !f.format(json.Number(n.Str)) {
			return false
		}
	default:
		if f.format != nil && !f.format(t.Value(i)) {
			return false
		}
	}
	if f.ref != nil && !f.ref.valid(t, i) {
		return false
	}
	if f.not != nil && !f.not.certainlyInvalid(t, i) {
		return false // the reference engine decides
	}
	for _, a := range f.allOf {
		if !a.valid(t, i) {
			return false
		}
	}
	if len(f.anyOf) > 0 {
		ok := false
		for _, a := range f.anyOf {
			if a.valid(t, i) {
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
		// branch whose siblings are certainly invalid will do. The
		// branches of nullable unions differ by type, which decides.
		valid := 0
		for _, a := range f.oneOf {
			if a.valid(t, i) {
				valid++
			} else if !a.certainlyInvalid(t, i) {
				return false
			}
		}
		if valid != 1 {
			return false
		}
	}
	if f.ifS != nil {
		switch {
		case f.ifS.valid(t, i):
			if f.thenS != nil && !f.thenS.valid(t, i) {
				return false
			}
		case f.ifS.certainlyInvalid(t, i):
			if f.elseS != nil && !f.elseS.valid(t, i) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// certainlyInvalid reports whether node i fails the schema for a reason
// the fast path can be sure of: its type, const or enum (through $ref and
// allOf). It is how oneOf, if and not are decided without the reference
// engine.
func (f *fastSchema) certainlyInvalid(t *payload.Tape, i int) bool {
	if f.always != 0 {
		return f.always < 0
	}
	n := &t.Nodes[i]
	if f.types != 0 && !f.typeOK(n) {
		return true
	}
	if f.constant != nil && !equalNode(t, i, f.constant[0]) {
		return true
	}
	if f.enumStr != nil {
		if n.Kind != payload.String {
			return true
		}
		if _, ok := f.enumStr[n.Str]; !ok {
			return true
		}
	}
	if f.ref != nil && f.ref.certainlyInvalid(t, i) {
		return true
	}
	for _, a := range f.allOf {
		if a.certainlyInvalid(t, i) {
			return true
		}
	}
	return false
}

func (f *fastSchema) typeOK(n *payload.Node) bool {
	switch n.Kind {
	case payload.Null:
		return f.types&tNull != 0
	case payload.True, payload.False:
		return f.types&tBool != 0
	case payload.String:
		return f.types&tString != 0
	case payload.Array:
		return f.types&tArray != 0
	case payload.Object:
		return f.types&tObject != 0
	case payload.Number:
		if f.types&tNumber != 0 {
			return true
		}
		return f.types&tInteger != 0 && isInteger(json.Number(n.Str))
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

func (f *fastSchema) objectOK(t *payload.Tape, i int) bool {
	n := &t.Nodes[i]
	if f.minProps >= 0 && int(n.Len) < f.minProps || f.maxProps >= 0 && int(n.Len) > f.maxProps {
		return false
	}
	for _, name := range f.required {
		if t.Member(i, name) < 0 {
			return false
		}
	}
	for j := i + 1; j < int(n.End); j = int(t.Nodes[j].End) {
		k := t.Nodes[j].Key
		declared := false
		for _, p := range f.props {
			if p.name == k {
				if !p.s.valid(t, j) {
					return false
				}
				declared = true
				break
			}
		}
		for _, pp := range f.patternProps {
			if pp.re.MatchString(k) {
				if !pp.s.valid(t, j) {
					return false
				}
				declared = true
			}
		}
		if !declared {
			if f.addlFalse || f.addl != nil && !f.addl.valid(t, j) {
				return false
			}
		}
		if f.propNames != nil && !f.propNames.validString(k) {
			return false
		}
	}
	for k, deps := range f.depRequired {
		if t.Member(i, k) >= 0 {
			for _, d := range deps {
				if t.Member(i, d) < 0 {
					return false
				}
			}
		}
	}
	return true
}

// validString checks a property name against propertyNames.
func (f *fastSchema) validString(s string) bool {
	var t payload.Tape
	t.Nodes = append(t.Nodes, payload.Node{Kind: payload.String, Str: s, End: 1})
	return f.valid(&t, 0)
}

func (f *fastSchema) arrayOK(t *payload.Tape, i int) bool {
	n := &t.Nodes[i]
	if f.minItems >= 0 && int(n.Len) < f.minItems || f.maxItems >= 0 && int(n.Len) > f.maxItems {
		return false
	}
	if f.unique {
		if n.Len > 64 {
			return false // left to the reference engine
		}
		for a := i + 1; a < int(n.End); a = int(t.Nodes[a].End) {
			for b := int(t.Nodes[a].End); b < int(n.End); b = int(t.Nodes[b].End) {
				if nodesEqual(t, a, b) {
					return false
				}
			}
		}
	}
	k := 0
	for j := i + 1; j < int(n.End); j, k = int(t.Nodes[j].End), k+1 {
		switch {
		case k < len(f.prefix):
			if !f.prefix[k].valid(t, j) {
				return false
			}
		case f.items != nil:
			if !f.items.valid(t, j) {
				return false
			}
		}
	}
	if f.contains != nil && (f.minContains != -1 || f.maxContains != -1) {
		c := 0
		for j := i + 1; j < int(n.End); j = int(t.Nodes[j].End) {
			if f.contains.valid(t, j) {
				c++
			} else if !f.contains.certainlyInvalid(t, j) {
				return false
			}
		}
		if f.minContains != -1 && c < f.minContains || f.maxContains != -1 && c > f.maxContains {
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
	var exact *big.Rat
	rat := func() *big.Rat {
		if exact == nil {
			exact, _ = new(big.Rat).SetString(string(n))
		}
		return exact
	}
	fv, err := strconv.ParseFloat(string(n), 64)
	cmp := func(b *bound) int {
		if err == nil && b.exact && fv != b.f {
			if fv < b.f {
				return -1
			}
			return 1
		}
		return rat().Cmp(b.rat)
	}
	if f.min != nil && cmp(f.min) < 0 || f.max != nil && cmp(f.max) > 0 ||
		f.exMin != nil && cmp(f.exMin) <= 0 || f.exMax != nil && cmp(f.exMax) >= 0 {
		return false
	}
	return f.multipleOf == nil || new(big.Rat).Quo(rat(), f.multipleOf).IsInt()
}

func (f *fastSchema) inEnum(t *payload.Tape, i int) bool {
	for _, e := range f.enum {
		if equalNode(t, i, e) {
			return true
		}
	}
	return false
}

// equalNode is JSON equality, as the reference engine defines it, of node
// i and a value of the schema: numbers by value (1 equals 1.0), objects by
// their members.
func equalNode(t *payload.Tape, i int, v any) bool {
	n := &t.Nodes[i]
	switch n.Kind {
	case payload.Null:
		return v == nil
	case payload.True, payload.False:
		b, ok := v.(bool)
		return ok && b == (n.Kind == payload.True)
	case payload.String:
		s, ok := v.(string)
		return ok && s == n.Str
	case payload.Number:
		y, ok := v.(json.Number)
		return ok && numbersEqual(json.Number(n.Str), y)
	case payload.Array:
		y, ok := v.([]any)
		if !ok || len(y) != int(n.Len) {
			return false
		}
		k := 0
		for j := i + 1; j < int(n.End); j, k = int(t.Nodes[j].End), k+1 {
			if !equalNode(t, j, y[k]) {
				return false
			}
		}
		return true
	case payload.Object:
		y, ok := v.(map[string]any)
		if !ok || len(y) != int(n.Len) {
			return false
		}
		for j := i + 1; j < int(n.End); j = int(t.Nodes[j].End) {
			yv, ok := y[t.Nodes[j].Key]
			if !ok || !equalNode(t, j, yv) {
				return false
			}
		}
		return true
	}
	return false
}

// nodesEqual is JSON equality of two nodes of one tape.
func nodesEqual(t *payload.Tape, a, b int) bool {
	x, y := &t.Nodes[a], &t.Nodes[b]
	if x.Kind != y.Kind {
		return false
	}
	switch x.Kind {
	case payload.String:
		return x.Str == y.Str
	case payload.Number:
		return numbersEqual(json.Number(x.Str), json.Number(y.Str))
	case payload.Array:
		if x.Len != y.Len {
			return false
		}
		for i, j := a+1, b+1; i < int(x.End); i, j = int(t.Nodes[i].End), int(t.Nodes[j].End) {
			if !nodesEqual(t, i, j) {
				return false
			}
		}
		return true
	case payload.Object:
		if x.Len != y.Len {
			return false
		}
		for i := a + 1; i < int(x.End); i = int(t.Nodes[i].End) {
			j := t.Member(b, t.Nodes[i].Key)
			if j < 0 || !nodesEqual(t, i, j) {
				return false
			}
		}
		return true
	}
	return true // null, true, false: the kind says it all
}

func numbersEqual(x, y json.Number) bool {
	if x == y {
		return true
	}
	rx, ok1 := new(big.Rat).SetString(string(x))
	ry, ok2 := new(big.Rat).SetString(string(y))
	return ok1 && ok2 && rx.Cmp(ry) == 0
}
