package components

import (
	"slices"

	"github.com/hookcontract/hookcontract/contract"
	"go.yaml.in/yaml/v3"
)

// RefFunc returns what a $ref pointing at target becomes in a copy.
type RefFunc func(target contract.Location) (string, error)

// Copy returns a deep copy of the schema at loc as YAML nodes, in document
// order, with every $ref value replaced by rewrite(target). Keywords named
// in drop are left out of every schema object of the copy: "$schema" and
// "$defs" are dead weight once every $ref points at a component. Aliases
// are expanded; anchors, comments and flow styles are not kept.
func Copy(c *contract.Contract, loc contract.Location, rewrite RefFunc, drop ...string) (*yaml.Node, error) {
	n := NodeAt(loc.File.Root, loc.Pointer)
	cp := copier{c: c, file: loc.File, rewrite: rewrite, drop: drop}
	out := cp.schema(n)
	return out, cp.err
}

type copier struct {
	c       *contract.Contract
	file    *contract.File
	rewrite RefFunc
	drop    []string
	err     error
}

// schema copies a node in a schema position.
func (cp *copier) schema(n *yaml.Node) *yaml.Node {
	n = unalias(n)
	if n.Kind != yaml.MappingNode {
		if n.Kind == yaml.SequenceNode {
			out := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			for _, item := range n.Content {
				out.Content = append(out.Content, cp.schema(item))
			}
			return out
		}
		return data(n)
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, unalias(n.Content[i+1])
		if slices.Contains(cp.drop, k) {
			continue
		}
		var val *yaml.Node
		switch {
		case k == "$ref" && v.Kind == yaml.ScalarNode && v.ShortTag() == "!!str":
			val = scalar(v.Value)
			if target, err := Target(cp.c, cp.file, v.Value); err != nil {
				cp.fail(err)
			} else if ref, err := cp.rewrite(target); err != nil {
				cp.fail(err)
			} else {
				val = scalar(ref)
			}
		case dataKeywords[k]:
			val = data(v)
		case schemaMaps[k] && v.Kind == yaml.MappingNode:
			val = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			for j := 0; j+1 < len(v.Content); j += 2 {
				val.Content = append(val.Content, data(v.Content[j]), cp.schema(v.Content[j+1]))
			}
		default:
			val = cp.schema(v)
		}
		out.Content = append(out.Content, scalar(k), val)
	}
	return out
}

func (cp *copier) fail(err error) {
	if cp.err == nil {
		cp.err = err
	}
}

// data copies a node that holds instance data: nothing in it is rewritten.
func data(n *yaml.Node) *yaml.Node {
	n = unalias(n)
	out := &yaml.Node{Kind: n.Kind, Tag: n.ShortTag(), Value: n.Value}
	for _, c := range n.Content {
		out.Content = append(out.Content, data(c))
	}
	return out
}

func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
