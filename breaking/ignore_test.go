package breaking_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/hookcontract/hookcontract/breaking"
	"github.com/hookcontract/hookcontract/contract"
)

func TestParseIgnore(t *testing.T) {
	list, err := breaking.ParseIgnore(strings.NewReader(`# accepted findings

field-removed thing.created/payload/data/name   # nobody reads it
pattern-changed */payload/data/id
	version-not-bumped /info/version#not-a-comment
`), ".breaking-ignore")
	if err != nil {
		t.Fatal(err)
	}
	want := []breaking.IgnoreEntry{
		{Rule: "field-removed", Location: "thing.created/payload/data/name", Reason: "nobody reads it", Line: 3},
		{Rule: "pattern-changed", Location: "*/payload/data/id", Line: 4},
		{Rule: "version-not-bumped", Location: "/info/version#not-a-comment", Line: 5},
	}
	if !slices.Equal(list.Entries, want) {
		t.Errorf("got %+v\nwant %+v", list.Entries, want)
	}
}

func TestParseIgnoreErrors(t *testing.T) {
	_, err := breaking.ParseIgnore(strings.NewReader("field-removed\nfield-remove x\nfield-removed a b\nok-comment # only\n\xff\n"), "ign")
	var list contract.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("want an ErrorList, got %v", err)
	}
	got := list.Error()
	for _, want := range []string{
		`ign:1:14: entry "field-removed" has no location`,
		`ign:2:1: unknown rule "field-remove" (did you mean field-removed?); breaking -rules lists them`,
		`ign:3:17: unexpected "b" after the location`,
		`ign:4:11: entry "ok-comment" has no location`,
		`ign:5:1: not valid UTF-8`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("errors lack %q:\n%s", want, got)
		}
	}
	if len(list) != 5 {
		t.Errorf("want 5 problems, got %d:\n%s", len(list), got)
	}
}

func TestParseIgnoreLongLine(t *testing.T) {
	_, err := breaking.ParseIgnore(strings.NewReader("# ok\n"+strings.Repeat("a", 70000)+"\n"), "ign")
	if err == nil || !strings.Contains(err.Error(), "ign:2:1: line longer than") {
		t.Errorf("got %v", err)
	}
}

func TestIgnoreMatches(t *testing.T) {
	f := breaking.Finding{Rule: "field-removed", Event: "company.created", Path: "/payload/data/code"}
	for _, c := range []struct {
		loc  string
		want bool
	}{
		{"company.created/payload/data/code", true},
		{"*", true},
		{"company.*", true},
		{"*/data/code", true},
		{"company.created/payload/*/code", true},
		{"company.created/payload/data", false},
		{"company.created/payload/data/code/x", false},
		{"*.updated/*", false},
		{"**code", true},
	} {
		e := breaking.IgnoreEntry{Rule: "field-removed", Location: c.loc}
		if got := e.Matches(f); got != c.want {
			t.Errorf("%q matches %q = %v, want %v", c.loc, f.Location(), got, c.want)
		}
	}
	if (breaking.IgnoreEntry{Rule: "type-changed", Location: "*"}).Matches(f) {
		t.Error("an entry for another rule matches")
	}
}

// TestCompareIgnore accepts the breaking finding of a fixture: it moves to
// Ignored, the needed bump falls, and an entry that matches nothing is
// reported as unused.
func TestCompareIgnore(t *testing.T) {
	dir := fixtureDir + "/field-removed"
	base, head := loadSide(t, dir, "base"), loadSide(t, dir, "head")
	ign, err := breaking.ParseIgnore(strings.NewReader("field-removed thing.created/payload/data/*\nevent-removed *\n"), "ign")
	if err != nil {
		t.Fatal(err)
	}
	r := breaking.Compare(base, head, &breaking.Options{Ignore: ign})
	if len(r.Findings) != 0 || len(r.Ignored) != 1 || r.Ignored[0].Rule != breaking.FieldRemoved {
		t.Errorf("findings %v, ignored %v", r.Findings, r.Ignored)
	}
	if r.Fails(breaking.Info) {
		t.Error("report fails although every finding is accepted")
	}
	if r.Version.Needed != breaking.Patch {
		t.Errorf("needed bump %s, want patch (the accepted change is still a change)", r.Version.Needed)
	}
	if len(r.Unused) != 1 || r.Unused[0].Rule != breaking.EventRemoved || r.Unused[0].Line != 2 {
		t.Errorf("unused entries %+v", r.Unused)
	}
}

// FuzzParseIgnore checks that any input either fails with positioned
// problems or parses into entries that print and parse back the same.
func FuzzParseIgnore(f *testing.F) {
	f.Add("field-removed thing.created/payload/data/name  # reason\n# comment\n\npattern-changed */id\n")
	f.Add("version-not-bumped /info/version#x\n")
	f.Add("\xff\n")
	f.Add("field-removed à#x # y\r\n")
	f.Fuzz(func(t *testing.T, s string) {
		list, err := breaking.ParseIgnore(strings.NewReader(s), "fuzz")
		if err != nil {
			var probs contract.ErrorList
			if !errors.As(err, &probs) || len(probs) == 0 {
				t.Fatalf("error is not a problem list: %v", err)
			}
			for _, p := range probs {
				if p.Pos.Line < 1 || p.Pos.Col < 1 {
					t.Fatalf("problem without a position: %v", p)
				}
			}
			return
		}
		var b strings.Builder
		for _, e := range list.Entries {
			if _, ok := breaking.RuleByID(e.Rule); !ok || e.Location == "" {
				t.Fatalf("bad entry %+v", e)
			}
			b.WriteString(e.String() + "\n")
			e.Matches(breaking.Finding{Rule: e.Rule, Event: s, Path: e.Location})
		}
		again, err := breaking.ParseIgnore(strings.NewReader(b.String()), "again")
		if err != nil {
			t.Fatalf("printed entries do not parse: %v\n%s", err, b.String())
		}
		if len(again.Entries) != len(list.Entries) {
			t.Fatalf("%d entries became %d", len(list.Entries), len(again.Entries))
		}
		for i, e := range again.Entries {
			o := list.Entries[i]
			if e.Rule != o.Rule || e.Location != o.Location || e.Reason != o.Reason {
				t.Fatalf("entry %+v became %+v", o, e)
			}
		}
	})
}
