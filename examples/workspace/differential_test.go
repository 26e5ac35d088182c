package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/examples/workspace/webhooks"
	"github.com/hookcontract/hookcontract/hookrt"
	"github.com/hookcontract/hookcontract/internal/corpus"
)

// TestDifferential: every recorded Workspace payload of the toolkit's
// corpus gets the same verdict from the generated ParseEvent as from the
// reference engine, and invalid ones exactly the violations their .want
// sidecar lists.
func TestDifferential(t *testing.T) {
	c, err := contract.Load("asyncapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../../testdata/payloads/workspace/*/*.json")
	if len(files) < 30 {
		t.Fatalf("only %d payloads", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, genErr := webhooks.ParseEvent(data)
		d := json.NewDecoder(bytes.NewReader(data))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatal(err)
		}
		_, ref := c.ValidatePayload(v)
		if (genErr == nil) != (len(ref) == 0) {
			t.Errorf("%s: generated %v, reference %v", f, genErr, ref)
			continue
		}
		if genErr == nil {
			continue
		}
		var got []string
		var ve *hookrt.ValidationError
		var ue *hookrt.UnknownEventError
		switch {
		case errors.As(genErr, &ve):
			for _, x := range ve.Violations {
				got = append(got, x.Pointer+" "+x.Keyword())
			}
		case errors.As(genErr, &ue):
			got = append(got, "/"+ue.Property+" const")
		}
		got = corpus.Normalize(got)
		want, err := corpus.ReadWant(f + ".want")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", f, got, want)
		}
	}
}
