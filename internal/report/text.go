package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/hookcontract/hookcontract/internal/check"
)

// textWriter prints one line per problem, then the summary:
//
//	testdata/x.json:10: /data/contact_email: 'ops' is not valid email (format)
type textWriter struct {
	w   io.Writer
	run Run
	opt Options
}

func (t *textWriter) Result(r *check.Result) error {
	if t.opt.Quiet || (r.Valid() && len(r.Warnings) == 0) {
		return nil
	}
	var b strings.Builder
	for _, p := range r.Errors {
		fmt.Fprintf(&b, "%s:%d: %s\n", r.Source, p.Line, Describe(p))
	}
	for _, p := range r.Warnings {
		fmt.Fprintf(&b, "%s:%d: warning: %s\n", r.Source, p.Line, Describe(p))
	}
	_, err := io.WriteString(t.w, b.String())
	return err
}

func (t *textWriter) Summary(s *check.Summary) error {
	bw := bufio.NewWriter(t.w)
	writeTextSummary(bw, s, t.run)
	return bw.Flush()
}

// writeTextSummary prints the summary block shared by text and github.
func writeTextSummary(w io.Writer, s *check.Summary, run Run) {
	verdict := "ok"
	if failed(s, run) {
		verdict = "FAIL"
	}
	fmt.Fprintf(w, "%s: %s in %s: %d valid, %d invalid", verdict, plural(s.Records, "record"), plural(int64(s.Inputs), "input"), s.Valid, s.Invalid)
	if s.Unrouted > 0 {
		fmt.Fprintf(w, " (%d not routed to an event)", s.Unrouted)
	}
	fmt.Fprintf(w, "; %s\n", plural(s.Duplicates, "duplicate delivery"))
	width := 0
	for _, e := range s.Events {
		width = max(width, len(e.Name))
	}
	for _, e := range s.Events {
		if e.Valid+e.Invalid == 0 {
			continue
		}
		fmt.Fprintf(w, "  %-*s  %6d valid  %6d invalid\n", width, e.Name, e.Valid, e.Invalid)
	}
	title := run.Title
	if title == "" {
		title = run.Contract
	}
	fmt.Fprintf(w, "coverage: %d of %d events of %s appeared", s.Covered(), len(s.Events), title)
	if len(s.Uncovered) == 0 {
		fmt.Fprintln(w)
	} else {
		fmt.Fprintf(w, "; never seen: %s\n", strings.Join(s.Uncovered, ", "))
	}
	if run.RequireCoverage && len(s.Uncovered) > 0 {
		fmt.Fprintf(w, "coverage required (-require-coverage): %s missing\n", plural(int64(len(s.Uncovered)), "event"))
	}
	if len(s.IOErrors) > 0 {
		fmt.Fprintf(w, "%s could not be read\n", plural(int64(len(s.IOErrors)), "input"))
	}
}

// plural formats n and a noun, pluralised by the simple English rule the
// summary's nouns follow.
func plural(n int64, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	if strings.HasSuffix(noun, "y") {
		return fmt.Sprintf("%d %sies", n, noun[:len(noun)-1])
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
