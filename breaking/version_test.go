package breaking

import "testing"

func TestCheckVersion(t *testing.T) {
	for _, c := range []struct {
		base, head string
		needed     Bump
		made       Bump
		enough     bool
		suggested  string
	}{
		{"1.0.0", "2.0.0", Major, Major, true, "2.0.0"},
		{"1.0.0", "1.1.0", Major, Minor, false, "2.0.0"},
		{"1.2.3", "1.3.0", Minor, Minor, true, "1.3.0"},
		{"1.2.3", "1.2.4", Minor, Patch, false, "1.3.0"},
		{"1.2.3", "1.2.3", Patch, NoBump, false, "1.2.4"},
		{"1.2.3", "1.2.3", NoBump, NoBump, true, ""},
		{"1.2.3", "1.2.2", Patch, NoBump, false, "1.2.4"},
		{"v1.2.3", "v2.0.0", Major, Major, true, "v2.0.0"},
		{"0.3.1", "0.4.0", Major, Minor, true, "0.4.0"},  // before 1.0.0 the minor digit breaks
		{"0.3.1", "0.3.2", Minor, Patch, true, "0.3.2"},  // and the patch digit adds
		{"0.3.1", "0.3.2", Major, Patch, false, "0.4.0"}, //
		{"2.0.0-rc.1", "2.0.0", Patch, Patch, true, "2.0.0"},
		{"2.0.0-rc.1", "2.0.0-rc.2", Patch, Patch, false, "2.0.0"},
		{"2.0.0-alpha", "2.0.0-beta", NoBump, Patch, true, ""},
		{"1.0.0+build.5", "1.0.1+build.6", Patch, Patch, true, "1.0.1"},
	} {
		v := checkVersion(c.base, c.head, c.needed)
		if !v.Semver || v.Made != c.made || v.Enough != c.enough || v.Suggested != c.suggested {
			t.Errorf("%s → %s needing %s: got %+v", c.base, c.head, c.needed, v)
		}
	}
	for _, bad := range []string{"1.0", "1.0.0.0", "01.0.0", "1.0.0-", "1.0.0-a..b", "latest", ""} {
		if v := checkVersion(bad, "1.0.0", Major); v.Semver || v.Enough {
			t.Errorf("%q is read as a semantic version: %+v", bad, v)
		}
	}
}
