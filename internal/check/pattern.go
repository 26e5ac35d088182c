package check

import (
	"regexp"
	"regexp/syntax"
)

// simplePattern matches the patterns contracts are made of (ids like
// ^usr_[0-9A-Za-z]+$, slugs like ^[a-z0-9-]+$, prefixes like ^https://)
// without the regexp engine: an anchored sequence of ASCII literals and
// ASCII character classes repeated once, one or more times, or any number
// of times, where greedy matching cannot be wrong because no repeated
// class can also match what follows it. Other patterns use regexp.
type simplePattern struct {
	elems []patElem
	end   bool // anchored at the end ($)
}

type patElem struct {
	lit   string    // a literal, or "" for a class
	class [4]uint64 // ASCII bit set
	min   int       // 0 or 1
	many  bool      // repeated (+ or *)
}

func (e *patElem) has(c byte) bool { return c < 128 && e.class[c>>6]&(1<<(c&63)) != 0 }

// compilePattern returns a matcher equivalent to re, or re's own method.
func compilePattern(re *regexp.Regexp) func(string) bool {
	if sp := parseSimple(re.String()); sp != nil {
		return sp.match
	}
	return re.MatchString
}

func parseSimple(pattern string) *simplePattern {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	re = re.Simplify()
	subs := []*syntax.Regexp{re}
	if re.Op == syntax.OpConcat {
		subs = re.Sub
	}
	if len(subs) == 0 || subs[0].Op != syntax.OpBeginText {
		return nil
	}
	subs = subs[1:]
	sp := &simplePattern{}
	if n := len(subs); n > 0 && subs[n-1].Op == syntax.OpEndText {
		sp.end = true
		subs = subs[:n-1]
	}
	for _, s := range subs {
		var e patElem
		switch s.Op {
		case syntax.OpLiteral:
			if s.Flags&syntax.FoldCase != 0 {
				return nil
			}
			b := make([]byte, 0, len(s.Rune))
			for _, r := range s.Rune {
				if r >= 128 {
					return nil
				}
				b = append(b, byte(r))
			}
			e.lit = string(b)
		case syntax.OpCharClass:
			if !e.setClass(s) {
				return nil
			}
			e.min = 1
		case syntax.OpPlus, syntax.OpStar:
			if s.Sub[0].Op != syntax.OpCharClass || !e.setClass(s.Sub[0]) {
				return nil
			}
			e.many = true
			if s.Op == syntax.OpPlus {
				e.min = 1
			}
		default:
			return nil
		}
		sp.elems = append(sp.elems, e)
	}
	// Greedy repetition is exact only when what follows cannot start with
	// a character of the repeated class.
	for i, e := range sp.elems {
		if !e.many || i == len(sp.elems)-1 {
			continue
		}
		next := sp.elems[i+1]
		switch {
		case next.lit != "":
			if e.has(next.lit[0]) {
				return nil
			}
		case next.min == 0:
			return nil
		default:
			for w := range e.class {
				if e.class[w]&next.class[w] != 0 {
					return nil
				}
			}
		}
	}
	return sp
}

func (e *patElem) setClass(s *syntax.Regexp) bool {
	if s.Flags&syntax.FoldCase != 0 {
		return false
	}
	for i := 0; i+1 < len(s.Rune); i += 2 {
		lo, hi := s.Rune[i], s.Rune[i+1]
		if hi >= 128 {
			return false
		}
		for c := lo; c <= hi; c++ {
			e.class[c>>6] |= 1 << (c & 63)
		}
	}
	return true
}

func (sp *simplePattern) match(s string) bool {
	i := 0
	for k := range sp.elems {
		e := &sp.elems[k]
		switch {
		case e.lit != "":
			if len(s)-i < len(e.lit) || s[i:i+len(e.lit)] != e.lit {
				return false
			}
			i += len(e.lit)
		case e.many:
			start := i
			for i < len(s) && e.has(s[i]) {
				i++
			}
			if i-start < e.min {
				return false
			}
			if !sp.end && k == len(sp.elems)-1 {
				return true // a prefix: what follows does not matter
			}
		default:
			if i >= len(s) || !e.has(s[i]) {
				return false
			}
			i++
		}
	}
	return !sp.end || i == len(s)
}
