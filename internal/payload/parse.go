package payload

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// DefaultMaxDepth is the nesting limit used when none is given: webhook
// payloads are shallow, and a deeper document is more likely an attack or
// a bug than data.
const DefaultMaxDepth = 64

// SyntaxError is a record that is not one well-formed JSON value: malformed
// JSON, invalid UTF-8, a byte order mark, nesting beyond the limit, a
// duplicate key or an empty record.
type SyntaxError struct {
	Offset int    // byte offset of the problem within the record
	Line   int    // 1-based line of Offset within the record
	Col    int    // 1-based column (in bytes) of Offset within its line
	Msg    string // what is wrong
}

// Error formats the problem with its line and column in the record.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at line %d, column %d: %s", e.Line, e.Col, e.Msg)
}

// Parse decodes one JSON value into the JSON data model the schema engine
// reads: map[string]any, []any, string, json.Number, bool and nil. Unlike
// encoding/json it rejects what a contract check must not let through
// silently: invalid UTF-8 (encoding/json replaces it), a leading byte
// order mark, duplicate object keys, and nesting deeper than maxDepth
// (0 means DefaultMaxDepth). The error, when not nil, is a *SyntaxError.
func Parse(data []byte, maxDepth int) (any, error) {
	var t Tape
	if err := t.Parse(data, maxDepth); err != nil {
		return nil, err
	}
	return t.Value(0), nil
}

// Kind is the JSON type of a Node.
type Kind uint8

// The kinds of JSON values.
const (
	Null Kind = iota
	False
	True
	Number
	String
	Array
	Object
)

// Node is one value of a parsed document. A container's members or
// elements follow it on the tape, each followed by its own subtree; End
// is the index just past the node's subtree.
type Node struct {
	Kind Kind
	Len  int32  // members of an object, elements of an array
	End  int32  // index of the node after this one's subtree
	Key  string // the member's key, when the node is an object member
	Str  string // a string's value, or a number's text
}

// Tape is a parsed JSON document as a flat list of nodes in document
// order, the root at index 0. Parsing into a Tape reuses its memory, and
// strings are substrings of one copy of the input: checking a record
// costs a few allocations, however many values it has.
type Tape struct {
	Nodes []Node
}

// Parse parses data into t, replacing what it held, with the same checks
// and errors as the package's Parse.
func (t *Tape) Parse(data []byte, maxDepth int) error {
	if maxDepth <= 0 {
		maxDepth = DefaultMaxDepth
	}
	p := parser{data: data, src: string(data), maxDepth: maxDepth, nodes: t.Nodes[:0]}
	defer func() { t.Nodes = p.nodes }()
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		return p.errAt(0, "byte order mark (U+FEFF) before the value: JSON text must not start with a BOM")
	}
	p.skipSpace()
	if p.pos == len(data) {
		return p.errAt(p.pos, "empty record: no JSON value")
	}
	p.value(0, "")
	if p.err != nil {
		return p.err
	}
	p.skipSpace()
	if p.pos < len(data) {
		return p.errAt(p.pos, fmt.Sprintf("unexpected %s after the JSON value", describe(data, p.pos)))
	}
	return nil
}

// Member returns the index of the member of object node i with key k,
// or -1.
func (t *Tape) Member(i int, k string) int {
	n := t.Nodes
	if n[i].Kind != Object {
		return -1
	}
	for j := i + 1; j < int(n[i].End); j = int(n[j].End) {
		if n[j].Key == k {
			return j
		}
	}
	return -1
}

// Value converts the subtree at node i into the JSON data model.
func (t *Tape) Value(i int) any {
	n := &t.Nodes[i]
	switch n.Kind {
	case False:
		return false
	case True:
		return true
	case Number:
		return json.Number(n.Str)
	case String:
		return n.Str
	case Array:
		out := make([]any, 0, n.Len)
		for j := i + 1; j < int(n.End); j = int(t.Nodes[j].End) {
			out = append(out, t.Value(j))
		}
		return out
	case Object:
		out := make(map[string]any, n.Len)
		for j := i + 1; j < int(n.End); j = int(t.Nodes[j].End) {
			out[t.Nodes[j].Key] = t.Value(j)
		}
		return out
	}
	return nil
}

type parser struct {
	data     []byte
	src      string // data as one string: unescaped strings and numbers are substrings of it, not copies
	pos      int
	maxDepth int
	err      *SyntaxError
	buf      []byte // scratch for strings with escapes
	nodes    []Node
}

func (p *parser) errAt(off int, msg string) *SyntaxError {
	if off > len(p.data) {
		off = len(p.data)
	}
	line, col := 1, 1
	for i := 0; i < off; i++ {
		if p.data[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return &SyntaxError{Offset: off, Line: line, Col: col, Msg: msg}
}

func (p *parser) fail(off int, msg string) {
	if p.err == nil {
		p.err = p.errAt(off, msg)
	}
}

// describe names the input at off for an error message.
func describe(data []byte, off int) string {
	if off >= len(data) {
		return "end of input (truncated?)"
	}
	c := data[off]
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	if r, size := utf8.DecodeRune(data[off:]); r != utf8.RuneError || size > 1 {
		return fmt.Sprintf("character %U", r)
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// push appends a leaf node.
func (p *parser) push(kind Kind, key, str string) {
	i := len(p.nodes)
	p.nodes = append(p.nodes, Node{Kind: kind, Key: key, Str: str, End: int32(i + 1)})
}

// value parses one value, the member key of which is key.
func (p *parser) value(depth int, key string) {
	if p.pos >= len(p.data) {
		p.fail(p.pos, "unexpected end of input (truncated?)")
		return
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		p.object(depth+1, key)
	case c == '[':
		p.array(depth+1, key)
	case c == '"':
		if s, ok := p.string(); ok {
			p.push(String, key, s)
		}
	case c == '-' || (c >= '0' && c <= '9'):
		p.number(key)
	case c == 't':
		p.literal("true", True, key)
	case c == 'f':
		p.literal("false", False, key)
	case c == 'n':
		p.literal("null", Null, key)
	default:
		p.fail(p.pos, fmt.Sprintf("unexpected %s looking for a value", describe(p.data, p.pos)))
	}
}

func (p *parser) literal(word string, kind Kind, key string) {
	end := p.pos + len(word)
	if end > len(p.data) || string(p.data[p.pos:end]) != word {
		for i := 0; i < len(word); i++ {
			if p.pos+i >= len(p.data) {
				p.fail(p.pos+i, "unexpected end of input (truncated?)")
				return
			}
			if p.data[p.pos+i] != word[i] {
				p.fail(p.pos+i, fmt.Sprintf("unexpected %s in literal %s", describe(p.data, p.pos+i), word))
				return
			}
		}
	}
	p.pos = end
	p.push(kind, key, "")
}

// open starts a container node and returns its index.
func (p *parser) open(kind Kind, key string) int {
	i := len(p.nodes)
	p.nodes = append(p.nodes, Node{Kind: kind, Key: key})
	return i
}

func (p *parser) close(i int, n int32) {
	p.nodes[i].Len = n
	p.nodes[i].End = int32(len(p.nodes))
}

// manyKeys is the member count from which duplicate keys are found with a
// map rather than by comparing with each earlier key.
const manyKeys = 32

func (p *parser) object(depth int, key string) {
	if depth > p.maxDepth {
		p.fail(p.pos, fmt.Sprintf("nesting deeper than %d levels (limit -max-depth)", p.maxDepth))
		return
	}
	p.pos++ // {
	o := p.open(Object, key)
	var n int32
	var seen map[string]struct{}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		p.close(o, 0)
		return
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) {
			p.fail(p.pos, "unexpected end of input (truncated?)")
			return
		}
		if p.data[p.pos] != '"' {
			p.fail(p.pos, fmt.Sprintf("unexpected %s looking for an object key", describe(p.data, p.pos)))
			return
		}
		keyAt := p.pos
		k, ok := p.string()
		if !ok {
			return
		}
		p.skipSpace()
		if p.pos >= len(p.data) {
			p.fail(p.pos, "unexpected end of input (truncated?)")
			return
		}
		if p.data[p.pos] != ':' {
			p.fail(p.pos, fmt.Sprintf("unexpected %s after object key", describe(p.data, p.pos)))
			return
		}
		p.pos++
		p.skipSpace()
		member := len(p.nodes)
		p.value(depth, k)
		if p.err != nil {
			return
		}
		if p.duplicate(o, member, k, n, &seen) {
			p.fail(keyAt, fmt.Sprintf("duplicate key %q in object", k))
			return
		}
		n++
		p.skipSpace()
		if p.pos >= len(p.data) {
			p.fail(p.pos, "unexpected end of input (truncated?)")
			return
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			p.close(o, n)
			return
		default:
			p.fail(p.pos, fmt.Sprintf("unexpected %s after object value", describe(p.data, p.pos)))
			return
		}
	}
}

// duplicate reports whether key k of the member at index member was
// already a key of object o, which has n members before it.
func (p *parser) duplicate(o, member int, k string, n int32, seen *map[string]struct{}) bool {
	if n < manyKeys {
		for j := o + 1; j < member; j = int(p.nodes[j].End) {
			if p.nodes[j].Key == k {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]struct{}, 2*manyKeys)
		for j := o + 1; j < member; j = int(p.nodes[j].End) {
			(*seen)[p.nodes[j].Key] = struct{}{}
		}
	}
	if _, dup := (*seen)[k]; dup {
		return true
	}
	(*seen)[k] = struct{}{}
	return false
}

func (p *parser) array(depth int, key string) {
	if depth > p.maxDepth {
		p.fail(p.pos, fmt.Sprintf("nesting deeper than %d levels (limit -max-depth)", p.maxDepth))
		return
	}
	p.pos++ // [
	a := p.open(Array, key)
	var n int32
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		p.close(a, 0)
		return
	}
	for {
		p.skipSpace()
		p.value(depth, "")
		if p.err != nil {
			return
		}
		n++
		p.skipSpace()
		if p.pos >= len(p.data) {
			p.fail(p.pos, "unexpected end of input (truncated?)")
			return
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			p.close(a, n)
			return
		default:
			p.fail(p.pos, fmt.Sprintf("unexpected %s after array element", describe(p.data, p.pos)))
			return
		}
	}
}

// string reads a string starting at the opening quote.
func (p *parser) string() (string, bool) {
	start := p.pos + 1
	i := start
	// Fast path: printable ASCII without escapes.
	for i < len(p.data) {
		c := p.data[i]
		if c == '"' {
			var s string
			s = p.src[start:i]
			p.pos = i + 1
			return s, true
		}
		if c == '\\' || c < 0x20 || c >= 0x80 {
			break
		}
		i++
	}
	p.buf = append(p.buf[:0], p.data[start:i]...)
	for i < len(p.data) {
		c := p.data[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return string(p.buf), true
		case c == '\\':
			if i+1 >= len(p.data) {
				p.fail(len(p.data), "unexpected end of input in a string (truncated?)")
				return "", false
			}
			esc := p.data[i+1]
			switch esc {
			case '"', '\\', '/':
				p.buf = append(p.buf, esc)
			case 'b':
				p.buf = append(p.buf, '\b')
			case 'f':
				p.buf = append(p.buf, '\f')
			case 'n':
				p.buf = append(p.buf, '\n')
			case 'r':
				p.buf = append(p.buf, '\r')
			case 't':
				p.buf = append(p.buf, '\t')
			case 'u':
				r, n := p.unicodeEscape(i)
				if n == 0 {
					return "", false
				}
				p.buf = utf8.AppendRune(p.buf, r)
				i += n
				continue
			default:
				p.fail(i, fmt.Sprintf("invalid escape \\%s in a string", describeEsc(esc)))
				return "", false
			}
			i += 2
		case c < 0x20:
			p.fail(i, fmt.Sprintf("control character %U in a string: escape it", rune(c)))
			return "", false
		case c < 0x80:
			p.buf = append(p.buf, c)
			i++
		default:
			r, size := utf8.DecodeRune(p.data[i:])
			if r == utf8.RuneError && size <= 1 {
				p.fail(i, fmt.Sprintf("invalid UTF-8 (byte 0x%02x) in a string", c))
				return "", false
			}
			p.buf = append(p.buf, p.data[i:i+size]...)
			i += size
		}
	}
	p.fail(len(p.data), "unexpected end of input in a string (truncated?)")
	return "", false
}

func describeEsc(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return string(c)
	}
	return fmt.Sprintf("x%02x", c)
}

// unicodeEscape decodes \uXXXX (and a following low surrogate) at i. It
// returns the rune and the bytes consumed, 0 on error. Lone surrogates
// become U+FFFD, as in encoding/json.
func (p *parser) unicodeEscape(i int) (rune, int) {
	r, ok := hex4(p.data, i+2)
	if !ok {
		p.fail(i, "invalid \\u escape in a string")
		return 0, 0
	}
	if utf16.IsSurrogate(r) {
		if r2, ok := hex4(p.data, i+8); ok && i+7 < len(p.data) && p.data[i+6] == '\\' && p.data[i+7] == 'u' {
			if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
				return dec, 12
			}
		}
		return utf8.RuneError, 6
	}
	return r, 6
}

func hex4(data []byte, at int) (rune, bool) {
	if at+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[at : at+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// number reads a JSON number, kept as its text so that integers of any
// size and decimals keep their exact value.
func (p *parser) number(key string) {
	start := p.pos
	i := p.pos
	d := p.data
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	default:
		p.fail(i, fmt.Sprintf("unexpected %s in a number", describe(d, i)))
		return
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			p.fail(i, fmt.Sprintf("unexpected %s after the decimal point", describe(d, i)))
			return
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			p.fail(i, fmt.Sprintf("unexpected %s in an exponent", describe(d, i)))
			return
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	p.pos = i
	p.push(Number, key, p.src[start:i])
}

// LineOf returns the 1-based line, within data, of the value that the JSON
// pointer names, or of the deepest value on its path that exists. It
// turns a violation's pointer into a line of a pretty-printed document.
func LineOf(data []byte, pointer string) int {
	p := parser{data: data, src: string(data), maxDepth: 1 << 30}
	p.skipSpace()
	at := p.pos
	for _, tok := range splitPointer(pointer) {
		if p.pos >= len(data) {
			break
		}
		found := false
		switch data[p.pos] {
		case '{':
			p.pos++
			for p.err == nil {
				p.skipSpace()
				if p.pos >= len(data) || data[p.pos] != '"' {
					break
				}
				key, ok := p.string()
				if !ok {
					break
				}
				p.skipSpace()
				if p.pos >= len(data) || data[p.pos] != ':' {
					break
				}
				p.pos++
				p.skipSpace()
				if key == tok {
					found = true
					break
				}
				p.value(0, "")
				p.nodes = p.nodes[:0]
				p.skipSpace()
				if p.pos >= len(data) || data[p.pos] != ',' {
					break
				}
				p.pos++
			}
		case '[':
			n, err := strconv.Atoi(tok)
			if err != nil || n < 0 {
				break
			}
			p.pos++
			for i := 0; p.err == nil; i++ {
				p.skipSpace()
				if i == n {
					found = p.pos < len(data) && data[p.pos] != ']'
					break
				}
				p.value(0, "")
				p.nodes = p.nodes[:0]
				p.skipSpace()
				if p.pos >= len(data) || data[p.pos] != ',' {
					break
				}
				p.pos++
			}
		}
		if !found || p.err != nil {
			break
		}
		at = p.pos
	}
	return p.errAt(at, "").Line
}

// splitPointer splits an RFC 6901 JSON pointer into unescaped tokens.
func splitPointer(ptr string) []string {
	if ptr == "" {
		return nil
	}
	toks := strings.Split(ptr[1:], "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}

// Pointer returns the JSON pointer of node i.
func (t *Tape) Pointer(i int) string {
	var toks []string
	at := 0
	for at != i {
		n := t.Nodes[at]
		k := 0
		next := -1
		for j := at + 1; j < int(n.End); j, k = int(t.Nodes[j].End), k+1 {
			if i >= j && i < int(t.Nodes[j].End) {
				next = j
				break
			}
		}
		if next < 0 {
			return ""
		}
		if n.Kind == Object {
			toks = append(toks, t.Nodes[next].Key)
		} else {
			toks = append(toks, strconv.Itoa(k))
		}
		at = next
	}
	var b strings.Builder
	for _, tok := range toks {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// MaxNumberLen is the longest number text, and MaxExponent the largest
// exponent, that the schema engine's exact arithmetic is given: beyond,
// it would refuse the number or spend seconds on it.
const (
	MaxNumberLen = 1000
	MaxExponent  = 1000
)

// HugeNumber returns the first number of t that is longer than
// MaxNumberLen or whose exponent is beyond ±MaxExponent, or -1.
func (t *Tape) HugeNumber() int {
	for i := range t.Nodes {
		n := &t.Nodes[i]
		if n.Kind != Number {
			continue
		}
		if len(n.Str) > MaxNumberLen {
			return i
		}
		if e := strings.IndexAny(n.Str, "eE"); e >= 0 {
			exp, err := strconv.Atoi(strings.TrimPrefix(n.Str[e+1:], "+"))
			if err != nil || exp > MaxExponent || exp < -MaxExponent {
				return i
			}
		}
	}
	return -1
}
