package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script/*.txtar")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"validate": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
		// exitcode N validate args... runs validate and succeeds only when
		// it exits with status N, so that scripts can tell 1 from 2.
		"exitcode": func() {
			want, err := strconv.Atoi(os.Args[1])
			if err != nil || len(os.Args) < 3 || os.Args[2] != "validate" {
				fmt.Fprintln(os.Stderr, "usage: exitcode N validate [args...]")
				os.Exit(3)
			}
			if got := run(os.Args[3:], os.Stdin, os.Stdout, os.Stderr); got != want {
				fmt.Fprintf(os.Stderr, "[exit status %d, want %d]\n", got, want)
				os.Exit(1)
			}
			os.Exit(0)
		},
	})
}

// TestScripts runs the CLI scripts in testdata/script: each is the files,
// the command, and its expected output and exit status. With -update the
// expected output in the scripts is rewritten.
func TestScripts(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			// The repository is linked into each script's directory, so
			// that the contract's path in the output does not depend on
			// where the checkout is.
			if err := os.Symlink(root, filepath.Join(env.WorkDir, "repo")); err != nil {
				return err
			}
			env.Setenv("CONTRACT", "repo/asyncapi.yaml")
			env.Setenv("ABSCONTRACT", filepath.Join(root, "asyncapi.yaml"))
			env.Setenv("WORKSPACE", "repo/examples/workspace/asyncapi.yaml")
			env.Setenv("PAYLOADS", filepath.Join(root, "testdata/payloads"))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"gzip":    cmdGzip,
			"genfile": cmdGenfile,
		},
	})
}

// gzip src dst compresses a file.
func cmdGzip(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: gzip src dst")
	}
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(ts.ReadFile(args[0])))
	w.Close()
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), b.Bytes(), 0o644))
}

// genfile kind dst writes inputs that a script file cannot hold well:
//
//	deep        a JSON line nested 10,000 arrays deep
//	bigstring   a payload with a 5 MB string
//	badutf8     a JSON line with invalid UTF-8 in a string
//	bom         a JSON document starting with a byte order mark
//	truncgz     the first half of a gzip stream of 2,000 JSON lines
func cmdGenfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: genfile kind dst")
	}
	var data []byte
	switch args[0] {
	case "deep":
		data = []byte(strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n")
	case "bigstring":
		data = []byte(`{"event": "user.created", "data": {"name": "` + strings.Repeat("x", 5<<20) + `"}}` + "\n")
	case "badutf8":
		data = []byte("{\"event\": \"user.created\", \"data\": {\"name\": \"caf\xe9\"}}\n")
	case "bom":
		data = []byte("\xef\xbb\xbf{\"event\": \"user.created\"}\n")
	case "truncgz":
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		for i := range 2000 {
			fmt.Fprintf(w, "{\"n\": %d}\n", i)
		}
		w.Close()
		data = b.Bytes()[:b.Len()/2]
	default:
		ts.Fatalf("genfile: unknown kind %q", args[0])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), data, 0o644))
}
