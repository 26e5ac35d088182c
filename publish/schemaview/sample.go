package schemaview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/publish/components"
)

// Object is a JSON object whose keys keep the schema's order when
// encoded.
type Object struct {
	Keys   []string
	Values map[string]any
}

// MarshalJSON encodes the object with its keys in order.
func (o *Object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range o.Keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		kj, _ := marshal(k)
		buf.Write(kj)
		buf.WriteByte(':')
		vj, err := marshal(o.Values[k])
		if err != nil {
			return nil, err
		}
		buf.Write(vj)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// Plain turns a sample into the JSON data model (map[string]any), for
// validation.
func Plain(v any) any {
	switch x := v.(type) {
	case *Object:
		out := make(map[string]any, len(x.Keys))
		for _, k := range x.Keys {
			out[k] = Plain(x.Values[k])
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = Plain(x[i])
		}
		return out
	case int64:
		return json.Number(strconv.FormatInt(x, 10))
	case float64:
		return json.Number(strconv.FormatFloat(x, 'g', -1, 64))
	}
	return v
}

// Sample returns a value that the schema at loc accepts, made from its
// consts, enums, examples, defaults, formats, patterns and limits: every
// property is filled in, in the schema's order. It is a best effort for
// schemas with rules it does not read (not, if/then, dependencies);
// callers validate it.
func Sample(set *components.Set, loc contract.Location) any {
	b := &builder{set: set}
	return b.sample(b.view([]contract.Location{loc}, nil), 0)
}

func (b *builder) sample(v *view, depth int) any {
	switch {
	case v.hasConst:
		return v.constVal
	case len(v.enum) > 0:
		return v.enum[0]
	case len(v.examples) > 0:
		return v.examples[0]
	case v.hasDefault:
		return v.def
	case len(v.variants) > 0:
		return b.sample(b.view(v.variants[0], v.stack), depth+1)
	}
	if v.recursive || depth > 20 {
		if v.nullable || slices.Contains(v.types, "null") {
			return nil
		}
		return &Object{Values: map[string]any{}}
	}
	t := b.sampleType(v)
	switch t {
	case "object":
		o := &Object{Values: map[string]any{}}
		for _, name := range v.props {
			o.Keys = append(o.Keys, name)
			o.Values[name] = b.sample(b.view(v.propLocs[name], v.stack), depth+1)
		}
		return o
	case "array":
		n := max(int(limit(v, "items ≥", 1)), 1)
		if m := limit(v, "items ≤", -1); m >= 0 && int(m) < n {
			n = int(m)
		}
		out := []any{}
		if len(v.items) == 0 {
			return out
		}
		iv := b.view(v.items, v.stack)
		for i := range n {
			item := b.sample(iv, depth+1)
			if s, ok := item.(string); ok && i > 0 && len(iv.enum) > i {
				item = iv.enum[i]
			} else if ok && i > 0 {
				item = s + strconv.Itoa(i+1)
			}
			out = append(out, item)
		}
		return out
	case "string":
		return b.sampleString(v)
	case "integer":
		return int64(sampleNumber(v, true))
	case "number":
		return sampleNumber(v, false)
	case "boolean":
		return true
	case "null":
		return nil
	}
	return nil
}

// sampleType picks the type to sample: the first non-null one allowed.
func (b *builder) sampleType(v *view) string {
	if v.typed {
		for _, t := range v.types {
			if t != "null" {
				return t
			}
		}
		if slices.Contains(v.types, "null") {
			return "null"
		}
	}
	switch {
	case len(v.props) > 0:
		return "object"
	case len(v.items) > 0:
		return "array"
	case v.pattern != "" || v.format != "":
		return "string"
	}
	return "object"
}

// limit returns the value of the constraint labelled label, or def.
func limit(v *view, label string, def float64) float64 {
	for _, c := range v.limits {
		if c.Label == label && len(c.Values) == 1 {
			if f, err := strconv.ParseFloat(c.Values[0], 64); err == nil {
				return f
			}
		}
	}
	return def
}

func sampleNumber(v *view, integer bool) float64 {
	lo, hi := math.Inf(-1), math.Inf(1)
	step := 1.0
	if !integer {
		step = 0.5
	}
	if x := limit(v, "≥", math.NaN()); !math.IsNaN(x) {
		lo = x
	}
	if x := limit(v, ">", math.NaN()); !math.IsNaN(x) {
		lo = max(lo, x+step)
	}
	if x := limit(v, "≤", math.NaN()); !math.IsNaN(x) {
		hi = x
	}
	if x := limit(v, "<", math.NaN()); !math.IsNaN(x) {
		hi = min(hi, x-step)
	}
	n := 0.0
	if !integer {
		n = 0.5 // reads as a rate or an amount, not a count
	}
	n = max(n, lo)
	if n > hi {
		n = hi
	}
	if n < lo && !math.IsInf(lo, -1) {
		n = lo
	}
	if integer {
		n = math.Ceil(n)
	}
	if m := limit(v, "multiple of", 0); m > 0 {
		n = math.Ceil(n/m) * m
	}
	return n
}

// formats are sample values for the string formats JSON Schema names.
var formats = map[string]string{
	"date-time":     "2025-01-24T10:30:00Z",
	"date":          "2025-01-24",
	"time":          "10:30:00Z",
	"duration":      "PT1H",
	"email":         "ops@acme.example",
	"idn-email":     "ops@acme.example",
	"hostname":      "hooks.example.com",
	"idn-hostname":  "hooks.example.com",
	"ipv4":          "192.0.2.1",
	"ipv6":          "2001:db8::1",
	"uri":           "https://hooks.example.com/",
	"uri-reference": "https://hooks.example.com/",
	"iri":           "https://hooks.example.com/",
	"iri-reference": "https://hooks.example.com/",
	"uri-template":  "https://hooks.example.com/{id}",
	"uuid":          "3f2c6d0e-8b1a-4c2e-9d3f-5a6b7c8d9e0f",
	"json-pointer":  "/data/id",
	"regex":         "^[a-z]+$",
}

func (b *builder) sampleString(v *view) string {
	var re *regexp.Regexp
	if v.pattern != "" {
		re, _ = regexp.Compile(v.pattern)
	}
	ok := func(s string) bool { return re == nil || re.MatchString(s) }
	if s, known := formats[v.format]; known && ok(s) {
		return fitLength(v, s)
	}
	if re != nil {
		if s, err := fromPattern(v.pattern); err == nil && re.MatchString(s) {
			return fitLength(v, s)
		}
	}
	return fitLength(v, "string")
}

func fitLength(v *view, s string) string {
	n := len([]rune(s))
	if lo := int(limit(v, "length ≥", 0)); n < lo {
		s += strings.Repeat("x", lo-n)
	}
	if hi := int(limit(v, "length ≤", -1)); hi >= 0 && len([]rune(s)) > hi {
		s = string([]rune(s)[:hi])
	}
	return s
}

// fromPattern makes a string that a regular expression matches: literals
// as written, one pleasant character per class, "+" as a short run,
// optional parts left out, the first alternative.
func fromPattern(pattern string) (string, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	gen(&b, re.Simplify())
	return b.String(), nil
}

const pleasant = "abc123defxyz"

func gen(b *strings.Builder, re *syntax.Regexp) {
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		b.WriteRune(pick(re.Rune, b.Len()))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte(pleasant[b.Len()%len(pleasant)])
	case syntax.OpCapture:
		gen(b, re.Sub[0])
	case syntax.OpPlus:
		for range 6 {
			gen(b, re.Sub[0])
		}
	case syntax.OpRepeat:
		for range re.Min {
			gen(b, re.Sub[0])
		}
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			gen(b, sub)
		}
	case syntax.OpAlternate:
		gen(b, re.Sub[0])
	}
	// OpStar, OpQuest, anchors and empty matches add nothing.
}

// pick chooses a character of a class (pairs of lo, hi runes), cycling
// through pleasant characters when the class has them.
func pick(ranges []rune, at int) rune {
	in := func(r rune) bool {
		for i := 0; i+1 < len(ranges); i += 2 {
			if ranges[i] <= r && r <= ranges[i+1] {
				return true
			}
		}
		return false
	}
	for i := range len(pleasant) {
		if r := rune(pleasant[(at+i)%len(pleasant)]); in(r) {
			return r
		}
	}
	if len(ranges) == 0 {
		return 'x'
	}
	return ranges[0]
}

// Indent encodes a sample, or any JSON value, indented by two spaces,
// without escaping <, > and & (the page escapes what it shows).
func Indent(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("cannot encode sample: %v", err)
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
