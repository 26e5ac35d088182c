package contract_test

import (
	"testing"

	"github.com/hookcontract/hookcontract/internal/asyncapicli"
)

// TestAsyncAPICLIAcceptsContracts runs the official AsyncAPI CLI on the
// repository's contracts: no error and no warning may come back.
func TestAsyncAPICLIAcceptsContracts(t *testing.T) {
	cli := asyncapicli.Require(t, "..")
	for _, doc := range []string{"../asyncapi.yaml", "../examples/workspace/asyncapi.yaml", "../testdata/contracts/ok/asyncapi.yaml"} {
		t.Run(doc, func(t *testing.T) {
			t.Parallel()
			cli.Validate(t, doc)
		})
	}
}
