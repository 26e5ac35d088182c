package benchdata

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/internal/check"
	"github.com/hookcontract/hookcontract/internal/payload"
)

// TestGenerate: the lines are deterministic, all valid, cover every event
// and hold no duplicate delivery.
func TestGenerate(t *testing.T) {
	c, err := contract.Load("../../asyncapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := Generate(c, &a, 2000); err != nil {
		t.Fatal(err)
	}
	Generate(c, &b, 2000)
	if sha256.Sum256(a.Bytes()) != sha256.Sum256(b.Bytes()) {
		t.Fatal("two runs differ")
	}
	k, err := check.New(c, check.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := k.Run([]payload.Input{{Name: "gen.jsonl", Stdin: &a}}, check.RunOptions{OnResult: func(r *check.Result) error {
		if !r.Valid() {
			return fmt.Errorf("line %d: %+v", r.Line, r.Errors)
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if s.Records != 2000 || s.Duplicates != 0 || len(s.Uncovered) != 0 {
		t.Errorf("summary %+v", s)
	}
	m := NewManifest(c, "../..")
	if len(m.Events) != 29 || m.Events["company.created"] != "schemas/company.created.json#" || len(m.Files) < 30 {
		t.Errorf("manifest %+v", m)
	}
}
