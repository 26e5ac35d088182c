package report

import (
	"encoding/json"
	"io"

	"github.com/hookcontract/hookcontract/internal/check"
)

// jsonWriter writes JSON Lines: one record object per record, then one
// summary object. The shape is documented in the README and fixed by
// output.schema.json beside this file.
type jsonWriter struct {
	w   io.Writer
	run Run
	opt Options
	enc *json.Encoder
}

// JSONProblem is a violation or warning in the json format.
type JSONProblem struct {
	Line    int    `json:"line"`
	In      string `json:"in"`
	Pointer string `json:"pointer"`
	Keyword string `json:"keyword"`
	Message string `json:"message"`
}

// JSONRecord is the json format's object for one record.
type JSONRecord struct {
	Kind       string        `json:"kind"` // "record"
	Source     string        `json:"source"`
	Line       int           `json:"line"`
	Verdict    string        `json:"verdict"` // "valid" or "invalid"
	Event      string        `json:"event,omitempty"`
	DeliveryID string        `json:"delivery_id,omitempty"`
	Errors     []JSONProblem `json:"errors"`
	Warnings   []JSONProblem `json:"warnings"`
}

// JSONEvent counts one event's records.
type JSONEvent struct {
	Name    string `json:"name"`
	Valid   int64  `json:"valid"`
	Invalid int64  `json:"invalid"`
}

// JSONSummary is the json format's last object.
type JSONSummary struct {
	Kind       string      `json:"kind"` // "summary"
	Contract   string      `json:"contract"`
	Title      string      `json:"title"`
	Verdict    string      `json:"verdict"` // "pass" or "fail"
	Inputs     int         `json:"inputs"`
	Records    int64       `json:"records"`
	Valid      int64       `json:"valid"`
	Invalid    int64       `json:"invalid"`
	Unrouted   int64       `json:"unrouted"`
	Warnings   int64       `json:"warnings"`
	Duplicates int64       `json:"duplicates"`
	Events     []JSONEvent `json:"events"`
	Coverage   struct {
		Covered   int      `json:"covered"`
		Total     int      `json:"total"`
		Required  bool     `json:"required"`
		Uncovered []string `json:"uncovered"`
	} `json:"coverage"`
	IOErrors []string `json:"io_errors"`
}

func problems(ps []check.Problem) []JSONProblem {
	out := make([]JSONProblem, len(ps))
	for i, p := range ps {
		out[i] = JSONProblem{Line: p.Line, In: p.In, Pointer: p.Pointer, Keyword: p.Keyword, Message: p.Message}
	}
	return out
}

func (j *jsonWriter) Result(r *check.Result) error {
	if j.opt.Quiet {
		return nil
	}
	rec := JSONRecord{Kind: "record", Source: r.Source, Line: r.Line, Verdict: "valid", Event: r.Event, DeliveryID: r.DeliveryID,
		Errors: problems(r.Errors), Warnings: problems(r.Warnings)}
	if !r.Valid() {
		rec.Verdict = "invalid"
	}
	return j.write(rec)
}

func (j *jsonWriter) write(v any) error {
	if j.enc == nil {
		j.enc = json.NewEncoder(j.w)
		j.enc.SetEscapeHTML(false) // "<stdin>", not "\u003cstdin\u003e"
	}
	return j.enc.Encode(v)
}

func (j *jsonWriter) Summary(s *check.Summary) error {
	out := JSONSummary{Kind: "summary", Contract: j.run.Contract, Title: j.run.Title, Verdict: "pass",
		Inputs: s.Inputs, Records: s.Records, Valid: s.Valid, Invalid: s.Invalid, Unrouted: s.Unrouted,
		Warnings: s.Warnings, Duplicates: s.Duplicates, Events: []JSONEvent{}, IOErrors: []string{}}
	if failed(s, j.run) {
		out.Verdict = "fail"
	}
	for _, e := range s.Events {
		out.Events = append(out.Events, JSONEvent{Name: e.Name, Valid: e.Valid, Invalid: e.Invalid})
	}
	out.Coverage.Covered, out.Coverage.Total, out.Coverage.Required = s.Covered(), len(s.Events), j.run.RequireCoverage
	out.Coverage.Uncovered = append([]string{}, s.Uncovered...)
	for _, e := range s.IOErrors {
		out.IOErrors = append(out.IOErrors, e.Error())
	}
	return j.write(out)
}
