// Package asyncapicli runs the official AsyncAPI CLI (pinned in
// package.json, installed by `make node_modules`) from tests, with its
// analytics off so it never reaches for the network.
package asyncapicli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// CLI is an installed @asyncapi/cli.
type CLI struct {
	path string
	home string
}

// Require returns the CLI under repoRoot/node_modules. When it is missing
// the test fails if HOOKCONTRACT_INTEROP is set (as make test does) and is
// skipped otherwise.
func Require(t testing.TB, repoRoot string) *CLI {
	t.Helper()
	path, err := filepath.Abs(filepath.Join(repoRoot, "node_modules", ".bin", "asyncapi"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("HOOKCONTRACT_INTEROP") != "" {
			t.Fatalf("@asyncapi/cli is not installed (%v): run `make node_modules`", err)
		}
		t.Skip("@asyncapi/cli not installed; `make test` installs it and runs this test")
	}
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, ".asyncapi-analytics"), []byte(`{"analyticsEnabled":"false","infoMessageShown":"true","userID":"hookcontract-test"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return &CLI{path: path, home: home}
}

// Diagnostic is one finding of `asyncapi validate`.
type Diagnostic struct {
	Code     string `json:"code"`
	Message  string `json:"message"`
	Severity int    `json:"severity"` // 0 error, 1 warning, 2 info, 3 hint
	Path     []any  `json:"path"`
}

// Validate runs `asyncapi validate` on doc and fails t on any error or
// warning; information and hints are logged.
func (c *CLI) Validate(t testing.TB, doc string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "diagnostics.json")
	cmd := exec.Command(c.path, "validate", doc, "--fail-severity", "warn", "--diagnostics-format", "json", "--save-output", out)
	cmd.Env = append(os.Environ(), "HOME="+c.home, "SUPPRESS_NO_CONFIG_WARNING=1", "ASYNCAPI_ANALYTICS_DISABLED=true")
	combined, err := cmd.CombinedOutput()
	var diags []Diagnostic
	data, rerr := os.ReadFile(out)
	if rerr == nil {
		if jerr := json.Unmarshal(data, &diags); jerr != nil {
			t.Fatalf("cannot read diagnostics: %v\n%s", jerr, data)
		}
	}
	for _, d := range diags {
		if d.Severity <= 1 {
			t.Errorf("asyncapi validate %s: %s at %v: %s", doc, d.Code, d.Path, d.Message)
		} else {
			t.Logf("asyncapi validate %s (severity %d): %s: %s", doc, d.Severity, d.Code, d.Message)
		}
	}
	if err != nil || rerr != nil {
		t.Fatalf("asyncapi validate %s failed: %v %v\n%s", doc, err, rerr, combined)
	}
}
