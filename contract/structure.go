package contract

import (
	"bytes"
	"embed"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// The official AsyncAPI document schemas (Apache-2.0, see spec/LICENSE and
// spec/NOTICE), embedded so that the structure check needs no network.
//
//go:embed spec/3.0.0.json spec/3.1.0.json
var specFS embed.FS

var specSchemas = struct {
	once sync.Once
	byV  map[string]*jsonschema.Schema
	err  error
}{}

// specSchema returns the compiled official schema of an AsyncAPI version.
func specSchema(version string) (*jsonschema.Schema, error) {
	specSchemas.once.Do(func() {
		specSchemas.byV = map[string]*jsonschema.Schema{}
		for _, v := range []string{"3.0.0", "3.1.0"} {
			data, err := specFS.ReadFile("spec/" + v + ".json")
			if err != nil {
				specSchemas.err = err
				return
			}
			c := jsonschema.NewCompiler()
			url := "https://www.asyncapi.com/schema/" + v + ".json"
			if err := c.AddResource(url, bytes.NewReader(data)); err != nil {
				specSchemas.err = err
				return
			}
			s, err := c.Compile(url)
			if err != nil {
				specSchemas.err = err
				return
			}
			specSchemas.byV[v] = s
		}
	})
	return specSchemas.byV[version], specSchemas.err
}

// checkStructure validates the document against the official AsyncAPI
// JSON Schema of its version and reports each violation where it occurs.
func (l *loader) checkStructure(f *File, version string) {
	s, err := specSchema(version)
	if err != nil || s == nil {
		l.probs.add(f.pos(""), "internal error: AsyncAPI %s schema: %v", version, err)
		return
	}
	verr := s.Validate(f.Value)
	if verr == nil {
		return
	}
	ve, ok := verr.(*jsonschema.ValidationError)
	if !ok {
		l.probs.add(f.pos(""), "AsyncAPI %s: %v", version, verr)
		return
	}
	for _, leaf := range structureLeaves(ve, f) {
		l.probs.add(leaf.pos, "AsyncAPI %s: %s: %s", version, pointerOrRoot(leaf.ptr), leaf.msg)
	}
}

type structureProblem struct {
	pos Pos
	ptr string
	msg string
}

// structureLeaves picks the informative leaves of an error against the
// AsyncAPI schema. That schema offers most objects as "a Reference Object
// or the object itself"; for a value without "$ref" the Reference branch
// failing is noise, and it is dropped.
func structureLeaves(ve *jsonschema.ValidationError, f *File) []structureProblem {
	var out []structureProblem
	for _, leaf := range leaves(ve) {
		if strings.HasSuffix(leaf.KeywordLocation, "/required") && strings.Contains(leaf.Message, `'$ref'`) {
			if v, _ := valueAt(f.Value, leaf.InstanceLocation); !hasKey(v, "$ref") {
				continue
			}
		}
		p := structureProblem{ptr: leaf.InstanceLocation, msg: leaf.Message, pos: f.pos(leaf.InstanceLocation)}
		if strings.HasSuffix(leaf.KeywordLocation, "/additionalProperties") {
			for _, m := range quotedNames.FindAllStringSubmatch(leaf.Message, -1) {
				name := m[1]
				out = append(out, structureProblem{
					ptr: leaf.InstanceLocation + joinPointer(name),
					msg: "unknown field " + quote(name) + " (misspelt, or not allowed here)",
					pos: f.keyPos(leaf.InstanceLocation + joinPointer(name)),
				})
			}
			continue
		}
		out = append(out, p)
	}
	if len(out) == 0 { // every leaf was Reference noise: report them after all
		for _, leaf := range leaves(ve) {
			out = append(out, structureProblem{ptr: leaf.InstanceLocation, msg: leaf.Message, pos: f.pos(leaf.InstanceLocation)})
		}
	}
	return out
}

func hasKey(v any, key string) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, has := m[key]
	return has
}

func quote(s string) string { return `"` + s + `"` }
