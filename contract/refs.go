package contract

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Location is a value inside a contract file: the file and a JSON pointer.
type Location struct {
	File    *File
	Pointer string
}

// Pos returns the line and column of the location.
func (l Location) Pos() Pos { return l.File.pos(l.Pointer) }

// Value returns the JSON data model value at the location.
func (l Location) Value() any {
	v, _ := valueAt(l.File.Value, l.Pointer)
	return v
}

// At returns the location of a value below l; toks are unescaped pointer
// tokens.
func (l Location) At(toks ...string) Location {
	return Location{File: l.File, Pointer: l.Pointer + joinPointer(toks...)}
}

// URL is the absolute URL of the location as the schema compiler sees it.
func (l Location) URL() string {
	if l.Pointer == "" {
		return l.File.URL
	}
	return l.File.URL + "#" + (&url.URL{Fragment: l.Pointer}).EscapedFragment()
}

// String formats the location as path#pointer.
func (l Location) String() string { return l.File.Display + "#" + l.Pointer }

// baseURL is the URL under which the contract directory is served to the
// schema compiler. A reference that leaves it has left the contract.
const baseURL = "file:///contract/"

// ref is one "$ref" found in a file.
type ref struct {
	from    Location // the $ref's value node
	raw     string
	file    string // target file, slash path relative to the contract directory
	pointer string // target JSON pointer
}

// skipRefKeys name keywords whose values are data, not schemas or
// documents: a "$ref" key inside them is not a reference.
var skipRefKeys = map[string]bool{"const": true, "enum": true, "examples": true, "example": true, "default": true}

// collectRefs lists every "$ref" string value in v.
func collectRefs(v any, ptr string, fn func(ptr, ref string)) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if k == "$ref" {
				if s, ok := x[k].(string); ok {
					fn(ptr+joinPointer(k), s)
					continue
				}
			}
			if skipRefKeys[k] {
				continue
			}
			collectRefs(x[k], ptr+joinPointer(k), fn)
		}
	case []any:
		for i, item := range x {
			collectRefs(item, fmt.Sprintf("%s/%d", ptr, i), fn)
		}
	}
}

// parseRef splits a reference made in file from into its target file and
// JSON pointer. Only relative file references with JSON Pointer fragments
// are allowed: the toolkit never fetches over the network.
func parseRef(from, raw string) (file, pointer string, err error) {
	u, perr := url.Parse(raw)
	if perr != nil {
		return "", "", fmt.Errorf("$ref %q is not a valid URI reference: %v", raw, perr)
	}
	switch strings.ToLower(u.Scheme) {
	case "":
	case "http", "https":
		return "", "", fmt.Errorf("$ref %q is a network reference: hookcontract never fetches over the network; copy the file into the contract directory and refer to it by a relative path", raw)
	default:
		return "", "", fmt.Errorf("$ref %q uses scheme %q: only relative file references are supported", raw, u.Scheme)
	}
	if u.Host != "" || strings.HasPrefix(u.Path, "/") {
		return "", "", fmt.Errorf("$ref %q is an absolute path: use a path relative to the referring file", raw)
	}
	file = from
	if u.Path != "" {
		file = path.Join(path.Dir(from), u.Path)
		if file == ".." || strings.HasPrefix(file, "../") {
			return "", "", fmt.Errorf("$ref %q escapes the contract directory", raw)
		}
	}
	pointer = u.Fragment
	if pointer != "" && !strings.HasPrefix(pointer, "/") {
		return "", "", fmt.Errorf("$ref %q has fragment %q: only JSON Pointer fragments (#/...) are supported, not anchors", raw, pointer)
	}
	return file, pointer, nil
}

// loadFiles reads the AsyncAPI document and, transitively, every file it
// references, reporting bad, network, escaping, missing and cyclic
// references.
func (l *loader) loadFiles(root string) *File {
	rootFile := l.readFile(root, Pos{File: l.display(root)})
	if rootFile == nil {
		return nil
	}
	queue := []*File{rootFile}
	var refs []ref
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		rel := l.rel(f)
		collectRefs(f.Value, "", func(ptr, raw string) {
			at := Location{File: f, Pointer: ptr}
			file, pointer, err := parseRef(rel, raw)
			if err != nil {
				l.probs.add(at.Pos(), "%v", err)
				return
			}
			refs = append(refs, ref{from: at, raw: raw, file: file, pointer: pointer})
			if _, loaded := l.files[file]; loaded {
				return
			}
			if g := l.readFile(file, at.Pos()); g != nil {
				queue = append(queue, g)
			} else {
				l.files[file] = nil // reported once
			}
		})
	}
	for _, r := range refs {
		target := l.files[r.file]
		if target == nil {
			continue
		}
		if _, ok := valueAt(target.Value, r.pointer); !ok {
			l.probs.add(r.from.Pos(), "$ref %q: %s has nothing at %q", r.raw, target.Display, r.pointer)
			continue
		}
		l.checkRefChain(r)
	}
	l.checkFileCycles(refs)
	return rootFile
}

// readFile reads and parses one contract file; problems are reported at
// from (the referring $ref, or the file itself for the root).
func (l *loader) readFile(rel string, from Pos) *File {
	data, err := fs.ReadFile(l.fsys, rel)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			l.probs.add(from, "file %s not found", l.display(rel))
		default:
			l.probs.add(from, "cannot read %s: %v", l.display(rel), unwrapPathError(err))
		}
		return nil
	}
	if len(data) > maxFileSize {
		l.probs.add(from, "%s is larger than %d bytes", l.display(rel), maxFileSize)
		return nil
	}
	f, perr := parseFile(l.display(rel), data, strings.HasSuffix(strings.ToLower(rel), ".json"))
	if perr != nil {
		l.probs.list = append(l.probs.list, perr)
		return nil
	}
	f.Path = rel
	f.URL = baseURL + (&url.URL{Path: rel}).EscapedPath()
	l.files[rel] = f
	l.byURL[f.URL] = f
	return f
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// maxFileSize bounds one contract file.
const maxFileSize = 16 << 20

// checkRefChain follows a chain of references that point at references
// and reports it when it loops.
func (l *loader) checkRefChain(r ref) {
	seen := []string{r.from.File.Path + "#" + strings.TrimSuffix(r.from.Pointer, "/$ref")}
	file, pointer := r.file, r.pointer
	for {
		key := file + "#" + pointer
		if slices.Contains(seen, key) {
			// Report each loop once: at the reference of its smallest
			// member, not at every reference that leads into it.
			if key == seen[0] && seen[0] == slices.Min(seen) {
				l.probs.add(r.from.Pos(), "$ref cycle: %s", strings.Join(append(seen, key), " → "))
			}
			return
		}
		seen = append(seen, key)
		f := l.files[file]
		if f == nil {
			return
		}
		v, _ := valueAt(f.Value, pointer)
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		next, ok := m["$ref"].(string)
		if !ok {
			return
		}
		nf, np, err := parseRef(file, next)
		if err != nil {
			return
		}
		file, pointer = nf, np
	}
}

// checkFileCycles reports references between files that form a cycle. The
// contract rules forbid them: schema files form a tree of dependencies.
func (l *loader) checkFileCycles(refs []ref) {
	edges := map[string][]ref{}
	for _, r := range refs {
		if r.file != r.from.File.Path {
			edges[r.from.File.Path] = append(edges[r.from.File.Path], r)
		}
	}
	const (
		unvisited = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	var visit func(file string)
	visit = func(file string) {
		state[file] = active
		stack = append(stack, file)
		for _, r := range edges[file] {
			switch state[r.file] {
			case active:
				i := slices.Index(stack, r.file)
				cycle := append(slices.Clone(stack[i:]), r.file)
				for j := range cycle {
					cycle[j] = l.display(cycle[j])
				}
				l.probs.add(r.from.Pos(), "$ref cycle across files: %s", strings.Join(cycle, " → "))
			case unvisited:
				visit(r.file)
			}
		}
		stack = stack[:len(stack)-1]
		state[file] = done
	}
	files := make([]string, 0, len(edges))
	for f := range edges {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		if state[f] == unvisited {
			visit(f)
		}
	}
}

// errReported is returned for a problem already reported where it
// occurs (an unreadable file): callers stay silent about it.
var errReported = errors.New("already reported")

// report adds err as a problem at loc unless it was reported already.
func (l *loader) report(loc Location, what string, err error) {
	if err != errReported {
		l.probs.add(loc.Pos(), "%s: %v", what, err)
	}
}

// deref follows $ref chains from loc to the value they lead to.
func (l *loader) deref(loc Location) (Location, error) { return deref(l.files, loc) }

// Deref follows $ref chains from loc to the value they lead to, across
// the contract's files. A location holding no "$ref" is returned as is.
func (c *Contract) Deref(loc Location) (Location, error) { return deref(c.Files, loc) }

func deref(files map[string]*File, loc Location) (Location, error) {
	for range 64 {
		m, ok := loc.Value().(map[string]any)
		if !ok {
			return loc, nil
		}
		raw, ok := m["$ref"].(string)
		if !ok {
			return loc, nil
		}
		// Load reported every bad reference already.
		file, pointer, err := parseRef(loc.File.Path, raw)
		if err != nil {
			return loc, errReported
		}
		f := files[file]
		if f == nil {
			return loc, errReported
		}
		if _, ok := valueAt(f.Value, pointer); !ok {
			return loc, errReported
		}
		loc = Location{File: f, Pointer: pointer}
	}
	return loc, fmt.Errorf("$ref chain longer than 64 steps at %s", loc)
}

// Keys returns the keys of the mapping at l in document order (nil when l
// is not a mapping). Map values lose their order; generated code and docs
// keep the author's.
func (l Location) Keys() []string {
	n, ok := nodeAt(l.File.Root, l.Pointer)
	if !ok || n.Kind != yaml.MappingNode {
		return nil
	}
	keys := make([]string, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		keys = append(keys, n.Content[i].Value)
	}
	return keys
}
