package hookrt

import (
	"regexp"
	"regexp/syntax"
	"unicode/utf8"
)

// Pattern matches a schema's pattern keyword. Most webhook patterns are a
// literal prefix and character classes (^cli_[0-9A-Za-z]+$); those are
// matched by a small deterministic matcher, and everything else by Go's
// regexp, with the same result.
type Pattern struct {
	re    *regexp.Regexp
	steps []step // nil: use re
	end   bool   // anchored at the end
}

// step is one element of a simple pattern: a literal or a repeated class.
type step struct {
	lit      string
	class    []rune // sorted range pairs, as in syntax.Regexp.Rune
	min, max int    // repetitions of class; max -1 is unbounded
}

// MustPattern compiles a schema pattern.
func MustPattern(src string) *Pattern {
	p := &Pattern{re: regexp.MustCompile(src)}
	p.steps, p.end = simple(src)
	return p
}

// MatchString reports whether s contains a match of the pattern.
func (p *Pattern) MatchString(s string) bool {
	if p.steps == nil {
		return p.re.MatchString(s)
	}
	i := 0
	for _, st := range p.steps {
		if st.class == nil {
			if len(s)-i < len(st.lit) || s[i:i+len(st.lit)] != st.lit {
				return false
			}
			i += len(st.lit)
			continue
		}
		n := 0
		for i < len(s) && (st.max < 0 || n < st.max) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !inClass(st.class, r) {
				break
			}
			i += size
			n++
		}
		if n < st.min {
			return false
		}
	}
	return !p.end || i == len(s)
}

func inClass(class []rune, r rune) bool {
	for j := 0; j+1 < len(class); j += 2 {
		if r >= class[j] && r <= class[j+1] {
			return true
		}
	}
	return false
}

// simple turns ^literal(class{m,n}|literal)*$? into steps when greedy
// matching cannot go wrong: every repeated class is followed by something
// that cannot start inside it. It returns nil steps otherwise.
func simple(src string) ([]step, bool) {
	re, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		return nil, false
	}
	re = re.Simplify()
	if re.Op != syntax.OpConcat || len(re.Sub) == 0 || re.Sub[0].Op != syntax.OpBeginText {
		return nil, false
	}
	subs := re.Sub[1:]
	end := false
	if n := len(subs); n > 0 && subs[n-1].Op == syntax.OpEndText {
		end, subs = true, subs[:n-1]
	}
	var steps []step
	for _, sub := range subs {
		switch sub.Op {
		case syntax.OpLiteral:
			if sub.Flags&syntax.FoldCase != 0 {
				return nil, false
			}
			steps = append(steps, step{lit: string(sub.Rune)})
		case syntax.OpCharClass:
			steps = append(steps, step{class: sub.Rune, min: 1, max: 1})
		case syntax.OpPlus, syntax.OpStar, syntax.OpQuest, syntax.OpRepeat:
			if sub.Sub[0].Op != syntax.OpCharClass || sub.Flags&syntax.NonGreedy != 0 {
				return nil, false
			}
			st := step{class: sub.Sub[0].Rune}
			switch sub.Op {
			case syntax.OpPlus:
				st.min, st.max = 1, -1
			case syntax.OpStar:
				st.min, st.max = 0, -1
			case syntax.OpQuest:
				st.min, st.max = 0, 1
			default:
				st.min, st.max = sub.Min, sub.Max
			}
			steps = append(steps, st)
		default:
			return nil, false
		}
	}
	// Greedy matching is exact when what follows a variable repetition
	// cannot start inside its class; a last repetition may run greedily.
	for i, st := range steps {
		if st.class == nil || st.min == st.max || i+1 == len(steps) {
			continue
		}
		next := steps[i+1]
		first := next.class
		if first == nil {
			r, _ := utf8.DecodeRuneInString(next.lit)
			first = []rune{r, r}
		}
		if overlaps(st.class, first) {
			return nil, false
		}
	}
	return steps, end
}

func overlaps(a, b []rune) bool {
	for i := 0; i+1 < len(a); i += 2 {
		for j := 0; j+1 < len(b); j += 2 {
			if a[i] <= b[j+1] && b[j] <= a[i+1] {
				return true
			}
		}
	}
	return false
}
