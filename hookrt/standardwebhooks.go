package hookrt

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// StandardWebhooks signs and verifies deliveries by the Standard Webhooks
// scheme (https://www.standardwebhooks.com): headers webhook-id,
// webhook-timestamp (Unix seconds) and webhook-signature ("v1,<base64
// HMAC-SHA256 of id.timestamp.body>", several separated by spaces), with a
// timestamp tolerance against replays. Neither catalog documents a
// signature, so receivers use it only when a provider adds one.
type StandardWebhooks struct {
	key       []byte
	Tolerance time.Duration    // accepted clock skew either way; default 5 minutes
	Now       func() time.Time // clock, for tests; default time.Now
}

// The Standard Webhooks headers.
const (
	HeaderWebhookID        = "webhook-id"
	HeaderWebhookTimestamp = "webhook-timestamp"
	HeaderWebhookSignature = "webhook-signature"
)

// NewStandardWebhooks takes the shared secret, "whsec_" followed by the
// base64 key (the prefix is optional).
func NewStandardWebhooks(secret string) (*StandardWebhooks, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil || len(key) == 0 {
		return nil, errors.New("standard webhooks: the secret must be whsec_ followed by a base64 key")
	}
	return &StandardWebhooks{key: key, Tolerance: 5 * time.Minute}, nil
}

func (s *StandardWebhooks) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Sign returns the webhook-signature header value for a delivery.
func (s *StandardWebhooks) Sign(id string, at time.Time, body []byte) string {
	return "v1," + base64.StdEncoding.EncodeToString(s.mac(id, strconv.FormatInt(at.Unix(), 10), body))
}

// SetHeaders signs body and sets the three headers on h.
func (s *StandardWebhooks) SetHeaders(h http.Header, id string, body []byte) {
	at := s.now()
	h.Set(HeaderWebhookID, id)
	h.Set(HeaderWebhookTimestamp, strconv.FormatInt(at.Unix(), 10))
	h.Set(HeaderWebhookSignature, s.Sign(id, at, body))
}

func (s *StandardWebhooks) mac(id, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(id))
	m.Write([]byte{'.'})
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks the headers against body: a missing header, a timestamp
// outside the tolerance or no matching signature is an error.
func (s *StandardWebhooks) Verify(h http.Header, body []byte) error {
	id, ts, sigs := h.Get(HeaderWebhookID), h.Get(HeaderWebhookTimestamp), h.Get(HeaderWebhookSignature)
	if id == "" || ts == "" || sigs == "" {
		return errors.New("missing webhook-id, webhook-timestamp or webhook-signature header")
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("webhook-timestamp %q is not Unix seconds", ts)
	}
	tol := s.Tolerance
	if tol == 0 {
		tol = 5 * time.Minute
	}
	if d := s.now().Sub(time.Unix(sec, 0)); d > tol || d < -tol {
		return fmt.Errorf("webhook-timestamp is %s away from now (tolerance %s): expired or replayed", d.Round(time.Second), tol)
	}
	want := s.mac(id, ts, body)
	for _, sig := range strings.Fields(sigs) {
		version, b64, ok := strings.Cut(sig, ",")
		if !ok || version != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(b64)
		if err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return errors.New("no webhook-signature matches the body")
}

// Signer adds signature headers to an outgoing delivery;
// *StandardWebhooks is one.
type Signer interface {
	SetHeaders(h http.Header, id string, body []byte)
}
