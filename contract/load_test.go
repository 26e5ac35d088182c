package contract_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookcontract/hookcontract/contract"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestLoadCases loads each contract under testdata/contracts and compares
// the outcome with its want.txt: the exact problem list, or "ok" and a
// summary of the loaded messages.
func TestLoadCases(t *testing.T) {
	dirs, err := filepath.Glob("../testdata/contracts/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 10 {
		t.Fatalf("found only %d contract cases", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			root, err := os.OpenRoot(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			c, err := contract.LoadFS(root.FS(), "asyncapi.yaml", "")
			got := summary(c, err)
			wantFile := filepath.Join(dir, "want.txt")
			if *update {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (run go test ./contract -update)", err)
			}
			if got != string(want) {
				t.Errorf("Load problems differ from %s\n--- got\n%s--- want\n%s", wantFile, got, want)
			}
		})
	}
}

func summary(c *contract.Contract, err error) string {
	var b strings.Builder
	if err != nil {
		var list contract.ErrorList
		if !errors.As(err, &list) {
			return "unexpected error type: " + err.Error() + "\n"
		}
		b.WriteString(list.Error())
		b.WriteString("\n")
		return b.String()
	}
	b.WriteString("ok: discriminator " + c.Discriminator + "\n")
	for _, m := range c.Messages {
		b.WriteString("  " + m.Key + " " + m.Name + " payload=" + m.Payload.Loc.String())
		if m.Headers != nil {
			b.WriteString(" headers=" + m.Headers.Loc.String())
		}
		if m.CorrelationID != nil {
			b.WriteString(" correlationId=" + m.CorrelationID.Location)
		}
		b.WriteString(" operation=" + m.Operation + "\n")
	}
	return b.String()
}
