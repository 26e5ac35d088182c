// Package publishtest holds what the publish stages' tests share: the
// contracts they run on, payload corpora, and a canonical form of a schema
// with every $ref expanded, so that schemas written differently (in
// several files, or moved into components) can be compared.
package publishtest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/publish/components"
)

// Contract is a contract the publish tests run on.
type Contract struct {
	Name     string // short name, used for test and golden file names
	Path     string // the AsyncAPI document, relative to the repository root
	Payloads string // recorded payloads (valid/, invalid/), "" when none
	Events   int    // number of events
}

// Contracts are the repository's two catalogs and the small test contracts.
var Contracts = []Contract{
	{"monitoring", "asyncapi.yaml", "testdata/payloads/monitoring", 29},
	{"workspace", "examples/workspace/asyncapi.yaml", "testdata/payloads/workspace", 5},
	{"ok", "testdata/contracts/ok/asyncapi.yaml", "", 2},
	{"ok-3.1.0", "testdata/contracts/ok-3.1.0/asyncapi.yaml", "", 2},
	{"split", "testdata/publish/split/asyncapi.yaml", "", 2},
}

// Root returns the repository root.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// Path returns the absolute path of rel, a path relative to the repository
// root.
func Path(rel string) string { return filepath.Join(Root(), filepath.FromSlash(rel)) }

var loaded sync.Map

// Load loads a contract by its path relative to the repository root, once
// per test binary.
func Load(t testing.TB, rel string) *contract.Contract {
	t.Helper()
	if c, ok := loaded.Load(rel); ok {
		return c.(*contract.Contract)
	}
	c, err := contract.Load(Path(rel))
	if err != nil {
		t.Fatalf("load %s:\n%v", rel, err)
	}
	loaded.Store(rel, c)
	return c
}

// Payload is one recorded payload of a corpus.
type Payload struct {
	Name  string // path relative to the corpus directory, e.g. valid/x.json
	Value any    // JSON data model, numbers as json.Number
}

// Corpus reads every *.json payload under dir's valid/ and invalid/.
func Corpus(t testing.TB, dir string) []Payload {
	t.Helper()
	var out []Payload
	for _, sub := range []string{"valid", "invalid"} {
		files, _ := filepath.Glob(filepath.Join(Path(dir), sub, "*.json"))
		sort.Strings(files)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			v, err := Decode(data)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out = append(out, Payload{Name: sub + "/" + filepath.Base(f), Value: v})
		}
	}
	return out
}

// Decode decodes JSON with numbers as json.Number.
func Decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// Expand returns the schema at loc with every $ref replaced by what it
// points at, in a form that does not depend on where schemas were
// written: "$schema", "$defs" and the "$ref" strings themselves
// are left out (a $ref becomes the key "$ref:" holding the expanded
// target). Recursion stops at depth 12.
func Expand(c *contract.Contract, loc contract.Location) any {
	return expand(c, loc.File, loc.Value(), 0)
}

// ExpandValue is Expand for a schema value of file f, whose $refs are
// resolved by resolve instead of through the contract's files.
func ExpandValue(v any, resolve func(ref string) (any, bool)) any {
	return expandWith(v, 0, func(ref string) (any, func(any, int) any, bool) {
		t, ok := resolve(ref)
		return t, nil, ok
	})
}

func expand(c *contract.Contract, f *contract.File, v any, depth int) any {
	return expandWith(v, depth, func(ref string) (any, func(any, int) any, bool) {
		loc, err := components.Target(c, f, ref)
		if err != nil {
			return nil, nil, false
		}
		return loc.Value(), func(v any, d int) any { return expand(c, loc.File, v, d) }, true
	})
}

func expandWith(v any, depth int, resolve func(ref string) (any, func(any, int) any, bool)) any {
	if depth > 12 {
		return "<deep>"
	}
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, val := range x {
			switch {
			case k == "$schema" || k == "$defs":
			case k == "$ref":
				ref, _ := val.(string)
				target, next, ok := resolve(ref)
				if !ok {
					out["$ref:"] = "<unresolved " + ref + ">"
					continue
				}
				if next != nil {
					out["$ref:"] = next(target, depth+1)
				} else {
					out["$ref:"] = expandWith(target, depth+1, resolve)
				}
			case k == "const" || k == "enum" || k == "examples" || k == "default":
				out[k] = normalize(val)
			default:
				out[k] = expandWith(val, depth, resolve)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = expandWith(x[i], depth, resolve)
		}
		return out
	}
	return normalize(v)
}

// normalize makes numbers comparable however they were written (1, 1.0).
func normalize(v any) any {
	switch x := v.(type) {
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return f
		}
	case float64:
		return x
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	case map[string]any:
		out := map[string]any{}
		for k, val := range x {
			out[k] = normalize(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = normalize(x[i])
		}
		return out
	}
	return v
}

// Normalize makes numbers in a JSON data model value comparable.
func Normalize(v any) any { return normalize(v) }

// Violations formats validation errors as sorted "pointer keyword" lines.
func Violations(err error) string {
	var lines []string
	for _, v := range contract.Violations(err) {
		lines = append(lines, v.Pointer+" "+v.Keyword)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
