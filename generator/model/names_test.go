package model

import "testing"

func TestGoName(t *testing.T) {
	for in, want := range map[string]string{
		"api_key.created":             "APIKeyCreated",
		"base_url":                    "BaseURL",
		"LLMProviderRef":              "LLMProviderRef",
		"llm_provider":                "LLMProvider",
		"id":                          "ID",
		"external_workflow_id":        "ExternalWorkflowID",
		"companyCreated":              "CompanyCreated",
		"execution.failures_detected": "ExecutionFailuresDetected",
		"X-Webhook-Delivery":          "XWebhookDelivery",
		"2fa":                         "N2fa",
		"changed_fields":              "ChangedFields",
		"HTTPServer":                  "HTTPServer",
		"":                            "",
		"__":                          "",
	} {
		if got := GoName(in); got != want {
			t.Errorf("GoName(%q) = %q, want %q", in, got, want)
		}
	}
}
