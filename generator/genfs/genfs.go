// Package genfs writes generated files, or checks that written ones are
// current. The file system is an interface so tests run in memory and
// -check compares instead of writing.
package genfs

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// FS is where generated files live.
type FS interface {
	ReadFile(name string) ([]byte, error)
	WriteFile(name string, data []byte) error
	Remove(name string) error
	// Files lists the slash paths of every file, recursively.
	Files() ([]string, error)
}

// Dir is an FS rooted at a directory on disk.
type Dir string

// ReadFile reads name under d.
func (d Dir) ReadFile(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(string(d), filepath.FromSlash(name)))
}

// WriteFile writes name under d, creating directories.
func (d Dir) WriteFile(name string, data []byte) error {
	path := filepath.Join(string(d), filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// Remove removes name under d.
func (d Dir) Remove(name string) error {
	return os.Remove(filepath.Join(string(d), filepath.FromSlash(name)))
}

// Files lists every file under d; a missing d has none.
func (d Dir) Files() ([]string, error) {
	var out []string
	err := filepath.WalkDir(string(d), func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && path == string(d) {
				return filepath.SkipAll
			}
			return err
		}
		if !e.IsDir() {
			rel, _ := filepath.Rel(string(d), path)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out, err
}

// Mem is an in-memory FS for tests.
type Mem map[string][]byte

// ReadFile returns a file's bytes.
func (m Mem) ReadFile(name string) ([]byte, error) {
	data, ok := m[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return data, nil
}

// WriteFile stores a file.
func (m Mem) WriteFile(name string, data []byte) error { m[name] = data; return nil }

// Remove deletes a file.
func (m Mem) Remove(name string) error { delete(m, name); return nil }

// Files lists every file.
func (m Mem) Files() ([]string, error) {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out, nil
}

// Change is one difference between wanted and present files.
type Change struct {
	Name string
	Kind string // "new", "changed" or "stale" (present but no longer generated)
}

// Diff compares files with what fsys holds. Go files that carry marker
// (the generated-code header) and are not in files are stale, as is
// anything under a directory the generator owns (owned prefixes).
func Diff(fsys FS, files map[string][]byte, marker []byte, owned ...string) ([]Change, error) {
	var out []Change
	for _, name := range sortedNames(files) {
		old, err := fsys.ReadFile(name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			out = append(out, Change{name, "new"})
		case err != nil:
			return nil, err
		case !bytes.Equal(old, files[name]):
			out = append(out, Change{name, "changed"})
		}
	}
	present, err := fsys.Files()
	if err != nil {
		return nil, err
	}
	sort.Strings(present)
	for _, name := range present {
		if _, ok := files[name]; ok {
			continue
		}
		stale := false
		for _, p := range owned {
			if strings.HasPrefix(name, p) {
				stale = true
			}
		}
		if !stale && strings.HasSuffix(name, ".go") {
			data, err := fsys.ReadFile(name)
			if err != nil {
				return nil, err
			}
			stale = bytes.Contains(data, marker)
		}
		if stale {
			out = append(out, Change{name, "stale"})
		}
	}
	return out, nil
}

// Apply makes fsys hold files: it writes new and changed files and removes
// stale ones, leaving identical files untouched.
func Apply(fsys FS, files map[string][]byte, changes []Change) error {
	for _, c := range changes {
		var err error
		if c.Kind == "stale" {
			err = fsys.Remove(c.Name)
		} else {
			err = fsys.WriteFile(c.Name, files[c.Name])
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func sortedNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
