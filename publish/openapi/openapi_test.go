package openapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/publish/components"
	"github.com/hookcontract/hookcontract/publish/internal/publishtest"
	"github.com/hookcontract/hookcontract/publish/openapi"
	"github.com/santhosh-tekuri/jsonschema/v5"
	"go.yaml.in/yaml/v3"
)

type export struct {
	c    *contract.Contract
	set  *components.Set
	yaml []byte
	doc  *openapi3.T // loaded back from yaml by kin-openapi
	data any         // yaml decoded as plain JSON data
}

func build(t *testing.T, path string) *export {
	t.Helper()
	c := publishtest.Load(t, path)
	doc, err := openapi.Build(c)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	y, err := openapi.YAML(doc)
	if err != nil {
		t.Fatalf("YAML: %v", err)
	}
	back, err := openapi.Validate(y)
	if err != nil {
		t.Fatalf("Validate: %v", err)
	}
	set, err := components.New(c)
	if err != nil {
		t.Fatal(err)
	}
	var data any
	if err := yaml.Unmarshal(y, &data); err != nil {
		t.Fatal(err)
	}
	return &export{c: c, set: set, yaml: y, doc: back, data: data}
}

// TestExport: every contract exports to an OpenAPI 3.1 document that
// kin-openapi loads and validates (examples included), with one POST per
// event carrying its payload schema, header parameters and examples.
func TestExport(t *testing.T) {
	for _, tc := range publishtest.Contracts {
		t.Run(tc.Name, func(t *testing.T) {
			e := build(t, tc.Path)
			if e.doc.OpenAPI != "3.1.0" || e.doc.JSONSchemaDialect != openapi.Dialect {
				t.Errorf("openapi %q, dialect %q", e.doc.OpenAPI, e.doc.JSONSchemaDialect)
			}
			if len(e.doc.Webhooks) != tc.Events {
				t.Errorf("%d webhooks, want %d", len(e.doc.Webhooks), tc.Events)
			}
			for _, m := range e.c.Messages {
				item := e.doc.Webhooks[m.Name]
				if item == nil || item.Post == nil {
					t.Errorf("webhook %s: no POST", m.Name)
					continue
				}
				op := item.Post
				media := op.RequestBody.Value.Content.Get(m.ContentType)
				if media == nil || media.Schema.Ref != "#/components/schemas/"+e.set.Payload(m).Name {
					t.Errorf("%s: request body %+v", m.Name, media)
					continue
				}
				if len(media.Examples) != len(m.Examples) {
					t.Errorf("%s: %d examples, want %d", m.Name, len(media.Examples), len(m.Examples))
				}
				if m.CorrelationID != nil && m.CorrelationID.In == "header" {
					name := strings.TrimPrefix(m.CorrelationID.Pointer, "/")
					p := op.Parameters.GetByInAndName(openapi3.ParameterInHeader, name)
					if p == nil || !p.Required || p.Description == "" || p.Schema == nil {
						t.Errorf("%s: header parameter %s: %+v", m.Name, name, p)
					}
				}
			}
		})
	}
}

// TestMonitoringDeliveryHeader pins the delivery header of the Monitoring
// export as a subscriber reads it.
func TestMonitoringDeliveryHeader(t *testing.T) {
	e := build(t, "asyncapi.yaml")
	p := e.doc.Webhooks["company.created"].Post.Parameters.GetByInAndName("header", "X-Webhook-Delivery")
	if p == nil {
		t.Fatal("no X-Webhook-Delivery parameter")
	}
	if !p.Required || p.Schema.Value.Pattern != "^whdel_[0-9A-Za-z]+$" || p.Examples["catalog"] == nil {
		t.Errorf("X-Webhook-Delivery: required=%v pattern=%q examples=%v", p.Required, p.Schema.Value.Pattern, p.Examples)
	}
}

// formats hands kin-openapi the reference engine's format checks, so that
// the differential test below compares schemas, not format libraries.
func formats() openapi3.SchemaValidationOption {
	m := map[string]openapi3.StringFormatValidator{}
	for _, name := range []string{"email", "uri", "date-time", "date", "uuid", "hostname", "ipv4", "ipv6"} {
		check := jsonschema.Formats[name]
		m[name] = openapi3.NewCallbackValidator(func(s string) error {
			if !check(s) {
				return fmt.Errorf("not a valid %s", name)
			}
			return nil
		})
	}
	return openapi3.WithStringFormatValidators(m)
}

// TestDifferential: the export's payload schemas accept every example of
// the contract and give the contract's verdict on every recorded payload,
// both in kin-openapi's JSON Schema 2020-12 validator and, violation by
// violation, in the reference engine compiling the exported document.
func TestDifferential(t *testing.T) {
	for _, tc := range publishtest.Contracts {
		t.Run(tc.Name, func(t *testing.T) {
			e := build(t, tc.Path)
			ref := referenceSchemas(t, e)
			var corpus []publishtest.Payload
			for _, m := range e.c.Messages {
				for _, ex := range m.Examples {
					corpus = append(corpus, publishtest.Payload{Name: m.Name + " example " + ex.Name, Value: ex.Payload})
				}
			}
			if tc.Payloads != "" {
				corpus = append(corpus, publishtest.Corpus(t, tc.Payloads)...)
			}
			invalid := 0
			for _, p := range corpus {
				m, want := e.c.ValidatePayload(p.Value)
				if m == nil {
					continue // no event to export a schema for
				}
				name := e.set.Payload(m).Name
				kinErr := e.doc.Components.Schemas[name].Value.VisitJSON(plain(p.Value), openapi3.EnableJSONSchema2020(), openapi3.MultiErrors(), formats())
				if (kinErr == nil) != (len(want) == 0) {
					t.Errorf("%s: kin-openapi says %v, contract says %v", p.Name, kinErr, want)
				}
				got := contract.Violations(ref[name].Validate(p.Value))
				if g, w := lines(got), lines(want); g != w {
					t.Errorf("%s: reference engine on the export:\n got %s\nwant %s", p.Name, g, w)
				}
				if len(want) > 0 {
					invalid++
				}
			}
			if tc.Payloads != "" && invalid == 0 {
				t.Error("no invalid payload in the corpus: not a differential test")
			}
		})
	}
}

// referenceSchemas compiles every component schema of the exported
// document with the reference engine.
func referenceSchemas(t *testing.T, e *export) map[string]*jsonschema.Schema {
	t.Helper()
	js, err := json.Marshal(e.data)
	if err != nil {
		t.Fatal(err)
	}
	comp := jsonschema.NewCompiler()
	comp.Draft = jsonschema.Draft2020
	comp.AssertFormat = true
	const url = "file:///export/openapi.json"
	if err := comp.AddResource(url, bytes.NewReader(js)); err != nil {
		t.Fatal(err)
	}
	out := map[string]*jsonschema.Schema{}
	for name := range e.doc.Components.Schemas {
		s, err := comp.Compile(url + "#/components/schemas/" + name)
		if err != nil {
			t.Fatalf("compile %s: %v", name, err)
		}
		out[name] = s
	}
	return out
}

func lines(vs []contract.Violation) string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Pointer+" "+v.Keyword+": "+v.Message)
	}
	return strings.Join(out, "\n")
}

// plain converts json.Number to float64, the form kin-openapi expects.
func plain(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return f
	case map[string]any:
		out := map[string]any{}
		for k, val := range x {
			out[k] = plain(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = plain(x[i])
		}
		return out
	}
	return v
}

// TestSchemasExpandAlike: each exported payload schema, with its $refs
// expanded, is the contract's payload schema expanded.
func TestSchemasExpandAlike(t *testing.T) {
	for _, tc := range publishtest.Contracts {
		t.Run(tc.Name, func(t *testing.T) {
			e := build(t, tc.Path)
			schemas := e.data.(map[string]any)["components"].(map[string]any)["schemas"].(map[string]any)
			resolve := func(ref string) (any, bool) {
				name, ok := strings.CutPrefix(ref, "#/components/schemas/")
				s, found := schemas[name]
				return s, ok && found
			}
			for _, m := range e.c.Messages {
				got := publishtest.ExpandValue(schemas[e.set.Payload(m).Name], resolve)
				want := publishtest.Expand(e.c, m.Payload.Loc)
				if g, w := publishtest.Normalize(got), publishtest.Normalize(want); !reflect.DeepEqual(g, w) {
					gj, _ := json.MarshalIndent(g, "", " ")
					wj, _ := json.MarshalIndent(w, "", " ")
					t.Errorf("%s: exported schema differs:\n got %s\nwant %s", m.Name, gj, wj)
				}
			}
		})
	}
}

// TestValidateRejectsBadExample: kin-openapi's validation of the export
// checks examples against schemas, so a broken one is caught.
func TestValidateRejectsBadExample(t *testing.T) {
	e := build(t, "testdata/contracts/ok/asyncapi.yaml")
	bad := bytes.Replace(e.yaml, []byte("id: th_1"), []byte("id: nope"), 1)
	if bytes.Equal(bad, e.yaml) {
		t.Fatal("example not found in the export")
	}
	if _, err := openapi.Validate(bad); err == nil {
		t.Error("Validate accepted an example that breaks its schema's pattern")
	}
}

// TestRedoclyLint runs a second, independent validator, @redocly/cli
// (pinned in package.json), on the exports of both catalogs: no error and
// no warning under its recommended rules (testdata/publish/redocly.yaml
// says which two rules do not apply and why).
func TestRedoclyLint(t *testing.T) {
	cli := publishtest.Path("node_modules/.bin/redocly")
	if _, err := os.Stat(cli); err != nil {
		if os.Getenv("HOOKCONTRACT_INTEROP") != "" {
			t.Fatalf("@redocly/cli is not installed (%v): run `make node_modules`", err)
		}
		t.Skip("@redocly/cli not installed; `make test` installs it and runs this test")
	}
	for _, tc := range publishtest.Contracts[:2] {
		t.Run(tc.Name, func(t *testing.T) {
			e := build(t, tc.Path)
			dir := t.TempDir()
			doc := filepath.Join(dir, "openapi.yaml")
			if err := os.WriteFile(doc, e.yaml, 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(cli, "lint", doc, "--config", publishtest.Path("testdata/publish/redocly.yaml"), "--format", "json")
			// Offline: no telemetry, no update check.
			cmd.Env = append(os.Environ(), "HOME="+dir, "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "NO_UPDATE_NOTIFIER=1")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			runErr := cmd.Run()
			var report struct {
				Totals struct {
					Errors, Warnings int
				} `json:"totals"`
				Problems []struct {
					RuleID   string `json:"ruleId"`
					Severity string `json:"severity"`
					Message  string `json:"message"`
					Location []struct {
						Pointer string `json:"pointer"`
					} `json:"location"`
				} `json:"problems"`
			}
			if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
				t.Fatalf("redocly lint: %v (%v)\nstdout:\n%s\nstderr:\n%s", err, runErr, stdout.String(), stderr.String())
			}
			for _, p := range report.Problems {
				t.Errorf("redocly %s %s at %v: %s", p.Severity, p.RuleID, p.Location, p.Message)
			}
			if runErr != nil || report.Totals.Errors+report.Totals.Warnings > 0 {
				t.Fatalf("redocly lint failed: %v, %d errors, %d warnings", runErr, report.Totals.Errors, report.Totals.Warnings)
			}
		})
	}
}
