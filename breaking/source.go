package breaking

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/hookcontract/hookcontract/contract"
)

// GitPrefix starts a contract spec that names a file in a git revision:
// git:<rev>:<path>, e.g. git:main:asyncapi.yaml or git:v1.2.0:examples/workspace/asyncapi.yaml.
const GitPrefix = "git:"

// Load loads the contract a spec names: a path to an AsyncAPI document,
// or git:<rev>:<path> for the document and every file it references as
// they are in revision rev of the git repository of the current
// directory (path is relative to the current directory, as for a file).
// Contract problems are returned as contract.ErrorList.
func Load(spec string) (*contract.Contract, error) {
	if rest, ok := strings.CutPrefix(spec, GitPrefix); ok {
		i := strings.LastIndexByte(rest, ':')
		if i <= 0 || i == len(rest)-1 {
			return nil, fmt.Errorf("%q: want git:<revision>:<path>, e.g. git:main:asyncapi.yaml", spec)
		}
		c, err := LoadGit(rest[:i], rest[i+1:])
		if c != nil {
			c.Path = spec
		}
		return c, err
	}
	return contract.Load(spec)
}

// LoadGit loads the contract whose AsyncAPI document is file (relative to
// the current directory) in revision rev of the current git repository,
// reading only that revision: the work tree and index do not matter.
// File names in messages read rev:./dir/file, which git show accepts.
func LoadGit(rev, file string) (*contract.Contract, error) {
	file = filepath.ToSlash(filepath.Clean(file))
	dir, name := path.Split(file)
	dir = strings.TrimSuffix(dir, "/")
	if dir == "" {
		dir = "."
	}
	if strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("git revision %q starts with a dash", rev)
	}
	tree := rev + ":./" + dir
	out, err := git("ls-tree", "-r", "-z", "--full-tree", tree)
	if err != nil {
		return nil, err
	}
	fsys := &gitFS{blobs: map[string]string{}}
	defer fsys.close()
	for _, entry := range bytes.Split(out, []byte{0}) {
		meta, p, ok := bytes.Cut(entry, []byte{'\t'})
		if !ok {
			continue
		}
		f := strings.Fields(string(meta))
		if len(f) == 3 && f[1] == "blob" {
			fsys.blobs[string(p)] = f[2]
		}
	}
	if _, ok := fsys.blobs[name]; !ok {
		return nil, fmt.Errorf("git: %s does not exist in %s", file, rev)
	}
	display := rev + ":."
	if dir != "." {
		display = tree
	}
	return contract.LoadFS(fsys, name, display)
}

// git runs a git command in the current directory.
func git(args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return out, nil
}

// gitFS is the file tree of one directory of a git revision. Blobs are
// read when opened, through one "git cat-file --batch" process: the
// loader only opens the files the contract references.
type gitFS struct {
	blobs map[string]string // slash path → blob id
	cmd   *exec.Cmd
	in    io.WriteCloser
	out   *bufio.Reader
}

func (g *gitFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	id, ok := g.blobs[name]
	if !ok {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	data, err := g.blob(id)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return data, nil
}

// blob reads one object from the cat-file process, starting it first.
func (g *gitFS) blob(id string) ([]byte, error) {
	if g.cmd == nil {
		cmd := exec.Command("git", "cat-file", "--batch")
		in, err := cmd.StdinPipe()
		if err != nil {
			return nil, err
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			return nil, err
		}
		if err := cmd.Start(); err != nil {
			return nil, fmt.Errorf("git cat-file: %v", err)
		}
		g.cmd, g.in, g.out = cmd, in, bufio.NewReader(out)
	}
	if _, err := fmt.Fprintln(g.in, id); err != nil {
		return nil, fmt.Errorf("git cat-file: %v", err)
	}
	header, err := g.out.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %v", err)
	}
	f := strings.Fields(header) // <id> blob <size>, or <id> missing
	if len(f) != 3 || f[1] != "blob" {
		return nil, fmt.Errorf("git cat-file %s: %s", id, strings.TrimSpace(header))
	}
	size, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil || size < 0 || size > maxBlob {
		return nil, fmt.Errorf("git cat-file %s: bad or too large size %q", id, f[2])
	}
	data := make([]byte, size+1) // and the newline after it
	if _, err := io.ReadFull(g.out, data); err != nil {
		return nil, fmt.Errorf("git cat-file %s: %v", id, err)
	}
	return data[:size], nil
}

// maxBlob bounds a file read from git; the loader refuses larger files
// anyway.
const maxBlob = 64 << 20

func (g *gitFS) close() {
	if g.cmd != nil {
		g.in.Close()
		g.cmd.Wait()
	}
}

func (g *gitFS) Open(name string) (fs.File, error) {
	data, err := g.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return fstest.MapFS{name: {Data: data, Mode: 0o444}}.Open(name)
}
