package hookrt

import (
	"context"
	"testing"
	"time"
)

// TestMemoryStore: ids expire after the TTL, and the oldest go first
// beyond the size bound.
func TestMemoryStore(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(0, 0)
	m := NewMemoryStore(time.Minute, 3)
	m.now = func() time.Time { return now }
	for _, id := range []string{"a", "b", "c"} {
		m.Mark(ctx, id)
	}
	if seen, _ := m.Seen(ctx, "a"); !seen {
		t.Error("a forgotten too early")
	}
	m.Mark(ctx, "d")
	if seen, _ := m.Seen(ctx, "a"); seen || m.Len() != 3 {
		t.Errorf("size bound: a still seen=%v, len %d", seen, m.Len())
	}
	now = now.Add(2 * time.Minute)
	if seen, _ := m.Seen(ctx, "d"); seen {
		t.Error("d seen after its TTL")
	}
	m.Mark(ctx, "e")
	if m.Len() != 1 {
		t.Errorf("expired ids kept: len %d", m.Len())
	}
}

func TestIsJSON(t *testing.T) {
	for ct, want := range map[string]bool{"application/json": true, "application/json; charset=utf-8": true, "application/cloudevents+json": true, "text/json": false, "": false, "application/x-www-form-urlencoded": false} {
		if isJSON(ct) != want {
			t.Errorf("isJSON(%q) != %v", ct, want)
		}
	}
}
