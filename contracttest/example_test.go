package contracttest_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookcontract/hookcontract/contracttest"
)

// TestMonitoringPayloads is what a consumer writes: its recorded payloads
// must satisfy the contract.
func TestMonitoringPayloads(t *testing.T) {
	rep := contracttest.ValidateDir(t, "../asyncapi.yaml", "../testdata/payloads/monitoring/valid", contracttest.RequireCoverage(), contracttest.Quiet())
	if rep.Records != 52 {
		t.Errorf("%d payloads checked, want the 52 of the corpus", rep.Records)
	}
}

func TestWorkspacePayloads(t *testing.T) {
	contracttest.ValidateDir(t, "../examples/workspace/asyncapi.yaml", "../testdata/payloads/workspace/valid", contracttest.RequireCoverage())
}

// recorder is a contracttest.T that keeps what would fail a test.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// TestInvalidPayloadsAreReported shows how invalid payloads are reported,
// without failing: a recorder stands in for the test, and every invalid
// corpus file must have produced at least one failure naming it.
func TestInvalidPayloadsAreReported(t *testing.T) {
	rec := &recorder{TB: t}
	dir := "../testdata/payloads/monitoring/invalid"
	rep := contracttest.ValidateDir(rec, "../asyncapi.yaml", dir, contracttest.Quiet())
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if rep.Invalid != int64(len(files)) || rep.Valid != 0 {
		t.Errorf("%d invalid and %d valid of %d invalid payloads", rep.Invalid, rep.Valid, len(files))
	}
	for _, f := range files {
		found := false
		for _, e := range rec.errors {
			found = found || strings.HasPrefix(e, f+":")
		}
		if !found {
			t.Errorf("%s: no failure reported", f)
		}
	}
	t.Logf("%d failures reported for %d invalid payloads, e.g.\n%s", len(rec.errors), len(files), rec.errors[0])
}

// Check returns the violations as the validate command prints them.
func ExampleCheck() {
	rep, err := contracttest.Check("../asyncapi.yaml", []string{
		"../testdata/payloads/monitoring/valid/company.created.json",
		"../testdata/payloads/monitoring/invalid/company.created.bad-email.json",
		"../testdata/payloads/monitoring/invalid/sync.failed.missing-error-message.json",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d valid, %d invalid\n", rep.Valid, rep.Invalid)
	for _, v := range rep.Violations {
		fmt.Println(v)
	}
	// Output:
	// 1 valid, 2 invalid
	// ../testdata/payloads/monitoring/invalid/company.created.bad-email.json:10: /data/contact_email: 'ops-at-acme.example' is not valid 'email' (format)
	// ../testdata/payloads/monitoring/invalid/sync.failed.missing-error-message.json:5: /data: missing properties: 'error_message' (required)
}
