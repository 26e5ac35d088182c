package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/hookcontract/hookcontract/contract"
)

// uriResolver resolves references the way JSON Schema does, by URI: $id
// changes the base URI, $anchor names a location, and the suite's remote
// documents (http://localhost:1234/...) are served from its remotes
// directory. The suite needs it; contracts refer by relative path only.
type uriResolver struct {
	files     map[string]*contract.File    // by Path
	base      map[string]string            // file Path → its retrieval URI
	resources map[string]contract.Location // absolute URI without fragment → schema
	anchors   map[string]contract.Location // absolute URI#anchor → schema
	dynamic   map[string]contract.Location // resource URI#name → schema declaring $dynamicAnchor name
}

func newURIResolver() *uriResolver {
	return &uriResolver{files: map[string]*contract.File{}, base: map[string]string{}, resources: map[string]contract.Location{}, anchors: map[string]contract.Location{}, dynamic: map[string]contract.Location{}}
}

// add registers a document under its retrieval URI.
func (r *uriResolver) add(path, uri string, data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		return fmt.Errorf("%s: cannot parse: %v", path, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	f := &contract.File{Path: path, Display: path, URL: uri, Root: doc.Content[0], Value: v, JSON: data, Source: data}
	r.files[path], r.base[path] = f, uri
	r.resources[uri] = contract.Location{File: f}
	r.index(f, v, "", uri)
	return nil
}

// addRemotes registers every JSON file under dir as http://localhost:1234/<rel>.
func (r *uriResolver) addRemotes(dir string) error {
	return filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return r.add("remotes/"+filepath.ToSlash(rel), "http://localhost:1234/"+filepath.ToSlash(rel), data)
	})
}

// index walks a document, registering $id resources and anchors.
func (r *uriResolver) index(f *contract.File, v any, ptr, base string) {
	switch x := v.(type) {
	case map[string]any:
		if id, ok := x["$id"].(string); ok {
			base = resolve(base, id)
			r.resources[strings.TrimSuffix(base, "#")] = contract.Location{File: f, Pointer: ptr}
		}
		for _, kw := range []string{"$anchor", "$dynamicAnchor"} {
			if a, ok := x[kw].(string); ok {
				r.anchors[stripFragment(base)+"#"+a] = contract.Location{File: f, Pointer: ptr}
				if kw == "$dynamicAnchor" {
					r.dynamic[stripFragment(base)+"#"+a] = contract.Location{File: f, Pointer: ptr}
				}
			}
		}
		for k, sub := range x {
			if k == "enum" || k == "const" || k == "examples" || k == "default" {
				continue
			}
			r.index(f, sub, ptr+"/"+escape(k), base)
		}
	case []any:
		for i, sub := range x {
			r.index(f, sub, fmt.Sprintf("%s/%d", ptr, i), base)
		}
	}
}

// baseAt is the base URI in force at loc: the file's URI changed by every
// $id on the way down, the object's own included.
func (r *uriResolver) baseAt(loc contract.Location) string {
	base := r.base[loc.File.Path]
	v := loc.File.Value
	toks := splitPtr(loc.Pointer)
	for i := 0; ; i++ {
		if m, ok := v.(map[string]any); ok {
			if id, ok := m["$id"].(string); ok {
				base = resolve(base, id)
			}
		}
		if i == len(toks) {
			return base
		}
		switch x := v.(type) {
		case map[string]any:
			v = x[toks[i]]
		case []any:
			var n int
			fmt.Sscan(toks[i], &n)
			if n < 0 || n >= len(x) {
				return base
			}
			v = x[n]
		default:
			return base
		}
	}
}

// ResolveRef resolves a "$ref" written at from (the location of its value).
func (r *uriResolver) ResolveRef(from contract.Location, raw string) (contract.Location, error) {
	parent := contract.Location{File: from.File, Pointer: from.Pointer[:strings.LastIndexByte(from.Pointer, '/')]}
	abs := resolve(r.baseAt(parent), raw)
	doc, frag, _ := strings.Cut(abs, "#")
	if frag != "" && !strings.HasPrefix(frag, "/") {
		if loc, ok := r.anchors[doc+"#"+frag]; ok {
			return loc, nil
		}
		return contract.Location{}, fmt.Errorf("$ref %q: no anchor %s", raw, abs)
	}
	root, ok := r.resources[doc]
	if !ok {
		return contract.Location{}, fmt.Errorf("$ref %q: %s is not a known document (no network)", raw, doc)
	}
	if frag == "" {
		return root, nil
	}
	ptr, err := url.PathUnescape(frag)
	if err != nil {
		ptr = frag
	}
	loc := contract.Location{File: root.File, Pointer: root.Pointer + ptr}
	if loc.Value() == nil && !hasPath(root.File.Value, loc.Pointer) {
		return contract.Location{}, fmt.Errorf("$ref %q: nothing at %s", raw, abs)
	}
	return loc, nil
}

// Deref follows $ref chains.
func (r *uriResolver) Deref(loc contract.Location) (contract.Location, error) {
	for range 64 {
		m, ok := loc.Value().(map[string]any)
		raw, isRef := m["$ref"].(string)
		if !ok || !isRef {
			return loc, nil
		}
		next, err := r.ResolveRef(loc.At("$ref"), raw)
		if err != nil {
			return loc, err
		}
		loc = next
	}
	return loc, fmt.Errorf("$ref chain too long at %s", loc)
}

func resolve(base, ref string) string {
	b, err := url.Parse(base)
	if err != nil {
		return ref
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return b.ResolveReference(u).String()
}

func stripFragment(u string) string {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		return u[:i]
	}
	return u
}

func escape(t string) string { return strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1") }

func splitPtr(p string) []string {
	if p == "" {
		return nil
	}
	toks := strings.Split(p[1:], "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}

func hasPath(v any, ptr string) bool {
	for _, t := range splitPtr(ptr) {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[t]; !ok {
				return false
			}
		case []any:
			var n int
			if _, err := fmt.Sscan(t, &n); err != nil || n < 0 || n >= len(x) {
				return false
			}
			v = x[n]
		default:
			return false
		}
	}
	return true
}

// Resource returns the URI of the resource loc belongs to: evaluating
// loc enters it, whether loc is its root or was reached by a reference.
func (r *uriResolver) Resource(loc contract.Location) (string, bool) {
	return stripFragment(r.baseAt(loc)), true
}

// DynamicAnchor returns the schema of resource declaring $dynamicAnchor name.
func (r *uriResolver) DynamicAnchor(resource, name string) (contract.Location, bool) {
	loc, ok := r.dynamic[resource+"#"+name]
	return loc, ok
}
