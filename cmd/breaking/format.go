package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/hookcontract/hookcontract/breaking"
)

// A writer prints a report in one output format.
type writer func(w io.Writer, r *breaking.Report, p failPolicy) error

var formats = map[string]writer{
	"text":     writeText,
	"json":     writeJSON,
	"junit":    writeJUnit,
	"github":   writeGitHub,
	"markdown": writeMarkdown,
}

func formatNames() []string {
	return []string{"text", "json", "junit", "github", "markdown"}
}

// writeText prints each finding with its two positions, then the counts
// and the version verdict.
func writeText(w io.Writer, r *breaking.Report, p failPolicy) error {
	for _, f := range r.Findings {
		fmt.Fprintln(w, f)
		fmt.Fprintf(w, "    base: %s\n    head: %s\n", f.Base, f.Head)
	}
	if len(r.Findings) == 0 {
		fmt.Fprintf(w, "no changes that affect consumers\n")
	} else {
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%s → %s: %s\n", r.Base.Path, r.Head.Path, r.Summary())
	_, err := fmt.Fprintln(w, r.Version)
	return err
}

// jsonReport is the report as -format json writes it.
type jsonReport struct {
	*breaking.Report
	Counts map[string]int `json:"counts"`
	FailOn string         `json:"failOn"`
	Failed bool           `json:"failed"`
}

func writeJSON(w io.Writer, r *breaking.Report, p failPolicy) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(jsonReport{
		Report: r,
		Counts: map[string]int{"breaking": r.Count(breaking.Breaking), "warning": r.Count(breaking.Warning), "info": r.Count(breaking.Info)},
		FailOn: p.String(),
		Failed: p.fails(r),
	})
}

// JUnit XML: one test case per event of either version (and one for the
// contract as a whole); a case fails when one of its findings is at the
// -fail-on level.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func writeJUnit(w io.Writer, r *breaking.Report, p failPolicy) error {
	byEvent := map[string][]breaking.Finding{}
	for _, f := range r.Findings {
		byEvent[f.Event] = append(byEvent[f.Event], f)
	}
	events := append([]string{""}, r.Events...)
	suite := junitSuite{Name: r.Base.Path + " → " + r.Head.Path}
	for _, e := range events {
		c := junitCase{Name: e, Classname: "breaking"}
		if e == "" {
			c.Name = "contract"
		}
		var failing, other []string
		for _, f := range byEvent[e] {
			text := fmt.Sprintf("%s\n    base: %s\n    head: %s", f, f.Base, f.Head)
			if p.failing(f) {
				failing = append(failing, text)
			} else {
				other = append(other, text)
			}
		}
		if e == "" {
			other = append(other, r.Version.String())
		}
		if len(failing) > 0 {
			c.Failure = &junitFailure{
				Message: fmt.Sprintf("%d finding(s) at level %s or above", len(failing), p),
				Type:    "breaking",
				Text:    strings.Join(failing, "\n"),
			}
			suite.Failures++
		}
		c.SystemOut = strings.Join(other, "\n")
		suite.Cases = append(suite.Cases, c)
	}
	suite.Tests = len(suite.Cases)
	out := junitSuites{Name: "breaking", Tests: suite.Tests, Failures: suite.Failures, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// writeGitHub prints GitHub Actions workflow commands: one annotation per
// finding on the new version's file (error at the -fail-on level, warning
// or notice below it), then the summary.
func writeGitHub(w io.Writer, r *breaking.Report, p failPolicy) error {
	// Annotations need a file of the work tree: not one read from git.
	onDisk := func(path string) bool { return path != "" && !strings.HasPrefix(path, breaking.GitPrefix) }
	for _, f := range r.Findings {
		cmd := "notice"
		switch {
		case p.failing(f):
			cmd = "error"
		case f.Level >= breaking.Warning:
			cmd = "warning"
		}
		var props []string
		if pos, ok := annotated(f, onDisk(r.Head.Path), onDisk(r.Base.Path)); ok {
			props = append(props, "file="+ghProp(pos.File), "line="+strconv.Itoa(pos.Line), "col="+strconv.Itoa(pos.Col))
		}
		props = append(props, "title="+ghProp(f.Level.String()+" "+f.Rule+" "+f.Where()))
		msg := fmt.Sprintf("%s\nbase: %s\nhead: %s", f.Message, f.Base, f.Head)
		fmt.Fprintf(w, "::%s %s::%s\n", cmd, strings.Join(props, ","), ghData(msg))
	}
	fmt.Fprintf(w, "%s → %s: %s\n", r.Base.Path, r.Head.Path, r.Summary())
	_, err := fmt.Fprintln(w, r.Version)
	return err
}

// annotated picks the position to annotate: the new version's, unless
// only the old version is in the work tree.
func annotated(f breaking.Finding, headOnDisk, baseOnDisk bool) (breaking.Position, bool) {
	switch {
	case headOnDisk && !f.Head.IsZero():
		return f.Head, true
	case baseOnDisk && !f.Base.IsZero():
		return f.Base, true
	}
	return breaking.Position{}, false
}

func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// writeMarkdown prints a pull-request comment: a headline, the version
// verdict and a table, most severe first.
func writeMarkdown(w io.Writer, r *breaking.Report, p failPolicy) error {
	verdict := "no failing changes"
	if p.fails(r) {
		verdict = "fails at level " + p.String()
	}
	fmt.Fprintf(w, "### Contract changes: %s (%s)\n\n", r.Summary(), verdict)
	fmt.Fprintf(w, "`%s` → `%s`: %s\n\n", r.Base.Path, r.Head.Path, mdText(r.Version.String()))
	if len(r.Findings) == 0 {
		fmt.Fprintln(w, "No changes that affect consumers.")
	} else {
		writeMarkdownTable(w, r.Findings)
	}
	if len(r.Ignored) > 0 {
		fmt.Fprintf(w, "\n<details><summary>%d accepted by the ignore file</summary>\n\n", len(r.Ignored))
		writeMarkdownTable(w, r.Ignored)
		fmt.Fprintln(w, "\n</details>")
	}
	return nil
}

func writeMarkdownTable(w io.Writer, findings []breaking.Finding) {
	fs := slices.Clone(findings)
	slices.SortStableFunc(fs, func(a, b breaking.Finding) int { return int(b.Level) - int(a.Level) })
	fmt.Fprintln(w, "| level | rule | location | change | base | head |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- |")
	for _, f := range fs {
		level := f.Level.String()
		if f.Level == breaking.Breaking {
			level = "**breaking**"
		}
		fmt.Fprintf(w, "| %s | `%s` | `%s` | %s | %s | %s |\n", level, f.Rule, mdCode(f.Where()), mdText(f.Message), mdPos(f.Base), mdPos(f.Head))
	}
}

func mdPos(p breaking.Position) string {
	if p.IsZero() {
		return "–"
	}
	return fmt.Sprintf("`%s:%d` `#%s`", mdCode(p.File), p.Line, mdCode(p.Pointer))
}

// mdText escapes text for a table cell.
func mdText(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "\\`").Replace(s)
}

// mdCode escapes text inside a code span in a table cell.
func mdCode(s string) string {
	return strings.NewReplacer("|", `\|`, "`", "'", "\n", " ").Replace(s)
}

// writeRules prints the rule catalog.
func writeRules(w io.Writer, format string) error {
	rules := breaking.Rules()
	switch format {
	case "markdown":
		fmt.Fprintln(w, "| rule | level | bump | what it means |")
		fmt.Fprintln(w, "| --- | --- | --- | --- |")
		for _, r := range rules {
			fmt.Fprintf(w, "| `%s` | %s | %s | %s |\n", r.ID, r.Level, r.Bump, mdCatalogText(r.Doc))
		}
	case "json":
		type rule struct {
			ID    string         `json:"id"`
			Level breaking.Level `json:"level"`
			Bump  breaking.Bump  `json:"bump"`
			Doc   string         `json:"doc"`
		}
		out := make([]rule, len(rules))
		for i, r := range rules {
			out[i] = rule{r.ID, r.Level, r.Bump, r.Doc}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "text":
		for _, r := range rules {
			fmt.Fprintf(w, "%-30s %-8s %-5s %s\n", r.ID, r.Level, r.Bump, r.Doc)
		}
	default:
		return fmt.Errorf("-rules prints text, json or markdown, not %s", format)
	}
	return nil
}

// mdCatalogText keeps the catalog's code-like words readable in a table.
func mdCatalogText(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
