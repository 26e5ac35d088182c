// Package contracttest runs webhook contract checks inside a consumer's own
// go test: recorded payloads (files or directories of JSON, JSON Lines or
// HAR, optionally gzip-compressed) are validated against an AsyncAPI
// contract by the same engine as the validate command, and every violation
// is reported with the same words:
//
//	func TestRecordedWebhooks(t *testing.T) {
//		contracttest.ValidateDir(t, "../api/asyncapi.yaml", "testdata/webhooks")
//	}
//
// A failure reads like the command's output, one line per violation:
//
//	testdata/webhooks/x.json:10: /data/contact_email: 'ops' is not valid 'email' (format)
package contracttest

import (
	"errors"
	"fmt"
	"sync"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/internal/check"
	"github.com/hookcontract/hookcontract/internal/payload"
	"github.com/hookcontract/hookcontract/internal/report"
)

// T is the part of *testing.T (and *testing.B, testing.TB) that the checks
// report through.
type T interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
}

// Option changes what is checked.
type Option func(*config)

type config struct {
	strict          bool
	requireCoverage bool
	deliveryID      string
	quiet           bool
}

// Strict reports properties that the schema does not declare, as the
// validate command's -strict does.
func Strict() Option { return func(c *config) { c.strict = true } }

// RequireCoverage fails the test when an event of the contract has no
// payload among the inputs, as -require-coverage does.
func RequireCoverage() Option { return func(c *config) { c.requireCoverage = true } }

// DeliveryID locates the delivery id with a runtime expression such as
// "$message.payload#/id", instead of each message's correlationId.
func DeliveryID(expr string) Option { return func(c *config) { c.deliveryID = expr } }

// Quiet leaves out the summary that is otherwise logged with t.Logf.
func Quiet() Option { return func(c *config) { c.quiet = true } }

// Report is the outcome of a check.
type Report struct {
	Records    int64    // payloads checked
	Valid      int64    // payloads without a violation
	Invalid    int64    // payloads with at least one
	Violations []string // one per violation: "source:line: /pointer: message (keyword)"
	Warnings   []string // duplicate deliveries: "source:line: /pointer: duplicate delivery ... (duplicate)"
	Uncovered  []string // events of the contract that no payload was routed to
	Events     map[string]int64
}

var contracts sync.Map // path → *contract.Contract

func load(path string) (*contract.Contract, error) {
	if c, ok := contracts.Load(path); ok {
		return c.(*contract.Contract), nil
	}
	c, err := contract.Load(path)
	if err != nil {
		return nil, err
	}
	contracts.Store(path, c)
	return c, nil
}

// Check validates the payloads at paths (files or directories, as the
// validate command takes them) against the contract at contractPath and
// returns what it found. The error is for what prevented the check: a
// contract that does not load, a path that cannot be read.
func Check(contractPath string, paths []string, opts ...Option) (*Report, error) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	c, err := load(contractPath)
	if err != nil {
		return nil, fmt.Errorf("contract %s:\n%w", contractPath, err)
	}
	k, err := check.New(c, check.Options{Strict: cfg.strict, DeliveryID: cfg.deliveryID})
	if err != nil {
		return nil, err
	}
	inputs, err := payload.Expand(paths, nil)
	if err != nil {
		return nil, err
	}
	rep := &Report{Events: map[string]int64{}}
	sum, err := k.Run(inputs, check.RunOptions{OnResult: func(r *check.Result) error {
		for _, p := range r.Errors {
			rep.Violations = append(rep.Violations, fmt.Sprintf("%s:%d: %s", r.Source, p.Line, report.Describe(p)))
		}
		for _, p := range r.Warnings {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s:%d: %s", r.Source, p.Line, report.Describe(p)))
		}
		return nil
	}})
	if err != nil {
		return nil, err
	}
	if len(sum.IOErrors) > 0 {
		return nil, errors.Join(sum.IOErrors...)
	}
	rep.Records, rep.Valid, rep.Invalid, rep.Uncovered = sum.Records, sum.Valid, sum.Invalid, sum.Uncovered
	for _, e := range sum.Events {
		if n := e.Valid + e.Invalid; n > 0 {
			rep.Events[e.Name] = n
		}
	}
	if cfg.requireCoverage && len(sum.Uncovered) > 0 {
		rep.Violations = append(rep.Violations, fmt.Sprintf("coverage: no payload of %d events of %s: %v", len(sum.Uncovered), contractPath, sum.Uncovered))
	}
	return rep, nil
}

// ValidateFiles checks the payloads at paths and reports every violation
// with t.Errorf (so the test fails and goes on), duplicates with t.Logf,
// and a one-line summary with t.Logf. It returns the report for further
// assertions.
func ValidateFiles(t T, contractPath string, paths []string, opts ...Option) *Report {
	t.Helper()
	rep, err := Check(contractPath, paths, opts...)
	if err != nil {
		t.Fatalf("contracttest: %v", err)
		return &Report{}
	}
	for _, v := range rep.Violations {
		t.Errorf("%s", v)
	}
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	if !cfg.quiet {
		for _, w := range rep.Warnings {
			t.Logf("warning: %s", w)
		}
		t.Logf("contracttest: %d payloads: %d valid, %d invalid; %d events never seen", rep.Records, rep.Valid, rep.Invalid, len(rep.Uncovered))
	}
	return rep
}

// ValidateDir checks every payload file below dir (.json, .jsonl, .ndjson,
// .har, optionally .gz) against the contract; see ValidateFiles.
func ValidateDir(t T, contractPath, dir string, opts ...Option) *Report {
	t.Helper()
	return ValidateFiles(t, contractPath, []string{dir}, opts...)
}
