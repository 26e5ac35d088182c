package monitoring_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookcontract/hookcontract/gen/monitoring"
	"github.com/hookcontract/hookcontract/hookrt"
)

func catalogPayload(t *testing.T) []byte {
	data, err := os.ReadFile("../../testdata/payloads/monitoring/valid/company.created.json")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func deliver(h http.Handler, method, contentType, id string, body []byte, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/hooks", bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if id != "" {
		req.Header.Set(monitoring.DeliveryHeader, id)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestReceiverStatusCodes covers every answer of the generated handler.
func TestReceiverStatusCodes(t *testing.T) {
	body := catalogPayload(t)
	var calls atomic.Int32
	h := monitoring.NewHandler(monitoring.Handlers{
		OnCompanyCreated: func(ctx context.Context, ev *monitoring.CompanyCreated) error {
			if ev.Data.Name != "Acme Corp" {
				t.Errorf("typed event: %+v", ev.Data)
			}
			calls.Add(1)
			return nil
		},
	}, hookrt.WithMaxBodyBytes(4096))
	instance, _ := os.ReadFile("../../testdata/payloads/monitoring/valid/instance.created.json")
	invalid, _ := os.ReadFile("../../testdata/payloads/monitoring/invalid/company.created.bad-email.json")
	for _, tc := range []struct {
		name        string
		method, ct  string
		id          string
		body        []byte
		status      int
		problemPart string
	}{
		{"processed", "POST", "application/json", "whdel_1", body, 200, ""},
		{"duplicate", "POST", "application/json", "whdel_1", body, 200, ""},
		{"charset param", "POST", "application/json; charset=utf-8", "whdel_2", body, 200, ""},
		{"no callback", "POST", "application/json", "whdel_3", instance, 202, ""},
		{"GET", "GET", "application/json", "whdel_4", nil, 405, "method not allowed"},
		{"text/plain", "POST", "text/plain", "whdel_5", body, 415, "unsupported media type"},
		{"too large", "POST", "application/json", "whdel_6", bytes.Repeat([]byte(" "), 5000), 413, "body too large"},
		{"invalid JSON", "POST", "application/json", "whdel_7", []byte(`{"event":`), 400, "invalid JSON"},
		{"invalid payload", "POST", "application/json", "whdel_8", invalid, 400, `"pointer":"/data/contact_email"`},
		{"unknown event", "POST", "application/json", "whdel_9", []byte(`{"event":"company.exploded"}`), 400, "company.created"},
		{"missing delivery id", "POST", "application/json", "", body, 400, "X-Webhook-Delivery"},
	} {
		rec := deliver(h, tc.method, tc.ct, tc.id, tc.body)
		if rec.Code != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.name, rec.Code, tc.status, rec.Body)
		}
		if tc.problemPart != "" {
			if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("%s: content type %q", tc.name, ct)
			}
			if !strings.Contains(rec.Body.String(), tc.problemPart) {
				t.Errorf("%s: problem %s lacks %q", tc.name, rec.Body, tc.problemPart)
			}
		}
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("callback called %d times, want 2 (processed and charset param; the duplicate is dropped)", n)
	}
}

// TestReceiverRetryAfterFailure: a failing callback gets 500 and its id is
// not marked, so the retry is processed; the next retry is a duplicate.
func TestReceiverRetryAfterFailure(t *testing.T) {
	body := catalogPayload(t)
	fail := true
	var calls int
	h := monitoring.NewHandler(monitoring.Handlers{OnCompanyCreated: func(context.Context, *monitoring.CompanyCreated) error {
		calls++
		if fail {
			fail = false
			return errors.New("database down")
		}
		return nil
	}})
	for i, want := range []int{500, 200, 200} {
		if rec := deliver(h, "POST", "application/json", "whdel_r", body); rec.Code != want {
			t.Errorf("delivery %d: status %d, want %d", i, rec.Code, want)
		}
	}
	if calls != 2 {
		t.Errorf("callback ran %d times, want 2", calls)
	}
}

// TestReceiverConcurrentDuplicates: many concurrent deliveries of one id
// run the callback once (run with -race).
func TestReceiverConcurrentDuplicates(t *testing.T) {
	body := catalogPayload(t)
	var calls atomic.Int32
	h := monitoring.NewHandler(monitoring.Handlers{OnCompanyCreated: func(context.Context, *monitoring.CompanyCreated) error {
		calls.Add(1)
		time.Sleep(5 * time.Millisecond)
		return nil
	}})
	var wg sync.WaitGroup
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if rec := deliver(h, "POST", "application/json", "whdel_same", body); rec.Code != 200 {
				t.Errorf("status %d", rec.Code)
			}
		}()
	}
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("callback ran %d times for one delivery id", n)
	}
}

// TestReceiverSignatures: Standard Webhooks verification accepts a valid
// signature and rejects a wrong one, an expired one and a replay outside
// the tolerance; a replay inside it is dropped as a duplicate.
func TestReceiverSignatures(t *testing.T) {
	body := catalogPayload(t)
	secret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	sw, err := hookrt.NewStandardWebhooks(secret)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_750_000_000, 0)
	sw.Now = func() time.Time { return now }
	var calls int
	h := monitoring.NewHandler(monitoring.Handlers{OnCompanyCreated: func(context.Context, *monitoring.CompanyCreated) error { calls++; return nil }}, hookrt.WithVerifier(sw))
	sign := func(id string, at time.Time, b []byte) []string {
		return []string{"webhook-id", id, "webhook-timestamp", itoa(at.Unix()), "webhook-signature", sw.Sign(id, at, b)}
	}
	cases := []struct {
		name   string
		header []string
		status int
	}{
		{"valid", sign("msg_1", now, body), 200},
		{"replayed within tolerance", sign("msg_1", now, body), 200},
		{"tampered body", sign("msg_2", now, append([]byte(" "), body...)), 401},
		{"expired", sign("msg_3", now.Add(-6*time.Minute), body), 401},
		{"from the future", sign("msg_4", now.Add(6*time.Minute), body), 401},
		{"missing", nil, 401},
		{"wrong version", []string{"webhook-id", "msg_5", "webhook-timestamp", itoa(now.Unix()), "webhook-signature", "v2,abc"}, 401},
	}
	for _, tc := range cases {
		id := "whdel_" + strings.ReplaceAll(tc.name, " ", "")
		if tc.name == "replayed within tolerance" {
			id = "whdel_valid" // the same delivery again
		}
		rec := deliver(h, "POST", "application/json", id, body, tc.header...)
		if rec.Code != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.name, rec.Code, tc.status, rec.Body)
		}
	}
	if calls != 1 {
		t.Errorf("callback ran %d times, want 1", calls)
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// TestSenderToReceiver: NewDeliveryRequest builds what NewHandler accepts,
// signed; an invalid event is refused before sending.
func TestSenderToReceiver(t *testing.T) {
	ev, err := monitoring.ParseEvent(catalogPayload(t))
	if err != nil {
		t.Fatal(err)
	}
	sw, _ := hookrt.NewStandardWebhooks("whsec_" + base64.StdEncoding.EncodeToString([]byte("secret-key-0123456789")))
	var got *monitoring.CompanyCreated
	srv := httptest.NewServer(monitoring.NewHandler(monitoring.Handlers{OnCompanyCreated: func(_ context.Context, e *monitoring.CompanyCreated) error { got = e; return nil }}, hookrt.WithVerifier(sw)))
	defer srv.Close()
	req, err := monitoring.NewDeliveryRequest(context.Background(), srv.URL, "whdel_send1", ev, sw)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || got == nil || got.Data.ID != "cli_abc123" {
		t.Fatalf("status %d, event %+v", resp.StatusCode, got)
	}
	bad := *ev.(*monitoring.CompanyCreated)
	bad.Data.Code = "Not Valid"
	if _, err := monitoring.NewDeliveryRequest(context.Background(), srv.URL, "whdel_send2", bad, sw); err == nil || !strings.Contains(err.Error(), "/data/code") {
		t.Errorf("invalid event not refused: %v", err)
	}
}
