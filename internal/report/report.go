// Package report writes the verdicts of a validation run: one small
// writer per output format (text, json, junit, github), each fed the
// results in input order and then the summary.
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/hookcontract/hookcontract/internal/check"
)

// Format is an output format.
type Format int

const (
	Text   Format = iota // source:line: /pointer: message (keyword), then a summary
	JSON                 // JSON Lines: one object per record, then one summary object
	JUnit                // JUnit XML: one testsuite per input, one testcase per record
	GitHub               // GitHub Actions workflow commands (annotations), then the summary
)

// Formats lists the format names, as -format takes them.
var Formats = []string{"text", "json", "junit", "github"}

// String returns the name -format takes for f.
func (f Format) String() string { return Formats[f] }

// ParseFormat reads a -format value.
func ParseFormat(s string) (Format, error) {
	for i, n := range Formats {
		if s == n {
			return Format(i), nil
		}
	}
	return Text, fmt.Errorf("unknown format %q (want %s)", s, strings.Join(Formats, ", "))
}

// Run describes what was validated, for the summary.
type Run struct {
	Contract        string // contract path
	Title           string // the contract's title and version
	RequireCoverage bool   // a coverage miss fails the run
	Strict          bool
}

// Writer receives every result, in input order, then the summary once.
type Writer interface {
	Result(r *check.Result) error
	Summary(s *check.Summary) error
}

// Options control writers.
type Options struct {
	Quiet bool // text, json, github: only the summary
}

// New returns the writer for f.
func New(f Format, w io.Writer, run Run, opt Options) Writer {
	switch f {
	case JSON:
		return &jsonWriter{w: w, run: run, opt: opt}
	case JUnit:
		return newJUnit(w, run)
	case GitHub:
		return &githubWriter{w: w, run: run, opt: opt}
	}
	return &textWriter{w: w, run: run, opt: opt}
}

// Where names where a problem is, as the text and github formats show it:
// a payload pointer ("/data/id", "(root)" for the whole payload), a header
// ("header X-Webhook-Delivery", "headers" for all of them), or nothing for
// an input problem.
func Where(p check.Problem) string {
	switch p.In {
	case check.InPayload:
		if p.Pointer == "" {
			return "(root)"
		}
		return p.Pointer
	case check.InHeader:
		if p.Pointer == "" {
			return "headers"
		}
		return "header " + strings.TrimPrefix(p.Pointer, "/")
	}
	return ""
}

// Describe formats a problem without its location:
// "/pointer: message (keyword)".
func Describe(p check.Problem) string {
	var b strings.Builder
	if w := Where(p); w != "" {
		b.WriteString(w)
		b.WriteString(": ")
	}
	b.WriteString(oneLine.Replace(p.Message))
	if p.Keyword != "" {
		b.WriteString(" (")
		b.WriteString(p.Keyword)
		b.WriteString(")")
	}
	return b.String()
}

// oneLine keeps every problem on one line of output.
var oneLine = strings.NewReplacer("\r", `\r`, "\n", `\n`)

// failed reports whether the run fails: a violation, or a coverage miss
// when coverage is required.
func failed(s *check.Summary, run Run) bool {
	return s.Invalid > 0 || (run.RequireCoverage && len(s.Uncovered) > 0)
}
