// Package corpus reads the recorded-payload corpora's expectations: each
// invalid payload X.json has a sidecar X.json.want listing the violations
// it must produce, one "<json-pointer> <keyword>" per line.
package corpus

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
)

// ReadWant reads a .want sidecar into sorted, distinct "<pointer> <keyword>"
// lines. The pointer may be empty (the document), so a line is split at its
// last space, never trimmed.
func ReadWant(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for n, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			return nil, fmt.Errorf("%s:%d: %q is not \"<pointer> <keyword>\"", path, n+1, line)
		}
		out = append(out, line)
	}
	return Normalize(out), nil
}

// Normalize sorts pairs and drops repeats: engines may report one
// violation through two routes (an envelope and an event schema).
func Normalize(pairs []string) []string {
	out := slices.Clone(pairs)
	sort.Strings(out)
	return slices.Compact(out)
}
