package check

import (
	"bytes"
	"testing"

	"github.com/hookcontract/hookcontract/internal/benchdata"
	"github.com/hookcontract/hookcontract/internal/payload"
)

// BenchmarkRun validates generated JSON Lines of Monitoring payloads on
// all cores, as the validate command does, and reports records/s; the
// "reference" run, measured alongside as the baseline, turns the fast
// path off so that every record goes through the reference engine.
func BenchmarkRun(b *testing.B) {
	k := checker(b, monitoring, Options{})
	var data bytes.Buffer
	const n = 20000
	if err := benchdata.Generate(k.Contract(), &data, n); err != nil {
		b.Fatal(err)
	}
	for _, mode := range []struct {
		name   string
		noFast bool
	}{{"fast", false}, {"reference", true}} {
		b.Run(mode.name, func(b *testing.B) {
			k.noFast = mode.noFast
			defer func() { k.noFast = false }()
			b.SetBytes(int64(data.Len()))
			for b.Loop() {
				s, err := k.Run([]payload.Input{{Name: "bench.jsonl", Stdin: bytes.NewReader(data.Bytes())}}, RunOptions{})
				if err != nil || s.Valid != n {
					b.Fatalf("%v %+v", err, s)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
