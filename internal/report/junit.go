package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/hookcontract/hookcontract/internal/check"
)

// junitWriter writes JUnit XML: one testsuite per input with one testcase
// per record (failing when the record is invalid), and a "coverage"
// testsuite with one testcase per event of the contract (skipped when no
// record of it appeared, failing instead with -require-coverage). One
// input's testcases are held in memory until the input ends, because a
// testsuite's counts come first.
type junitWriter struct {
	w       io.Writer
	run     Run
	started bool
	source  string
	cases   bytes.Buffer
	tests   int
	fails   int
	err     error
}

func newJUnit(w io.Writer, run Run) *junitWriter { return &junitWriter{w: w, run: run} }

func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func (j *junitWriter) start() {
	if !j.started {
		j.started = true
		fmt.Fprintf(j.w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"hookcontract validate\">\n")
	}
}

func (j *junitWriter) flush() error {
	j.start()
	if j.tests > 0 {
		fmt.Fprintf(j.w, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\">\n", xmlText(j.source), j.tests, j.fails)
		j.w.Write(j.cases.Bytes())
		_, j.err = fmt.Fprintf(j.w, "  </testsuite>\n")
	}
	j.cases.Reset()
	j.tests, j.fails = 0, 0
	return j.err
}

func (j *junitWriter) Result(r *check.Result) error {
	if r.Source != j.source || j.tests == 0 {
		if err := j.flush(); err != nil {
			return err
		}
		j.source = r.Source
	}
	j.tests++
	class := r.Event
	if class == "" {
		class = "(unrouted)"
	}
	b := &j.cases
	fmt.Fprintf(b, "    <testcase classname=\"%s\" name=\"%s:%d\"", xmlText(class), xmlText(r.Source), r.Line)
	if r.Valid() && len(r.Warnings) == 0 {
		b.WriteString("/>\n")
		return nil
	}
	b.WriteString(">\n")
	if !r.Valid() {
		j.fails++
		first := r.Errors[0]
		fmt.Fprintf(b, "      <failure message=\"%s\" type=\"%s\">", xmlText(Describe(first)), xmlText(first.Keyword))
		for _, p := range r.Errors {
			b.WriteString(xmlText(fmt.Sprintf("%s:%d: %s", r.Source, p.Line, Describe(p))) + "\n")
		}
		b.WriteString("</failure>\n")
	}
	if len(r.Warnings) > 0 {
		b.WriteString("      <system-out>")
		for _, p := range r.Warnings {
			b.WriteString(xmlText(fmt.Sprintf("%s:%d: warning: %s", r.Source, p.Line, Describe(p))) + "\n")
		}
		b.WriteString("</system-out>\n")
	}
	b.WriteString("    </testcase>\n")
	return nil
}

func (j *junitWriter) Summary(s *check.Summary) error {
	if err := j.flush(); err != nil {
		return err
	}
	fails := 0
	if j.run.RequireCoverage {
		fails = len(s.Uncovered)
	}
	fmt.Fprintf(j.w, "  <testsuite name=\"coverage\" tests=\"%d\" failures=\"%d\" skipped=\"%d\" errors=\"0\">\n", len(s.Events), fails, len(s.Uncovered)-fails)
	for _, e := range s.Events {
		fmt.Fprintf(j.w, "    <testcase classname=\"coverage\" name=\"%s\"", xmlText(e.Name))
		switch {
		case e.Valid+e.Invalid > 0:
			fmt.Fprintf(j.w, "/>\n")
		case j.run.RequireCoverage:
			fmt.Fprintf(j.w, ">\n      <failure message=\"no record of event %s appeared\" type=\"coverage\"/>\n    </testcase>\n", xmlText(e.Name))
		default:
			fmt.Fprintf(j.w, ">\n      <skipped message=\"no record of event %s appeared\"/>\n    </testcase>\n", xmlText(e.Name))
		}
	}
	fmt.Fprintf(j.w, "  </testsuite>\n")
	_, err := fmt.Fprintf(j.w, "</testsuites>\n")
	return err
}
