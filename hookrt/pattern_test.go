package hookrt

import (
	"regexp"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// TestPatternMatchesRegexp: the fast matcher gives regexp's answer.
func TestPatternMatchesRegexp(t *testing.T) {
	patterns := []string{
		`^cli_[0-9A-Za-z]+$`, `^[a-z0-9]+_[0-9A-Za-z]+$`, `^https://`, `^[a-z0-9-]+$`, `^[a-z0-9_]+$`,
		`^whdel_[0-9A-Za-z]+$`, `^evt_[0-9a-z]+$`, `^[a-z]{2,3}$`, `^[a-z]{2}x?$`, `^[a-z]+[a-z0-9]$`,
		`a+`, `^(ab)+$`, `^é[à-ÿ]*$`, `^[^_]+_x$`,
	}
	inputs := []string{"", "cli_", "cli_abc123", "cli_abc-1", "xcli_a", "n8n_abc", "n8n__a", "N8N_a", "https://x", "http://x",
		"abc", "ab", "abcd", "abx", "a_b", "ab_x", "abab", "éàÿ", "é", "aa", "a1", "aaa", "a", "_x", "ab\n"}
	for _, src := range patterns {
		p := MustPattern(src)
		re := regexp.MustCompile(src)
		for _, in := range inputs {
			if got, want := p.MatchString(in), re.MatchString(in); got != want {
				t.Errorf("%s on %q: fast %v, regexp %v (steps %v)", src, in, got, want, p.steps != nil)
			}
		}
	}
	if MustPattern(`^cli_[0-9A-Za-z]+$`).steps == nil {
		t.Error("the contracts' id pattern should take the fast path")
	}
	if MustPattern(`^[a-z]+[a-z0-9]$`).steps != nil {
		t.Error("an overlapping repetition must fall back to regexp")
	}
}

// FuzzPattern compares the fast matcher with regexp on arbitrary input.
func FuzzPattern(f *testing.F) {
	f.Add(`^[a-z0-9]+_[0-9A-Za-z]+$`, "n8n_abc")
	f.Add(`^https://`, "https://a")
	f.Fuzz(func(t *testing.T, src, in string) {
		re, err := regexp.Compile(src)
		if err != nil {
			return
		}
		p := MustPattern(src)
		if got, want := p.MatchString(in), re.MatchString(in); got != want {
			t.Fatalf("%q on %q: fast %v, regexp %v", src, in, got, want)
		}
	})
}

// TestDateTimeMatchesReference: the fast date-time check agrees with the
// reference engine's.
func TestDateTimeMatchesReference(t *testing.T) {
	ref := jsonschema.Formats["date-time"]
	for _, s := range []string{
		"2025-01-24T10:30:00Z", "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2000-02-29T00:00:00Z",
		"2025-13-01T00:00:00Z", "2025-00-01T00:00:00Z", "2025-04-31T00:00:00Z", "2025-01-24t10:30:00z", "2025-01-24 10:30:00Z",
		"2025-1-24T10:30:00Z", "+025-01-24T10:30:00Z", "2025-01-24T23:59:60Z", "2025-01-24T10:30:00.123+02:00", "0000-01-01T00:00:00Z",
		"2025-01-24T10:30:00", "", "2025-01-24T10:30:00Zjunk", "２０２５-01-24T10:30:00Z",
	} {
		if got, want := isDateTime(s), ref(s); got != want {
			t.Errorf("%q: fast %v, reference %v", s, got, want)
		}
	}
}

// FuzzDateTime compares the fast date-time check with the reference.
func FuzzDateTime(f *testing.F) {
	f.Add("2025-01-24T10:30:00Z")
	ref := jsonschema.Formats["date-time"]
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isDateTime(s), ref(s); got != want {
			t.Fatalf("%q: fast %v, reference %v", s, got, want)
		}
	})
}
