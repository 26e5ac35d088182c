// Package breaking classifies the changes between two versions of a
// webhook contract from the consumer's point of view: the provider sends,
// the consumer receives, and a change is breaking when a payload valid
// under the new contract can be rejected or misread by a consumer built
// from the old one.
//
// Compare walks both contracts' message sets and every payload and header
// schema, following $refs, allOf and nullable oneOf/anyOf wrappers, so
// that equivalent spellings (a moved or inlined $ref, reordered
// properties, type: [x, "null"] versus oneOf with {type: "null"}) produce
// no finding. Each finding names a rule of the catalog (Rules), its level,
// and its place in both versions.
//
// The stages are: normalise (schema.go: raw schema values to nodes),
// compare (diff.go: nodes side by side; compare.go: messages, headers,
// examples), then accept (ignore.go) and judge the version (version.go).
package breaking

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hookcontract/hookcontract/contract"
)

// Options tune Compare.
type Options struct {
	// Ignore lists accepted findings; they are moved to Report.Ignored
	// and count for nothing.
	Ignore *IgnoreList
}

// Compare classifies the changes from base (the old contract) to head
// (the new one).
func Compare(base, head *contract.Contract, opts *Options) *Report {
	if opts == nil {
		opts = &Options{}
	}
	c := &comparer{base: base, head: head, bn: newNormalizer(base), hn: newNormalizer(head)}
	c.discriminator()
	c.messages()
	r := &Report{
		Base: ContractInfo{Path: base.Path, Title: base.Info.Title, Version: base.Info.Version},
		Head: ContractInfo{Path: head.Path, Title: head.Info.Title, Version: head.Info.Version},
	}
	for _, m := range base.Messages {
		r.Events = append(r.Events, m.Name)
	}
	for _, m := range head.Messages {
		if base.Message(m.Name) == nil {
			r.Events = append(r.Events, m.Name)
		}
	}
	sort.Strings(r.Events)
	var used []bool
	findings := mergeFindings(c.findings)
	if opts.Ignore != nil {
		used = make([]bool, len(opts.Ignore.Entries))
		findings, r.Ignored = opts.Ignore.apply(findings, used)
	}
	needed := NoBump
	for _, f := range findings {
		needed = max(needed, ruleByID[f.Rule].Bump)
	}
	if needed == NoBump && !sameContent(base, head) {
		needed = Patch
	}
	r.Version = checkVersion(base.Info.Version, head.Info.Version, needed)
	if r.Version.Semver && !r.Version.Enough {
		made := "not an increase"
		if r.Version.Made != NoBump {
			made = "a " + r.Version.Made.String() + " bump"
		}
		v := []Finding{{
			Rule: VersionNotBumped, Level: ruleByID[VersionNotBumped].Level, Path: "/info/version",
			Message: fmt.Sprintf("info.version %s → %s is %s; the changes need a %s bump (%s or later)", r.Version.Base, r.Version.Head, made, needed, r.Version.Suggested),
			Base:    positionOf(c.nearest(base, contract.Location{File: base.Root, Pointer: "/info/version"})),
			Head:    positionOf(c.nearest(head, contract.Location{File: head.Root, Pointer: "/info/version"})),
		}}
		if opts.Ignore != nil {
			var ignored []Finding
			v, ignored = opts.Ignore.apply(v, used)
			r.Ignored = append(r.Ignored, ignored...)
		}
		findings = append(findings, v...)
	}
	sortFindings(findings)
	sortFindings(r.Ignored)
	r.Findings = findings
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	for i, u := range used {
		if !u {
			r.Unused = append(r.Unused, opts.Ignore.Entries[i])
		}
	}
	return r
}

// comparer holds one comparison.
type comparer struct {
	base, head *contract.Contract
	bn, hn     *normalizer
	findings   []Finding
}

func (c *comparer) add(rule, event, path string, bl, hl contract.Location, format string, args ...any) {
	c.findings = append(c.findings, Finding{
		Rule: rule, Level: ruleByID[rule].Level, Event: event, Path: path,
		Message: fmt.Sprintf(format, args...),
		Base:    positionOf(bl), Head: positionOf(hl),
	})
}

// exists reports whether loc names a value of its file.
func exists(loc contract.Location) bool {
	if loc.File == nil {
		return false
	}
	if loc.Pointer == "" {
		return true
	}
	i := strings.LastIndexByte(loc.Pointer, '/')
	parent, tok := contract.Location{File: loc.File, Pointer: loc.Pointer[:i]}, unescape(loc.Pointer[i+1:])
	switch v := parent.Value().(type) {
	case map[string]any:
		_, ok := v[tok]
		return ok && exists(parent)
	case []any:
		n, err := strconv.Atoi(tok)
		return err == nil && n >= 0 && n < len(v) && exists(parent)
	}
	return false
}

func unescape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
}

// nearest returns the location in c closest to loc (a location in the
// other version): the same file and pointer, or its nearest existing
// parent, or the AsyncAPI document.
func (c *comparer) nearest(in *contract.Contract, loc contract.Location) contract.Location {
	f := in.Root
	if loc.File != nil {
		f = in.Files[loc.File.Path]
		if f == nil {
			return contract.Location{File: in.Root}
		}
	}
	ptr := loc.Pointer
	for {
		l := contract.Location{File: f, Pointer: ptr}
		if exists(l) {
			return l
		}
		i := strings.LastIndexByte(ptr, '/')
		if i < 0 {
			return contract.Location{File: f}
		}
		ptr = ptr[:i]
	}
}

// field returns loc.At(name) when it exists, else loc.
func field(loc contract.Location, name string) contract.Location {
	if l := loc.At(name); exists(l) {
		return l
	}
	return loc
}

// messageField is where a message's field is set: on the message itself
// or else on the last of its traits that sets it (the message wins over
// its traits, a later trait over an earlier one); the message when none.
func messageField(in *contract.Contract, m *contract.Message, name string) contract.Location {
	if l := m.Loc.At(name); exists(l) {
		return l
	}
	traits, _ := m.Loc.At("traits").Value().([]any)
	for i := len(traits) - 1; i >= 0; i-- {
		if t, err := in.Deref(m.Loc.At("traits", strconv.Itoa(i))); err == nil && exists(t.At(name)) {
			return t.At(name)
		}
	}
	return m.Loc
}

// discriminator reports a change of the property that names the event.
func (c *comparer) discriminator() {
	if c.base.Discriminator == c.head.Discriminator {
		return
	}
	c.add(DiscriminatorChanged, "", "", c.discriminatorLoc(c.base, c.bn), c.discriminatorLoc(c.head, c.hn),
		"the event is named by %q instead of %q", c.head.Discriminator, c.base.Discriminator)
}

// discriminatorLoc is where the first message's payload declares the
// discriminator.
func (c *comparer) discriminatorLoc(in *contract.Contract, n *normalizer) contract.Location {
	msgs := sortedMessages(in)
	if len(msgs) == 0 || msgs[0].Payload == nil {
		return contract.Location{File: in.Root}
	}
	root := n.node([]member{{loc: msgs[0].Payload.Loc}})
	return propLoc(root, in.Discriminator, root.loc)
}

func sortedMessages(in *contract.Contract) []*contract.Message {
	msgs := slices.Clone(in.Messages)
	sort.SliceStable(msgs, func(i, j int) bool { return msgs[i].Name < msgs[j].Name })
	return msgs
}

// messages matches the events of both versions by wire name, then by
// message id (a rename), and compares each pair.
func (c *comparer) messages() {
	var gone, added []*contract.Message
	for _, bm := range sortedMessages(c.base) {
		if hm := c.head.Message(bm.Name); hm != nil {
			c.message(bm, hm)
		} else {
			gone = append(gone, bm)
		}
	}
	for _, hm := range sortedMessages(c.head) {
		if c.base.Message(hm.Name) == nil {
			added = append(added, hm)
		}
	}
	for _, bm := range gone {
		i := slices.IndexFunc(added, func(hm *contract.Message) bool { return hm.Key == bm.Key })
		if i < 0 {
			c.add(EventRemoved, bm.Name, "", bm.Loc, c.nearest(c.head, bm.Loc), "event %q (message %s) was removed", bm.Name, bm.Key)
			continue
		}
		hm := added[i]
		added = slices.Delete(added, i, i+1)
		c.add(EventRenamed, bm.Name, "", field(bm.Loc, "name"), field(hm.Loc, "name"), "event %q was renamed to %q (message %s)", bm.Name, hm.Name, bm.Key)
		c.message(bm, hm)
	}
	for _, hm := range added {
		c.add(EventAdded, hm.Name, "", c.nearest(c.base, hm.Loc), hm.Loc, "event %q (message %s) was added", hm.Name, hm.Key)
	}
}

// message compares one event in both versions.
func (c *comparer) message(bm, hm *contract.Message) {
	ev := bm.Name
	if bm.Key != hm.Key {
		c.add(MessageRenamed, ev, "", bm.Loc, hm.Loc, "message id changed from %s to %s", bm.Key, hm.Key)
	}
	if bm.ContentType != hm.ContentType {
		c.add(ContentTypeChanged, ev, "/contentType", messageField(c.base, bm, "contentType"), messageField(c.head, hm, "contentType"), "content type changed from %s to %s", bm.ContentType, hm.ContentType)
	}
	c.correlationID(bm, hm)
	d := &differ{b: c.bn, h: c.hn, event: ev, skipEnum: childPath("/payload", c.base.Discriminator), out: &c.findings, active: map[[2]*node]bool{}}
	if bm.Payload != nil && hm.Payload != nil {
		d.diff("/payload", c.bn.node([]member{{loc: bm.Payload.Loc}}), c.hn.node([]member{{loc: hm.Payload.Loc}}), bm.Payload.Loc, hm.Payload.Loc)
	}
	bh, ba := c.headers(c.bn, bm)
	hh, ha := c.headers(c.hn, hm)
	d.diff("/headers", bh, hh, ba, ha)
	c.examples(bm, hm)
}

// headers returns the node of a message's headers: an object with no
// declared header when it has none.
func (c *comparer) headers(n *normalizer, m *contract.Message) (*node, contract.Location) {
	if m.Headers == nil {
		return n.object(), m.Loc
	}
	return n.node([]member{{loc: m.Headers.Loc}}), m.Headers.Loc
}

// object is the node of "an object, nothing more said".
func (n *normalizer) object() *node {
	const key = "<object>"
	if nd, ok := n.memo[key]; ok {
		return nd
	}
	nd := &node{key: key, types: tObject, kw: map[string]contract.Location{}}
	n.memo[key] = nd
	return nd
}

func (c *comparer) correlationID(bm, hm *contract.Message) {
	b, h := bm.CorrelationID, hm.CorrelationID
	bl, hl := messageField(c.base, bm, "correlationId"), messageField(c.head, hm, "correlationId")
	switch {
	case b == nil && h == nil:
	case b == nil:
		c.add(CorrelationIDAdded, bm.Name, "/correlationId", bl, hl, "correlationId %s is now declared", h.Location)
	case h == nil:
		c.add(CorrelationIDChanged, bm.Name, "/correlationId", bl, hl, "correlationId %s is no longer declared", b.Location)
	case b.In != h.In || b.Pointer != h.Pointer && !(b.In == "header" && strings.EqualFold(b.Pointer, h.Pointer)):
		c.add(CorrelationIDChanged, bm.Name, "/correlationId", bl, hl, "correlationId moved from %s to %s", b.Location, h.Location)
	}
}

// examples checks each example of one version against the other's
// schemas: a new example the old schema rejects is a payload an old
// consumer rejects.
func (c *comparer) examples(bm, hm *contract.Message) {
	for i, ex := range hm.Examples {
		payload := ex.Payload
		if bm.Name != hm.Name {
			payload = withProperty(payload, c.base.Discriminator, bm.Name) // the rename is reported once, not per example
		}
		if msg, at := c.violation(c.bn, bm, payload, ex.Headers); msg != "" {
			c.add(NewExampleRejected, bm.Name, "/examples/"+strconv.Itoa(i), at, ex.Loc, "new example %s is rejected by the old schema: %s", exampleName(ex, i), msg)
		}
	}
	for i, ex := range bm.Examples {
		payload := ex.Payload
		if bm.Name != hm.Name {
			payload = withProperty(payload, c.head.Discriminator, hm.Name)
		}
		if msg, at := c.violation(c.hn, hm, payload, ex.Headers); msg != "" {
			c.add(OldExampleInvalid, bm.Name, "/examples/"+strconv.Itoa(i), ex.Loc, at, "old example %s fails the new schema: %s", exampleName(ex, i), msg)
		}
	}
}

func exampleName(ex contract.Example, i int) string {
	if ex.Name != "" {
		return strconv.Quote(ex.Name)
	}
	return "#" + strconv.Itoa(i)
}

// withProperty returns a copy of an object payload with key set to v.
func withProperty(payload any, key, v string) any {
	obj, ok := payload.(map[string]any)
	if !ok {
		return payload
	}
	out := make(map[string]any, len(obj))
	for k, x := range obj {
		out[k] = x
	}
	out[key] = v
	return out
}

// violation validates an example against m's schemas and describes the
// first violation, with the schema location it breaks.
func (c *comparer) violation(n *normalizer, m *contract.Message, payload any, headers map[string]any) (string, contract.Location) {
	type part struct {
		name   string
		schema *contract.Schema
		value  any
	}
	parts := []part{{"payload", m.Payload, payload}}
	if headers != nil && m.Headers != nil {
		parts = append(parts, part{"headers", m.Headers, foldHeaders(headers, n.node([]member{{loc: m.Headers.Loc}}))})
	}
	for _, p := range parts {
		if p.schema == nil || p.schema.Compiled == nil {
			continue
		}
		vs := contract.Violations(p.schema.Validate(p.value))
		if len(vs) == 0 {
			continue
		}
		v := vs[0]
		msg := fmt.Sprintf("/%s%s: %s (%s)", p.name, v.Pointer, v.Message, v.Keyword)
		if len(vs) > 1 {
			msg += fmt.Sprintf(", and %d more", len(vs)-1)
		}
		return msg, c.schemaAt(n, p.schema.Loc, v.Pointer)
	}
	return "", contract.Location{}
}

// foldHeaders renames example headers to the spelling the schema uses:
// header names are case-insensitive.
func foldHeaders(headers map[string]any, schema *node) map[string]any {
	names := map[string]string{}
	for name := range schema.props {
		names[strings.ToLower(name)] = name
	}
	out := make(map[string]any, len(headers))
	for k, v := range headers {
		if name, ok := names[strings.ToLower(k)]; ok {
			k = name
		}
		out[k] = v
	}
	return out
}

// schemaAt finds the schema that governs the value at an instance pointer,
// as deep as properties and items lead.
func (c *comparer) schemaAt(n *normalizer, root contract.Location, ptr string) contract.Location {
	nd := n.node([]member{{loc: root}})
	best := root
	if ptr == "" {
		return best
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = unescape(tok)
		var next []member
		if ms, ok := nd.props[tok]; ok {
			next = ms
		} else if _, err := strconv.Atoi(tok); err == nil && len(nd.items) > 0 {
			next = nd.items
		} else {
			break
		}
		nd = n.node(next)
		best = here(nd, best)
	}
	return best
}

// sameContent reports whether two contracts are the same apart from
// info.version and formatting.
func sameContent(a, b *contract.Contract) bool {
	if len(a.Files) != len(b.Files) || a.Root.Path != b.Root.Path {
		return false
	}
	for p, fa := range a.Files {
		fb := b.Files[p]
		if fa == nil || fb == nil {
			return false
		}
		if fa == a.Root {
			if canon(withoutVersion(fa.Value)) != canon(withoutVersion(fb.Value)) {
				return false
			}
			continue
		}
		if string(fa.JSON) != string(fb.JSON) {
			return false
		}
	}
	return true
}

func withoutVersion(doc any) any {
	m, ok := doc.(map[string]any)
	if !ok {
		return doc
	}
	info, ok := m["info"].(map[string]any)
	if !ok {
		return doc
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	in := make(map[string]any, len(info))
	for k, v := range info {
		if k != "version" {
			in[k] = v
		}
	}
	out["info"] = in
	return out
}
