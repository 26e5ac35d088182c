package contract

import (
	"fmt"
	"strings"
)

// Route returns the message a payload belongs to, by the contract's
// discriminator. When the payload names no message of the contract, the
// violation says which names exist and suggests the closest one.
func (c *Contract) Route(payload any) (*Message, *Violation) {
	ptr := joinPointer(c.Discriminator)
	obj, ok := payload.(map[string]any)
	if !ok {
		return nil, &Violation{Keyword: "type", Message: fmt.Sprintf("expected an object (a webhook event), but got %s", kindOf(payload))}
	}
	raw, present := obj[c.Discriminator]
	if !present {
		return nil, &Violation{Keyword: "required", Message: fmt.Sprintf("missing discriminator property %q: it names the event (one of %s)", c.Discriminator, strings.Join(c.Names(), ", "))}
	}
	name, ok := raw.(string)
	if !ok {
		return nil, &Violation{Pointer: ptr, Keyword: "type", Message: fmt.Sprintf("discriminator %q must be a string naming the event, but got %s", c.Discriminator, kindOf(raw))}
	}
	if m := c.Message(name); m != nil {
		return m, nil
	}
	msg := fmt.Sprintf("unknown event %q: the contract defines %s", name, strings.Join(c.Names(), ", "))
	if guess := closest(name, c.Names()); guess != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", guess)
	}
	return nil, &Violation{Pointer: ptr, Keyword: "const", Message: msg}
}

// ValidatePayload routes a payload to its message and validates it against
// the message's schema. It returns the message (nil when routing failed)
// and every violation; none means valid.
func (c *Contract) ValidatePayload(payload any) (*Message, []Violation) {
	m, v := c.Route(payload)
	if v != nil {
		return nil, []Violation{*v}
	}
	return m, Violations(m.Payload.Validate(payload))
}

// closest returns the name within a small edit distance of s, or "".
func closest(s string, names []string) string {
	best, bestD := "", len(s)/2+2
	for _, n := range names {
		if d := editDistance(s, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
