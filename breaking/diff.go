package breaking

import (
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hookcontract/hookcontract/contract"
)

// This file is the comparing stage: it walks the normalised nodes of one
// message part (payload or headers) in both versions side by side and
// classifies every difference by the rule catalog, from the consumer's
// point of view: the head (new) contract says what the provider may send,
// the base (old) contract is what the consumer checks it against.

// differ compares the nodes of one message of the two versions.
type differ struct {
	b, h     *normalizer
	event    string
	skipEnum string // path whose const is the event name, compared by the event rules
	out      *[]Finding
	active   map[[2]*node]bool
}

func (d *differ) report(rule, path string, bl, hl contract.Location, format string, args ...any) {
	r := ruleByID[rule]
	*d.out = append(*d.out, Finding{
		Rule: rule, Level: r.Level, Event: d.event, Path: path,
		Message: fmt.Sprintf(format, args...),
		Base:    positionOf(bl), Head: positionOf(hl),
	})
}

// here is where nd is defined, or anchor when nd has no schema object of
// its own (an absent property's "any value").
func here(nd *node, anchor contract.Location) contract.Location {
	if nd.loc.File != nil {
		return nd.loc
	}
	return anchor
}

// at is where nd sets keyword kw, or where nd is.
func at(nd *node, kw string, anchor contract.Location) contract.Location {
	if l, ok := nd.kw[kw]; ok {
		return l
	}
	return here(nd, anchor)
}

func childPath(path, tok string) string {
	return path + "/" + strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

// diff compares what b (base) and h (head) allow at path. ba and ha are
// the nearest enclosing schema locations, for nodes without one.
func (d *differ) diff(path string, b, h *node, ba, ha contract.Location) {
	pair := [2]*node{b, h}
	if d.active[pair] || d.b.fp(b) == d.h.fp(h) {
		return
	}
	d.active[pair] = true
	defer delete(d.active, pair)
	ba, ha = here(b, ba), here(h, ha)

	d.refTarget(path, b, h, ba, ha)
	if !d.types(path, b, h, ba, ha) {
		return // a changed type makes the rest of the comparison noise
	}
	d.enums(path, b, h, ba, ha)
	d.formats(path, b, h, ba, ha)
	if len(b.unions) != len(h.unions) || len(b.unions) > 1 {
		d.unionShapes(path, b, h, ba, ha)
		return
	}
	common := b.types & h.types
	if common&tString != 0 {
		d.patterns(path, b, h, ba, ha)
		d.limits(path, b, h, ba, ha, "minLength", "maxLength", LengthLoosened, LengthTightened)
	}
	if common&tInteger != 0 {
		d.ranges(path, b, h, ba, ha)
	}
	if common&tArray != 0 {
		d.arrays(path, b, h, ba, ha)
	}
	if common&tObject != 0 {
		d.objects(path, b, h, ba, ha)
	}
	for i := range b.unions {
		d.pair(path, b.unions[i].kw, d.branches(d.b, b), d.branches(d.h, h), b.unions[i].loc, h.unions[i].loc)
	}
	d.opaque(path, b, h, ba, ha)
}

// refTarget reports a $ref that now leads to another schema of another
// shape. Renaming or moving a schema keeps its shape: no finding.
func (d *differ) refTarget(path string, b, h *node, ba, ha contract.Location) {
	if b.ref == "" || h.ref == "" || b.ref == h.ref {
		return
	}
	if d.b.fp(d.b.node(b.refMembers)) == d.h.fp(d.h.node(h.refMembers)) {
		return
	}
	d.report(RefTargetChanged, path, ba, ha, "$ref now leads to %s instead of %s, which has another shape", h.ref, b.ref)
}

// types compares the JSON types and nullability. It returns false when
// the types have nothing in common any more.
func (d *differ) types(path string, b, h *node, ba, ha contract.Location) bool {
	bl, hl := at(b, "type", ba), at(h, "type", ha)
	bn, hn := b.types&tNull != 0, h.types&tNull != 0
	bt, ht := b.types&^tNull, h.types&^tNull
	switch {
	case hn && !bn:
		d.report(NullableAdded, path, bl, at(h, "nullable", hl), "may now be null (was %s)", b.types)
	case bn && !hn && ht != 0:
		d.report(NullableRemoved, path, at(b, "nullable", bl), hl, "can no longer be null (now %s)", h.types)
	}
	if bt == ht {
		return true
	}
	if bt != 0 && ht != 0 && bt&ht == 0 {
		d.report(TypeChanged, path, bl, hl, "type changed from %s to %s", bt, ht)
		return false
	}
	if ht&^bt != 0 {
		d.report(TypeWidened, path, bl, hl, "type widened from %s to %s", bt, ht)
	}
	if bt&^ht != 0 {
		d.report(TypeNarrowed, path, bl, hl, "type narrowed from %s to %s", bt, ht)
	}
	return true
}

func (d *differ) enums(path string, b, h *node, ba, ha contract.Location) {
	if path == d.skipEnum || b.enum == nil && h.enum == nil {
		return
	}
	bl, hl := at(b, "enum", ba), at(h, "enum", ha)
	switch {
	case h.enum == nil:
		d.report(EnumValueAdded, path, bl, hl, "no longer restricted to %s", values(b.enum, nil))
	case b.enum == nil:
		d.report(EnumValueRemoved, path, bl, hl, "now restricted to %s", values(h.enum, nil))
	default:
		if added := values(h.enum, b.enum); added != "" {
			d.report(EnumValueAdded, path, bl, hl, "%s added", added)
		}
		if removed := values(b.enum, h.enum); removed != "" {
			d.report(EnumValueRemoved, path, bl, hl, "%s removed", removed)
		}
	}
}

// values lists the values of set that are not in minus (null left out:
// nullability has rules of its own), e.g. `value "deleted"`.
func values(set, minus map[string]string) string {
	var out []string
	for _, k := range sortedKeys(set) {
		if _, ok := minus[k]; ok || k == "null" {
			continue
		}
		out = append(out, set[k])
	}
	switch len(out) {
	case 0:
		return ""
	case 1:
		return "value " + out[0]
	}
	return "values " + strings.Join(out, ", ")
}

func subset(a, b []string) bool {
	for _, s := range a {
		if !slices.Contains(b, s) {
			return false
		}
	}
	return true
}

func quoted(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

func minus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

func (d *differ) formats(path string, b, h *node, ba, ha contract.Location) {
	if slices.Equal(b.formats, h.formats) {
		return
	}
	bl, hl := at(b, "format", ba), at(h, "format", ha)
	switch {
	case len(h.formats) == 0:
		d.report(FormatRemoved, path, bl, hl, "format %s removed", quoted(b.formats))
	case subset(b.formats, h.formats):
		d.report(FormatAdded, path, bl, hl, "format %s added", quoted(minus(h.formats, b.formats)))
	default:
		d.report(FormatChanged, path, bl, hl, "format changed from %s to %s", quoted(b.formats), quoted(h.formats))
	}
}

func (d *differ) patterns(path string, b, h *node, ba, ha contract.Location) {
	if slices.Equal(b.patterns, h.patterns) {
		return
	}
	bl, hl := at(b, "pattern", ba), at(h, "pattern", ha)
	switch {
	case subset(b.patterns, h.patterns):
		d.report(PatternTightened, path, bl, hl, "pattern %s added", quoted(minus(h.patterns, b.patterns)))
	case subset(h.patterns, b.patterns):
		d.report(PatternLoosened, path, bl, hl, "pattern %s removed", quoted(minus(b.patterns, h.patterns)))
	default:
		d.report(PatternChanged, path, bl, hl, "pattern changed from %s to %s", quoted(b.patterns), quoted(h.patterns))
	}
}

// limits compares a min/max keyword pair of sizes.
func (d *differ) limits(path string, b, h *node, ba, ha contract.Location, minKw, maxKw, loosened, tightened string) {
	var loose, tight []string
	var looseKw, tightKw string
	note := func(isLoose bool, kw, msg string) {
		if isLoose {
			loose = append(loose, msg)
			looseKw = cmpOr(looseKw, kw)
		} else {
			tight = append(tight, msg)
			tightKw = cmpOr(tightKw, kw)
		}
	}
	for _, kw := range []string{minKw, maxKw} {
		isMin := kw == minKw
		bv, hv := b.limits[kw], h.limits[kw]
		switch {
		case bv == nil && hv == nil:
		case hv == nil:
			note(true, kw, fmt.Sprintf("%s %s removed", kw, ratString(bv)))
		case bv == nil:
			note(false, kw, fmt.Sprintf("%s %s added", kw, ratString(hv)))
		case bv.Cmp(hv) == 0:
		case isMin == (hv.Cmp(bv) < 0):
			note(true, kw, fmt.Sprintf("%s relaxed from %s to %s", kw, ratString(bv), ratString(hv)))
		default:
			note(false, kw, fmt.Sprintf("%s tightened from %s to %s", kw, ratString(bv), ratString(hv)))
		}
	}
	if len(loose) > 0 {
		d.report(loosened, path, at(b, looseKw, ba), at(h, looseKw, ha), "%s", strings.Join(loose, "; "))
	}
	if len(tight) > 0 {
		d.report(tightened, path, at(b, tightKw, ba), at(h, tightKw, ha), "%s", strings.Join(tight, "; "))
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (bd *bound) String() string { return bd.kw + " " + ratString(bd.v) }

// ranges compares numeric bounds and multipleOf.
func (d *differ) ranges(path string, b, h *node, ba, ha contract.Location) {
	var loose, tight []string
	var looseKw, tightKw string
	note := func(isLoose bool, kw, msg string) {
		if isLoose {
			loose = append(loose, msg)
			looseKw = cmpOr(looseKw, kw)
		} else {
			tight = append(tight, msg)
			tightKw = cmpOr(tightKw, kw)
		}
	}
	for _, side := range []struct {
		kw      string
		b, h    *bound
		tighter func(a, b *bound) bool
	}{{"minimum", b.lower, h.lower, tighterLower}, {"maximum", b.upper, h.upper, tighterUpper}} {
		switch {
		case side.b == nil && side.h == nil:
		case side.h == nil:
			note(true, side.kw, side.b.String()+" removed")
		case side.b == nil:
			note(false, side.kw, side.h.String()+" added")
		case side.tighter(side.b, side.h):
			note(true, side.kw, fmt.Sprintf("%s relaxed to %s", side.b, side.h))
		case side.tighter(side.h, side.b):
			note(false, side.kw, fmt.Sprintf("%s tightened to %s", side.b, side.h))
		}
	}
	if len(b.multiple) > 0 || len(h.multiple) > 0 {
		show := func(list []*big.Rat) string {
			s := make([]string, len(list))
			for i, r := range list {
				s[i] = ratString(r)
			}
			if len(s) == 0 {
				return "none"
			}
			return strings.Join(s, ", ")
		}
		msg := fmt.Sprintf("multipleOf changed from %s to %s", show(b.multiple), show(h.multiple))
		switch {
		case !multiplesOf(h.multiple, b.multiple):
			note(true, "multipleOf", msg)
		case !multiplesOf(b.multiple, h.multiple):
			note(false, "multipleOf", msg)
		}
	}
	if len(loose) > 0 {
		d.report(RangeLoosened, path, at(b, looseKw, ba), at(h, looseKw, ha), "%s", strings.Join(loose, "; "))
	}
	if len(tight) > 0 {
		d.report(RangeTightened, path, at(b, tightKw, ba), at(h, tightKw, ha), "%s", strings.Join(tight, "; "))
	}
}

// multiplesOf reports whether every number that is a multiple of each of
// have is a multiple of each of need: each needed divisor divides one we
// have.
func multiplesOf(have, need []*big.Rat) bool {
	for _, x := range need {
		ok := false
		for _, y := range have {
			if new(big.Rat).Quo(y, x).IsInt() {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func (d *differ) arrays(path string, b, h *node, ba, ha contract.Location) {
	d.limits(path, b, h, ba, ha, "minItems", "maxItems", ItemsLoosened, ItemsTightened)
	switch {
	case b.unique && !h.unique:
		d.report(UniqueItemsLoosened, path, at(b, "uniqueItems", ba), at(h, "uniqueItems", ha), "uniqueItems removed: items may now repeat")
	case !b.unique && h.unique:
		d.report(UniqueItemsTightened, path, at(b, "uniqueItems", ba), at(h, "uniqueItems", ha), "uniqueItems added")
	}
	for i := 0; i < max(len(b.prefix), len(h.prefix)); i++ {
		var bm, hm []member
		if i < len(b.prefix) {
			bm = b.prefix[i]
		}
		if i < len(h.prefix) {
			hm = h.prefix[i]
		}
		d.diff(childPath(path, strconv.Itoa(i)), d.b.node(bm), d.h.node(hm), at(b, "prefixItems", ba), at(h, "prefixItems", ha))
	}
	if len(b.items) > 0 || len(h.items) > 0 {
		d.diff(path+"/*", d.b.node(b.items), d.h.node(h.items), at(b, "items", ba), at(h, "items", ha))
	}
}

// declared returns the properties nd names (in properties or required),
// keyed by fold(name).
func declared(nd *node, fold func(string) string) map[string]string {
	out := map[string]string{}
	for name := range nd.props {
		out[fold(name)] = name
	}
	for name := range nd.required {
		if _, ok := out[fold(name)]; !ok {
			out[fold(name)] = name
		}
	}
	return out
}

// propLoc is where nd declares property name.
func propLoc(nd *node, name string, anchor contract.Location) contract.Location {
	if ms := nd.props[name]; len(ms) > 0 {
		return ms[0].loc
	}
	if l, ok := nd.required[name]; ok {
		return l
	}
	return at(nd, "properties", anchor)
}

func (d *differ) objects(path string, b, h *node, ba, ha contract.Location) {
	d.limits(path, b, h, ba, ha, "minProperties", "maxProperties", PropertyCountLoosened, PropertyCountTightened)
	headers := path == "/headers" // header names are case-insensitive
	fold := func(s string) string { return s }
	what := "field"
	if headers {
		fold, what = strings.ToLower, "header"
	}
	rule := func(field, header string) string {
		if headers {
			return header
		}
		return field
	}
	bNames, hNames := declared(b, fold), declared(h, fold)
	keys := sortedKeys(bNames)
	for k := range hNames {
		if _, ok := bNames[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	bAdd, hAdd := d.b.node(b.additional), d.h.node(h.additional)
	bClosed, hClosed := len(b.additional) > 0 && bAdd.types == 0, len(h.additional) > 0 && hAdd.types == 0
	for _, k := range keys {
		bn, inB := bNames[k]
		hn, inH := hNames[k]
		_, bReq := b.required[bn]
		_, hReq := h.required[hn]
		switch {
		case inB && !inH:
			bl, hl := propLoc(b, bn, ba), at(h, "properties", ha)
			if bReq {
				d.report(rule(FieldRemoved, HeaderRemoved), childPath(path, bn), bl, hl, "required %s %q was removed", what, bn)
			} else {
				d.report(rule(OptionalFieldRemoved, OptionalHeaderRemoved), childPath(path, bn), bl, hl, "optional %s %q was removed", what, bn)
			}
		case !inB && inH:
			p := childPath(path, hn)
			bl, hl := at(b, "properties", ba), propLoc(h, hn, ha)
			kind := "optional"
			if hReq {
				kind = "required"
			}
			switch {
			case bClosed:
				d.report(ClosedObjectFieldAdded, p, at(b, "additionalProperties", ba), hl, "%s %s %q was added, but the old schema forbids unknown properties", kind, what, hn)
			default:
				d.report(rule(FieldAdded, HeaderAdded), p, bl, hl, "%s %s %q was added", kind, what, hn)
				if len(b.additional) > 0 {
					d.diff(p, bAdd, d.h.node(h.props[hn]), at(b, "additionalProperties", ba), hl)
				}
			}
		default:
			p := childPath(path, bn)
			switch {
			case bReq && !hReq:
				d.report(rule(RequiredToOptional, HeaderMadeOptional), p, b.required[bn], propLoc(h, hn, ha), "%s %q is no longer required", what, bn)
			case !bReq && hReq:
				d.report(rule(OptionalToRequired, HeaderMadeRequired), p, propLoc(b, bn, ba), h.required[hn], "%s %q is now required", what, bn)
			}
			d.diff(p, d.b.node(b.props[bn]), d.h.node(h.props[hn]), propLoc(b, bn, ba), propLoc(h, hn, ha))
		}
	}
	bHas, hHas := len(b.additional) > 0 && !d.b.isAny(bAdd), len(h.additional) > 0 && !d.h.isAny(hAdd)
	bl, hl := at(b, "additionalProperties", ba), at(h, "additionalProperties", ha)
	switch {
	case bHas && !hHas:
		d.report(AdditionalPropsOpened, path, bl, hl, "unknown properties are no longer restricted (additionalProperties was %s)", restriction(bClosed))
	case !bHas && hHas:
		d.report(AdditionalPropsClosed, path, bl, hl, "unknown properties are now restricted (additionalProperties: %s)", restriction(hClosed))
	case bClosed && !hClosed:
		d.report(AdditionalPropsOpened, path, bl, hl, "unknown properties are now allowed when they match the additionalProperties schema (was false)")
	case !bClosed && hClosed:
		d.report(AdditionalPropsClosed, path, bl, hl, "unknown properties are now forbidden (additionalProperties: false)")
	case bHas && hHas && !bClosed:
		d.diff(path+"/*", bAdd, hAdd, bl, hl)
	}
}

func restriction(closed bool) string {
	if closed {
		return "false"
	}
	return "a schema"
}

// branches returns the alternatives of nd's one union, or nd itself.
func (d *differ) branches(n *normalizer, nd *node) []*node {
	if len(nd.unions) != 1 {
		return []*node{nd}
	}
	var out []*node
	for _, br := range nd.unions[0].branches {
		out = append(out, n.node(br))
	}
	return out
}

// unionShapes compares a node with a oneOf/anyOf against one without (or
// with another number of them) alternative by alternative.
func (d *differ) unionShapes(path string, b, h *node, ba, ha contract.Location) {
	if len(b.unions) > 1 || len(h.unions) > 1 {
		d.report(SchemaChanged, path, ba, ha, "a combination of several oneOf/anyOf changed")
		return
	}
	kw, bl, hl := "oneOf", ba, ha
	if len(b.unions) == 1 {
		kw, bl = b.unions[0].kw, b.unions[0].loc
	}
	if len(h.unions) == 1 {
		kw, hl = h.unions[0].kw, h.unions[0].loc
	}
	d.pair(path, kw, d.branches(d.b, b), d.branches(d.h, h), bl, hl)
}

// pair matches the alternatives of two unions, compares matched pairs and
// reports the rest as added or removed.
func (d *differ) pair(path, kw string, bs, hs []*node, bl, hl contract.Location) {
	usedB := make([]bool, len(bs))
	matched := make([]int, len(hs))
	for j, h := range hs {
		matched[j] = -1
		for i, b := range bs {
			if !usedB[i] && d.b.fp(b) == d.h.fp(h) {
				usedB[i], matched[j] = true, i
				break
			}
		}
	}
	type cand struct{ i, j, score int }
	var cands []cand
	for j := range hs {
		for i := range bs {
			if matched[j] < 0 && !usedB[i] {
				cands = append(cands, cand{i, j, d.similarity(bs[i], hs[j])})
			}
		}
	}
	sort.SliceStable(cands, func(x, y int) bool { return cands[x].score > cands[y].score })
	for _, c := range cands {
		if usedB[c.i] || matched[c.j] >= 0 || c.score <= 0 && len(bs) != len(hs) {
			continue
		}
		usedB[c.i], matched[c.j] = true, c.i
		d.diff(path, bs[c.i], hs[c.j], bl, hl)
	}
	for j, h := range hs {
		if matched[j] < 0 {
			d.report(VariantAdded, path, bl, here(h, hl), "%s alternative %s was added", kw, describe(h))
		}
	}
	for i, b := range bs {
		if !usedB[i] {
			d.report(VariantRemoved, path, here(b, bl), hl, "%s alternative %s was removed", kw, describe(b))
		}
	}
}

// similarity scores how likely two alternatives are the same one, changed.
func (d *differ) similarity(b, h *node) int {
	s := 0
	if b.types == h.types {
		s++
	}
	if b.ref != "" && b.ref == h.ref {
		s += 5
	}
	for name := range b.props {
		if _, ok := h.props[name]; !ok {
			continue
		}
		s++
		bp, hp := d.b.node(b.props[name]), d.h.node(h.props[name])
		if bp.enum != nil && hp.enum != nil {
			if values(bp.enum, hp.enum) == "" && values(hp.enum, bp.enum) == "" {
				s += 10 // the same tag: the same alternative
			} else {
				s -= 10
			}
		}
	}
	return s
}

// describe names an alternative in messages.
func describe(nd *node) string {
	if nd.ref != "" {
		return nd.ref
	}
	return "(" + nd.types.String() + ")"
}

func (d *differ) opaque(path string, b, h *node, ba, ha contract.Location) {
	keys := sortedKeys(b.opaque)
	for k := range h.opaque {
		if _, ok := b.opaque[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if b.opaque[k] == h.opaque[k] {
			continue
		}
		verb := "changed"
		switch {
		case b.opaque[k] == "":
			verb = "added"
		case h.opaque[k] == "":
			verb = "removed"
		}
		d.report(SchemaChanged, path, at(b, k, ba), at(h, k, ha), "%s %s", k, verb)
	}
}
