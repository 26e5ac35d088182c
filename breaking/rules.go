package breaking

import "fmt"

// Level says how much a finding matters to consumers of the contract.
type Level int

// Levels, from least to most severe.
const (
	Info     Level = iota // compatible; worth knowing
	Warning               // compatible on the wire, but consumers may notice or need to act
	Breaking              // a payload valid under the new contract can be rejected or misread by a consumer built from the old one
)

var levelNames = [...]string{Info: "info", Warning: "warning", Breaking: "breaking"}

// String returns "info", "warning" or "breaking".
func (l Level) String() string {
	if l < 0 || int(l) >= len(levelNames) {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return levelNames[l]
}

// ParseLevel parses a level name as String writes it.
func ParseLevel(s string) (Level, error) {
	for l, name := range levelNames {
		if s == name {
			return Level(l), nil
		}
	}
	return 0, fmt.Errorf("unknown level %q (want info, warning or breaking)", s)
}

// MarshalText writes the level's name.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText reads a level's name.
func (l *Level) UnmarshalText(b []byte) error {
	v, err := ParseLevel(string(b))
	if err == nil {
		*l = v
	}
	return err
}

// Bump is a semantic-versioning increment.
type Bump int

// Bumps, from none to major.
const (
	NoBump Bump = iota
	Patch
	Minor
	Major
)

var bumpNames = [...]string{NoBump: "none", Patch: "patch", Minor: "minor", Major: "major"}

// String returns "none", "patch", "minor" or "major".
func (b Bump) String() string {
	if b < 0 || int(b) >= len(bumpNames) {
		return fmt.Sprintf("Bump(%d)", int(b))
	}
	return bumpNames[b]
}

// MarshalText writes the bump's name.
func (b Bump) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// Rule is one kind of change the comparison recognises.
type Rule struct {
	ID    string // stable identifier, used in output and ignore files
	Level Level  // how much it matters to consumers
	Bump  Bump   // the version increment it calls for
	Doc   string // one line: what changed and why it matters
}

// Rule IDs. Each has an entry in the catalog (Rules) with its level and
// explanation, and a fixture pair under testdata/breaking/<id>/.
const (
	EventRemoved           = "event-removed"
	EventRenamed           = "event-renamed"
	DiscriminatorChanged   = "discriminator-changed"
	EventAdded             = "event-added"
	MessageRenamed         = "message-renamed"
	ContentTypeChanged     = "content-type-changed"
	CorrelationIDChanged   = "correlation-id-changed"
	CorrelationIDAdded     = "correlation-id-added"
	FieldRemoved           = "field-removed"
	OptionalFieldRemoved   = "optional-field-removed"
	RequiredToOptional     = "required-to-optional"
	OptionalToRequired     = "optional-to-required"
	FieldAdded             = "field-added"
	ClosedObjectFieldAdded = "closed-object-field-added"
	TypeChanged            = "type-changed"
	TypeWidened            = "type-widened"
	TypeNarrowed           = "type-narrowed"
	NullableAdded          = "nullable-added"
	NullableRemoved        = "nullable-removed"
	EnumValueAdded         = "enum-value-added"
	EnumValueRemoved       = "enum-value-removed"
	FormatRemoved          = "format-removed"
	FormatChanged          = "format-changed"
	FormatAdded            = "format-added"
	PatternLoosened        = "pattern-loosened"
	PatternChanged         = "pattern-changed"
	PatternTightened       = "pattern-tightened"
	RangeLoosened          = "range-loosened"
	RangeTightened         = "range-tightened"
	LengthLoosened         = "length-loosened"
	LengthTightened        = "length-tightened"
	ItemsLoosened          = "items-loosened"
	ItemsTightened         = "items-tightened"
	UniqueItemsLoosened    = "unique-items-loosened"
	UniqueItemsTightened   = "unique-items-tightened"
	PropertyCountLoosened  = "property-count-loosened"
	PropertyCountTightened = "property-count-tightened"
	AdditionalPropsOpened  = "additional-properties-opened"
	AdditionalPropsClosed  = "additional-properties-closed"
	VariantAdded           = "variant-added"
	VariantRemoved         = "variant-removed"
	HeaderRemoved          = "header-removed"
	HeaderMadeOptional     = "header-made-optional"
	OptionalHeaderRemoved  = "optional-header-removed"
	HeaderAdded            = "header-added"
	HeaderMadeRequired     = "header-made-required"
	RefTargetChanged       = "ref-target-changed"
	NewExampleRejected     = "new-example-rejected"
	OldExampleInvalid      = "old-example-invalid"
	SchemaChanged          = "schema-changed"
	VersionNotBumped       = "version-not-bumped"
)

// rules is the catalog, in the order the README lists it.
var rules = []Rule{
	{EventRemoved, Breaking, Major, "An event is no longer sent: consumers that handle it never receive it again."},
	{EventRenamed, Breaking, Major, "An event's name, its discriminator value, changed: consumers dispatching on the old value no longer recognise it."},
	{DiscriminatorChanged, Breaking, Major, "The payload property that names the event changed: consumers dispatch on a property that is no longer set."},
	{EventAdded, Info, Minor, "A new event: consumers receive it only once they subscribe, and should ignore events they do not know."},
	{MessageRenamed, Warning, Minor, "A message's id (its key) changed while its wire name stayed: the wire is unchanged, but generated Go names change."},
	{ContentTypeChanged, Breaking, Major, "A message's content type changed: consumers decode the body with the wrong media type."},
	{CorrelationIDChanged, Breaking, Major, "The delivery id (correlationId) moved or is no longer declared: consumers drop duplicates by the wrong value."},
	{CorrelationIDAdded, Info, Minor, "A delivery id (correlationId) is now declared: consumers can start dropping duplicates by it."},
	{FieldRemoved, Breaking, Major, "A required field is no longer declared: consumers that read it find it missing or in any shape."},
	{OptionalFieldRemoved, Warning, Minor, "An optional field is no longer declared: it may still arrive, now in any shape."},
	{RequiredToOptional, Breaking, Major, "A required field may now be absent: consumers that rely on it break."},
	{OptionalToRequired, Info, Minor, "An optional field is now always present."},
	{FieldAdded, Info, Minor, "A new field: objects are open, so old consumers ignore it."},
	{ClosedObjectFieldAdded, Breaking, Major, "A field was added to an object that forbids unknown properties: old consumers reject it."},
	{TypeChanged, Breaking, Major, "A value's type changed: old consumers reject or misread it."},
	{TypeWidened, Breaking, Major, "A value may now have a type it could not have before: old consumers reject it."},
	{TypeNarrowed, Info, Patch, "A value can no longer have one of its former types: old consumers handle fewer cases."},
	{NullableAdded, Breaking, Major, "A value may now be null: old consumers reject or misread null."},
	{NullableRemoved, Info, Patch, "A value can no longer be null."},
	{EnumValueAdded, Breaking, Major, "An enum or const allows a new value (or the enum was dropped): an old consumer's generated validator rejects it."},
	{EnumValueRemoved, Info, Patch, "An enum value was removed (or an enum introduced): old consumers just never see it."},
	{FormatRemoved, Breaking, Major, "A format was removed: values old consumers reject may now arrive."},
	{FormatChanged, Breaking, Major, "A format changed: values of the new format fail the old one."},
	{FormatAdded, Info, Patch, "A format was added: values are more constrained than before."},
	{PatternLoosened, Breaking, Major, "A pattern was removed: strings old consumers reject may now arrive."},
	{PatternChanged, Breaking, Major, "A pattern was replaced: hookcontract cannot prove the new one accepts only strings the old one did."},
	{PatternTightened, Info, Patch, "A pattern was added: strings are more constrained than before."},
	{RangeLoosened, Breaking, Major, "minimum, maximum, exclusiveMinimum, exclusiveMaximum or multipleOf was relaxed: numbers old consumers reject may now arrive."},
	{RangeTightened, Info, Patch, "A numeric bound was added or tightened."},
	{LengthLoosened, Breaking, Major, "minLength or maxLength was relaxed: strings old consumers reject may now arrive."},
	{LengthTightened, Info, Patch, "minLength or maxLength was added or tightened."},
	{ItemsLoosened, Breaking, Major, "minItems or maxItems was relaxed: arrays old consumers reject may now arrive."},
	{ItemsTightened, Info, Patch, "minItems or maxItems was added or tightened."},
	{UniqueItemsLoosened, Breaking, Major, "uniqueItems was dropped: arrays with duplicates, which old consumers reject, may now arrive."},
	{UniqueItemsTightened, Info, Patch, "uniqueItems was added."},
	{PropertyCountLoosened, Breaking, Major, "minProperties or maxProperties was relaxed: objects old consumers reject may now arrive."},
	{PropertyCountTightened, Info, Patch, "minProperties or maxProperties was added or tightened."},
	{AdditionalPropsOpened, Breaking, Major, "additionalProperties (or unevaluatedProperties) was relaxed: properties old consumers reject may now arrive."},
	{AdditionalPropsClosed, Info, Patch, "additionalProperties (or unevaluatedProperties) was restricted."},
	{VariantAdded, Breaking, Major, "A oneOf/anyOf gained an alternative: old consumers reject values of the new shape."},
	{VariantRemoved, Info, Patch, "A oneOf/anyOf lost an alternative: old consumers just never see it."},
	{HeaderRemoved, Breaking, Major, "A required header is no longer declared: consumers that read it find it missing."},
	{HeaderMadeOptional, Breaking, Major, "A required header may now be absent: consumers that rely on it break."},
	{OptionalHeaderRemoved, Warning, Minor, "An optional header is no longer declared: it may still arrive, now in any shape."},
	{HeaderAdded, Info, Minor, "A new header: old consumers ignore it."},
	{HeaderMadeRequired, Info, Minor, "An optional header is now always sent."},
	{RefTargetChanged, Warning, Minor, "A $ref now leads to another schema of a different shape: the generated type of the value changes."},
	{NewExampleRejected, Breaking, Major, "An example of the new contract fails the old schema: an old consumer rejects that very payload."},
	{OldExampleInvalid, Warning, Minor, "An example of the old contract fails the new schema: fixtures and tests built from it no longer match what is sent."},
	{SchemaChanged, Warning, Minor, "A keyword hookcontract cannot classify (not, if/then/else, contains, dependent*, patternProperties, propertyNames, ...) changed: review it by hand."},
	{VersionNotBumped, Warning, NoBump, "info.version was not increased as much as the changes need (major for breaking, minor for additions, patch otherwise)."},
}

var ruleByID = func() map[string]Rule {
	m := make(map[string]Rule, len(rules))
	for _, r := range rules {
		if _, dup := m[r.ID]; dup {
			panic("duplicate rule " + r.ID)
		}
		m[r.ID] = r
	}
	return m
}()

// Rules returns the rule catalog, in documentation order.
func Rules() []Rule { return append([]Rule(nil), rules...) }

// RuleByID returns the rule with the given ID.
func RuleByID(id string) (Rule, bool) {
	r, ok := ruleByID[id]
	return r, ok
}
