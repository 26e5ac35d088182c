package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// File is one parsed contract file: the AsyncAPI document or a schema it
// references. YAML and JSON are both read through YAML nodes, so every value
// keeps its line and column.
type File struct {
	Path    string     // absolute, cleaned path on disk
	Display string     // path shown in messages (relative to the working directory when the contract path was)
	URL     string     // file:// URL under which the schema compiler sees it
	Root    *yaml.Node // the document's top node
	Value   any        // JSON data model: map[string]any, []any, string, json.Number, bool, nil
	JSON    []byte     // Value encoded as JSON
	Source  []byte     // the file's bytes as read
}

// maxNodes bounds the values one file may expand to, so alias bombs
// ("billion laughs") fail instead of exhausting memory.
const maxNodes = 1 << 20

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// parseFile parses data (YAML or JSON) into a File. isJSON selects strict
// JSON syntax checking (for .json files) before the YAML read that supplies
// positions.
func parseFile(display string, data []byte, isJSON bool) (*File, *Error) {
	f := &File{Display: display, Source: data}
	at := func(line, col int, format string, args ...any) *Error {
		return &Error{Pos: Pos{File: display, Line: line, Col: col}, Msg: fmt.Sprintf(format, args...)}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, at(1, 1, "empty file")
	}
	if isJSON {
		if err := checkJSONSyntax(data); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				line, col := offsetToLineCol(data, se.Offset)
				return nil, at(line, col, "invalid JSON: %s", se.Error())
			}
			return nil, at(1, 1, "invalid JSON: %v", err)
		}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		msg := err.Error()
		line := 1
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = msg[len(m[0]):]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		return nil, at(line, 1, "invalid YAML: %s", msg)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, at(extra.Line, extra.Column, "more than one YAML document in a file")
	}
	if len(doc.Content) == 0 {
		return nil, at(1, 1, "empty file")
	}
	f.Root = doc.Content[0]
	conv := converter{display: display}
	f.Value = conv.value(f.Root, 0)
	if conv.err != nil {
		return nil, conv.err
	}
	js, err := json.Marshal(f.Value)
	if err != nil {
		return nil, at(f.Root.Line, f.Root.Column, "cannot encode as JSON: %v", err)
	}
	f.JSON = js
	return f, nil
}

// checkJSONSyntax reports the first syntax error of a JSON document,
// including trailing data after the value.
func checkJSONSyntax(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	if dec.More() {
		off := dec.InputOffset()
		return &json.SyntaxError{Offset: off + 1}
	}
	return nil
}

func offsetToLineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	if col < 1 {
		col = 1
	}
	return line, col
}

// converter turns YAML nodes into the JSON data model, recording the first
// problem it meets.
type converter struct {
	display string
	nodes   int
	err     *Error
}

func (c *converter) fail(n *yaml.Node, format string, args ...any) any {
	if c.err == nil {
		c.err = &Error{Pos: Pos{File: c.display, Line: n.Line, Col: n.Column}, Msg: fmt.Sprintf(format, args...)}
	}
	return nil
}

func (c *converter) value(n *yaml.Node, depth int) any {
	if c.err != nil {
		return nil
	}
	c.nodes++
	if c.nodes > maxNodes {
		return c.fail(n, "document expands to more than %d values (alias bomb?)", maxNodes)
	}
	if depth > 1000 {
		return c.fail(n, "nesting deeper than 1000 levels")
	}
	switch n.Kind {
	case yaml.AliasNode:
		return c.value(n.Alias, depth+1)
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return c.value(n.Content[0], depth)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			out = append(out, c.value(item, depth+1))
		}
		return out
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return c.fail(k, "mapping key must be a scalar")
			}
			if k.Tag == "!!merge" {
				return c.fail(k, "YAML merge keys (<<) are not supported; write the fields out")
			}
			if _, dup := out[k.Value]; dup {
				return c.fail(k, "duplicate key %q", k.Value)
			}
			out[k.Value] = c.value(v, depth+1)
		}
		return out
	case yaml.ScalarNode:
		return c.scalar(n)
	}
	return c.fail(n, "unsupported YAML node")
}

func (c *converter) scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return c.fail(n, "invalid boolean %q", n.Value)
		}
		return b
	case "!!int":
		var i any
		if err := n.Decode(&i); err != nil {
			return c.fail(n, "invalid integer %q", n.Value)
		}
		switch i := i.(type) {
		case int:
			return json.Number(strconv.FormatInt(int64(i), 10))
		case int64:
			return json.Number(strconv.FormatInt(i, 10))
		case uint64:
			return json.Number(strconv.FormatUint(i, 10))
		case float64: // out of int64 range
			return json.Number(strconv.FormatFloat(i, 'g', -1, 64))
		}
		return c.fail(n, "invalid integer %q", n.Value)
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return c.fail(n, "invalid number %q", n.Value)
		}
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return c.fail(n, "%q is not a JSON number", n.Value)
		}
		if json.Valid([]byte(n.Value)) {
			return json.Number(n.Value)
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
	case "!!str", "!!timestamp", "!!binary":
		return n.Value
	}
	return c.fail(n, "unsupported YAML tag %s", n.Tag)
}

// nodeAt walks a JSON pointer through a YAML node tree. It returns the
// deepest node reached and whether the whole pointer was found.
func nodeAt(root *yaml.Node, ptr string) (*yaml.Node, bool) {
	n := root
	for _, tok := range splitPointer(ptr) {
		for n.Kind == yaml.AliasNode || n.Kind == yaml.DocumentNode {
			if n.Kind == yaml.AliasNode {
				n = n.Alias
			} else if len(n.Content) > 0 {
				n = n.Content[0]
			}
		}
		next := child(n, tok)
		if next == nil {
			return n, false
		}
		n = next
	}
	return n, true
}

// keyNodeAt returns the key node of the mapping entry ptr names, or the value
// node when ptr names no mapping entry. Messages about a misplaced field
// point at its key.
func keyNodeAt(root *yaml.Node, ptr string) *yaml.Node {
	toks := splitPointer(ptr)
	if len(toks) == 0 {
		return root
	}
	parent, ok := nodeAt(root, joinPointer(toks[:len(toks)-1]...))
	if !ok {
		return parent
	}
	if parent.Kind == yaml.MappingNode {
		last := toks[len(toks)-1]
		for i := 0; i+1 < len(parent.Content); i += 2 {
			if parent.Content[i].Value == last {
				return parent.Content[i]
			}
		}
	}
	n, _ := nodeAt(root, ptr)
	return n
}

func child(n *yaml.Node, tok string) *yaml.Node {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == tok {
				return n.Content[i+1]
			}
		}
	case yaml.SequenceNode:
		i, err := strconv.Atoi(tok)
		if err == nil && i >= 0 && i < len(n.Content) && strconv.Itoa(i) == tok {
			return n.Content[i]
		}
	}
	return nil
}

// valueAt walks a JSON pointer through a JSON data model value.
func valueAt(v any, ptr string) (any, bool) {
	for _, tok := range splitPointer(ptr) {
		switch x := v.(type) {
		case map[string]any:
			next, ok := x[tok]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) || strconv.Itoa(i) != tok {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// splitPointer splits an RFC 6901 JSON pointer into unescaped tokens.
func splitPointer(ptr string) []string {
	if ptr == "" {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
	}
	return parts
}

// joinPointer builds an RFC 6901 JSON pointer from unescaped tokens.
func joinPointer(toks ...string) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// pos returns the position of the node at ptr in f (the deepest existing
// node when ptr does not fully resolve).
func (f *File) pos(ptr string) Pos {
	n, _ := nodeAt(f.Root, ptr)
	return Pos{File: f.Display, Line: n.Line, Col: n.Column}
}

// keyPos is like pos but points at the mapping key of the entry.
func (f *File) keyPos(ptr string) Pos {
	n := keyNodeAt(f.Root, ptr)
	return Pos{File: f.Display, Line: n.Line, Col: n.Column}
}
