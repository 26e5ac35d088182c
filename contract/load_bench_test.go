package contract_test

import (
	"path/filepath"
	"testing"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/internal/synth"
)

// BenchmarkLoad1000 loads a synthetic contract of 1,000 events, each with
// its own schema file and an example.
func BenchmarkLoad1000(b *testing.B) {
	dir := b.TempDir()
	if err := synth.WriteContract(dir, 1000, false); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := contract.Load(filepath.Join(dir, "asyncapi.yaml")); err != nil {
			b.Fatal(err)
		}
	}
}
