package contract_test

import (
	"testing"

	"github.com/hookcontract/hookcontract/contract"
)

func TestLoadWorkspace(t *testing.T) {
	c, err := contract.Load("../examples/workspace/asyncapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range c.Messages {
		t.Logf("%s %s %s op=%s headers=%v cid=%+v ex=%d", m.Key, m.Name, m.Payload.Loc, m.Operation, m.Headers != nil, m.CorrelationID, len(m.Examples))
	}
	t.Log(c.Discriminator, c.Info, c.Tags)
}
