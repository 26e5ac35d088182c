package check

import (
	"regexp"
	"testing"
)

var patterns = []string{
	`^usr_[0-9A-Za-z]+$`, `^[a-z0-9_]+$`, `^https://`, `^[a-z0-9]+_[0-9A-Za-z]+$`, `^evt_[0-9a-z]+$`,
	`^[a-z0-9-]+$`, `^a[bc]*$`, `^[ab]+b$`, `^x[0-9]`, `^(a|b)+$`, `abc`, `^é+$`, `(?i)^abc$`, `^[a-z]*[0-9]+$`, `^$`, `^`,
}

// TestSimplePatterns: the patterns of both contracts take the fast
// matcher, and ambiguous ones do not.
func TestSimplePatterns(t *testing.T) {
	for p, want := range map[string]bool{
		`^usr_[0-9A-Za-z]+$`: true, `^[a-z0-9_]+$`: true, `^https://`: true, `^[a-z0-9]+_[0-9A-Za-z]+$`: true,
		`^[a-z0-9-]+$`: true, `^[ab]+b$`: false, `abc`: false, `^(a|b)+$`: false, `(?i)^abc$`: false, `^é+$`: false,
		`^[a-z]*[0-9]+$`: true, `^[a-z0-9]*[0-9]+$`: false,
	} {
		if got := parseSimple(p) != nil; got != want {
			t.Errorf("parseSimple(%q) != nil is %v, want %v", p, got, want)
		}
	}
}

// FuzzSimplePattern: the fast matcher agrees with regexp on every string.
func FuzzSimplePattern(f *testing.F) {
	for _, s := range []string{"usr_abc", "usr_", "USR_a", "a_b", "https://x", "http://x", "abc-1", "ab", "b", "", "é", "x1", "a\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range patterns {
			re := regexp.MustCompile(p)
			if got, want := compilePattern(re)(s), re.MatchString(s); got != want {
				t.Fatalf("pattern %q on %q: fast %v, regexp %v", p, s, got, want)
			}
		}
	})
}
