package breaking

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
)

// VersionCheck says which version bump the changes call for and whether
// the new contract's info.version makes it.
type VersionCheck struct {
	Base      string `json:"base"`                // the old info.version
	Head      string `json:"head"`                // the new info.version
	Needed    Bump   `json:"needed"`              // major for breaking changes, minor for additions, patch for any other change, none when nothing changed
	Made      Bump   `json:"made"`                // the bump from Base to Head; none when Head is not greater
	Semver    bool   `json:"semver"`              // both versions are semantic versions; otherwise nothing is checked
	Enough    bool   `json:"enough"`              // Head is at least Suggested
	Suggested string `json:"suggested,omitempty"` // the lowest version that is enough
}

// String says it in one line, e.g. "info.version 1.0.0 → 1.0.1: the
// changes need a major bump (2.0.0); not bumped enough".
func (v VersionCheck) String() string {
	s := fmt.Sprintf("info.version %s → %s: ", v.Base, v.Head)
	switch {
	case v.Needed == NoBump:
		return s + "no change needs a new version"
	case !v.Semver:
		return s + fmt.Sprintf("the changes need a %s bump; the versions are not semantic versions, so it is not checked", v.Needed)
	case v.Enough:
		return s + fmt.Sprintf("the changes need a %s bump (%s); bumped enough", v.Needed, v.Suggested)
	}
	return s + fmt.Sprintf("the changes need a %s bump (%s); not bumped enough", v.Needed, v.Suggested)
}

// semver is a parsed semantic version.
type semver struct {
	prefix              string // "v" or ""
	major, minor, patch uint64
	pre                 []string // pre-release identifiers
}

func parseSemver(s string) (semver, bool) {
	var v semver
	if strings.HasPrefix(s, "v") {
		v.prefix, s = "v", s[1:]
	}
	s, _, _ = strings.Cut(s, "+") // build metadata does not order
	core, pre, hasPre := strings.Cut(s, "-")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return v, false
	}
	nums := make([]uint64, 3)
	for i, p := range parts {
		if p == "" || len(p) > 1 && p[0] == '0' {
			return v, false
		}
		n, err := strconv.ParseUint(p, 10, 64)
		if err != nil {
			return v, false
		}
		nums[i] = n
	}
	v.major, v.minor, v.patch = nums[0], nums[1], nums[2]
	if hasPre {
		v.pre = strings.Split(pre, ".")
		for _, id := range v.pre {
			if id == "" {
				return v, false
			}
		}
	}
	return v, true
}

// compareSemver orders versions by semver precedence.
func compareSemver(a, b semver) int {
	if c := cmp.Or(cmp.Compare(a.major, b.major), cmp.Compare(a.minor, b.minor), cmp.Compare(a.patch, b.patch)); c != 0 {
		return c
	}
	switch {
	case len(a.pre) == 0 && len(b.pre) == 0:
		return 0
	case len(a.pre) == 0:
		return 1
	case len(b.pre) == 0:
		return -1
	}
	for i := 0; i < len(a.pre) && i < len(b.pre); i++ {
		x, xerr := strconv.ParseUint(a.pre[i], 10, 64)
		y, yerr := strconv.ParseUint(b.pre[i], 10, 64)
		var c int
		switch {
		case xerr == nil && yerr == nil:
			c = cmp.Compare(x, y)
		case xerr == nil:
			c = -1
		case yerr == nil:
			c = 1
		default:
			c = cmp.Compare(a.pre[i], b.pre[i])
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a.pre), len(b.pre))
}

func (v semver) String() string {
	s := fmt.Sprintf("%s%d.%d.%d", v.prefix, v.major, v.minor, v.patch)
	if len(v.pre) > 0 {
		s += "-" + strings.Join(v.pre, ".")
	}
	return s
}

// bumped returns v increased by b (pre-release dropped).
func (v semver) bumped(b Bump) semver {
	out := semver{prefix: v.prefix, major: v.major, minor: v.minor, patch: v.patch}
	switch b {
	case Major:
		out.major, out.minor, out.patch = v.major+1, 0, 0
	case Minor:
		out.minor, out.patch = v.minor+1, 0
	case Patch:
		if len(v.pre) == 0 {
			out.patch++
		}
	}
	return out
}

// checkVersion fills in whether head's version is enough for needed.
// Before 1.0.0 each bump counts one level lower (0.y: y is the breaking
// digit), as Cargo and most semver users read it.
func checkVersion(base, head string, needed Bump) VersionCheck {
	vc := VersionCheck{Base: base, Head: head, Needed: needed}
	bv, ok1 := parseSemver(base)
	hv, ok2 := parseSemver(head)
	vc.Semver = ok1 && ok2
	if !vc.Semver {
		vc.Enough = needed == NoBump
		return vc
	}
	if compareSemver(hv, bv) > 0 {
		switch {
		case hv.major != bv.major:
			vc.Made = Major
		case hv.minor != bv.minor:
			vc.Made = Minor
		default:
			vc.Made = Patch
		}
	}
	want := needed
	if bv.major == 0 && want > Patch {
		want--
	}
	if needed == NoBump {
		vc.Enough = true
		return vc
	}
	target := bv.bumped(want)
	vc.Suggested = target.String()
	vc.Enough = compareSemver(hv, target) >= 0
	return vc
}
