package check

import "testing"

// FuzzPlainDateTime: the shortcut never accepts what the reference
// engine's date-time check rejects.
func FuzzPlainDateTime(f *testing.F) {
	for _, s := range []string{"2025-01-24T10:30:00Z", "2024-02-29T23:59:59.123+05:30", "2023-02-29T00:00:00Z", "2025-13-01T00:00:00Z",
		"2025-01-24t10:30:00z", "2025-01-24T24:00:00Z", "2016-12-31T23:59:60Z", "2025-01-24T10:30:00-23:59", "+025-01-24T10:30:00Z", "2025-01-24T10:30:00.Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if plainDateTime(s) && !refDateTime(s) {
			t.Fatalf("plainDateTime accepts %q, the reference rejects it", s)
		}
	})
}

func TestPlainDateTime(t *testing.T) {
	for s, want := range map[string]bool{
		"2025-01-24T10:30:00Z": true, "2024-02-29T23:59:59.123+05:30": true, "2025-01-24t10:30:00z": true,
		"2023-02-29T00:00:00Z": false, "2025-13-01T00:00:00Z": false, "2025-01-24T24:00:00Z": false,
		"2016-12-31T23:59:60Z": false, "2025-01-24T10:30:00.Z": false, "2025-01-24T10:30:00+2400": false,
	} {
		if got := plainDateTime(s); got != want {
			t.Errorf("plainDateTime(%q) = %v, want %v", s, got, want)
		}
		if want && !refDateTime(s) {
			t.Errorf("reference rejects %q", s)
		}
	}
}
