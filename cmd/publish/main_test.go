package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script/*.txtar")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"publish": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
		// exitcode N publish args... succeeds only when publish exits with
		// status N, so that scripts can tell 1 from 2.
		"exitcode": func() {
			want, err := strconv.Atoi(os.Args[1])
			if err != nil || len(os.Args) < 3 || os.Args[2] != "publish" {
				fmt.Fprintln(os.Stderr, "usage: exitcode N publish [args...]")
				os.Exit(3)
			}
			if got := run(os.Args[3:], os.Stdout, os.Stderr); got != want {
				fmt.Fprintf(os.Stderr, "[exit status %d, want %d]\n", got, want)
				os.Exit(1)
			}
			os.Exit(0)
		},
	})
}

// TestScripts runs the CLI scripts in testdata/script: the files, the
// command, its expected output and exit status.
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
			// that paths in the output do not depend on the checkout.
			return os.Symlink(root, filepath.Join(env.WorkDir, "repo"))
		},
	})
}
