package main

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGolden generates each case under testdata/generator (a schema.json,
// or a whole contract when the case has an asyncapi.yaml) and compares
// every file with its golden copy (<file>.golden), or the error with
// error.golden. Refresh with go test ./generator -update.
func TestGolden(t *testing.T) {
	dirs, _ := filepath.Glob("../testdata/generator/*")
	if len(dirs) == 0 {
		t.Fatal("no golden cases")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			contractPath, schemaPath := "", filepath.Join(dir, "schema.json")
			if _, err := os.Stat(filepath.Join(dir, "asyncapi.yaml")); err == nil {
				contractPath, schemaPath = filepath.Join(dir, "asyncapi.yaml"), ""
			}
			files, err := generate(contractPath, schemaPath, "fixture", "", false)
			got := map[string][]byte{}
			if err != nil {
				got["error"] = []byte(strings.ReplaceAll(err.Error(), dir+"/", "") + "\n")
			}
			for name, data := range files {
				got[name] = data
			}
			goldenDir := filepath.Join(dir, "golden")
			if *update {
				os.RemoveAll(goldenDir)
				for name, data := range got {
					path := filepath.Join(goldenDir, name+".golden")
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			var want []string
			filepath.WalkDir(goldenDir, func(path string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(goldenDir, path)
					want = append(want, strings.TrimSuffix(filepath.ToSlash(rel), ".golden"))
				}
				return nil
			})
			sort.Strings(want)
			var names []string
			for name := range got {
				names = append(names, name)
			}
			sort.Strings(names)
			if strings.Join(names, " ") != strings.Join(want, " ") {
				t.Fatalf("generated files %v, golden files %v (run with -update)", names, want)
			}
			for _, name := range names {
				golden, _ := os.ReadFile(filepath.Join(goldenDir, name+".golden"))
				if string(golden) != string(got[name]) {
					t.Errorf("%s differs from its golden file (run go test ./generator -update and review the diff)", name)
				}
			}
		})
	}
}

// TestDeterministic: generating twice gives the same bytes.
func TestDeterministic(t *testing.T) {
	a, err := generate("../asyncapi.yaml", "", "monitoring", "", false)
	if err != nil {
		t.Fatal(err)
	}
	b, err := generate("../asyncapi.yaml", "", "monitoring", "", false)
	if err != nil {
		t.Fatal(err)
	}
	for name := range a {
		if string(a[name]) != string(b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}
