package bundle_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/internal/asyncapicli"
	"github.com/hookcontract/hookcontract/publish/bundle"
	"github.com/hookcontract/hookcontract/publish/internal/publishtest"
)

// bundled writes the YAML and JSON bundles of a contract into a new
// directory and returns their paths.
func bundled(t *testing.T, c *contract.Contract) (yamlPath, jsonPath string) {
	t.Helper()
	doc, err := bundle.Bundle(c)
	if err != nil {
		t.Fatalf("Bundle: %v", err)
	}
	dir := t.TempDir()
	y, err := doc.YAML()
	if err != nil {
		t.Fatal(err)
	}
	j, err := doc.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(j) {
		t.Fatalf("JSON bundle is not valid JSON")
	}
	yamlPath, jsonPath = filepath.Join(dir, "asyncapi.bundled.yaml"), filepath.Join(dir, "asyncapi.bundled.json")
	if err := os.WriteFile(yamlPath, y, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jsonPath, j, 0o644); err != nil {
		t.Fatal(err)
	}
	return yamlPath, jsonPath
}

// TestRoundTrip: each bundle, YAML and JSON, is one file that
// contract.Load accepts (so every example still validates), with the same
// messages, and schemas that expand to the same schemas and give the same
// verdicts on the recorded payloads.
func TestRoundTrip(t *testing.T) {
	for _, tc := range publishtest.Contracts {
		t.Run(tc.Name, func(t *testing.T) {
			orig := publishtest.Load(t, tc.Path)
			yamlPath, jsonPath := bundled(t, orig)
			for _, p := range []string{yamlPath, jsonPath} {
				b, err := contract.Load(p)
				if err != nil {
					t.Fatalf("bundle %s does not load:\n%v", filepath.Base(p), err)
				}
				if len(b.Files) != 1 {
					t.Errorf("%s: bundle refers to other files: %v", filepath.Base(p), keys(b.Files))
				}
				sameContract(t, orig, b)
				if tc.Payloads != "" {
					sameVerdicts(t, orig, b, publishtest.Corpus(t, tc.Payloads))
				}
			}
		})
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func sameContract(t *testing.T, a, b *contract.Contract) {
	t.Helper()
	if a.AsyncAPI != b.AsyncAPI || a.Info != b.Info || a.DefaultContentType != b.DefaultContentType || a.Discriminator != b.Discriminator {
		t.Errorf("header differs:\n got %s %+v %s %s\nwant %s %+v %s %s", b.AsyncAPI, b.Info, b.DefaultContentType, b.Discriminator, a.AsyncAPI, a.Info, a.DefaultContentType, a.Discriminator)
	}
	if !reflect.DeepEqual(a.Tags, b.Tags) {
		t.Errorf("tags differ: got %v, want %v", b.Tags, a.Tags)
	}
	if len(a.Messages) != len(b.Messages) {
		t.Fatalf("got %d messages, want %d", len(b.Messages), len(a.Messages))
	}
	for i, am := range a.Messages {
		bm := b.Messages[i]
		type plain struct {
			Key, Name, Title, Summary, Description, ContentType, Channel, Operation string
			Tags                                                                    []contract.Tag
			CorrelationID                                                           *contract.CorrelationID
		}
		pa := plain{am.Key, am.Name, am.Title, am.Summary, am.Description, am.ContentType, am.Channel, am.Operation, am.Tags, am.CorrelationID}
		pb := plain{bm.Key, bm.Name, bm.Title, bm.Summary, bm.Description, bm.ContentType, bm.Channel, bm.Operation, bm.Tags, bm.CorrelationID}
		if !reflect.DeepEqual(pa, pb) {
			t.Errorf("message %d differs:\n got %+v\nwant %+v", i, pb, pa)
		}
		if len(am.Examples) != len(bm.Examples) {
			t.Errorf("%s: %d examples, want %d", am.Name, len(bm.Examples), len(am.Examples))
		} else {
			for j := range am.Examples {
				ea, eb := am.Examples[j], bm.Examples[j]
				if ea.Name != eb.Name || ea.Summary != eb.Summary ||
					!reflect.DeepEqual(publishtest.Normalize(ea.Payload), publishtest.Normalize(eb.Payload)) ||
					!reflect.DeepEqual(publishtest.Normalize(ea.Headers), publishtest.Normalize(eb.Headers)) {
					t.Errorf("%s: example %d differs", am.Name, j)
				}
			}
		}
		if got, want := publishtest.Expand(b, bm.Payload.Loc), publishtest.Expand(a, am.Payload.Loc); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: payload schema differs:\n got %s\nwant %s", am.Name, js(got), js(want))
		}
		if (am.Headers == nil) != (bm.Headers == nil) {
			t.Errorf("%s: headers present %v, want %v", am.Name, bm.Headers != nil, am.Headers != nil)
		} else if am.Headers != nil {
			if got, want := publishtest.Expand(b, bm.Headers.Loc), publishtest.Expand(a, am.Headers.Loc); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: header schema differs:\n got %s\nwant %s", am.Name, js(got), js(want))
			}
		}
	}
}

func js(v any) string {
	b, _ := json.MarshalIndent(v, "", " ")
	return string(b)
}

// sameVerdicts: the original and the bundled contract route and validate
// every recorded payload alike, violation by violation.
func sameVerdicts(t *testing.T, a, b *contract.Contract, corpus []publishtest.Payload) {
	t.Helper()
	if len(corpus) == 0 {
		t.Fatal("empty corpus")
	}
	invalid := 0
	for _, p := range corpus {
		ma, va := a.ValidatePayload(p.Value)
		mb, vb := b.ValidatePayload(p.Value)
		if (ma == nil) != (mb == nil) || (ma != nil && ma.Name != mb.Name) {
			t.Errorf("%s: routed differently", p.Name)
			continue
		}
		if got, want := pointers(vb), pointers(va); got != want {
			t.Errorf("%s: violations differ:\n got %s\nwant %s", p.Name, got, want)
		}
		if len(va) > 0 {
			invalid++
		}
	}
	if invalid == 0 || invalid == len(corpus) {
		t.Errorf("corpus of %d payloads has %d invalid ones: not a differential test", len(corpus), invalid)
	}
}

func pointers(vs []contract.Violation) string {
	var lines []string
	for _, v := range vs {
		lines = append(lines, v.Pointer+" "+v.Keyword+" "+v.Message)
	}
	return strings.Join(lines, "\n")
}

// TestSplitContract: a message and a trait kept in their own files are
// inlined; schema files become components; the document's own
// components.schemas entry keeps its name.
func TestSplitContract(t *testing.T) {
	c := publishtest.Load(t, "testdata/publish/split/asyncapi.yaml")
	doc, err := bundle.Bundle(c)
	if err != nil {
		t.Fatal(err)
	}
	y, err := doc.YAML()
	if err != nil {
		t.Fatal(err)
	}
	out := string(y)
	for _, want := range []string{
		"      thingCreated:\n        name: thing.created\n",    // message inlined in the channel
		"$ref: '#/components/schemas/Thing2/schema'",            // common.json#/$defs/Thing, renamed past the document's own Thing
		"    Thing:\n      type: object\n",                      // the document's own schema, untouched
		"$ref: '#/components/schemas/DeliveryID/schema'",        // a header schema's $ref from an inlined trait
		"description: Where it is now.\n",                       // $ref siblings kept
		"$ref: '#/components/schemas/ThingMovedPayload/schema'", // untitled payload, named after its message
	} {
		if !strings.Contains(out, want) {
			t.Errorf("bundle lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, ".json") || strings.Contains(out, ".yaml") {
		t.Errorf("bundle still names a file:\n%s", out)
	}
}

// TestAsyncAPICLIAcceptsBundles runs the official AsyncAPI CLI (pinned in
// package.json) on the bundles of both catalogs: no error and no warning.
func TestAsyncAPICLIAcceptsBundles(t *testing.T) {
	cli := asyncapicli.Require(t, publishtest.Path("."))
	for _, tc := range publishtest.Contracts[:2] {
		c := publishtest.Load(t, tc.Path)
		yamlPath, jsonPath := bundled(t, c)
		for _, doc := range []string{yamlPath, jsonPath} {
			t.Run(tc.Name+"/"+filepath.Ext(doc)[1:], func(t *testing.T) {
				t.Parallel()
				cli.Validate(t, doc)
			})
		}
	}
}
