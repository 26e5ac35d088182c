// Package suggest finds the known name a mistyped one was probably meant
// to be, for "did you mean" hints.
package suggest

// Closest returns the name nearest to s by edit distance when that
// distance is below within, else "". Inputs longer than 256 bytes get no
// suggestion (the distance is quadratic in length).
func Closest(s string, names []string, within int) string {
	if len(s) > 256 {
		return ""
	}
	best, bestD := "", within
	for _, n := range names {
		if d := Distance(s, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// Distance is the Levenshtein distance between a and b, in bytes.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
