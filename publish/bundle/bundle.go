// Package bundle writes a contract as one self-contained AsyncAPI document.
//
// Schema files move into components.schemas: every payload schema and
// every schema a $ref points at becomes a Multi Format Schema Object named
// by package components, and each $ref is rewritten to point at its
// "/schema". Any other reference to another file (a message or trait kept
// in its own file) is replaced by the value it points at, as the AsyncAPI
// bundler does. References within the AsyncAPI document stay as written,
// and so does the order of its keys.
package bundle

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/publish/components"
	"github.com/hookcontract/hookcontract/publish/nodejson"
	"go.yaml.in/yaml/v3"
)

// Document is a bundled contract, ready to be encoded.
type Document struct {
	Root *yaml.Node // the AsyncAPI document, a mapping
}

// Bundle builds the bundled document of c.
func Bundle(c *contract.Contract) (*Document, error) {
	root := components.NodeAt(c.Root.Root, "")
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: the AsyncAPI document is not a mapping", c.Root.Display)
	}
	var reserved []string
	if existing, ok := c.Root.Value.(map[string]any)["components"].(map[string]any)["schemas"].(map[string]any); ok {
		for name := range existing {
			reserved = append(reserved, name)
		}
	}
	set, err := components.New(c, reserved...)
	if err != nil {
		return nil, err
	}
	b := &bundler{c: c, set: set}
	out := b.copy(root, c.Root)
	if b.err != nil {
		return nil, b.err
	}
	var schemas []*yaml.Node
	for _, comp := range set.All() {
		if comp.Loc.File == c.Root {
			continue // stays where it is
		}
		schema, err := components.Copy(c, comp.Loc, b.schemaRef, "$schema", "$defs")
		if err != nil {
			return nil, fmt.Errorf("%s: %v", comp.Loc.Pos(), err)
		}
		wrapper := mapping(
			str("schemaFormat"), str(contract.SchemaFormat),
			str("schema"), schema,
		)
		schemas = append(schemas, str(comp.Name), wrapper)
	}
	if len(schemas) > 0 {
		comps := lookup(out, "components")
		if comps == nil {
			comps = mapping()
			out.Content = append(out.Content, str("components"), comps)
		}
		list := lookup(comps, "schemas")
		if list == nil {
			list = mapping()
			comps.Content = append(comps.Content, str("schemas"), list)
		}
		list.Content = append(list.Content, schemas...)
	}
	return &Document{Root: out}, nil
}

// YAML encodes the document as YAML.
func (d *Document) YAML() ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(d.Root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// JSON encodes the document as indented JSON, keys in document order.
func (d *Document) JSON() ([]byte, error) {
	return nodejson.Encode(d.Root)
}

type bundler struct {
	c        *contract.Contract
	set      *components.Set
	inlining []string // targets being inlined, to refuse loops
	err      error
}

func (b *bundler) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// schemaRef is what a $ref inside a schema component becomes.
func (b *bundler) schemaRef(target contract.Location) (string, error) {
	if target.File == b.c.Root {
		return "#" + escapeFragment(target.Pointer), nil
	}
	comp := b.set.At(target)
	if comp == nil {
		return "", fmt.Errorf("$ref to %s: not a named schema", target)
	}
	return "#/components/schemas/" + escapeFragment(comp.Name) + "/schema", nil
}

// dataKeys hold example data in AsyncAPI documents: nothing in them is a
// reference.
var dataKeys = map[string]bool{"const": true, "enum": true, "examples": true, "example": true, "default": true}

// copy copies a node of file f (the AsyncAPI document, or a file inlined
// into it), rewriting or inlining its references.
func (b *bundler) copy(n *yaml.Node, f *contract.File) *yaml.Node {
	n = unalias(n)
	switch n.Kind {
	case yaml.MappingNode:
		if ref := refOf(n); ref != "" {
			if out := b.ref(n, ref, f); out != nil {
				return out
			}
		}
		out := mapping()
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if dataKeys[k.Value] {
				out.Content = append(out.Content, plain(k), plain(v))
				continue
			}
			out.Content = append(out.Content, plain(k), b.copy(v, f))
		}
		return out
	case yaml.SequenceNode:
		out := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, item := range n.Content {
			out.Content = append(out.Content, b.copy(item, f))
		}
		return out
	}
	return plain(n)
}

// ref rewrites a mapping holding a $ref, written in file f. It returns nil
// when the mapping stays as written (a reference within the document).
func (b *bundler) ref(n *yaml.Node, ref string, f *contract.File) *yaml.Node {
	target, err := components.Target(b.c, f, ref)
	if err != nil {
		b.fail(err)
		return nil
	}
	if comp := b.set.At(target); comp != nil && target.File != b.c.Root {
		out := b.copyExcept(n, f, "$ref")
		out.Content = append([]*yaml.Node{str("$ref"), str("#/components/schemas/" + escapeFragment(comp.Name) + "/schema")}, out.Content...)
		return out
	}
	if target.File == b.c.Root {
		if f == b.c.Root {
			return nil
		}
		out := b.copyExcept(n, f, "$ref")
		out.Content = append([]*yaml.Node{str("$ref"), str("#" + escapeFragment(target.Pointer))}, out.Content...)
		return out
	}
	// Another file's value that no schema names: put it in place, as the
	// AsyncAPI bundler does (a Reference Object's siblings are ignored).
	key := target.File.Path + "#" + target.Pointer
	for _, k := range b.inlining {
		if k == key {
			b.fail(fmt.Errorf("%s: $ref %q: cannot inline a reference that contains itself", f.Display, ref))
			return str("")
		}
	}
	b.inlining = append(b.inlining, key)
	defer func() { b.inlining = b.inlining[:len(b.inlining)-1] }()
	tn := components.NodeAt(target.File.Root, target.Pointer)
	if tn == nil {
		b.fail(fmt.Errorf("%s: $ref %q: nothing at %s", f.Display, ref, target))
		return str("")
	}
	return b.copy(tn, target.File)
}

func (b *bundler) copyExcept(n *yaml.Node, f *contract.File, skip string) *yaml.Node {
	out := mapping()
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == skip {
			continue
		}
		out.Content = append(out.Content, plain(n.Content[i]), b.copy(n.Content[i+1], f))
	}
	return out
}

func refOf(n *yaml.Node) string {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "$ref" {
			v := unalias(n.Content[i+1])
			if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!str" {
				return v.Value
			}
		}
	}
	return ""
}

// plain deep-copies a node without styles, anchors or comments.
func plain(n *yaml.Node) *yaml.Node {
	n = unalias(n)
	out := &yaml.Node{Kind: n.Kind, Tag: n.ShortTag(), Value: n.Value}
	for _, c := range n.Content {
		out.Content = append(out.Content, plain(c))
	}
	return out
}

func unalias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func lookup(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func mapping(kv ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: kv}
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// escapeFragment escapes a JSON pointer for use as a URI fragment: the
// characters a fragment may not hold are percent-encoded.
func escapeFragment(p string) string {
	var b strings.Builder
	for _, r := range []byte(p) {
		if isFragmentChar(r) {
			b.WriteByte(r)
		} else {
			fmt.Fprintf(&b, "%%%02X", r)
		}
	}
	return b.String()
}

func isFragmentChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/?", c) >= 0
}
