package breaking

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/hookcontract/hookcontract/contract"
)

// This file is the normalising stage: it turns the raw JSON Schema values
// of one contract into nodes that say what a value may be, whatever the
// spelling. A node is the conjunction of schema objects ("members"): its
// own, those its $ref and allOf lead to, and the single non-null branch of
// a oneOf/anyOf whose other branches only allow null. So
// {"type": ["string", "null"]} and {"oneOf": [{"type": "string"},
// {"type": "null"}]} give the same node, a moved or inlined $ref gives the
// same node, and property and required order never matter.

// typeSet is a set of JSON types. tNumber always comes with tInteger:
// a schema that accepts numbers accepts integers.
type typeSet uint8

const (
	tNull typeSet = 1 << iota
	tBoolean
	tObject
	tArray
	tNumber
	tInteger
	tString

	tAll = tNull | tBoolean | tObject | tArray | tNumber | tInteger | tString
)

func typeNamed(name string) typeSet {
	switch name {
	case "null":
		return tNull
	case "boolean":
		return tBoolean
	case "object":
		return tObject
	case "array":
		return tArray
	case "number":
		return tNumber | tInteger
	case "integer":
		return tInteger
	case "string":
		return tString
	}
	return 0
}

// String names the types, e.g. "string or null".
func (t typeSet) String() string {
	switch t {
	case tAll:
		return "any type"
	case tAll &^ tNull:
		return "any type but null"
	case 0:
		return "no value"
	}
	var names []string
	for _, e := range []struct {
		t    typeSet
		name string
	}{{tString, "string"}, {tNumber, "number"}, {tInteger, "integer"}, {tBoolean, "boolean"}, {tObject, "object"}, {tArray, "array"}, {tNull, "null"}} {
		if t&e.t == 0 || e.t == tInteger && t&tNumber != 0 {
			continue
		}
		names = append(names, e.name)
	}
	return strings.Join(names, " or ")
}

// member is one schema object taking part in a node. orNull means the
// object was reached as the one non-null branch of a oneOf/anyOf that also
// allows null: the member then also accepts null.
type member struct {
	loc    contract.Location
	orNull bool
}

func (m member) key() string {
	k := m.loc.File.Path + "#" + m.loc.Pointer
	if m.orNull {
		k += "?"
	}
	return k
}

// bound is a lower or upper numeric bound.
type bound struct {
	v    *big.Rat
	excl bool
	kw   string // the keyword it came from, e.g. "exclusiveMinimum"
}

// union is a oneOf/anyOf with two or more branches that are not just null.
type union struct {
	kw       string // "oneOf" or "anyOf"
	loc      contract.Location
	branches [][]member
}

// node is what a schema allows, normalised. Children (properties, items,
// branches) are kept as member lists and turned into nodes on demand, so
// recursive schemas are fine.
type node struct {
	key     string
	members []member
	loc     contract.Location            // the first member; zero when there is none
	kw      map[string]contract.Location // where each keyword was first set

	types    typeSet
	enum     map[string]string // canonical JSON → display; nil when unrestricted
	formats  []string
	patterns []string
	lower    *bound
	upper    *bound
	multiple []*big.Rat
	limits   map[string]*big.Rat // minLength, maxLength, minItems, maxItems, minProperties, maxProperties
	unique   bool

	props      map[string][]member
	required   map[string]contract.Location // name → the required entry
	additional []member                     // additionalProperties and unevaluatedProperties
	items      []member
	prefix     [][]member
	unions     []union
	opaque     map[string]string // keywords compared as text

	ref        string   // contract-relative target of the node's own $ref, "" when none
	refMembers []member // that target alone
}

// normalizer builds the nodes of one contract, each once.
type normalizer struct {
	c    *contract.Contract
	memo map[string]*node
	fps  map[*node]string
}

func newNormalizer(c *contract.Contract) *normalizer {
	return &normalizer{c: c, memo: map[string]*node{}, fps: map[*node]string{}}
}

// opaqueKeywords are compared as text: their effect on which values are
// accepted is not classified.
var opaqueKeywords = map[string]bool{
	"not": true, "if": true, "then": true, "else": true, "dependentSchemas": true, "dependentRequired": true,
	"contains": true, "minContains": true, "maxContains": true, "propertyNames": true, "patternProperties": true,
	"unevaluatedItems": true, "$dynamicRef": true,
}

// limitKeywords are the size keywords; min* are lower bounds.
var limitKeywords = []string{"minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"}

// node returns the node that is the conjunction of members.
func (n *normalizer) node(members []member) *node {
	keys := make([]string, len(members))
	for i, m := range members {
		keys[i] = m.key()
	}
	key := strings.Join(keys, "&")
	if nd, ok := n.memo[key]; ok {
		return nd
	}
	nd := &node{key: key, types: tAll, kw: map[string]contract.Location{}}
	n.memo[key] = nd // before filling: a recursive branch finds it
	expanded, unions := n.expand(nd, members)
	nd.members = expanded
	if len(expanded) > 0 {
		nd.loc = expanded[0].loc
	}
	for _, m := range expanded {
		switch v := m.loc.Value().(type) {
		case bool:
			if !v {
				t := typeSet(0)
				if m.orNull {
					t = tNull
				}
				nd.types &= t
				nd.setKw("type", m.loc)
			}
		case map[string]any:
			n.fill(nd, m, v)
		}
	}
	for _, u := range unions {
		var t typeSet
		for _, b := range u.branches {
			t |= n.node(b).types
		}
		nd.types &= t
		if len(u.branches) >= 2 {
			nd.unions = append(nd.unions, u)
		}
	}
	// An enum that does not list null excludes null whatever the type says.
	if nd.enum != nil {
		if _, ok := nd.enum["null"]; !ok {
			nd.types &^= tNull
		}
	}
	return nd
}

// onlyNull reports whether the schema at m allows null and nothing else.
func (n *normalizer) onlyNull(m member) bool {
	return n.node([]member{m}).types == tNull
}

// expand flattens members through $ref, allOf and nullable oneOf/anyOf
// wrappers, and collects the remaining unions. Their null branches are
// folded into the union's types.
func (n *normalizer) expand(nd *node, members []member) (out []member, unions []union) {
	seen := map[string]bool{}
	var walk func(m member, primary bool, depth int)
	walk = func(m member, primary bool, depth int) {
		k := m.key()
		if seen[k] || depth > 64 {
			return
		}
		seen[k] = true
		out = append(out, m)
		obj, ok := m.loc.Value().(map[string]any)
		if !ok {
			return
		}
		if raw, ok := obj["$ref"].(string); ok {
			if t, err := n.c.ResolveRef(m.loc, raw); err == nil {
				if primary && nd.ref == "" {
					nd.ref = t.File.Path + "#" + t.Pointer
					nd.refMembers = []member{{loc: t}}
				}
				walk(member{loc: t, orNull: m.orNull}, primary, depth+1)
			}
		}
		if all, ok := obj["allOf"].([]any); ok {
			for i := range all {
				walk(member{loc: m.loc.At("allOf", strconv.Itoa(i)), orNull: m.orNull}, false, depth+1)
			}
		}
		for _, kw := range []string{"oneOf", "anyOf"} {
			alts, ok := obj[kw].([]any)
			if !ok {
				continue
			}
			u := union{kw: kw, loc: m.loc.At(kw)}
			null := m.orNull
			for i := range alts {
				b := member{loc: m.loc.At(kw, strconv.Itoa(i))}
				if n.onlyNull(b) {
					null = true
					continue
				}
				u.branches = append(u.branches, []member{b})
			}
			if len(u.branches) == 1 {
				if null && !m.orNull {
					nd.setKw("nullable", u.loc)
				}
				walk(member{loc: u.branches[0][0].loc, orNull: null}, primary, depth+1)
				continue
			}
			if null {
				for i := range u.branches {
					u.branches[i][0].orNull = true
				}
				if len(u.branches) == 0 {
					u.branches = [][]member{{{loc: m.loc.At(kw, "0")}}}
				}
			}
			unions = append(unions, u)
		}
	}
	for _, m := range members {
		walk(m, true, 0)
	}
	return out, unions
}

func (nd *node) setKw(kw string, at contract.Location) {
	if _, ok := nd.kw[kw]; !ok {
		nd.kw[kw] = at
	}
}

// fill adds the keywords of one schema object to nd.
func (n *normalizer) fill(nd *node, m member, obj map[string]any) {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, kw := range keys {
		v := obj[kw]
		at := m.loc.At(kw)
		switch kw {
		case "type":
			var t typeSet
			switch x := v.(type) {
			case string:
				t = typeNamed(x)
			case []any:
				for _, e := range x {
					s, _ := e.(string)
					t |= typeNamed(s)
				}
			}
			if t&tNull != 0 {
				nd.setKw("nullable", at)
			}
			if m.orNull {
				t |= tNull
			}
			nd.types &= t
			nd.setKw(kw, at)
		case "const", "enum":
			vals := map[string]string{}
			if kw == "const" {
				vals[canon(v)] = display(v)
			} else if list, ok := v.([]any); ok {
				for _, e := range list {
					vals[canon(e)] = display(e)
				}
			}
			if m.orNull {
				vals["null"] = "null"
			}
			if nd.enum == nil {
				nd.enum = vals
			} else {
				for k := range nd.enum {
					if _, ok := vals[k]; !ok {
						delete(nd.enum, k)
					}
				}
			}
			nd.setKw("enum", at)
		case "format":
			if s, ok := v.(string); ok {
				nd.formats = addSorted(nd.formats, s)
				nd.setKw(kw, at)
			}
		case "pattern":
			if s, ok := v.(string); ok {
				nd.patterns = addSorted(nd.patterns, s)
				nd.setKw(kw, at)
			}
		case "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum":
			r, ok := rat(v)
			if !ok {
				continue
			}
			b := &bound{v: r, excl: strings.HasPrefix(kw, "exclusive"), kw: kw}
			if strings.HasSuffix(kw, "inimum") {
				if nd.lower == nil || tighterLower(b, nd.lower) {
					nd.lower = b
				}
				nd.setKw("minimum", at)
			} else {
				if nd.upper == nil || tighterUpper(b, nd.upper) {
					nd.upper = b
				}
				nd.setKw("maximum", at)
			}
		case "multipleOf":
			if r, ok := rat(v); ok {
				nd.multiple = append(nd.multiple, r)
				nd.setKw(kw, at)
			}
		case "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties":
			r, ok := rat(v)
			if !ok {
				continue
			}
			isMin := strings.HasPrefix(kw, "min")
			if isMin && r.Sign() == 0 {
				continue // the same as no bound
			}
			if nd.limits == nil {
				nd.limits = map[string]*big.Rat{}
			}
			old := nd.limits[kw]
			if old == nil || isMin && r.Cmp(old) > 0 || !isMin && r.Cmp(old) < 0 {
				nd.limits[kw] = r
			}
			nd.setKw(kw, at)
		case "uniqueItems":
			if v == true {
				nd.unique = true
				nd.setKw(kw, at)
			}
		case "properties":
			props, _ := v.(map[string]any)
			if nd.props == nil && len(props) > 0 {
				nd.props = map[string][]member{}
			}
			for name := range props {
				nd.props[name] = append(nd.props[name], member{loc: at.At(name)})
			}
			nd.setKw(kw, at)
		case "required":
			list, _ := v.([]any)
			for i, e := range list {
				name, ok := e.(string)
				if !ok {
					continue
				}
				if nd.required == nil {
					nd.required = map[string]contract.Location{}
				}
				if _, ok := nd.required[name]; !ok {
					nd.required[name] = at.At(strconv.Itoa(i))
				}
			}
			nd.setKw(kw, at)
		case "additionalProperties", "unevaluatedProperties":
			nd.additional = append(nd.additional, member{loc: at})
			nd.setKw("additionalProperties", at)
		case "items":
			nd.items = append(nd.items, member{loc: at})
			nd.setKw(kw, at)
		case "prefixItems":
			list, _ := v.([]any)
			for i := range list {
				for len(nd.prefix) <= i {
					nd.prefix = append(nd.prefix, nil)
				}
				nd.prefix[i] = append(nd.prefix[i], member{loc: at.At(strconv.Itoa(i))})
			}
			nd.setKw(kw, at)
		default:
			if opaqueKeywords[kw] {
				if nd.opaque == nil {
					nd.opaque = map[string]string{}
				}
				if nd.opaque[kw] != "" {
					nd.opaque[kw] += "&"
				}
				nd.opaque[kw] += canon(v)
				nd.setKw(kw, at)
			}
			// Everything else is an annotation ($schema, title,
			// description, examples, default, deprecated, x-...) or
			// handled by expand ($ref, allOf, oneOf, anyOf).
		}
	}
}

func addSorted(list []string, s string) []string {
	i := sort.SearchStrings(list, s)
	if i < len(list) && list[i] == s {
		return list
	}
	return append(list[:i], append([]string{s}, list[i:]...)...)
}

// tighterLower reports whether a admits fewer values than b as a lower bound.
func tighterLower(a, b *bound) bool {
	c := a.v.Cmp(b.v)
	return c > 0 || c == 0 && a.excl && !b.excl
}

// tighterUpper reports whether a admits fewer values than b as an upper bound.
func tighterUpper(a, b *bound) bool {
	c := a.v.Cmp(b.v)
	return c < 0 || c == 0 && a.excl && !b.excl
}

func rat(v any) (*big.Rat, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return nil, false
	}
	return new(big.Rat).SetString(string(n))
}

// ratString writes r as a decimal when it is one.
func ratString(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	for prec := 1; prec <= 40; prec++ {
		s := r.FloatString(prec)
		if back, ok := new(big.Rat).SetString(s); ok && back.Cmp(r) == 0 {
			return s
		}
	}
	return r.RatString()
}

// canon is a canonical JSON text of a data model value: object keys
// sorted, numbers compared by value.
func canon(v any) string {
	var b strings.Builder
	writeCanon(&b, v)
	return b.String()
}

func writeCanon(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case string:
		b.WriteString(strconv.Quote(x))
	case json.Number:
		if r, ok := rat(x); ok {
			b.WriteString(ratString(r))
		} else {
			b.WriteString(string(x))
		}
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeCanon(b, e)
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(k))
			b.WriteByte(':')
			writeCanon(b, x[k])
		}
		b.WriteByte('}')
	default:
		fmt.Fprintf(b, "%v", x)
	}
}

// display is a value as JSON, for messages.
func display(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}

// any is the node that allows every value.
func (n *normalizer) any() *node { return n.node(nil) }

// isAny reports whether nd allows every value.
func (n *normalizer) isAny(nd *node) bool { return n.fp(nd) == n.fp(n.any()) }

// fp is a fingerprint of what nd allows: two nodes with equal
// fingerprints accept the same values as far as the comparison can tell.
// Locations, annotations, $ref names and keyword order do not enter it.
func (n *normalizer) fp(nd *node) string {
	s, _ := n.fpIn(nd, nil)
	return s
}

// fpIn computes the fingerprint with stack holding the nodes being
// fingerprinted; a node met again is written by its depth, so recursive
// schemas get a finite, location-free fingerprint. Results that refer to
// an enclosing node are not memoised.
func (n *normalizer) fpIn(nd *node, stack []*node) (string, bool) {
	if s, ok := n.fps[nd]; ok {
		return s, true
	}
	for i, up := range stack {
		if up == nd {
			return fmt.Sprintf("rec(%d)", len(stack)-i), false
		}
	}
	stack = append(stack, nd)
	pure := true
	sub := func(ms []member) string {
		s, ok := n.fpIn(n.node(ms), stack)
		pure = pure && ok
		return s
	}
	var b strings.Builder
	fmt.Fprintf(&b, "t%d;", nd.types)
	if nd.enum != nil {
		keys := sortedKeys(nd.enum)
		fmt.Fprintf(&b, "e%q;", keys)
	}
	fmt.Fprintf(&b, "f%q;p%q;", nd.formats, nd.patterns)
	for _, bd := range []*bound{nd.lower, nd.upper} {
		if bd != nil {
			fmt.Fprintf(&b, "b%s%v;", bd.v.RatString(), bd.excl)
		} else {
			b.WriteString("b-;")
		}
	}
	for _, r := range nd.multiple {
		fmt.Fprintf(&b, "m%s;", r.RatString())
	}
	for _, kw := range limitKeywords {
		if r := nd.limits[kw]; r != nil {
			fmt.Fprintf(&b, "%s%s;", kw, r.RatString())
		}
	}
	fmt.Fprintf(&b, "u%v;r%q;", nd.unique, sortedKeys(nd.required))
	for _, name := range sortedKeys(nd.props) {
		fmt.Fprintf(&b, "P%q=%s;", name, sub(nd.props[name]))
	}
	if len(nd.additional) > 0 {
		fmt.Fprintf(&b, "A%s;", sub(nd.additional))
	}
	if len(nd.items) > 0 {
		fmt.Fprintf(&b, "I%s;", sub(nd.items))
	}
	for _, p := range nd.prefix {
		fmt.Fprintf(&b, "X%s;", sub(p))
	}
	for _, u := range nd.unions {
		var bs []string
		for _, br := range u.branches {
			bs = append(bs, sub(br))
		}
		sort.Strings(bs)
		fmt.Fprintf(&b, "U%s%q;", u.kw, bs)
	}
	for _, kw := range sortedKeys(nd.opaque) {
		fmt.Fprintf(&b, "O%s=%s;", kw, nd.opaque[kw])
	}
	sum := sha256.Sum256([]byte(b.String()))
	s := hex.EncodeToString(sum[:12])
	if pure {
		n.fps[nd] = s
	}
	return s, pure
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
