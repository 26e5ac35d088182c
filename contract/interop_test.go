package contract_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestAsyncAPICLIAcceptsContracts runs the official AsyncAPI CLI (pinned in
// package.json, installed by `make node_modules`) on the repository's
// contracts: no error and no warning may come back.
func TestAsyncAPICLIAcceptsContracts(t *testing.T) {
	cli, err := filepath.Abs("../node_modules/.bin/asyncapi")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cli); err != nil {
		if os.Getenv("HOOKCONTRACT_INTEROP") != "" {
			t.Fatalf("@asyncapi/cli is not installed (%v): run `make node_modules`", err)
		}
		t.Skip("@asyncapi/cli not installed; `make test` installs it and runs this test")
	}
	home := t.TempDir()
	// Analytics off without asking, so the CLI never reaches for the network.
	if err := os.WriteFile(filepath.Join(home, ".asyncapi-analytics"), []byte(`{"analyticsEnabled":"false","infoMessageShown":"true","userID":"hookcontract-test"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{"../asyncapi.yaml", "../examples/workspace/asyncapi.yaml", "../testdata/contracts/ok/asyncapi.yaml"} {
		t.Run(doc, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "diagnostics.json")
			cmd := exec.Command(cli, "validate", doc, "--fail-severity", "warn", "--diagnostics-format", "json", "--save-output", out)
			cmd.Env = append(os.Environ(), "HOME="+home, "SUPPRESS_NO_CONFIG_WARNING=1", "ASYNCAPI_ANALYTICS_DISABLED=true")
			combined, err := cmd.CombinedOutput()
			var diags []struct {
				Code     string `json:"code"`
				Message  string `json:"message"`
				Severity int    `json:"severity"` // 0 error, 1 warning, 2 info, 3 hint
				Path     []any  `json:"path"`
			}
			data, rerr := os.ReadFile(out)
			if rerr == nil {
				if jerr := json.Unmarshal(data, &diags); jerr != nil {
					t.Fatalf("cannot read diagnostics: %v\n%s", jerr, data)
				}
			}
			for _, d := range diags {
				if d.Severity <= 1 {
					t.Errorf("asyncapi validate: %s at %v: %s", d.Code, d.Path, d.Message)
				} else {
					t.Logf("asyncapi validate (severity %d): %s: %s", d.Severity, d.Code, d.Message)
				}
			}
			if err != nil || rerr != nil {
				t.Fatalf("asyncapi validate %s failed: %v %v\n%s", doc, err, rerr, combined)
			}
		})
	}
}
