package payload

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Input is one file (or standard input) to read.
type Input struct {
	Name  string    // as shown in messages: the path, or "<stdin>"
	Path  string    // file to open; "" for Stdin
	Stdin io.Reader // read instead of Path when Path is ""
}

// Open opens the input for reading.
func (in Input) Open() (io.ReadCloser, error) {
	if in.Path == "" {
		return io.NopCloser(in.Stdin), nil
	}
	return os.Open(in.Path)
}

// StdinName is the source name of standard input.
const StdinName = "<stdin>"

// Expand turns command-line arguments into inputs: "-" is standard input,
// a file is itself (whatever its name), and a directory is every file
// below it whose name ends in .json, .jsonl, .ndjson or .har (optionally
// followed by .gz), in lexical order. A missing path, or a directory with
// no such file, is an error.
func Expand(args []string, stdin io.Reader) ([]Input, error) {
	var out []Input
	for _, a := range args {
		if a == "-" {
			out = append(out, Input{Name: StdinName, Stdin: stdin})
			continue
		}
		info, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, Input{Name: a, Path: a})
			continue
		}
		n := len(out)
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != a && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if IsPayloadFile(d.Name()) {
				out = append(out, Input{Name: p, Path: p})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(out) == n {
			return nil, fmt.Errorf("%s: no payload files (%s, optionally .gz) in this directory", a, strings.Join(Extensions, ", "))
		}
	}
	return out, nil
}

// IsPayloadFile reports whether a directory entry of this name is read.
func IsPayloadFile(name string) bool {
	ext := strings.ToLower(filepath.Ext(strings.TrimSuffix(name, ".gz")))
	return slices.Contains(Extensions, ext)
}
