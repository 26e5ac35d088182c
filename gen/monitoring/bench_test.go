package monitoring_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/gen/fixtures/plainmonitoring"
	"github.com/hookcontract/hookcontract/gen/monitoring"
)

// payloads are the valid Monitoring corpus: every event, with nulls and
// extra properties.
func payloads(b testing.TB) [][]byte {
	files, _ := filepath.Glob("../../testdata/payloads/monitoring/valid/*.json")
	var out [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, data)
	}
	if len(out) == 0 {
		b.Fatal("no payloads")
	}
	return out
}

// plainTypes maps each event to a new value of the same struct shape
// without generated methods, for encoding/json's reflection.
var plainTypes = map[string]func() any{
	"account.updated":             func() any { return new(plainmonitoring.AccountUpdated) },
	"user.created":                func() any { return new(plainmonitoring.UserCreated) },
	"user.updated":                func() any { return new(plainmonitoring.UserUpdated) },
	"member.invited":              func() any { return new(plainmonitoring.MemberInvited) },
	"member.joined":               func() any { return new(plainmonitoring.MemberJoined) },
	"member.role_changed":         func() any { return new(plainmonitoring.MemberRoleChanged) },
	"member.removed":              func() any { return new(plainmonitoring.MemberRemoved) },
	"company.created":             func() any { return new(plainmonitoring.CompanyCreated) },
	"company.updated":             func() any { return new(plainmonitoring.CompanyUpdated) },
	"company.deleted":             func() any { return new(plainmonitoring.CompanyDeleted) },
	"company.at_risk":             func() any { return new(plainmonitoring.CompanyAtRisk) },
	"instance.created":            func() any { return new(plainmonitoring.InstanceCreated) },
	"instance.updated":            func() any { return new(plainmonitoring.InstanceUpdated) },
	"instance.deleted":            func() any { return new(plainmonitoring.InstanceDeleted) },
	"sync.completed":              func() any { return new(plainmonitoring.SyncCompleted) },
	"sync.failed":                 func() any { return new(plainmonitoring.SyncFailed) },
	"workflow.degraded":           func() any { return new(plainmonitoring.WorkflowDegraded) },
	"workflow.recovered":          func() any { return new(plainmonitoring.WorkflowRecovered) },
	"execution.failures_detected": func() any { return new(plainmonitoring.ExecutionFailuresDetected) },
	"llm_provider.created":        func() any { return new(plainmonitoring.LLMProviderCreated) },
	"llm_provider.updated":        func() any { return new(plainmonitoring.LLMProviderUpdated) },
	"llm_provider.deleted":        func() any { return new(plainmonitoring.LLMProviderDeleted) },
	"llm_project.created":         func() any { return new(plainmonitoring.LLMProjectCreated) },
	"llm_project.updated":         func() any { return new(plainmonitoring.LLMProjectUpdated) },
	"api_key.created":             func() any { return new(plainmonitoring.APIKeyCreated) },
	"api_key.revoked":             func() any { return new(plainmonitoring.APIKeyRevoked) },
	"webhook.created":             func() any { return new(plainmonitoring.WebhookCreated) },
	"webhook.updated":             func() any { return new(plainmonitoring.WebhookUpdated) },
	"webhook.deleted":             func() any { return new(plainmonitoring.WebhookDeleted) },
}

// BenchmarkDecode compares, on the same payloads and in the same run,
// generated ParseEvent (decode + full validation) with encoding/json
// decoding alone into the same struct shapes (type known in advance, no
// validation), and with the reference engine validating the same bytes
// (encoding/json into any, then santhosh-tekuri v5). Each sub-benchmark's
// ns/op is per payload; make bench prints the ratios (internal/benchratio).
func BenchmarkDecode(b *testing.B) {
	data := payloads(b)
	names := make([]string, len(data))
	for i, d := range data {
		var head struct{ Event string }
		json.Unmarshal(d, &head)
		names[i] = head.Event
		if plainTypes[names[i]] == nil {
			b.Fatalf("no plain type for %q", names[i])
		}
	}
	c, err := contract.Load("../../asyncapi.yaml")
	if err != nil {
		b.Fatal(err)
	}
	generated := func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := monitoring.ParseEvent(data[i%len(data)]); err != nil {
				b.Fatal(err)
			}
		}
	}
	plain := func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			k := i % len(data)
			if err := json.Unmarshal(data[k], plainTypes[names[k]]()); err != nil {
				b.Fatal(err)
			}
		}
	}
	reference := func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			d := json.NewDecoder(bytes.NewReader(data[i%len(data)]))
			d.UseNumber()
			var v any
			if err := d.Decode(&v); err != nil {
				b.Fatal(err)
			}
			if _, vs := c.ValidatePayload(v); len(vs) > 0 {
				b.Fatal(vs)
			}
		}
	}
	b.Run("generated_ParseEvent", generated)
	b.Run("encoding_json_Unmarshal", plain)
	b.Run("santhosh_v5_validate", reference)
}

// FuzzParseEvent: ParseEvent never panics; whatever it accepts encodes
// and parses again to an equal event.
func FuzzParseEvent(f *testing.F) {
	for _, d := range payloads(f) {
		f.Add(d)
	}
	f.Add([]byte(`{"event":"company.created","data":null}`))
	f.Add([]byte(`[[[[[[[[`))
	f.Add([]byte("\xef\xbb\xbf{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := monitoring.ParseEvent(data)
		if err != nil {
			return
		}
		out, err := json.Marshal(ev)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		if _, err := monitoring.ParseEvent(out); err != nil {
			t.Fatalf("re-encoded event is rejected: %v\nin:  %s\nout: %s", err, data, out)
		}
	})
}
