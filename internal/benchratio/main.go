// Command benchratio reads `go test -bench` output on stdin, passes it
// through, and then prints, for every benchmark with sub-benchmarks, each
// variant's time relative to the others measured in the same run, so
// figures are always reported as ratios against a same-run baseline.
package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

var line = regexp.MustCompile(`^(Benchmark[^\s/]+)/(\S+?)(-\d+)?\s+\d+\s+([\d.]+) ns/op`)

type result struct {
	variant string
	ns      float64
}

func main() {
	groups := map[string][]result{}
	var order []string
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		text := sc.Text()
		fmt.Println(text)
		m := line.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		ns, err := strconv.ParseFloat(m[4], 64)
		if err != nil || ns == 0 {
			continue
		}
		if _, seen := groups[m[1]]; !seen {
			order = append(order, m[1])
		}
		groups[m[1]] = append(groups[m[1]], result{m[2], ns})
	}
	fmt.Println()
	fmt.Println("Ratios (same run, median of -count runs): the fastest variant of each benchmark against the others")
	for _, g := range order {
		rs := medians(groups[g])
		if len(rs) < 2 {
			continue
		}
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].ns < rs[j].ns })
		fast := rs[0]
		var parts []string
		for _, r := range rs[1:] {
			parts = append(parts, fmt.Sprintf("%.2fx vs %s", r.ns/fast.ns, r.variant))
		}
		fmt.Printf("  %s: %s (%.0f ns/op) is %s\n", g, fast.variant, fast.ns, strings.Join(parts, ", "))
	}
}

// medians folds repeated runs (-count) of each variant into their median.
func medians(rs []result) []result {
	byVariant := map[string][]float64{}
	var order []string
	for _, r := range rs {
		if _, seen := byVariant[r.variant]; !seen {
			order = append(order, r.variant)
		}
		byVariant[r.variant] = append(byVariant[r.variant], r.ns)
	}
	out := make([]result, 0, len(order))
	for _, v := range order {
		ns := byVariant[v]
		sort.Float64s(ns)
		out = append(out, result{v, ns[len(ns)/2]})
	}
	return out
}
