package components_test

import (
	"strings"
	"testing"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/publish/components"
	"github.com/hookcontract/hookcontract/publish/internal/publishtest"
)

func TestNames(t *testing.T) {
	for _, tc := range []struct {
		contract string
		reserved []string
		payloads string // names of the payload components, in message order
		shared   string // names of the $ref targets, in the order met
	}{
		{"testdata/contracts/ok/asyncapi.yaml", nil, "ThingCreated ThingDeleted", "Envelope ThingID"},
		{"testdata/publish/split/asyncapi.yaml", []string{"Thing"}, "ThingCreatedPayload ThingMovedPayload", "Thing2 DeliveryID Point"},
		{"asyncapi.yaml", nil,
			"AccountUpdated UserCreated UserUpdated MemberInvited MemberJoined MemberRoleChanged MemberRemoved CompanyCreated CompanyUpdated CompanyDeleted CompanyAtRisk InstanceCreated InstanceUpdated InstanceDeleted SyncCompleted SyncFailed WorkflowDegraded WorkflowRecovered ExecutionFailuresDetected LLMProviderCreated LLMProviderUpdated LLMProviderDeleted LLMProjectCreated LLMProjectUpdated APIKeyCreated APIKeyRevoked WebhookCreated WebhookUpdated WebhookDeleted",
			"Envelope User Role Company CompanyRef Instance SyncType InstanceRef Workflow LLMProvider LLMProject LLMProviderRef Webhook EventName"},
	} {
		t.Run(tc.contract, func(t *testing.T) {
			c := publishtest.Load(t, tc.contract)
			set, err := components.New(c, tc.reserved...)
			if err != nil {
				t.Fatal(err)
			}
			var payloads, shared []string
			for _, m := range c.Messages {
				payloads = append(payloads, set.Payload(m).Name)
			}
			for _, comp := range set.Shared() {
				shared = append(shared, comp.Name)
			}
			if got := strings.Join(payloads, " "); got != tc.payloads {
				t.Errorf("payloads:\n got %s\nwant %s", got, tc.payloads)
			}
			if got := strings.Join(shared, " "); got != tc.shared {
				t.Errorf("shared:\n got %s\nwant %s", got, tc.shared)
			}
		})
	}
}

// TestCopyRewritesRefs: a copy names components instead of files, leaves
// data alone and drops the keywords asked for.
func TestCopyRewritesRefs(t *testing.T) {
	c := publishtest.Load(t, "testdata/publish/split/asyncapi.yaml")
	set, err := components.New(c, "Thing")
	if err != nil {
		t.Fatal(err)
	}
	thing := set.Shared()[0]
	n, err := components.Copy(c, thing.Loc, func(target contract.Location) (string, error) {
		return "#/x/" + set.At(target).Name, nil
	}, "$schema")
	if err != nil {
		t.Fatal(err)
	}
	var got any
	if err := n.Decode(&got); err != nil {
		t.Fatal(err)
	}
	parent := got.(map[string]any)["properties"].(map[string]any)["parent"].(map[string]any)["oneOf"].([]any)[0]
	if ref := parent.(map[string]any)["$ref"]; ref != "#/x/Thing2" {
		t.Errorf("recursive $ref became %v", ref)
	}
}
