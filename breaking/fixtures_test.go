package breaking_test

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hookcontract/hookcontract/breaking"
	"github.com/hookcontract/hookcontract/contract"
)

var update = flag.Bool("update", false, "rewrite golden files")

const fixtureDir = "../testdata/breaking"

// fixture is one testdata/breaking/<name>/{base,head} pair.
type fixture struct {
	name       string
	dir        string
	base, head *contract.Contract
	expect     []string // "level rule location", sorted
}

func loadSide(t testing.TB, dir, side string) *contract.Contract {
	t.Helper()
	root, err := os.OpenRoot(filepath.Join(dir, side))
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	c, err := contract.LoadFS(root.FS(), "asyncapi.yaml", side)
	if err != nil {
		t.Fatalf("%s/%s does not load:\n%v", dir, side, err)
	}
	return c
}

func loadFixtures(t *testing.T) []fixture {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(fixtureDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []fixture
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		f := fixture{name: filepath.Base(dir), dir: dir}
		f.base, f.head = loadSide(t, dir, "base"), loadSide(t, dir, "head")
		f.expect = readExpect(t, filepath.Join(dir, "expect.txt"))
		out = append(out, f)
	}
	if len(out) < len(breaking.Rules()) {
		t.Fatalf("found %d fixtures, fewer than the %d rules", len(out), len(breaking.Rules()))
	}
	return out
}

// readExpect reads an expect.txt: one "level rule location" per line,
// # comments.
func readExpect(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if len(strings.Fields(line)) != 3 {
			t.Fatalf("%s: want level rule location, got %q", path, line)
		}
		out = append(out, strings.Join(strings.Fields(line), " "))
	}
	slices.Sort(out)
	return out
}

func key(f breaking.Finding) string {
	loc := f.Location()
	if loc == "" {
		loc = "-"
	}
	return fmt.Sprintf("%s %s %s", f.Level, f.Rule, loc)
}

func keys(r *breaking.Report) []string {
	out := make([]string, len(r.Findings))
	for i, f := range r.Findings {
		out[i] = key(f)
	}
	slices.Sort(out)
	return out
}

// golden renders a report for want.txt.
func golden(r *breaking.Report) string {
	var b strings.Builder
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "%s\n    base: %s\n    head: %s\n", f, f.Base, f.Head)
	}
	fmt.Fprintln(&b, r.Version)
	return b.String()
}

// multisetDiff returns the elements of a (sorted) not matched in b (sorted).
func multisetDiff(a, b []string) []string {
	var out []string
	i, j := 0, 0
	for i < len(a) {
		switch {
		case j >= len(b) || a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			j++
		default:
			i++
			j++
		}
	}
	return out
}

// TestFixtures compares each fixture pair, checks its findings against
// the hand-written expect.txt and its full output against the golden
// want.txt, and reports precision and recall over the whole set.
func TestFixtures(t *testing.T) {
	fixtures := loadFixtures(t)
	var tp, fp, fn int
	var vTP, vFP, vFN, vTN int // the breaking verdict per pair
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			r := breaking.Compare(f.base, f.head, nil)
			got := keys(r)
			extra, missing := multisetDiff(got, f.expect), multisetDiff(f.expect, got)
			fp += len(extra)
			fn += len(missing)
			tp += len(got) - len(extra)
			for _, e := range extra {
				t.Errorf("unexpected finding: %s", e)
			}
			for _, m := range missing {
				t.Errorf("missing finding: %s", m)
			}
			wantBreaking := slices.ContainsFunc(f.expect, func(s string) bool { return strings.HasPrefix(s, "breaking ") })
			switch gotBreaking := r.Fails(breaking.Breaking); {
			case gotBreaking && wantBreaking:
				vTP++
			case gotBreaking:
				vFP++
			case wantBreaking:
				vFN++
			default:
				vTN++
			}
			text := golden(r)
			wantFile := filepath.Join(f.dir, "want.txt")
			if *update {
				if err := os.WriteFile(wantFile, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (run go test ./breaking -update)", err)
			}
			if text != string(want) {
				t.Errorf("output differs from %s\n--- got\n%s--- want\n%s", wantFile, text, want)
			}
		})
	}
	t.Logf("%d fixture pairs: findings precision %s, recall %s (%d expected, %d reported, %d correct)",
		len(fixtures), percent(tp, tp+fp), percent(tp, tp+fn), tp+fn, tp+fp, tp)
	t.Logf("breaking verdict per pair: precision %s, recall %s (%d breaking pairs, %d compatible)",
		percent(vTP, vTP+vFP), percent(vTP, vTP+vFN), vTP+vFN, vFP+vTN)
	if fp > 0 || fn > 0 || vFP > 0 || vFN > 0 {
		t.Errorf("precision and recall must both be 100%%")
	}
}

func percent(n, of int) string {
	if of == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of))
}

// TestEveryRuleHasAFixture checks that testdata/breaking/<rule-id>/ exists
// for every rule and expects that rule.
func TestEveryRuleHasAFixture(t *testing.T) {
	for _, r := range breaking.Rules() {
		path := filepath.Join(fixtureDir, r.ID, "expect.txt")
		if _, err := os.Stat(path); err != nil {
			t.Errorf("rule %s has no fixture: %v", r.ID, err)
			continue
		}
		want := r.Level.String() + " " + r.ID + " "
		if !slices.ContainsFunc(readExpect(t, path), func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("%s expects no %s finding", path, r.ID)
		}
	}
}

// TestReversed compares fixture pairs the other way round: what one
// direction reports as loosened the other reports as tightened.
func TestReversed(t *testing.T) {
	opposite := map[string]string{
		breaking.EventRemoved:          breaking.EventAdded,
		breaking.OptionalFieldRemoved:  breaking.FieldAdded,
		breaking.RequiredToOptional:    breaking.OptionalToRequired,
		breaking.TypeWidened:           breaking.TypeNarrowed,
		breaking.NullableAdded:         breaking.NullableRemoved,
		breaking.EnumValueAdded:        breaking.EnumValueRemoved,
		breaking.FormatRemoved:         breaking.FormatAdded,
		breaking.PatternLoosened:       breaking.PatternTightened,
		breaking.RangeLoosened:         breaking.RangeTightened,
		breaking.LengthLoosened:        breaking.LengthTightened,
		breaking.ItemsLoosened:         breaking.ItemsTightened,
		breaking.UniqueItemsLoosened:   breaking.UniqueItemsTightened,
		breaking.PropertyCountLoosened: breaking.PropertyCountTightened,
		breaking.AdditionalPropsOpened: breaking.AdditionalPropsClosed,
		breaking.VariantAdded:          breaking.VariantRemoved,
		breaking.HeaderMadeOptional:    breaking.HeaderMadeRequired,
		breaking.OptionalHeaderRemoved: breaking.HeaderAdded,
		breaking.TypeChanged:           breaking.TypeChanged,
		breaking.FormatChanged:         breaking.FormatChanged,
		breaking.PatternChanged:        breaking.PatternChanged,
	}
	for k, v := range opposite {
		opposite[v] = k
	}
	n := 0
	for _, f := range loadFixtures(t) {
		r := breaking.Compare(f.head, f.base, nil)
		if strings.HasPrefix(f.name, "none-") {
			if got := withoutVersion(keys(r)); len(got) > 0 {
				t.Errorf("%s reversed: %v", f.name, got)
			}
			continue
		}
		var want []string
		for _, e := range f.expect {
			parts := strings.Fields(e)
			rule, ok := opposite[parts[1]]
			if !ok || parts[2] == "-" {
				want = nil
				break
			}
			rr, _ := breaking.RuleByID(rule)
			want = append(want, rr.Level.String()+" "+rule+" "+parts[2])
		}
		if want == nil {
			continue
		}
		n++
		slices.Sort(want)
		if got := withoutVersion(keys(r)); !slices.Equal(got, want) {
			t.Errorf("%s reversed:\n got %q\nwant %q", f.name, got, want)
		}
	}
	t.Logf("%d fixture pairs checked in reverse", n)
}

// withoutVersion drops the version finding: reversed pairs go down a version.
func withoutVersion(keys []string) []string {
	var out []string
	for _, k := range keys {
		if !strings.Contains(k, breaking.VersionNotBumped) {
			out = append(out, k)
		}
	}
	return out
}
