package breaking_test

import (
	"path/filepath"
	"testing"

	"github.com/hookcontract/hookcontract/breaking"
	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/internal/synth"
)

func writeLargeContract(tb testing.TB, dir string, n int, changed bool) {
	tb.Helper()
	if err := synth.WriteContract(dir, n, changed); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkCompare1000 compares two versions of a 1,000-event contract.
// Sub-benchmarks: identical (the baseline: every schema walked, nothing
// differs), changed (1,000 events with findings), and load+compare (both
// contracts loaded and self-checked first, as the command does). The
// target is under 2 s for load+compare.
func BenchmarkCompare1000(b *testing.B) {
	const n = 1000
	baseDir, headDir := filepath.Join(b.TempDir(), "base"), filepath.Join(b.TempDir(), "head")
	writeLargeContract(b, baseDir, n, false)
	writeLargeContract(b, headDir, n, true)
	load := func(dir string) *contract.Contract {
		c, err := contract.Load(filepath.Join(dir, "asyncapi.yaml"))
		if err != nil {
			b.Fatal(err)
		}
		return c
	}
	base, base2, head := load(baseDir), load(baseDir), load(headDir)
	b.Run("identical", func(b *testing.B) {
		for b.Loop() {
			if r := breaking.Compare(base, base2, nil); len(r.Findings) != 0 {
				b.Fatalf("%d findings", len(r.Findings))
			}
		}
	})
	b.Run("changed", func(b *testing.B) {
		var r *breaking.Report
		for b.Loop() {
			r = breaking.Compare(base, head, nil)
		}
		b.ReportMetric(float64(len(r.Findings)), "findings")
	})
	b.Run("load+compare", func(b *testing.B) {
		for b.Loop() {
			// As the command does: both loads side by side.
			done := make(chan error)
			var base *contract.Contract
			go func() {
				var err error
				base, err = contract.Load(filepath.Join(baseDir, "asyncapi.yaml"))
				done <- err
			}()
			head := load(headDir)
			if err := <-done; err != nil {
				b.Fatal(err)
			}
			breaking.Compare(base, head, nil)
		}
	})
}

// TestLargeContract checks the findings of the benchmark's contracts.
func TestLargeContract(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and loads two 100-event contracts")
	}
	baseDir, headDir := filepath.Join(t.TempDir(), "base"), filepath.Join(t.TempDir(), "head")
	writeLargeContract(t, baseDir, 100, false)
	writeLargeContract(t, headDir, 100, true)
	base, err := contract.Load(filepath.Join(baseDir, "asyncapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	head, err := contract.Load(filepath.Join(headDir, "asyncapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, f := range breaking.Compare(base, head, nil).Findings {
		count[f.Rule]++
	}
	want := map[string]int{breaking.EnumValueAdded: 100, breaking.FieldAdded: 10, breaking.LengthLoosened: 4, breaking.OptionalFieldRemoved: 1}
	for rule, n := range want {
		if count[rule] != n {
			t.Errorf("%s: %d findings, want %d", rule, count[rule], n)
		}
	}
	if len(count) != len(want) {
		t.Errorf("findings by rule: %v", count)
	}
}
