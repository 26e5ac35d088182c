package hookrt

import (
	"fmt"
	"strconv"
	"strings"
)

// Violation is one way a value breaks its schema.
type Violation struct {
	Pointer         string // JSON pointer of the offending value ("" is the document)
	KeywordLocation string // the schema keyword that failed: file#/pointer/to/keyword
	Message         string // what is wrong
}

// Keyword is the failing keyword, the last token of KeywordLocation.
func (v Violation) Keyword() string {
	return v.KeywordLocation[strings.LastIndexByte(v.KeywordLocation, '/')+1:]
}

// String formats v as "/pointer: message (keyword)".
func (v Violation) String() string {
	p := v.Pointer
	if p == "" {
		p = "/"
	}
	return p + ": " + v.Message + " (" + v.Keyword() + ")"
}

// ValidationError lists every violation of a value; Validate and
// ParseEvent return it.
type ValidationError struct {
	Violations []Violation
}

// Error prints the violations, one per line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	for i, v := range e.Violations {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(v.String())
	}
	return b.String()
}

// Ptr is a JSON pointer under construction. Generated validators build it
// on the stack as they descend and turn it into a string only when a
// violation is reported.
type Ptr struct {
	parent *Ptr
	key    string
	index  int
	kind   uint8 // 0 root, 1 key, 2 index
}

// Key returns the pointer to member key of the value at p.
func (p *Ptr) Key(key string) Ptr { return Ptr{parent: p, key: key, kind: 1} }

// Index returns the pointer to item i of the array at p.
func (p *Ptr) Index(i int) Ptr { return Ptr{parent: p, index: i, kind: 2} }

// String returns the RFC 6901 pointer.
func (p *Ptr) String() string {
	if p == nil || p.kind == 0 {
		return ""
	}
	var toks []string
	for q := p; q != nil && q.kind != 0; q = q.parent {
		if q.kind == 1 {
			toks = append(toks, strings.ReplaceAll(strings.ReplaceAll(q.key, "~", "~0"), "/", "~1"))
		} else {
			toks = append(toks, strconv.Itoa(q.index))
		}
	}
	var b strings.Builder
	for i := len(toks) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(toks[i])
	}
	return b.String()
}

// Errors collects violations during a validation.
type Errors struct {
	list []Violation
}

// Add records a violation at p.
func (e *Errors) Add(p *Ptr, keywordLocation, message string) {
	e.list = append(e.list, Violation{Pointer: p.String(), KeywordLocation: keywordLocation, Message: message})
}

// Addf records a violation with a formatted message.
func (e *Errors) Addf(p *Ptr, keywordLocation, format string, args ...any) {
	e.Add(p, keywordLocation, fmt.Sprintf(format, args...))
}

// Len is the number of violations so far.
func (e *Errors) Len() int { return len(e.list) }

// Append adds the violations of another collector.
func (e *Errors) Append(o *Errors) { e.list = append(e.list, o.list...) }

// Err returns nil when no violation was recorded, else a *ValidationError.
func (e *Errors) Err() error {
	if len(e.list) == 0 {
		return nil
	}
	return &ValidationError{Violations: e.list}
}

// Violations returns the recorded violations.
func (e *Errors) Violations() []Violation { return e.list }

// UnknownEventError is returned by a generated ParseEvent when the
// discriminator names no event of the contract.
type UnknownEventError struct {
	Property string   // the discriminator property, e.g. "event"
	Name     string   // the value found ("" when absent or not a string)
	Known    []string // every event name of the contract
}

// Error names the known events.
func (e *UnknownEventError) Error() string {
	if e.Name == "" {
		return fmt.Sprintf("missing or non-string discriminator %q; known events: %s", e.Property, strings.Join(e.Known, ", "))
	}
	return fmt.Sprintf("unknown event %q in %q; known events: %s", e.Name, e.Property, strings.Join(e.Known, ", "))
}
