package contract

import (
	"fmt"
	"strings"

	"github.com/hookcontract/hookcontract/internal/suggest"
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
	if guess := suggest.Closest(name, c.Names(), len(name)/2+2); guess != "" {
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
