package main

import (
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in the scripts")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"breaking": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the command scripts in testdata/script. Besides the
// standard commands they have:
//
//	fixture name...          copy testdata/breaking/<name> into the work directory
//	exits N command args...  run command (as exec does) and require exit status N
func TestScripts(t *testing.T) {
	fixtures, err := filepath.Abs("../../testdata/breaking")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"fixture": func(ts *testscript.TestScript, neg bool, args []string) {
				for _, name := range args {
					if err := os.CopyFS(ts.MkAbs(name), os.DirFS(filepath.Join(fixtures, name))); err != nil {
						ts.Fatalf("fixture %s: %v", name, err)
					}
				}
			},
			"exits": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exits N command [args...]")
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("exits: %v", err)
				}
				got := 0
				if err := ts.Exec(args[1], args[2:]...); err != nil {
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						ts.Fatalf("%s: %v", args[1], err)
					}
					got = ee.ExitCode()
				}
				if got != want {
					ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
				}
			},
		},
	})
}

// TestREADMERules checks that the README's rule table is the catalog as
// -rules -format markdown prints it.
func TestREADMERules(t *testing.T) {
	var b strings.Builder
	if err := writeRules(&b, "markdown"); err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), b.String()) {
		t.Errorf("README.md does not contain the rule catalog; paste the output of\n\tgo run ./cmd/breaking -rules -format markdown\n%s", b.String())
	}
}
