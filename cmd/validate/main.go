// Command validate checks recorded webhook payloads against a contract.
//
// Usage:
//
//	go run ./cmd/validate [flags] [path ...]
//
// Each path is a file, a directory (every .json, .jsonl, .ndjson and .har
// file below it, optionally gzip-compressed, in lexical order) or - for
// standard input. Every record gets a verdict; violations are printed as
// source:line: /json/pointer: message (keyword), followed by a summary
// with per-event counts, duplicate deliveries and contract coverage.
//
// Exit status: 0 all records valid, 1 a violation (or a coverage miss
// with -require-coverage, or a contract problem), 2 a usage or I/O error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/internal/check"
	"github.com/hookcontract/hookcontract/internal/payload"
	"github.com/hookcontract/hookcontract/internal/report"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("validate: ")
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// enum is a flag whose value is one of a fixed list.
type enum struct {
	value   string
	allowed []string
}

func (e *enum) String() string { return e.value }

func (e *enum) Set(s string) error {
	for _, a := range e.allowed {
		if s == a {
			e.value = s
			return nil
		}
	}
	return fmt.Errorf("want one of %s", strings.Join(e.allowed, ", "))
}

// size is a byte count flag that takes suffixes: 512KiB, 4MiB, 1GiB (or
// KB, MB, GB, K, M, G, all powers of 1024).
type size int

func (s *size) String() string { return formatSize(int(*s)) }

func (s *size) Set(v string) error {
	n, err := parseSize(v)
	if err != nil {
		return err
	}
	*s = size(n)
	return nil
}

func formatSize(n int) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return strconv.Itoa(n>>30) + "GiB"
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + "MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + "KiB"
	}
	return strconv.Itoa(n)
}

func parseSize(v string) (int, error) {
	t := strings.ToUpper(strings.TrimSpace(v))
	mult := 1
	for _, u := range []struct {
		suffix string
		mult   int
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.Atoi(t)
	if err != nil || n <= 0 || n > (1<<40)/mult {
		return 0, fmt.Errorf("want a positive size such as 1048576, 512KiB or 4MiB")
	}
	return n * mult, nil
}

// memoryLimiter keeps the heap near what a run needs, unless GOMEMLIMIT
// says otherwise: the table of delivery ids (which grows with the input)
// plus an allowance for the records in flight. Without a limit the
// collector lets the heap grow to twice its live size, and on a big input
// that is mostly the table.
func memoryLimiter(maxRecord int64) func(table int64) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return nil
	}
	return func(table int64) {
		debug.SetMemoryLimit(32<<20 + 4*maxRecord + table)
	}
}

const usage = `usage: validate [flags] [path ...]

Validate checks recorded webhook payloads against an AsyncAPI contract
(default ./asyncapi.yaml). Each path is a file, a directory (every .json,
.jsonl, .ndjson and .har file below it, optionally .gz, in lexical order)
or - for standard input; with no path, standard input is read.

Inputs are read as
  a JSON document   one payload (.json)
  JSON Lines        one payload per line, blank lines ignored (.jsonl, .ndjson)
  HAR 1.2           every recorded request with a body, with its headers (.har)
and the format of stdin or of an unknown extension is detected from the
content (gzip by its magic bytes). Each payload is routed to its event by
the contract's discriminator and validated against that event's JSON Schema
(2020-12, formats asserted), and its headers too when the input has them.
Deliveries seen twice (same delivery id, from the contract's correlationId
or the body's idempotency key) are warnings naming both places.

Every record gets a verdict: unreadable, malformed, too large or too deep
records are violations at their source:line, and the run goes on.

Output (-format):
  text    source:line: /json/pointer: message (keyword), then a summary
  json    JSON Lines: {"kind":"record",...} per record, then {"kind":"summary",...}
  junit   JUnit XML: a testsuite per input, a testcase per record, plus coverage
  github  GitHub Actions annotations (::error file=...,line=...::...), then the summary

Exit status: 0 every record valid, 1 violations found (or events missing
with -require-coverage, or the contract has problems), 2 usage or I/O error.

Examples:
  validate testdata/payloads/monitoring/valid
  validate -format json -strict deliveries.jsonl.gz
  kubectl logs webhook-sender | validate -contract api/asyncapi.yaml -
  validate -require-coverage -format github recorded/

Flags:
`

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	contractPath := fs.String("contract", "asyncapi.yaml", "the AsyncAPI `file` to validate against")
	format := &enum{value: "text", allowed: report.Formats}
	fs.Var(format, "format", "output `format`: "+strings.Join(report.Formats, ", "))
	input := &enum{value: "auto", allowed: []string{"auto", "json", "jsonl", "har"}}
	fs.Var(input, "input", "input `format`: auto (by extension, then content), json, jsonl or har")
	quiet := fs.Bool("q", false, "print only the summary (text, json and github formats)")
	strict := fs.Bool("strict", false, "report properties that the schema does not declare (unevaluatedProperties semantics)")
	requireCoverage := fs.Bool("require-coverage", false, "fail (exit 1) when an event of the contract never appears in the input")
	maxSize := size(payload.DefaultMaxRecordSize)
	fs.Var(&maxSize, "max-record-size", "largest record (line, document or request body) read, e.g. 512KiB or 4MiB; larger ones are violations")
	maxDepth := fs.Int("max-depth", payload.DefaultMaxDepth, "deepest nesting of objects and arrays in a payload; deeper ones are violations")
	workers := fs.Int("j", runtime.GOMAXPROCS(0), "records checked in parallel (output keeps input order)")
	deliveryID := fs.String("delivery-id", "", "where the delivery id is, as a runtime `expression` such as $message.payload#/id (default: each message's correlationId, or the body's idempotency key)")
	progress := &enum{value: "auto", allowed: []string{"auto", "always", "never"}}
	fs.Var(progress, "progress", "progress line on stderr: auto (when stderr is a terminal), always or never")
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *maxDepth < 1 || *workers < 1 {
		fmt.Fprintln(stderr, "validate: -max-depth and -j must be at least 1")
		return 2
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"-"}
		if f, ok := stdin.(*os.File); ok && isTerminal(f) {
			fmt.Fprintln(stderr, "validate: reading payloads from standard input (end with Ctrl-D; -h for help)")
		}
	}
	inputs, err := payload.Expand(paths, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "validate: %v\n", err)
		return 2
	}

	if _, err := os.Stat(*contractPath); err != nil {
		fmt.Fprintf(stderr, "validate: contract: %v\n", err)
		return 2
	}
	c, err := contract.Load(*contractPath)
	if err != nil {
		fmt.Fprintln(stderr, err)
		var list contract.ErrorList
		if errors.As(err, &list) {
			fmt.Fprintf(stderr, "validate: %s: %d contract problem(s)\n", *contractPath, len(list))
			return 1
		}
		return 2
	}
	k, err := check.New(c, check.Options{Strict: *strict, MaxDepth: *maxDepth, DeliveryID: *deliveryID})
	if err != nil {
		fmt.Fprintf(stderr, "validate: %v\n", err)
		return 2
	}
	inFormat, _ := payload.ParseFormat(input.value)
	outFormat, _ := report.ParseFormat(format.value)

	out := newLazyFlush(stdout)
	w := report.New(outFormat, out, report.Run{
		Contract:        *contractPath,
		Title:           strings.TrimSpace(c.Info.Title + " " + c.Info.Version),
		RequireCoverage: *requireCoverage,
		Strict:          *strict,
	}, report.Options{Quiet: *quiet})

	prog := newProgress(stderr, progress.value)
	sum, err := k.Run(inputs, check.RunOptions{
		Read:        payload.Options{Format: inFormat, MaxRecordSize: int(maxSize)},
		Workers:     *workers,
		OnResult:    w.Result,
		Progress:    prog.update,
		OnDedupGrow: memoryLimiter(int64(maxSize)),
		OnIOErr: func(err error) {
			out.Flush()
			fmt.Fprintf(stderr, "validate: %v\n", err)
		},
	})
	prog.clear()
	if err == nil {
		err = w.Summary(sum)
	}
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		fmt.Fprintf(stderr, "validate: writing output: %v\n", err)
		return 2
	}
	switch {
	case len(sum.IOErrors) > 0:
		return 2
	case sum.Invalid > 0, *requireCoverage && len(sum.Uncovered) > 0:
		return 1
	}
	return 0
}
