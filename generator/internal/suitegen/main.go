// Command suitegen generates the conformance package gen/suite: one
// validator per schema of the official JSON-Schema-Test-Suite (draft
// 2020-12, and the optional format files the product asserts), and the
// list of schemas the generator refuses with its reason. The package's
// test runs every case against them.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	. "github.com/dave/jennifer/jen"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/generator/emit"
	"github.com/hookcontract/hookcontract/generator/genfs"
	"github.com/hookcontract/hookcontract/generator/model"
)

// Formats whose optional suite files are run: the ones the contracts use
// and the issue names.
var formatFiles = []string{"date-time", "email", "uri", "uuid", "ipv4", "ipv6", "hostname"}

type group struct {
	Description string          `json:"description"`
	Schema      json.RawMessage `json:"schema"`
}

func main() {
	suite := flag.String("suite", "", "JSON-Schema-Test-Suite directory")
	out := flag.String("out", "", "output directory")
	flag.Parse()
	if *suite == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: suitegen -suite dir -out dir")
		os.Exit(2)
	}
	src, err := generate(*suite)
	if err != nil {
		fmt.Fprintln(os.Stderr, "suitegen:", err)
		os.Exit(1)
	}
	dir := genfs.Dir(*out)
	files := map[string][]byte{"validate.go": src}
	changes, err := genfs.Diff(dir, files, []byte("// "+emit.Header))
	if err == nil {
		err = genfs.Apply(dir, files, changes)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "suitegen:", err)
		os.Exit(2)
	}
}

// Files lists the suite files the harness runs, relative to tests/draft2020-12.
func Files(suite string) ([]string, error) {
	base := filepath.Join(suite, "tests", "draft2020-12")
	required, err := filepath.Glob(filepath.Join(base, "*.json"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range required {
		out = append(out, filepath.Base(f))
	}
	for _, f := range formatFiles {
		out = append(out, "optional/format/"+f+".json")
	}
	sort.Strings(out)
	return out, nil
}

func generate(suite string) ([]byte, error) {
	files, err := Files(suite)
	if err != nil {
		return nil, err
	}
	res := newURIResolver()
	if err := res.addRemotes(filepath.Join(suite, "remotes")); err != nil {
		return nil, err
	}
	type entry struct{ id, file, name string }
	var entries []entry
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(suite, "tests", "draft2020-12", f))
		if err != nil {
			return nil, err
		}
		var groups []group
		if err := json.Unmarshal(data, &groups); err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		stem := strings.TrimSuffix(f, ".json")
		for i, g := range groups {
			file := path.Join(stem, fmt.Sprintf("%d.json", i))
			if err := res.add(file, "file:///suite/"+file, g.Schema); err != nil {
				return nil, err
			}
			entries = append(entries, entry{id: fmt.Sprintf("%s#%d", f, i), file: file, name: "G" + model.GoName(stem) + fmt.Sprint(i)})
		}
	}
	skipped := map[string]string{}
	var ok []entry
	for _, e := range entries {
		// Try alone first, so one refused schema skips only its group.
		b := model.NewBuilder(res)
		b.URIRefs = true
		b.Named(contract.Location{File: res.files[e.file]}, e.name)
		if err := b.Err(); err != nil {
			skipped[e.id] = "generator: " + firstLine(err)
			continue
		}
		ok = append(ok, e)
	}
	shared := model.NewBuilder(res)
	shared.URIRefs = true
	roots := map[string]string{}
	for _, e := range ok {
		roots[e.id] = shared.Named(contract.Location{File: res.files[e.file]}, e.name).Func
	}
	if err := shared.Err(); err != nil {
		return nil, err
	}
	return emit.Validators("suite", shared, func(f *File) {
		f.Comment("Validators maps a suite group (file#index) to its generated validator.")
		f.Var().Id("Validators").Op("=").Map(String()).Func().Params(
			Op("*").Qual("github.com/hookcontract/hookcontract/hookrt", "Value"),
			Op("*").Qual("github.com/hookcontract/hookcontract/hookrt", "Ptr"),
			Op("*").Qual("github.com/hookcontract/hookcontract/hookrt", "Errors"),
		).Values(DictFunc(func(d Dict) {
			for id, fn := range roots {
				d[Lit(id)] = Id(fn)
			}
		}))
		f.Comment("Refused maps each suite group the generator refuses to the reason it gives.")
		f.Var().Id("Refused").Op("=").Map(String()).String().Values(DictFunc(func(d Dict) {
			for id, why := range skipped {
				d[Lit(id)] = Lit(why)
			}
		}))
	})
}

func firstLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
