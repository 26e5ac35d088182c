// Package contract loads a webhook contract: an AsyncAPI 3.0 document and
// the JSON Schema 2020-12 files it references. It is the only package that
// parses contract files; the generator, the validate command and the
// publisher all read the Contract it returns.
package contract

import (
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// SchemaFormat is the only payload schemaFormat a contract may use: JSON
// Schema draft 2020-12, written as JSON or YAML.
const SchemaFormat = "application/schema+json;version=draft-2020-12"

// schemaFormats are the accepted spellings of SchemaFormat.
var schemaFormats = map[string]bool{
	SchemaFormat: true,
	"application/schema+yaml;version=draft-2020-12": true,
}

// Contract is a loaded, self-checked webhook contract.
type Contract struct {
	Path               string           // the AsyncAPI document as given to Load
	AsyncAPI           string           // AsyncAPI version, e.g. "3.0.0"
	Info               Info             // the document's info object
	DefaultContentType string           // defaultContentType, "application/json" when absent
	Discriminator      string           // payload property whose const names the event, e.g. "event"
	Messages           []*Message       // every message of every channel, in document order
	Tags               []Tag            // components.tags, in document order
	Root               *File            // the AsyncAPI document
	Files              map[string]*File // every file read, by slash path relative to the contract directory
}

// Info is the document's info object.
type Info struct {
	Title       string
	Version     string
	Description string
}

// Tag groups messages (for docs and navigation).
type Tag struct {
	Name        string
	Description string
}

// Message is one webhook event of the contract.
type Message struct {
	Key           string         // the message id: its key in the channel's messages map, e.g. "companyCreated"
	Name          string         // the wire event name, e.g. "company.created"
	Title         string         // human title
	Summary       string         // one line
	Description   string         // longer text, CommonMark
	Tags          []Tag          // tags of the message
	ContentType   string         // payload content type
	Channel       string         // key of the channel it travels on
	Operation     string         // key of the send operation, "" when none
	Payload       *Schema        // the body's schema
	Headers       *Schema        // the application headers' schema; nil when the message has none
	CorrelationID *CorrelationID // where the delivery id lives; nil when not declared
	Examples      []Example      // examples, in document order
	Loc           Location       // where the message object is defined
}

// Schema is a compiled JSON Schema with its source.
type Schema struct {
	Format   string             // schemaFormat it was declared with
	Loc      Location           // the schema object, after following $ref
	Compiled *jsonschema.Schema // compiled as draft 2020-12 with format assertion
}

// Value returns the schema's raw JSON data model value.
func (s *Schema) Value() any { return s.Loc.Value() }

// Validate checks v (JSON data model: as from encoding/json with UseNumber,
// or json.Unmarshal into any) against the schema. The error, when not nil,
// is a *jsonschema.ValidationError.
func (s *Schema) Validate(v any) error { return s.Compiled.Validate(v) }

// CorrelationID tells where a delivery's id is found, from the message's
// correlationId runtime expression.
type CorrelationID struct {
	Location    string // the runtime expression, e.g. "$message.header#/X-Webhook-Delivery"
	In          string // "header" or "payload"
	Pointer     string // JSON pointer within the headers or payload, e.g. "/X-Webhook-Delivery"
	Description string
}

// Example is one example of a message.
type Example struct {
	Name    string
	Summary string
	Headers map[string]any // nil when the example shows no headers
	Payload any            // JSON data model; nil when absent
	Loc     Location       // the example object
}

// Message returns the message whose wire name is name, or nil.
func (c *Contract) Message(name string) *Message {
	for _, m := range c.Messages {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// Names returns the wire names of all messages, in document order.
func (c *Contract) Names() []string {
	names := make([]string, len(c.Messages))
	for i, m := range c.Messages {
		names[i] = m.Name
	}
	return names
}
