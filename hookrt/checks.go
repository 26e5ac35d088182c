package hookrt

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// TypeError returns the message for a value of the wrong type.
func TypeError(v *Value, want string) string {
	return fmt.Sprintf("expected %s, but got %s", want, v.TypeName())
}

// RuneCount is the length of s as JSON Schema counts it (code points).
func RuneCount(s string) int { return utf8.RuneCountInString(s) }

// Compare compares the number v with a schema limit written as lit: -1,
// 0 or +1. Literals are compared exactly, so large integers and decimals
// are never rounded.
func Compare(v *Value, lit string) int {
	a, b := v.Float(), mustFloat(lit)
	if !math.IsInf(a, 0) && !math.IsInf(b, 0) && a != b {
		if a < b {
			return -1
		}
		return 1
	}
	return ratOf(v.Str).Cmp(ratOf(lit))
}

func mustFloat(lit string) float64 {
	f, _ := strconv.ParseFloat(lit, 64)
	return f
}

func ratOf(lit string) *big.Rat {
	r, ok := new(big.Rat).SetString(lit)
	if !ok {
		return new(big.Rat)
	}
	return r
}

// MultipleOf reports whether the number v is a multiple of the literal d.
func MultipleOf(v *Value, d string) bool {
	q := new(big.Rat).Quo(ratOf(v.Str), ratOf(d))
	return q.IsInt()
}

// Equal reports whether two JSON values are equal as JSON Schema defines
// it (numbers by value, objects regardless of member order).
func Equal(a, b *Value) bool {
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case Null:
		return true
	case Bool:
		return a.Bool == b.Bool
	case Number:
		return a.Str == b.Str || Compare(a, b.Str) == 0
	case String:
		return a.Str == b.Str
	case Array:
		if len(a.Items) != len(b.Items) {
			return false
		}
		for i := range a.Items {
			if !Equal(&a.Items[i], &b.Items[i]) {
				return false
			}
		}
		return true
	case Object:
		if len(a.Members) != len(b.Members) {
			return false
		}
		for i := range a.Members {
			o := b.Get(a.Members[i].Key)
			if o == nil || !Equal(&a.Members[i].Value, o) {
				return false
			}
		}
		return true
	}
	return false
}

// Unique reports whether the items of an array are pairwise unequal, and
// the first duplicate pair when not.
func Unique(items []Value) (ok bool, i, j int) {
	for i = range items {
		for j = i + 1; j < len(items); j++ {
			if Equal(&items[i], &items[j]) {
				return false, i, j
			}
		}
	}
	return true, 0, 0
}

// MustParse parses a JSON literal embedded in generated code (const and
// enum values).
func MustParse(lit string) Value {
	v, err := Parse([]byte(lit), Limits{})
	if err != nil {
		panic("hookrt: bad literal " + lit + ": " + err.Error())
	}
	return v
}

// Format returns the checker of a JSON Schema format. The checks are those
// of the reference engine (santhosh-tekuri/jsonschema), so generated code
// and the validate command agree on every format.
func Format(name string) func(string) bool {
	if name == "date-time" {
		return isDateTime
	}
	f := jsonschema.Formats[name]
	if f == nil {
		return nil
	}
	return func(s string) bool { return f(s) }
}

var isTime = jsonschema.Formats["time"]

// isDateTime is the reference engine's date-time check (RFC 3339 section
// 5.6) with a fast full-date: time.Parse("2006-01-02") accepts exactly
// four digits, two-digit month 01-12 and a day that exists in that month.
func isDateTime(s string) bool {
	if len(s) < 20 || s[10] != 'T' && s[10] != 't' {
		return false
	}
	return isFullDate(s[:10]) && isTime(s[11:])
}

func isFullDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	n := 0
	for i, c := range []byte(s) {
		if i == 4 || i == 7 {
			continue
		}
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	year, month, day := n/10000, n/100%100, n%100
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[month-1]
	if month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		days = 29
	}
	return day <= days
}

// MustFormat is Format for names the generator has checked.
func MustFormat(name string) func(string) bool {
	f := Format(name)
	if f == nil {
		panic("hookrt: unknown format " + name)
	}
	return f
}

// ParseDateTime parses an RFC 3339 date-time that has passed the
// date-time format check (lower-case t and z and leap seconds included).
func ParseDateTime(s string) time.Time {
	s = strings.ToUpper(s)
	t, err := time.Parse(time.RFC3339Nano, s)
	if err == nil {
		return t
	}
	// A leap second (:60) is valid RFC 3339 but not a time.Time second.
	if i := strings.Index(s, ":60"); i > 0 {
		t, err = time.Parse(time.RFC3339Nano, s[:i]+":59"+s[i+3:])
		if err == nil {
			return t.Add(time.Second)
		}
	}
	return time.Time{}
}

// FormatDateTime writes t as RFC 3339 with nanoseconds when present.
func FormatDateTime(t time.Time) string { return t.Format(time.RFC3339Nano) }

// Marks records which members or items of a value some keyword evaluated,
// for unevaluatedProperties and unevaluatedItems.
type Marks struct {
	small uint64
	big   []bool
}

// Set marks index i.
func (m *Marks) Set(i int) {
	if i < 64 {
		m.small |= 1 << i
		return
	}
	for len(m.big) <= i-64 {
		m.big = append(m.big, false)
	}
	m.big[i-64] = true
}

// SetAll marks indexes 0 to n-1.
func (m *Marks) SetAll(n int) {
	for i := 0; i < n; i++ {
		m.Set(i)
	}
}

// Has reports whether index i is marked.
func (m *Marks) Has(i int) bool {
	if i < 64 {
		return m.small&(1<<i) != 0
	}
	return i-64 < len(m.big) && m.big[i-64]
}
