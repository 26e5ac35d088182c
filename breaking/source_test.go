package breaking_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookcontract/hookcontract/breaking"
)

// gitRepo makes a repository in a temporary directory whose one commit
// holds the field-removed fixture's base contract under contract/, with
// the head contract in the work tree, and makes it the current directory.
func gitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	src, err := filepath.Abs(filepath.Join(fixtureDir, "field-removed"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("init", "-q")
	if err := os.CopyFS("contract", os.DirFS(filepath.Join(src, "base"))); err != nil {
		t.Fatal(err)
	}
	run("add", ".")
	run("commit", "-q", "-m", "base")
	if err := os.RemoveAll("contract"); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS("contract", os.DirFS(filepath.Join(src, "head"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLoadGit(t *testing.T) {
	dir := gitRepo(t)
	base, err := breaking.Load("git:HEAD:contract/asyncapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	head, err := breaking.Load("contract/asyncapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if base.Path != "git:HEAD:contract/asyncapi.yaml" || base.Info.Version != "1.0.0" || head.Info.Version != "2.0.0" {
		t.Errorf("base %s %s, head %s", base.Path, base.Info.Version, head.Info.Version)
	}
	r := breaking.Compare(base, head, nil)
	if len(r.Findings) != 1 || r.Findings[0].Rule != breaking.FieldRemoved {
		t.Fatalf("findings: %v", r.Findings)
	}
	if got := r.Findings[0].Base.File; got != "HEAD:./contract/schemas/thing.created.json" {
		t.Errorf("base file shown as %q, want one git show accepts", got)
	}
	// From a subdirectory, paths are relative to it, as for files.
	t.Chdir(filepath.Join(dir, "contract"))
	if _, err := breaking.Load("git:HEAD:asyncapi.yaml"); err != nil {
		t.Errorf("from a subdirectory: %v", err)
	}
}

func TestLoadGitErrors(t *testing.T) {
	gitRepo(t)
	for spec, want := range map[string]string{
		"git:HEAD":                             "want git:<revision>:<path>",
		"git:HEAD:":                            "want git:<revision>:<path>",
		"git:nosuchrev:contract/asyncapi.yaml": "nosuchrev",
		"git:HEAD:contract/missing.yaml":       "contract/missing.yaml does not exist in HEAD",
		"git:HEAD:nodir/asyncapi.yaml":         "nodir",
		"git:-x:asyncapi.yaml":                 "starts with a dash",
	} {
		_, err := breaking.Load(spec)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(%q) = %v, want an error containing %q", spec, err, want)
		}
	}
}
