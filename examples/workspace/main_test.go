package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookcontract/hookcontract/contracttest"
	"github.com/hookcontract/hookcontract/examples/workspace/webhooks"
)

// TestRecordedPayloads is the consumer's contract test: every recorded
// delivery is valid against the contract this module generates from.
func TestRecordedPayloads(t *testing.T) {
	contracttest.ValidateDir(t, "asyncapi.yaml", "testdata/recorded")
}

// TestReceiverPrintsEvents posts every recorded payload to the example
// server: each is printed once, and a second delivery of one is dropped.
func TestReceiverPrintsEvents(t *testing.T) {
	var out bytes.Buffer
	srv := httptest.NewServer(newMux(&out, slog.New(slog.DiscardHandler)))
	defer srv.Close()
	files, _ := filepath.Glob("testdata/recorded/*.json")
	if len(files) == 0 {
		t.Fatal("no recorded payloads")
	}
	post := func(body []byte) int {
		resp, err := http.Post(srv.URL+"/webhooks", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	ids := map[string]bool{} // recordings may repeat a delivery
	for _, f := range files {
		body, _ := os.ReadFile(f)
		ev, err := webhooks.ParseEvent(body)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		ids[ev.DeliveryID()] = true
		if code := post(body); code != http.StatusOK {
			t.Errorf("%s: status %d", f, code)
		}
	}
	first, _ := os.ReadFile(files[0])
	if code := post(first); code != http.StatusOK {
		t.Errorf("duplicate: status %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(ids) {
		t.Errorf("printed %d events for %d distinct deliveries:\n%s", len(lines), len(ids), out.String())
	}
	if !strings.Contains(out.String(), "report.completed: \"Weekly revenue\", 1432 rows") {
		t.Errorf("typed fields not printed:\n%s", out.String())
	}
	if code := post([]byte(`{"id":"evt_1","type":"user.created","created_at":"2025-03-12T09:14:33Z","data":{}}`)); code != http.StatusBadRequest {
		t.Errorf("invalid payload: status %d", code)
	}
}

// BenchmarkLoad sends 10,000 deliveries over loopback to the generated
// receiver, 5% of them duplicates, from 16 concurrent senders. It checks
// that no delivery is lost and none is processed twice, and reports
// deliveries per second and the p50/p99 latency.
func BenchmarkLoad(b *testing.B) {
	const total, workers = 10_000, 16
	for i := 0; i < b.N; i++ {
		var processed sync.Map
		var doubles atomic.Int32
		count := func(id string) error {
			if _, dup := processed.LoadOrStore(id, true); dup {
				doubles.Add(1)
			}
			return nil
		}
		h := webhooks.NewHandler(webhooks.Handlers{
			OnUserCreated: func(_ context.Context, e *webhooks.UserCreated) error { return count(e.ID) },
		})
		srv := httptest.NewServer(h)
		bodies := make([][]byte, 0, total)
		unique := total * 95 / 100
		for n := 0; n < unique; n++ {
			bodies = append(bodies, []byte(fmt.Sprintf(`{"id":"evt_%d","type":"user.created","created_at":"2025-03-12T09:14:33Z","data":{"user_id":"usr_%d","email":"u%d@acme.example","role":"member","workspace_id":"ws_1"}}`, n, n, n)))
		}
		for n := 0; len(bodies) < total; n += 19 {
			bodies = append(bodies, bodies[n%unique]) // duplicates, spread over the run
		}
		latencies := make([]time.Duration, len(bodies))
		var next atomic.Int64
		var failed atomic.Int32
		client := srv.Client()
		client.Transport.(*http.Transport).MaxIdleConnsPerHost = workers
		start := time.Now()
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					k := int(next.Add(1) - 1)
					if k >= len(bodies) {
						return
					}
					t0 := time.Now()
					resp, err := client.Post(srv.URL, "application/json", bytes.NewReader(bodies[k]))
					if err != nil {
						failed.Add(1)
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						failed.Add(1)
					}
					latencies[k] = time.Since(t0)
				}
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		srv.Close()
		n := 0
		processed.Range(func(any, any) bool { n++; return true })
		if failed.Load() > 0 || n != unique || doubles.Load() > 0 {
			b.Fatalf("lost or failed %d, processed %d of %d distinct, processed twice %d", failed.Load(), n, unique, doubles.Load())
		}
		sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
		b.ReportMetric(float64(total)/elapsed.Seconds(), "deliveries/s")
		b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds()), "p50_µs")
		b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds()), "p99_µs")
	}
}
