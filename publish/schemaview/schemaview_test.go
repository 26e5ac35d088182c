package schemaview_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hookcontract/hookcontract/publish/components"
	"github.com/hookcontract/hookcontract/publish/internal/publishtest"
	"github.com/hookcontract/hookcontract/publish/schemaview"
)

func row(f schemaview.Field) string {
	var cons []string
	for _, c := range f.Constraints {
		cons = append(cons, strings.TrimSpace(c.Label+" "+strings.Join(c.Values, ",")))
	}
	return fmt.Sprintf("%s %s ref=%s req=%v null=%v [%s]", f.Dotted(), f.Type, f.Ref, f.Required, f.Nullable, strings.Join(cons, "; "))
}

// TestFields pins the rows of events that use every construct the
// catalogs have: the envelope merged through allOf, shared types behind
// $ref, a nullable oneOf, arrays of objects and of a shared enum.
func TestFields(t *testing.T) {
	c := publishtest.Load(t, "asyncapi.yaml")
	set, err := components.New(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		event string
		want  []string // rows that must be present, in this order
	}{
		{"company.at_risk", []string{
			"event string ref= req=true null=false [const company.at_risk]",
			"created_at string ref= req=true null=false [format date-time]",
			"idempotency_key string ref= req=true null=false [pattern ^whdel_[0-9A-Za-z]+$]",
			"data object ref= req=true null=false []",
			"data.company object ref=CompanyRef req=true null=false []",
			"data.company.id string ref= req=true null=false [pattern ^cli_[0-9A-Za-z]+$]",
			"data.failure_rate number ref= req=true null=false [≥ 0; ≤ 1]",
		}},
		{"llm_provider.created", []string{
			"data object ref=LLMProvider req=true null=false []",
			"data.default_company object ref=CompanyRef req=true null=true []",
			"data.default_company.id string ref= req=true null=false [pattern ^cli_[0-9A-Za-z]+$]",
			"data.last_synced_at string ref= req=true null=true [format date-time]",
		}},
		{"execution.failures_detected", []string{
			"data.sample_errors array of object ref= req=true null=false [items ≥ 1; items ≤ 10]",
			"data.sample_errors[].error_category string ref= req=true null=false [pattern ^[a-z0-9_]+$]",
		}},
		{"webhook.created", []string{
			"data.url string ref= req=true null=false [format uri; pattern ^https://]",
			"data.events array of EventName ref= req=true null=false [items ≥ 1; unique items]",
		}},
		{"member.invited", []string{
			"data.role string ref=Role req=true null=false [one of owner,admin,member,viewer]",
		}},
	} {
		t.Run(tc.event, func(t *testing.T) {
			var rows []string
			for _, f := range schemaview.Fields(set, c.Message(tc.event).Payload.Loc) {
				rows = append(rows, row(f))
			}
			at := 0
			for _, w := range tc.want {
				i := indexFrom(rows, w, at)
				if i < 0 {
					t.Errorf("missing or out of order: %s\nrows:\n%s", w, strings.Join(rows, "\n"))
					continue
				}
				at = i + 1
			}
		})
	}
}

func indexFrom(rows []string, s string, from int) int {
	for i := from; i < len(rows); i++ {
		if rows[i] == s {
			return i
		}
	}
	return -1
}

// TestRecursiveType: a type that contains itself is expanded once.
func TestRecursiveType(t *testing.T) {
	c := publishtest.Load(t, "testdata/publish/split/asyncapi.yaml")
	set, _ := components.New(c, "Thing")
	var rows []string
	for _, f := range schemaview.Fields(set, c.Message("thing.created").Payload.Loc) {
		rows = append(rows, row(f))
	}
	want := []string{
		"event string ref= req=true null=false [const thing.created]",
		"data object ref=Thing2 req=true null=false []",
		"data.id string ref= req=true null=false [pattern ^th_[0-9a-z]+$]",
		"data.tags array of string ref= req=true null=false [items ≤ 3]",
		"data.parent object ref=Thing2 req=true null=true []",
	}
	if got := strings.Join(rows, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

// TestSamplesValidate: the sample made for every payload and header
// schema of every contract is accepted by that schema.
func TestSamplesValidate(t *testing.T) {
	for _, tc := range publishtest.Contracts {
		t.Run(tc.Name, func(t *testing.T) {
			c := publishtest.Load(t, tc.Path)
			set, err := components.New(c)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range c.Messages {
				s := schemaview.Sample(set, m.Payload.Loc)
				if err := m.Payload.Validate(schemaview.Plain(s)); err != nil {
					js, _ := schemaview.Indent(s)
					t.Errorf("%s: sample payload is invalid:\n%s\n%s", m.Name, publishtest.Violations(err), js)
				}
				if m.Headers != nil {
					h := schemaview.Sample(set, m.Headers.Loc)
					if err := m.Headers.Validate(schemaview.Plain(h)); err != nil {
						t.Errorf("%s: sample headers are invalid: %s", m.Name, publishtest.Violations(err))
					}
				}
			}
		})
	}
}

// TestSampleOrder: samples keep the schema's property order.
func TestSampleOrder(t *testing.T) {
	c := publishtest.Load(t, "asyncapi.yaml")
	set, _ := components.New(c)
	js, err := schemaview.Indent(schemaview.Sample(set, c.Message("company.at_risk").Payload.Loc))
	if err != nil {
		t.Fatal(err)
	}
	last := -1
	for _, k := range []string{`"event"`, `"created_at"`, `"idempotency_key"`, `"data"`} {
		i := strings.Index(js, k)
		if i < last {
			t.Errorf("%s out of the envelope's order:\n%s", k, js)
		}
		last = i
	}
	if !strings.Contains(js, `"idempotency_key": "whdel_`) || !strings.Contains(js, `"id": "cli_`) {
		t.Errorf("sample does not follow patterns:\n%s", js)
	}
}
