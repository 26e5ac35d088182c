package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/hookcontract/hookcontract/internal/check"
)

// githubWriter prints GitHub Actions workflow commands, which the runner
// turns into annotations on the files:
//
//	::error file=x.json,line=10,title=company.created::/data/contact_email: ... (format)
//
// then the text summary.
type githubWriter struct {
	w   io.Writer
	run Run
	opt Options
}

// escapeData and escapeProperty follow the runner's rules for workflow
// command values.
var (
	escapeData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	escapeProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func (g *githubWriter) Result(r *check.Result) error {
	if g.opt.Quiet || (r.Valid() && len(r.Warnings) == 0) {
		return nil
	}
	title := r.Event
	if title == "" {
		title = "payload"
	}
	var b strings.Builder
	line := func(cmd string, p check.Problem) {
		b.WriteString("::" + cmd + " ")
		if r.Source != "<stdin>" {
			fmt.Fprintf(&b, "file=%s,", escapeProperty.Replace(r.Source))
		}
		fmt.Fprintf(&b, "line=%d,title=%s::%s\n", p.Line, escapeProperty.Replace(title), escapeData.Replace(Describe(p)))
	}
	for _, p := range r.Errors {
		line("error", p)
	}
	for _, p := range r.Warnings {
		line("warning", p)
	}
	_, err := io.WriteString(g.w, b.String())
	return err
}

func (g *githubWriter) Summary(s *check.Summary) error {
	bw := bufio.NewWriter(g.w)
	if g.run.RequireCoverage && len(s.Uncovered) > 0 {
		fmt.Fprintf(bw, "::error title=coverage::%s\n", escapeData.Replace(fmt.Sprintf("no record of %s appeared: %s", plural(int64(len(s.Uncovered)), "event"), strings.Join(s.Uncovered, ", "))))
	}
	writeTextSummary(bw, s, g.run)
	return bw.Flush()
}
