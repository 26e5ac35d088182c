package breaking

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/hookcontract/hookcontract/contract"
)

// Position is where a finding is in one version of the contract: a
// line and column for people, a JSON pointer within the file for tools.
type Position struct {
	File    string `json:"file"`    // as displayed, e.g. "schemas/common.json" or "main:./schemas/common.json"
	Line    int    `json:"line"`    // 1-based; 0 when unknown
	Col     int    `json:"col"`     // 1-based; 0 when unknown
	Pointer string `json:"pointer"` // JSON pointer within File ("" is the whole file)
}

// IsZero reports whether p names no place.
func (p Position) IsZero() bool { return p.File == "" }

// String formats p as file:line:col #pointer.
func (p Position) String() string {
	if p.IsZero() {
		return "-"
	}
	s := contract.Pos{File: p.File, Line: p.Line, Col: p.Col}.String()
	return s + " #" + p.Pointer
}

func positionOf(loc contract.Location) Position {
	if loc.File == nil {
		return Position{}
	}
	p := loc.Pos()
	return Position{File: p.File, Line: p.Line, Col: p.Col, Pointer: loc.Pointer}
}

// Finding is one classified change.
type Finding struct {
	Rule    string   `json:"rule"`
	Level   Level    `json:"level"`
	Event   string   `json:"event,omitempty"` // the event's wire name (the old one when renamed); "" for the document as a whole
	Path    string   `json:"path,omitempty"`  // JSON pointer into the message (/payload/..., /headers/..., /examples/0), or into the document when Event is ""
	Message string   `json:"message"`
	Base    Position `json:"base"` // where it is in the old version (or the nearest enclosing place)
	Head    Position `json:"head"` // where it is in the new version (or the nearest enclosing place)
}

// Location identifies what a finding is about independently of line
// numbers: the event name followed by the path, e.g.
// "company.created/payload/data/code". Ignore files match it.
func (f Finding) Location() string { return f.Event + f.Path }

// Where is Location for display: "(contract)" for a finding about the
// contract as a whole.
func (f Finding) Where() string {
	if l := f.Location(); l != "" {
		return l
	}
	return "(contract)"
}

// String formats f on one line: level, rule, location and message.
func (f Finding) String() string {
	return fmt.Sprintf("%s %s %s: %s", f.Level, f.Rule, f.Where(), f.Message)
}

// ContractInfo identifies one version of the contract.
type ContractInfo struct {
	Path    string `json:"path"`
	Title   string `json:"title"`
	Version string `json:"version"`
}

// Report is the outcome of Compare.
type Report struct {
	Base     ContractInfo  `json:"base"`
	Head     ContractInfo  `json:"head"`
	Events   []string      `json:"events"`            // every event of either version, sorted
	Findings []Finding     `json:"findings"`          // sorted by event, path and rule; accepted ones left out
	Ignored  []Finding     `json:"ignored,omitempty"` // findings an ignore entry accepted
	Unused   []IgnoreEntry `json:"unusedIgnores,omitempty"`
	Version  VersionCheck  `json:"version"`
}

// Count returns the number of findings at level l.
func (r *Report) Count(l Level) int {
	n := 0
	for _, f := range r.Findings {
		if f.Level == l {
			n++
		}
	}
	return n
}

// Fails reports whether a finding is at threshold or above.
func (r *Report) Fails(threshold Level) bool {
	for _, f := range r.Findings {
		if f.Level >= threshold {
			return true
		}
	}
	return false
}

// Summary is one line counting the findings, e.g.
// "1 breaking, 0 warnings, 2 info (1 ignored)".
func (r *Report) Summary() string {
	s := fmt.Sprintf("%d breaking, %d %s, %d info", r.Count(Breaking), r.Count(Warning), plural(r.Count(Warning), "warning"), r.Count(Info))
	if len(r.Ignored) > 0 {
		s += fmt.Sprintf(" (%d ignored)", len(r.Ignored))
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Event, b.Event),
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Rule, b.Rule),
		)
	})
}

// mergeFindings joins findings with the same rule and location (a change
// met through several branches or keywords) into one.
func mergeFindings(fs []Finding) []Finding {
	sortFindings(fs)
	out := fs[:0]
	for _, f := range fs {
		if n := len(out); n > 0 && out[n-1].Rule == f.Rule && out[n-1].Location() == f.Location() {
			if !strings.Contains(out[n-1].Message, f.Message) {
				out[n-1].Message += "; " + f.Message
			}
			continue
		}
		out = append(out, f)
	}
	return out
}
