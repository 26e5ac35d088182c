package contract

import (
	"io/fs"
	"os"
	"path/filepath"
)

// ResolveRef resolves a "$ref" value written at from (a location in one of
// the contract's files) to the location it names. The reference must be
// one Load accepted: relative, inside the contract, JSON Pointer fragment.
func (c *Contract) ResolveRef(from Location, raw string) (Location, error) {
	file, pointer, err := parseRef(from.File.Path, raw)
	if err != nil {
		return Location{}, err
	}
	f := c.Files[file]
	if f == nil {
		return Location{}, &Error{Pos: from.Pos(), Msg: "$ref " + quote(raw) + ": file not loaded"}
	}
	if _, ok := valueAt(f.Value, pointer); !ok {
		return Location{}, &Error{Pos: from.Pos(), Msg: "$ref " + quote(raw) + ": " + f.Display + " has nothing at " + quote(pointer)}
	}
	return Location{File: f, Pointer: pointer}, nil
}

// SchemaSet is a bare JSON Schema file (no AsyncAPI document) with the
// files it references, as LoadSchema returns it.
type SchemaSet struct {
	Schema *Schema          // the root schema, compiled as 2020-12 with format assertion
	Files  map[string]*File // every file read
	refs   *Contract        // for Deref and ResolveRef
}

// Deref follows $ref chains from loc.
func (s *SchemaSet) Deref(loc Location) (Location, error) { return s.refs.Deref(loc) }

// ResolveRef resolves a "$ref" written at from.
func (s *SchemaSet) ResolveRef(from Location, raw string) (Location, error) {
	return s.refs.ResolveRef(from, raw)
}

// LoadSchema reads a JSON Schema 2020-12 file (JSON or YAML) and every file
// it references, with the same reference rules and positioned errors as
// Load, and compiles it.
func LoadSchema(path string) (*SchemaSet, error) {
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	l := &loader{fsys: root.FS(), displayDir: filepath.ToSlash(filepath.Clean(dir)), files: map[string]*File{}, byURL: map[string]*File{}}
	return l.loadSchemaSet(name)
}

func (l *loader) loadSchemaSet(name string) (*SchemaSet, error) {
	f := l.loadFiles(name)
	if f == nil {
		return nil, l.probs.err()
	}
	l.refsBroken = len(l.probs.list) > 0
	s := l.schema("schema", Location{File: f}, false)
	l.compileAll()
	if err := l.probs.err(); err != nil {
		return nil, err
	}
	return &SchemaSet{Schema: s, Files: l.files, refs: &Contract{Files: l.files}}, nil
}

// LoadSchemaFS is LoadSchema reading from fsys, as LoadFS is to Load.
func LoadSchemaFS(fsys fs.FS, name, displayDir string) (*SchemaSet, error) {
	l := &loader{fsys: fsys, displayDir: displayDir, files: map[string]*File{}, byURL: map[string]*File{}}
	return l.loadSchemaSet(name)
}
