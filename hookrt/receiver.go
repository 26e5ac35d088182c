package hookrt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Receiver is the http.Handler behind a generated NewHandler: it accepts
// webhook deliveries, validates them against the contract, drops
// duplicates by delivery id and hands each event to its callback.
//
// Responses: 405 for a method other than POST, 415 for a body that is not
// JSON, 413 over the body limit, 401 when signature verification fails,
// 400 with an application/problem+json body listing every violation for an
// invalid payload, 200 for a duplicate (the callback is not called), 202
// for an event without a callback (configurable), 500 when the callback
// or the dedup store fails (the id is not marked, so the provider's retry
// is processed), 200 otherwise.
type Receiver struct {
	spec     ReceiverSpec
	cfg      receiverConfig
	mu       sync.Mutex
	inflight map[string]chan struct{} // delivery id → closed when its processing ends
}

// ReceiverSpec is what generated code tells the runtime about its contract.
type ReceiverSpec struct {
	// Parse decodes and validates a body; the error is a *ValidationError,
	// an *UnknownEventError or a syntax error.
	Parse func(body []byte) (any, error)
	// DeliveryHeader names the header holding the delivery id ("" when the
	// id is in the payload).
	DeliveryHeader string
	// DeliveryID returns the delivery id from a parsed event, when the
	// contract puts it in the payload.
	DeliveryID func(event any) string
	// Dispatch calls the event's callback; handled is false when none is
	// registered.
	Dispatch func(ctx context.Context, event any) (handled bool, err error)
	// Name returns an event's wire name, for logs.
	Name func(event any) string
}

// DedupStore remembers processed delivery ids. Seen reports whether id was
// marked; Mark records it after its callback succeeded. Implementations
// must be safe for concurrent use. The Receiver serialises concurrent
// deliveries of one id within a process; a store shared by several
// processes should make Mark atomic (e.g. SET NX in Redis).
type DedupStore interface {
	Seen(ctx context.Context, id string) (bool, error)
	Mark(ctx context.Context, id string) error
}

// Verifier checks a delivery's signature before its body is parsed.
type Verifier interface {
	Verify(header http.Header, body []byte) error
}

// VerifyFunc adapts a function to Verifier.
type VerifyFunc func(header http.Header, body []byte) error

// Verify calls f.
func (f VerifyFunc) Verify(header http.Header, body []byte) error { return f(header, body) }

type receiverConfig struct {
	maxBody         int64
	store           DedupStore
	logger          *slog.Logger
	verifier        Verifier
	unhandledStatus int
}

// ReceiverOption configures a Receiver.
type ReceiverOption func(*receiverConfig)

// WithMaxBodyBytes limits the request body (default 1 MiB).
func WithMaxBodyBytes(n int64) ReceiverOption { return func(c *receiverConfig) { c.maxBody = n } }

// WithDedupStore replaces the default in-memory store (24 h TTL, 100,000
// ids).
func WithDedupStore(s DedupStore) ReceiverOption { return func(c *receiverConfig) { c.store = s } }

// WithLogger logs each delivery's outcome (default: no logging).
func WithLogger(l *slog.Logger) ReceiverOption { return func(c *receiverConfig) { c.logger = l } }

// WithVerifier checks signatures (default: none, as the catalogs document
// no signature). See StandardWebhooks.
func WithVerifier(v Verifier) ReceiverOption { return func(c *receiverConfig) { c.verifier = v } }

// WithUnhandledStatus sets the status for events without a callback
// (default 202 Accepted).
func WithUnhandledStatus(code int) ReceiverOption {
	return func(c *receiverConfig) { c.unhandledStatus = code }
}

// NewReceiver builds a Receiver; generated NewHandler functions call it.
func NewReceiver(spec ReceiverSpec, opts ...ReceiverOption) *Receiver {
	cfg := receiverConfig{maxBody: 1 << 20, unhandledStatus: http.StatusAccepted}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.store == nil {
		cfg.store = NewMemoryStore(24*time.Hour, 100_000)
	}
	if cfg.logger == nil {
		cfg.logger = slog.New(slog.DiscardHandler)
	}
	return &Receiver{spec: spec, cfg: cfg, inflight: map[string]chan struct{}{}}
}

// ServeHTTP handles one delivery.
func (rc *Receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	log := rc.cfg.logger
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		problem(w, http.StatusMethodNotAllowed, "method not allowed", "deliveries are POST requests", nil)
		return
	}
	if !isJSON(r.Header.Get("Content-Type")) {
		problem(w, http.StatusUnsupportedMediaType, "unsupported media type", "the body must be application/json", nil)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, rc.cfg.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			problem(w, http.StatusRequestEntityTooLarge, "body too large", fmt.Sprintf("the limit is %d bytes", rc.cfg.maxBody), nil)
			return
		}
		problem(w, http.StatusBadRequest, "cannot read body", err.Error(), nil)
		return
	}
	if rc.cfg.verifier != nil {
		if err := rc.cfg.verifier.Verify(r.Header, body); err != nil {
			log.WarnContext(ctx, "webhook signature rejected", "error", err)
			problem(w, http.StatusUnauthorized, "invalid signature", err.Error(), nil)
			return
		}
	}
	event, err := rc.spec.Parse(body)
	if err != nil {
		rc.invalid(w, r, err)
		return
	}
	id := ""
	if rc.spec.DeliveryHeader != "" {
		id = r.Header.Get(rc.spec.DeliveryHeader)
		if id == "" {
			problem(w, http.StatusBadRequest, "missing delivery id", "the "+rc.spec.DeliveryHeader+" header is required", nil)
			return
		}
	} else if rc.spec.DeliveryID != nil {
		id = rc.spec.DeliveryID(event)
	}
	name := rc.spec.Name(event)
	release, err := rc.acquire(ctx, id)
	if err != nil {
		problem(w, http.StatusServiceUnavailable, "cancelled", err.Error(), nil)
		return
	}
	defer release()
	if id != "" {
		seen, err := rc.cfg.store.Seen(ctx, id)
		if err != nil {
			log.ErrorContext(ctx, "webhook dedup store failed", "delivery", id, "event", name, "error", err)
			problem(w, http.StatusInternalServerError, "dedup store failed", "retry later", nil)
			return
		}
		if seen {
			log.InfoContext(ctx, "webhook duplicate dropped", "delivery", id, "event", name)
			w.WriteHeader(http.StatusOK)
			return
		}
	}
	handled, err := rc.spec.Dispatch(ctx, event)
	switch {
	case err != nil:
		log.ErrorContext(ctx, "webhook callback failed", "delivery", id, "event", name, "error", err)
		problem(w, http.StatusInternalServerError, "callback failed", "the delivery was not processed; retry it", nil)
		return
	case !handled:
		log.InfoContext(ctx, "webhook event has no callback", "delivery", id, "event", name)
		w.WriteHeader(rc.cfg.unhandledStatus)
		return
	}
	if id != "" {
		if err := rc.cfg.store.Mark(ctx, id); err != nil {
			// Processed, but a retry would run it again: say so loudly.
			log.ErrorContext(ctx, "webhook processed but not marked", "delivery", id, "event", name, "error", err)
		}
	}
	log.InfoContext(ctx, "webhook processed", "delivery", id, "event", name)
	w.WriteHeader(http.StatusOK)
}

// acquire waits until no other delivery with the same id is being
// processed in this process, so concurrent duplicates run the callback once.
func (rc *Receiver) acquire(ctx context.Context, id string) (func(), error) {
	if id == "" {
		return func() {}, nil
	}
	for {
		rc.mu.Lock()
		busy, ok := rc.inflight[id]
		if !ok {
			done := make(chan struct{})
			rc.inflight[id] = done
			rc.mu.Unlock()
			return func() {
				rc.mu.Lock()
				delete(rc.inflight, id)
				rc.mu.Unlock()
				close(done)
			}, nil
		}
		rc.mu.Unlock()
		select {
		case <-busy:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (rc *Receiver) invalid(w http.ResponseWriter, r *http.Request, err error) {
	var ve *ValidationError
	var ue *UnknownEventError
	switch {
	case errors.As(err, &ve):
		problem(w, http.StatusBadRequest, "invalid payload", fmt.Sprintf("%d violation(s) of the contract", len(ve.Violations)), ve.Violations)
	case errors.As(err, &ue):
		problem(w, http.StatusBadRequest, "unknown event", ue.Error(), nil)
	default:
		problem(w, http.StatusBadRequest, "invalid JSON", err.Error(), nil)
	}
	rc.cfg.logger.WarnContext(r.Context(), "webhook rejected", "error", err)
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// Problem is the application/problem+json body (RFC 9457) of a rejected
// delivery.
type Problem struct {
	Type       string             `json:"type"`
	Title      string             `json:"title"`
	Status     int                `json:"status"`
	Detail     string             `json:"detail,omitempty"`
	Violations []ProblemViolation `json:"violations,omitempty"`
}

// ProblemViolation is one violation in a Problem.
type ProblemViolation struct {
	Pointer         string `json:"pointer"`
	Keyword         string `json:"keyword"`
	KeywordLocation string `json:"keywordLocation"`
	Message         string `json:"message"`
}

func problem(w http.ResponseWriter, status int, title, detail string, vs []Violation) {
	p := Problem{Type: "about:blank", Title: title, Status: status, Detail: detail}
	for _, v := range vs {
		p.Violations = append(p.Violations, ProblemViolation{Pointer: v.Pointer, Keyword: v.Keyword(), KeywordLocation: v.KeywordLocation, Message: v.Message})
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}

// MemoryStore is an in-memory DedupStore: ids expire after a TTL, and the
// oldest are forgotten first beyond a size bound.
type MemoryStore struct {
	mu    sync.Mutex
	ttl   time.Duration
	max   int
	at    map[string]time.Time
	order []string // insertion order, for eviction
	now   func() time.Time
}

// NewMemoryStore returns a store remembering ids for ttl, at most max ids.
func NewMemoryStore(ttl time.Duration, max int) *MemoryStore {
	return &MemoryStore{ttl: ttl, max: max, at: map[string]time.Time{}, now: time.Now}
}

// Seen reports whether id was marked and has not expired.
func (m *MemoryStore) Seen(_ context.Context, id string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.at[id]
	return ok && m.now().Sub(t) < m.ttl, nil
}

// Mark records id.
func (m *MemoryStore) Mark(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if _, ok := m.at[id]; !ok {
		m.order = append(m.order, id)
	}
	m.at[id] = now
	for len(m.order) > 0 && (len(m.at) > m.max || now.Sub(m.at[m.order[0]]) >= m.ttl) {
		delete(m.at, m.order[0])
		m.order = m.order[1:]
	}
	return nil
}

// Len is the number of ids remembered.
func (m *MemoryStore) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.at)
}
