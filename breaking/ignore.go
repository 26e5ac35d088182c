package breaking

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/internal/suggest"
)

// IgnoreEntry accepts the findings of one rule at the locations its
// pattern matches.
type IgnoreEntry struct {
	Rule     string `json:"rule"`
	Location string `json:"location"`         // a Finding.Location, where * matches any run of characters
	Reason   string `json:"reason,omitempty"` // the comment after the entry
	Line     int    `json:"line"`             // line in the ignore file
}

// Matches reports whether e accepts f.
func (e IgnoreEntry) Matches(f Finding) bool {
	return e.Rule == f.Rule && glob(e.Location, f.Location())
}

// String writes e as a line of an ignore file.
func (e IgnoreEntry) String() string {
	s := e.Rule + " " + e.Location
	if e.Reason != "" {
		s += "  # " + e.Reason
	}
	return s
}

// IgnoreList is a parsed ignore file: the findings a team has accepted.
//
// The file has one entry per line, a rule ID and a location, optionally
// followed by a comment giving the reason:
//
//	# accepted findings
//	field-removed company.created/payload/data/legacy_code  # unused since 2024
//	pattern-changed */payload/data/company/id
//	version-not-bumped /info/version
//
// A location is an event name followed by a JSON pointer into the
// message, as findings print it; * matches any run of characters. Blank
// lines and lines starting with # are ignored.
type IgnoreList struct {
	File    string
	Entries []IgnoreEntry
}

// maxIgnoreLine bounds one line of an ignore file.
const maxIgnoreLine = 64 << 10

// ParseIgnore reads an ignore file; name is used in error positions. The
// error, when not nil, is a contract.ErrorList with a file:line:col per
// problem, or the read error.
func ParseIgnore(r io.Reader, name string) (*IgnoreList, error) {
	list := &IgnoreList{File: name}
	var probs contract.ErrorList
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxIgnoreLine)
	line := 0
	for sc.Scan() {
		line++
		e, col, msg := parseIgnoreLine(sc.Text())
		if msg != "" {
			probs = append(probs, &contract.Error{Pos: contract.Pos{File: name, Line: line, Col: col}, Msg: msg})
			continue
		}
		if e.Rule != "" {
			e.Line = line
			list.Entries = append(list.Entries, e)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			probs = append(probs, &contract.Error{Pos: contract.Pos{File: name, Line: line + 1, Col: 1}, Msg: fmt.Sprintf("line longer than %d bytes", maxIgnoreLine)})
		} else {
			return nil, err
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return list, nil
}

// parseIgnoreLine parses one line. An empty entry with no message is a
// blank or comment line; msg and col describe a problem.
func parseIgnoreLine(s string) (e IgnoreEntry, col int, msg string) {
	if !utf8.ValidString(s) {
		return e, 1, "not valid UTF-8"
	}
	body, reason := s, ""
	if i := commentStart(s); i >= 0 {
		body, reason = s[:i], strings.TrimSpace(s[i+1:])
	}
	fields := strings.Fields(body)
	switch len(fields) {
	case 0:
		return IgnoreEntry{}, 0, ""
	case 1:
		return e, colOf(s, fields[0]) + len(fields[0]), fmt.Sprintf("entry %q has no location: write <rule-id> <event><json-pointer>, e.g. field-removed company.created/payload/data/code", fields[0])
	case 2:
	default:
		return e, colOf(s, fields[2]), fmt.Sprintf("unexpected %q after the location: a location has no spaces; start a comment with #", fields[2])
	}
	if _, ok := RuleByID(fields[0]); !ok {
		msg := fmt.Sprintf("unknown rule %q", fields[0])
		if guess := closestRule(fields[0]); guess != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", guess)
		}
		return e, colOf(s, fields[0]), msg + "; breaking -rules lists them"
	}
	return IgnoreEntry{Rule: fields[0], Location: fields[1], Reason: reason}, 0, ""
}

// commentStart returns the index of the # that starts a comment: at the
// start of the line or after a space.
func commentStart(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] != '#' {
			continue
		}
		if r, _ := utf8.DecodeLastRuneInString(s[:i]); i == 0 || unicode.IsSpace(r) {
			return i
		}
	}
	return -1
}

func colOf(s, field string) int { return strings.Index(s, field) + 1 }

// ReadIgnoreFile parses the ignore file at path.
func ReadIgnoreFile(path string) (*IgnoreList, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseIgnore(f, path)
}

// apply moves the findings list accepts from fs to the second result, and
// marks the entries used.
func (l *IgnoreList) apply(fs []Finding, used []bool) (kept, ignored []Finding) {
	for _, f := range fs {
		hit := false
		for i, e := range l.Entries {
			if e.Matches(f) {
				used[i], hit = true, true
			}
		}
		if hit {
			ignored = append(ignored, f)
		} else {
			kept = append(kept, f)
		}
	}
	return kept, ignored
}

// glob matches s against pattern, where * matches any run of characters
// (slashes included) and every other character itself. Each literal
// segment is matched at its leftmost place, which is enough for * alone.
func glob(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	first, last := parts[0], parts[len(parts)-1]
	if !strings.HasPrefix(s, first) {
		return false
	}
	s = s[len(first):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, last)
}

// closestRule returns the rule ID nearest to id by edit distance, when
// it is near enough to be a typo.
func closestRule(id string) string {
	ids := make([]string, len(rules))
	for i, r := range rules {
		ids[i] = r.ID
	}
	return suggest.Closest(id, ids, 4)
}
