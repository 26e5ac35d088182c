package monitoring_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/gen/monitoring"
	"github.com/hookcontract/hookcontract/hookrt"
	"github.com/hookcontract/hookcontract/internal/corpus"
)

// TestDifferential runs every recorded payload through the generated
// ParseEvent and through the reference engine (santhosh-tekuri v5 via
// contract.ValidatePayload): the verdicts must agree, and for invalid
// payloads the generated violations must be exactly those the .want
// sidecar lists.
func TestDifferential(t *testing.T) {
	c, err := contract.Load("../../asyncapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../../testdata/payloads/monitoring/*/*.json")
	if len(files) < 58 {
		t.Fatalf("only %d payload files", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ev, genErr := monitoring.ParseEvent(data)
		_, refViolations := c.ValidatePayload(decode(t, data))
		if (genErr == nil) != (len(refViolations) == 0) {
			t.Errorf("%s: generated verdict %v, reference %v", f, genErr, refViolations)
			continue
		}
		if strings.Contains(f, "/valid/") {
			if genErr != nil {
				t.Errorf("%s: %v", f, genErr)
			}
			roundTrip(t, f, ev)
			continue
		}
		got := pairs(genErr)
		want := readWant(t, f+".want")
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got %q\nwant %q\n%v", f, got, want, genErr)
		}
	}
	t.Logf("%d payloads: generated validators agree with the reference engine", len(files))
}

// roundTrip: encode → ParseEvent gives an equal value.
func roundTrip(t *testing.T, name string, ev monitoring.Event) {
	t.Helper()
	data, err := json.Marshal(ev)
	if err != nil {
		t.Fatalf("%s: marshal: %v", name, err)
	}
	again, err := monitoring.ParseEvent(data)
	if err != nil {
		t.Fatalf("%s: re-encoded payload is invalid: %v\n%s", name, err, data)
	}
	if !reflect.DeepEqual(ev, again) {
		t.Errorf("%s: round trip changed the value:\n%#v\n%#v", name, ev, again)
	}
}

func decode(t *testing.T, data []byte) any {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func pairs(err error) []string {
	var out []string
	var ve *hookrt.ValidationError
	var ue *hookrt.UnknownEventError
	switch {
	case errors.As(err, &ve):
		for _, v := range ve.Violations {
			out = append(out, v.Pointer+" "+v.Keyword())
		}
	case errors.As(err, &ue):
		out = append(out, "/"+ue.Property+" const")
	}
	return corpus.Normalize(out)
}

func readWant(t *testing.T, path string) []string {
	want, err := corpus.ReadWant(path)
	if err != nil {
		t.Fatal(err)
	}
	return want
}

// TestEmbeddedContract: the package carries its contract, which loads
// without the source files and names the same events.
func TestEmbeddedContract(t *testing.T) {
	c, err := monitoring.LoadContract()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Names(); !slices.Equal(got, monitoring.EventNames) {
		t.Errorf("embedded contract events %v, generated %v", got, monitoring.EventNames)
	}
	ev, err := monitoring.ParseEvent(catalogPayload(t))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(ev)
	if _, vs := c.ValidatePayload(decode(t, data)); len(vs) != 0 {
		t.Errorf("the reference engine on the embedded contract rejects an encoded event: %v", vs)
	}
}
