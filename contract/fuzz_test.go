package contract_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/hookcontract/hookcontract/contract"
)

// FuzzLoad feeds arbitrary bytes as the AsyncAPI document and as one schema
// file of a small contract: Load must never panic, and must return either a
// contract or an ErrorList whose every entry has a position.
func FuzzLoad(f *testing.F) {
	base := os.DirFS("../testdata/contracts/ok")
	schema, err := os.ReadFile("../testdata/contracts/ok/schemas/thing.created.json")
	if err != nil {
		f.Fatal(err)
	}
	docs, _ := filepath.Glob("../testdata/contracts/*/asyncapi.yaml")
	for _, d := range docs {
		data, err := os.ReadFile(d)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, schema)
	}
	f.Add([]byte(`{"asyncapi": "3.0.0", "info": {"title": "x", "version": "1"}}`), []byte(`{"$ref": "#"}`))
	f.Add([]byte("a: &a [*a]"), []byte("[]"))
	f.Fuzz(func(t *testing.T, doc, schema []byte) {
		fsys := fstest.MapFS{
			"asyncapi.yaml":              {Data: doc},
			"schemas/thing.created.json": {Data: schema},
		}
		for _, name := range []string{"schemas/thing.deleted.json", "schemas/envelope.json", "schemas/common.json"} {
			data, err := fs.ReadFile(base, name)
			if err != nil {
				t.Fatal(err)
			}
			fsys[name] = &fstest.MapFile{Data: data}
		}
		c, err := contract.LoadFS(fsys, "asyncapi.yaml", "")
		if err == nil {
			if c == nil {
				t.Fatal("no contract and no error")
			}
			return
		}
		var list contract.ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("error is not a non-empty ErrorList: %T %v", err, err)
		}
		for _, e := range list {
			if e.Pos.File == "" || e.Pos.Line < 1 || e.Msg == "" {
				t.Fatalf("problem without a position or message: %#v", e)
			}
		}
	})
}
