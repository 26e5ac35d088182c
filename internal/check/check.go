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
	v, err := payload.Parse(rec.Data, k.opt.MaxDepth)
	if err != nil {
		r.Errors = []Problem{k.syntaxProblem(rec, err)}
		return r
	}
	var headers map[string]any
	m, viol := k.route(v)
	if viol != nil {
		r.Errors = []Problem{k.problem(rec, InPayload, *viol)}
		return r
	}
	r.Event = m.m.Name
	if rec.Headers != nil {
		headers = m.headerMap(rec.Headers)
	}
	if m.fast == nil || k.noFast || !m.fast.valid(v) {
		for _, vi := range contract.Violations(m.m.Payload.Validate(v)) {
			r.Errors = append(r.Errors, k.problem(rec, InPayload, vi))
		}
	}
	if k.opt.Strict {
		for _, vi := range m.m.Payload.Undeclared(v) {
			r.Errors = append(r.Errors, k.problem(rec, InPayload, vi))
		}
		slices.SortStableFunc(r.Errors, func(a, b Problem) int { return strings.Compare(a.Pointer, b.Pointer) })
	}
	if headers != nil && m.m.Headers != nil && m.m.Headers.Compiled != nil {
		for _, vi := range contract.Violations(m.m.Headers.Validate(headers)) {
			r.Errors = append(r.Errors, Problem{Line: rec.Line, In: InHeader, Pointer: vi.Pointer, Keyword: vi.Keyword, Message: vi.Message})
		}
	}
	r.DeliveryID, r.idAt = m.deliveryID(v, headers)
	return r
}

func (k *Checker) route(v any) (*message, *contract.Violation) {
	if obj, ok := v.(map[string]any); ok {
		if name, ok := obj[k.c.Discriminator].(string); ok {
			if m := k.messages[name]; m != nil {
				return m, nil
			}
		}
	}
	_, viol := k.c.Route(v)
	if viol == nil {
		viol = &contract.Violation{Message: "cannot route the payload"}
	}
	return nil, viol
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
func (m *message) deliveryID(v any, headers map[string]any) (string, idLoc) {
	for _, loc := range m.ids {
		var found any
		if loc.in == InHeader {
			if headers == nil || len(loc.toks) != 1 {
				continue
			}
			for name, val := range headers {
				if strings.EqualFold(name, loc.toks[0]) {
					found = val
				}
			}
		} else {
			found = lookup(v, loc.toks)
		}
		if id, ok := found.(string); ok && id != "" {
			return id, loc
		}
	}
	return "", idLoc{}
}

func lookup(v any, toks []string) any {
	for _, t := range toks {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = obj[t]
	}
	return v
}
