package breaking_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hookcontract/hookcontract/breaking"
	"github.com/hookcontract/hookcontract/contract"
)

// respell rewrites a schema value into an equivalent spelling: nullable
// types become oneOf with {type: null} and back, oneOf with null becomes
// anyOf with null first, required lists are reversed, and references to
// common.json's definitions are inlined (inline holds them).
func respell(v any, inline map[string]any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = respell(e, inline)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			switch k {
			case "const", "enum", "examples", "default":
				out[k] = e
			default:
				out[k] = respell(e, inline)
			}
		}
		if req, ok := out["required"].([]any); ok {
			r := slices.Clone(req)
			slices.Reverse(r)
			out["required"] = r
		}
		if ts, ok := out["type"].([]any); ok && len(ts) == 2 && ts[1] == "null" {
			delete(out, "type")
			out["oneOf"] = []any{map[string]any{"type": ts[0]}, map[string]any{"type": "null"}}
		} else if alts, ok := out["oneOf"].([]any); ok && len(alts) == 2 {
			if m, ok := alts[1].(map[string]any); ok && m["type"] == "null" {
				delete(out, "oneOf")
				out["anyOf"] = []any{alts[1], alts[0]}
			}
		}
		if ref, ok := out["$ref"].(string); ok && inline != nil {
			if name, ok := strings.CutPrefix(ref, "./common.json#/$defs/"); ok && inline[name] != nil {
				delete(out, "$ref")
				for k, e := range respell(inline[name], nil).(map[string]any) {
					if _, set := out[k]; !set {
						out[k] = e
					}
				}
			}
		}
		return out
	}
	return v
}

// refsTo rewrites local references ("#/...") into references to file.
func refsTo(v any, file string) any {
	switch x := v.(type) {
	case []any:
		for i := range x {
			x[i] = refsTo(x[i], file)
		}
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && k == "$ref" && strings.HasPrefix(s, "#") {
				x[k] = file + s
			} else if k != "const" && k != "enum" && k != "examples" {
				x[k] = refsTo(e, file)
			}
		}
	}
	return v
}

// TestEquivalentSpellings respells both real contracts (every schema
// file re-encoded with sorted keys, nullables written the other way,
// required reversed, shared definitions inlined into the event files)
// and expects no finding.
func TestEquivalentSpellings(t *testing.T) {
	for _, doc := range []string{"../asyncapi.yaml", "../examples/workspace/asyncapi.yaml"} {
		t.Run(doc, func(t *testing.T) {
			base, err := contract.Load(doc)
			if err != nil {
				t.Fatal(err)
			}
			dir := path.Dir(doc)
			var defs map[string]any
			if data, err := os.ReadFile(dir + "/schemas/common.json"); err == nil {
				var common map[string]any
				if err := json.Unmarshal(data, &common); err != nil {
					t.Fatal(err)
				}
				defs, _ = refsTo(common, "./common.json").(map[string]any)["$defs"].(map[string]any)
			}
			fsys := fstest.MapFS{}
			refs := map[string]int{} // "$ref" count before and after
			err = fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || !(p == "asyncapi.yaml" || strings.HasPrefix(p, "schemas/")) {
					return err
				}
				data, err := os.ReadFile(dir + "/" + p)
				if err != nil {
					return err
				}
				if strings.HasSuffix(p, ".json") {
					refs["before"] += strings.Count(string(data), `"$ref"`)
					var v any
					if err := json.Unmarshal(data, &v); err != nil {
						return err
					}
					inline := defs
					if p == "schemas/common.json" {
						inline = nil
					}
					if data, err = json.MarshalIndent(respell(v, inline), "", " "); err != nil {
						return err
					}
					refs["after"] += strings.Count(string(data), `"$ref"`)
				}
				fsys[p] = &fstest.MapFile{Data: data}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if defs != nil && refs["after"] >= refs["before"] {
				t.Errorf("no reference was inlined: %v", refs)
			}
			head, err := contract.LoadFS(fsys, "asyncapi.yaml", "respelt")
			if err != nil {
				t.Fatal(err)
			}
			r := breaking.Compare(base, head, nil)
			for _, f := range r.Findings {
				if f.Rule != breaking.VersionNotBumped {
					t.Errorf("%s\n    base: %s\n    head: %s", f, f.Base, f.Head)
				}
			}
			if r.Version.Needed != breaking.Patch {
				t.Errorf("needed bump %s, want patch: the files changed", r.Version.Needed)
			}
		})
	}
}

// TestRecursiveSchema compares contracts whose payload is a tree: the
// comparison ends, and finds a change below the recursion.
func TestRecursiveSchema(t *testing.T) {
	doc := func(nameType string) fstest.MapFS {
		return fstest.MapFS{
			"asyncapi.yaml": {Data: []byte(`asyncapi: 3.0.0
info: {title: Trees, version: 1.0.0}
channels:
  hooks:
    address: null
    messages:
      treeGrown: {$ref: '#/components/messages/treeGrown'}
components:
  messages:
    treeGrown:
      name: tree.grown
      payload:
        schemaFormat: application/schema+json;version=draft-2020-12
        schema: {$ref: './tree.json'}
      examples:
        - payload: {event: tree.grown, root: {name: a, children: [{name: b, children: []}]}}
`)},
			"tree.json": {Data: []byte(`{
  "type": "object",
  "required": ["event", "root"],
  "properties": {"event": {"const": "tree.grown"}, "root": {"$ref": "#/$defs/Node"}},
  "$defs": {
    "Node": {
      "type": "object",
      "required": ["name", "children"],
      "properties": {
        "name": {"type": "` + nameType + `"},
        "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}
      }
    }
  }
}`)},
		}
	}
	base, err := contract.LoadFS(doc("string"), "asyncapi.yaml", "base")
	if err != nil {
		t.Fatal(err)
	}
	same, err := contract.LoadFS(doc("string"), "asyncapi.yaml", "same")
	if err != nil {
		t.Fatal(err)
	}
	if r := breaking.Compare(base, same, nil); len(r.Findings) != 0 {
		t.Errorf("identical trees: %v", r.Findings)
	}
	changed := doc("string")
	changed["tree.json"].Data = []byte(strings.Replace(string(changed["tree.json"].Data), `{"type": "string"}`, `{"type": ["string", "integer"]}`, 1))
	head, err := contract.LoadFS(changed, "asyncapi.yaml", "head")
	if err != nil {
		t.Fatal(err)
	}
	r := breaking.Compare(base, head, nil)
	var got []string
	for _, f := range r.Findings {
		if f.Rule != breaking.VersionNotBumped {
			got = append(got, f.Rule+" "+f.Location())
		}
	}
	want := []string{"type-widened tree.grown/payload/root/children/*/name", "type-widened tree.grown/payload/root/name"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
