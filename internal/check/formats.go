package check

import "github.com/santhosh-tekuri/jsonschema/v5"

// stringFormat returns the check of a string against a format: the
// reference engine's own function, with a shortcut for the common form of
// date-time that says "valid" only where that function would too.
func stringFormat(name string, ref func(any) bool) func(string) bool {
	if name == "date-time" {
		return func(s string) bool { return plainDateTime(s) || ref(s) }
	}
	return func(s string) bool { return ref(s) }
}

// plainDateTime accepts exactly "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)"
// with digits in every digit place, a real calendar date, hours to 23,
// minutes and offsets in range and seconds to 59: each such string is a
// date-time for the reference engine (RFC 3339 section 5.6). Anything
// else, leap seconds included, is left to it.
func plainDateTime(s string) bool {
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':' {
		return false
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	h, ok4 := digits(s[11:13])
	m, ok5 := digits(s[14:16])
	sec, ok6 := digits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || h > 23 || m > 59 || sec > 59 {
		return false
	}
	rest := s[19:]
	if rest[0] == '.' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 {
			return false
		}
		rest = rest[i:]
	}
	switch {
	case rest == "Z" || rest == "z":
		return true
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		zh, ok1 := digits(rest[1:3])
		zm, ok2 := digits(rest[4:6])
		return ok1 && ok2 && zh <= 23 && zm <= 59
	}
	return false
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

var refDateTime = jsonschema.Formats["date-time"]
