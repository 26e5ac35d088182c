// Package components names the schemas of a contract so that they can live
// in one document. Every message's payload schema, and every schema that a
// $ref inside a payload or header schema points at, becomes a named
// component; Copy returns a schema with each of its $refs rewritten to
// point at a component instead of a file.
//
// The publish stages build on it: the AsyncAPI bundle and the OpenAPI
// export place components under components.schemas, and the HTML page
// links the shared ones.
package components

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/hookcontract/hookcontract/contract"
	"go.yaml.in/yaml/v3"
)

// Component is one named schema.
type Component struct {
	Name    string            // unique within the set; letters, digits, '.', '-', '_'
	Loc     contract.Location // the schema: a $ref's immediate target, or a payload schema
	Payload *contract.Message // the message whose payload this is; nil for a shared type
	Refs    int               // $refs in schema positions that point at it
}

// Shared reports whether the component is the target of a $ref: a type
// written once and used from elsewhere.
func (c *Component) Shared() bool { return c.Refs > 0 }

// Set is the named schemas of one contract.
type Set struct {
	c     *contract.Contract
	list  []*Component
	byLoc map[string]*Component
	names map[string]bool
}

// New walks the payload and header schemas of every message of c and names
// each payload schema and each $ref target it finds. Names come from a
// schema's title, else the last token of its JSON pointer, else its file
// name; a payload without a title is named after its message key
// (companyCreated becomes CompanyCreated). reserved names are never given
// out. Components are listed in the order they are met, which follows the
// document, so names are stable from run to run.
func New(c *contract.Contract, reserved ...string) (*Set, error) {
	s := &Set{c: c, byLoc: map[string]*Component{}, names: map[string]bool{}}
	for _, r := range reserved {
		s.names[r] = true
	}
	for _, m := range c.Messages {
		if m.Payload == nil {
			continue
		}
		comp := s.add(m.Payload.Loc, payloadName(m))
		comp.Payload = m
	}
	for _, m := range c.Messages {
		if m.Payload != nil {
			if err := s.walk(m.Payload.Loc); err != nil {
				return nil, err
			}
		}
		if m.Headers != nil {
			if err := s.walk(m.Headers.Loc); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// All returns every component, in the order met.
func (s *Set) All() []*Component { return s.list }

// Shared returns the components that are $ref targets, in the order met.
func (s *Set) Shared() []*Component {
	var out []*Component
	for _, comp := range s.list {
		if comp.Shared() {
			out = append(out, comp)
		}
	}
	return out
}

// At returns the component whose schema is at loc, or nil.
func (s *Set) At(loc contract.Location) *Component { return s.byLoc[key(loc)] }

// Payload returns the component of m's payload schema, or nil.
func (s *Set) Payload(m *contract.Message) *Component {
	if m.Payload == nil {
		return nil
	}
	return s.At(m.Payload.Loc)
}

// Contract returns the contract the set names the schemas of.
func (s *Set) Contract() *contract.Contract { return s.c }

func key(loc contract.Location) string { return loc.File.Path + "#" + loc.Pointer }

func (s *Set) add(loc contract.Location, name string) *Component {
	if comp := s.byLoc[key(loc)]; comp != nil {
		return comp
	}
	name = sanitize(name)
	if name == "" {
		name = "Schema"
	}
	unique := name
	for i := 2; s.names[unique]; i++ {
		unique = name + strconv.Itoa(i)
	}
	s.names[unique] = true
	comp := &Component{Name: unique, Loc: loc}
	s.list = append(s.list, comp)
	s.byLoc[key(loc)] = comp
	return comp
}

// walk names every $ref target reachable from the schema at loc.
func (s *Set) walk(loc contract.Location) error {
	var err error
	eachRef(loc, func(at contract.Location, ref string) bool {
		target, terr := Target(s.c, at.File, ref)
		if terr != nil {
			err = fmt.Errorf("%s: %v", at.Pos(), terr)
			return false
		}
		known := s.byLoc[key(target)]
		comp := s.add(target, defaultName(target))
		comp.Refs++
		if known == nil {
			// Not met before (payload schemas are walked by New).
			if werr := s.walk(target); werr != nil {
				err = werr
				return false
			}
		}
		return true
	})
	return err
}

// Target resolves ref, a $ref value written in file from, to the location
// it points at (one step: a target holding another $ref is returned as is).
// The contract was loaded, so every reference in it is known to resolve.
func Target(c *contract.Contract, from *contract.File, ref string) (contract.Location, error) {
	u, err := url.Parse(ref)
	if err != nil {
		return contract.Location{}, fmt.Errorf("$ref %q: %v", ref, err)
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/") {
		return contract.Location{}, fmt.Errorf("$ref %q is not a relative file reference", ref)
	}
	file := from
	if u.Path != "" {
		file = c.Files[path.Join(path.Dir(from.Path), u.Path)]
		if file == nil {
			return contract.Location{}, fmt.Errorf("$ref %q: file not loaded", ref)
		}
	}
	return contract.Location{File: file, Pointer: u.Fragment}, nil
}

// Resolve follows $ref chains from loc, like contract.Contract.Deref, and
// also returns the first $ref's immediate target: the component a link
// should name. first is loc itself when loc holds no $ref.
func Resolve(c *contract.Contract, loc contract.Location) (first, final contract.Location, err error) {
	first = loc
	m, ok := loc.Value().(map[string]any)
	if !ok {
		return loc, loc, nil
	}
	ref, ok := m["$ref"].(string)
	if !ok {
		return loc, loc, nil
	}
	if first, err = Target(c, loc.File, ref); err != nil {
		return loc, loc, err
	}
	final, err = c.Deref(first)
	return first, final, err
}

// dataKeywords hold instance data, not schemas: a "$ref" inside them is a
// value, not a reference.
var dataKeywords = map[string]bool{"const": true, "enum": true, "examples": true, "example": true, "default": true}

// schemaMaps hold schemas under names chosen by the author (a property
// called "const" is still a schema).
var schemaMaps = map[string]bool{"properties": true, "patternProperties": true, "$defs": true, "definitions": true, "dependentSchemas": true}

// eachRef calls fn for every $ref in the schema at loc, in document order,
// until fn returns false.
func eachRef(loc contract.Location, fn func(at contract.Location, ref string) bool) bool {
	switch v := loc.Value().(type) {
	case map[string]any:
		n := node(loc)
		for _, k := range mapKeys(n, v) {
			child := loc.At(k)
			if k == "$ref" {
				if ref, ok := v[k].(string); ok {
					if !fn(loc, ref) {
						return false
					}
					continue
				}
			}
			if dataKeywords[k] {
				continue
			}
			if schemaMaps[k] {
				sub, _ := v[k].(map[string]any)
				for _, name := range mapKeys(node(child), sub) {
					if !eachRef(child.At(name), fn) {
						return false
					}
				}
				continue
			}
			if !eachRef(child, fn) {
				return false
			}
		}
	case []any:
		for i := range v {
			if !eachRef(loc.At(strconv.Itoa(i)), fn) {
				return false
			}
		}
	}
	return true
}

// mapKeys returns the keys of m in document order when its node is known.
func mapKeys(n *yaml.Node, m map[string]any) []string {
	if n != nil && n.Kind == yaml.MappingNode {
		keys := make([]string, 0, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			keys = append(keys, n.Content[i].Value)
		}
		return keys
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// node returns the YAML node at loc, or nil.
func node(loc contract.Location) *yaml.Node {
	return NodeAt(loc.File.Root, loc.Pointer)
}

// NodeAt walks a JSON pointer through a YAML node tree, through aliases.
func NodeAt(n *yaml.Node, ptr string) *yaml.Node {
	n = unalias(n)
	if ptr == "" {
		return n
	}
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == tok {
					next = n.Content[i+1]
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
			}
		}
		if next == nil {
			return nil
		}
		n = unalias(next)
	}
	return n
}

func unalias(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return unalias(n.Content[0])
	}
	return n
}

func payloadName(m *contract.Message) string {
	if t, ok := m.Payload.Value().(map[string]any)["title"].(string); ok && sanitize(t) != "" {
		return t
	}
	return pascal(m.Key) + "Payload"
}

func defaultName(loc contract.Location) string {
	if t, ok := loc.Value().(map[string]any)["title"].(string); ok && sanitize(t) != "" {
		return t
	}
	if loc.Pointer != "" {
		toks := strings.Split(loc.Pointer, "/")
		last := strings.ReplaceAll(strings.ReplaceAll(toks[len(toks)-1], "~1", "/"), "~0", "~")
		if sanitize(last) != "" {
			return pascal(last)
		}
	}
	base := path.Base(loc.File.Path)
	return pascal(strings.TrimSuffix(base, path.Ext(base)))
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// sanitize keeps the characters AsyncAPI and OpenAPI allow in component
// names.
func sanitize(s string) string { return unsafeChars.ReplaceAllString(s, "") }

// pascal turns "company.created", "company_at-risk" or "companyCreated"
// into CompanyCreated / CompanyAtRisk.
func pascal(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		switch {
		case r == '.' || r == '_' || r == '-' || r == ' ' || r == '/':
			up = true
		case up:
			b.WriteRune(unicode.ToUpper(r))
			up = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
