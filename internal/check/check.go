// Package check gives each payload record its verdict against a contract:
// parse, route by the discriminator, validate the payload (and the
// headers, when the input recorded them), and find its delivery id. Run
// does it for whole inputs, in parallel, handing results back in input
// order with duplicate deliveries and per-event counts tallied.
//
// The validate command and package contracttest both use it, so that a
// payload gets the same verdict, in the same words, from either.
package check

import (
	"errors"
	"fmt"
	"net/textproto"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/internal/payload"
)

// Where a problem was found.
const (
	InInput   = "input"   // the record could not be read or is not JSON
	InPayload = "payload" // the body, at a JSON pointer
	InHeader  = "header"  // the request headers, at a JSON pointer (/Header-Name)
)

// Problem is one violation or warning about a record.
type Problem struct {
	Line    int    // line in the record's source (the record's own line, or that of the offending value in a multi-line document)
	In      string // InInput, InPayload or InHeader
	Pointer string // JSON pointer within the payload or headers; "" is the root
	Keyword string // failing schema keyword, or "duplicate" for a repeated delivery; "" for input problems
	Message string
}

// Result is the verdict on one record.
type Result struct {
	Source     string
	Line       int
	Event      string    // the event the record was routed to; "" when routing failed
	DeliveryID string    // the delivery id found in the record, "" when none
	Errors     []Problem // violations: any makes the record invalid
	Warnings   []Problem // duplicates: reported, not failing

	idAt idLoc // where DeliveryID was found
	size int   // bytes of the record, for estimates
}

// Valid reports whether the record has no violation.
func (r *Result) Valid() bool { return len(r.Errors) == 0 }

// Options control checking.
type Options struct {
	Strict     bool   // report properties no schema declares (see contract.Schema.Undeclared)
	MaxDepth   int    // nesting limit for payloads; 0 means payload.DefaultMaxDepth
	DeliveryID string // runtime expression that locates the delivery id, overriding the contract's correlationId
}

// Checker judges records against one contract. It is safe for concurrent
// use.
type Checker struct {
	c        *contract.Contract
	opt      Options
	messages map[string]*message
	noFast   bool // tests and benchmarks: always use the reference engine
	tapes    sync.Pool
}

type message struct {
	m       *contract.Message
	ids     []idLoc           // where the delivery id may be, in order of preference
	headers map[string]string // lower-case header name → spelling the header schema declares
	fast    *fastSchema       // quick validity check; nil when the schema uses something it does not handle
}

// idLoc is where a delivery id may be found.
type idLoc struct {
	in      string // InHeader or InPayload
	pointer string
	toks    []string
}

// IdempotencyFields are the payload properties read as the delivery id
// when a message's correlationId is a header but the input recorded no
// headers (a JSON or JSON Lines body): the body's copy of the header.
var IdempotencyFields = []string{"idempotency_key", "idempotencyKey", "delivery_id", "deliveryId"}

// New prepares a Checker for c.
func New(c *contract.Contract, opt Options) (*Checker, error) {
	k := &Checker{c: c, opt: opt, messages: map[string]*message{}}
	k.tapes.New = func() any { return new(payload.Tape) }
	var override *idLoc
	if opt.DeliveryID != "" {
		loc, err := parseIDExpr(opt.DeliveryID)
		if err != nil {
			return nil, err
		}
		override = &loc
	}
	for _, m := range c.Messages {
		if m.Payload == nil || m.Payload.Compiled == nil {
			return nil, fmt.Errorf("message %s has no compiled payload schema", m.Key)
		}
		mi := &message{m: m, headers: map[string]string{}}
		if m.Headers != nil && m.Headers.Compiled != nil {
			for name := range m.Headers.Compiled.Properties {
				mi.headers[strings.ToLower(name)] = name
			}
		}
		switch {
		case override != nil:
			mi.ids = []idLoc{*override}
		case m.CorrelationID != nil:
			mi.ids = []idLoc{newIDLoc(m.CorrelationID.In, m.CorrelationID.Pointer)}
			if m.CorrelationID.In == "header" {
				for _, f := range IdempotencyFields {
					if declares(m.Payload.Compiled, f) {
						mi.ids = append(mi.ids, newIDLoc(InPayload, "/"+f))
						break
					}
				}
			}
		}
		mi.fast = compileFast(m.Payload.Compiled)
		k.messages[m.Name] = mi
	}
	return k, nil
}

// Contract returns the contract the checker judges against.
func (k *Checker) Contract() *contract.Contract { return k.c }

func parseIDExpr(expr string) (idLoc, error) {
	src, ptr, ok := strings.Cut(expr, "#")
	if ok && (ptr == "" || ptr[0] == '/') {
		switch src {
		case "$message.header":
			return newIDLoc(InHeader, ptr), nil
		case "$message.payload":
			return newIDLoc(InPayload, ptr), nil
		}
	}
	return idLoc{}, fmt.Errorf("delivery id %q is not a runtime expression like $message.header#/X-Delivery-Id or $message.payload#/id", expr)
}

func newIDLoc(in, ptr string) idLoc {
	if in == "header" {
		in = InHeader
	}
	return idLoc{in: in, pointer: ptr, toks: splitPointer(ptr)}
}

func splitPointer(ptr string) []string {
	if ptr == "" {
		return nil
	}
	toks := strings.Split(ptr[1:], "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}

// declares reports whether schema s declares top-level property name,
// directly or through $ref and allOf.
func declares(s *jsonschema.Schema, name string) bool {
	for depth := 0; s != nil && depth < 32; depth++ {
		if _, ok := s.Properties[name]; ok {
			return true
		}
		for _, a := range s.AllOf {
			if declares(a, name) {
				return true
			}
		}
		s = s.Ref
	}
	return false
}

// Check judges one record.
func (k *Checker) Check(rec *payload.Record) *Result {
	r := &Result{Source: rec.Source, Line: rec.Line, size: len(rec.Data) + 1}
	if rec.Err != nil {
		r.Errors = []Problem{{Line: rec.Line, In: InInput, Message: rec.Err.Error()}}
		return r
	}
	t := k.tapes.Get().(*payload.Tape)
	defer func() {
		if cap(t.Nodes) <= 1<<14 { // a huge record's tape is not kept
			k.tapes.Put(t)
		}
	}()
	if err := t.Parse(rec.Data, k.opt.MaxDepth); err != nil {
		r.Errors = []Problem{k.syntaxProblem(rec, err)}
		return r
	}
	m := k.route(t)
	if m == nil {
		_, viol := k.c.Route(t.Value(0))
		if viol == nil {
			viol = &contract.Violation{Message: "cannot route the payload"}
		}
		r.Errors = []Problem{k.problem(rec, InPayload, *viol)}
		return r
	}
	r.Event = m.m.Name
	if i := t.HugeNumber(); i >= 0 {
		num := t.Nodes[i].Str
		if len(num) > 40 {
			num = num[:40] + "…"
		}
		r.Errors = []Problem{k.problem(rec, InPayload, contract.Violation{Pointer: t.Pointer(i),
			Message: fmt.Sprintf("number %s is too large to check exactly (more than %d characters or an exponent beyond ±%d)", num, payload.MaxNumberLen, payload.MaxExponent)})}
		return r
	}
	var headers map[string]any
	if rec.Headers != nil {
		headers = m.headerMap(rec.Headers)
	}
	// The fast path proves most payloads valid on the tape; the rest, and
	// strict mode, need the value tree of the reference engine.
	fast := m.fast != nil && !k.noFast && m.fast.valid(t, 0)
	if !fast || k.opt.Strict {
		v := t.Value(0)
		if !fast {
			for _, vi := range contract.Violations(safeValidate(m.m.Payload, v)) {
				r.Errors = append(r.Errors, k.problem(rec, InPayload, vi))
			}
		}
		if k.opt.Strict {
			for _, vi := range m.m.Payload.Undeclared(v) {
				r.Errors = append(r.Errors, k.problem(rec, InPayload, vi))
			}
			slices.SortStableFunc(r.Errors, func(a, b Problem) int { return strings.Compare(a.Pointer, b.Pointer) })
		}
	}
	if headers != nil && m.m.Headers != nil && m.m.Headers.Compiled != nil {
		for _, vi := range contract.Violations(m.m.Headers.Validate(headers)) {
			r.Errors = append(r.Errors, Problem{Line: rec.Line, In: InHeader, Pointer: vi.Pointer, Keyword: vi.Keyword, Message: vi.Message})
		}
	}
	r.DeliveryID, r.idAt = m.deliveryID(t, headers)
	return r
}

// safeValidate runs the reference engine, turning a panic (a bug there,
// on input nobody foresaw) into a violation: a bad record must never stop
// the run.
func safeValidate(s *contract.Schema, v any) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the schema engine failed on this payload: %v", p)
		}
	}()
	return s.Validate(v)
}

// route returns the message the payload names, or nil.
func (k *Checker) route(t *payload.Tape) *message {
	if j := t.Member(0, k.c.Discriminator); j >= 0 && t.Nodes[j].Kind == payload.String {
		return k.messages[t.Nodes[j].Str]
	}
	return nil
}

func (k *Checker) problem(rec *payload.Record, in string, v contract.Violation) Problem {
	line := rec.Line
	if rec.Format == payload.JSON && v.Pointer != "" {
		line = rec.Line - 1 + payload.LineOf(rec.Data, v.Pointer)
	}
	return Problem{Line: line, In: in, Pointer: v.Pointer, Keyword: v.Keyword, Message: v.Message}
}

func (k *Checker) syntaxProblem(rec *payload.Record, err error) Problem {
	var se *payload.SyntaxError
	if !errors.As(err, &se) {
		return Problem{Line: rec.Line, In: InInput, Message: err.Error()}
	}
	switch rec.Format {
	case payload.JSON:
		return Problem{Line: rec.Line - 1 + se.Line, In: InInput, Message: fmt.Sprintf("invalid JSON at column %d: %s", se.Col, se.Msg)}
	case payload.HAR:
		return Problem{Line: rec.Line, In: InInput, Message: fmt.Sprintf("request body is not valid JSON (line %d, column %d of the body): %s", se.Line, se.Col, se.Msg)}
	}
	return Problem{Line: rec.Line, In: InInput, Message: fmt.Sprintf("invalid JSON at column %d: %s", se.Col, se.Msg)}
}

// headerMap turns recorded headers into the object the header schema
// validates: names the schema declares take its spelling (HTTP header
// names are case-insensitive), others their canonical form; repeated
// headers are joined with ", " as HTTP allows.
func (m *message) headerMap(hs []payload.Header) map[string]any {
	out := make(map[string]any, len(hs))
	for _, h := range hs {
		name, ok := m.headers[strings.ToLower(h.Name)]
		if !ok {
			name = textproto.CanonicalMIMEHeaderKey(h.Name)
		}
		if prev, dup := out[name]; dup {
			out[name] = prev.(string) + ", " + h.Value
			continue
		}
		out[name] = h.Value
	}
	return out
}

// deliveryID finds the record's delivery id and where it was; "" when
// it has none.
func (m *message) deliveryID(t *payload.Tape, headers map[string]any) (string, idLoc) {
	for _, loc := range m.ids {
		if loc.in == InHeader {
			if headers == nil || len(loc.toks) != 1 {
				continue
			}
			for name, val := range headers {
				if id, ok := val.(string); ok && id != "" && strings.EqualFold(name, loc.toks[0]) {
					return id, loc
				}
			}
			continue
		}
		if j := lookup(t, loc.toks); j >= 0 && t.Nodes[j].Kind == payload.String && t.Nodes[j].Str != "" {
			return t.Nodes[j].Str, loc
		}
	}
	return "", idLoc{}
}

// lookup follows object keys from the root; -1 when a key is missing.
func lookup(t *payload.Tape, toks []string) int {
	i := 0
	for _, tok := range toks {
		if i = t.Member(i, tok); i < 0 {
			return -1
		}
	}
	return i
}
