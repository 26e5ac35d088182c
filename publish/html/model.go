// Package html renders a contract as one self-contained web page: the
// catalog's title and description, delivery rules, a sidebar of events
// grouped by tag with a search box, and per event its payload table,
// headers and examples, then the shared types. The page is complete
// server-rendered HTML; its small inline script only adds the search
// filter. It loads nothing: styles and script are inline.
package html

import (
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/publish/components"
	"github.com/hookcontract/hookcontract/publish/nodejson"
	"github.com/hookcontract/hookcontract/publish/schemaview"
)

// Page is everything the template shows.
type Page struct {
	Title       string
	Version     string
	AsyncAPI    string
	Source      string // the contract's file name
	Description string // CommonMark subset, rendered by the template
	Method      string // HTTP method of deliveries
	ContentType string
	Server      string // description of where deliveries go, "" when the contract has none
	Discrim     string // discriminator property
	Headers     []schemaview.Field
	Dedup       *contract.CorrelationID
	OpenObjects bool // no schema forbids unknown properties
	Groups      []*Group
	Events      []*Event
	Shared      []*SharedType
}

// Group is the events of one tag.
type Group struct {
	ID          string
	Name        string
	Description string
	Events      []*Event
}

// Event is one message of the contract.
type Event struct {
	ID          string
	Name        string
	Key         string
	Title       string
	Summary     string
	Description string
	Tags        []string
	ContentType string
	PayloadType string // the payload schema's component name
	Payload     []schemaview.Field
	Headers     []schemaview.Field
	Examples    []Example
	Sample      *Example // generated, when the event has no example
	Search      string   // lower-case text the sidebar filter matches
}

// Example is one example delivery, encoded for display.
type Example struct {
	Name    string
	Summary string
	Headers string // JSON, "" when none
	Payload string // JSON
}

// SharedType is a schema that payloads refer to by $ref.
type SharedType struct {
	ID      string
	Name    string
	Summary schemaview.Field
	Fields  []schemaview.Field
	UsedBy  []*Event
	Source  string // file and pointer it is defined at
}

// Build gathers what the page shows from a loaded contract.
func Build(c *contract.Contract) (*Page, error) {
	set, err := components.New(c)
	if err != nil {
		return nil, err
	}
	p := &Page{
		Title:       cmp.Or(c.Info.Title, "Webhooks"),
		Version:     c.Info.Version,
		AsyncAPI:    c.AsyncAPI,
		Source:      path.Base(c.Root.Path),
		Description: c.Info.Description,
		ContentType: c.DefaultContentType,
		Discrim:     c.Discriminator,
		Method:      "POST",
		Server:      serverDescription(c),
		OpenObjects: !closesObjects(set),
	}
	ids := map[string]bool{}
	id := func(prefix, name string) string {
		base := prefix + idChars.ReplaceAllString(name, "-")
		out := base
		for i := 2; ids[out]; i++ {
			out = fmt.Sprintf("%s-%d", base, i)
		}
		ids[out] = true
		return out
	}
	for _, reserved := range []string{"main", "top", "delivery", "events", "types", "filter", "filter-status", "nav"} {
		ids[reserved] = true
	}
	for _, m := range c.Messages {
		e, err := event(set, m)
		if err != nil {
			return nil, err
		}
		e.ID = id("", m.Name)
		p.Events = append(p.Events, e)
		if p.Headers == nil && e.Headers != nil {
			p.Headers = e.Headers
			p.Dedup = m.CorrelationID
		}
		if meth := method(c, m); meth != "" {
			p.Method = meth
		}
	}
	p.Groups = groups(c, p.Events, id)
	shared := set.Shared()
	for _, comp := range shared {
		st := &SharedType{
			ID:      id("type-", comp.Name),
			Name:    comp.Name,
			Summary: schemaview.Summary(set, comp.Loc),
			Fields:  schemaview.Fields(set, comp.Loc),
			Source:  comp.Loc.File.Path + "#" + comp.Loc.Pointer,
		}
		for _, e := range p.Events {
			if uses(e.Payload, comp.Name) || uses(e.Headers, comp.Name) || e.PayloadType == comp.Name {
				st.UsedBy = append(st.UsedBy, e)
			}
		}
		p.Shared = append(p.Shared, st)
	}
	slices.SortStableFunc(p.Shared, func(a, b *SharedType) int { return cmp.Compare(a.Name, b.Name) })
	return p, nil
}

var idChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func event(set *components.Set, m *contract.Message) (*Event, error) {
	e := &Event{
		Name:        m.Name,
		Key:         m.Key,
		Title:       m.Title,
		Summary:     m.Summary,
		Description: m.Description,
		ContentType: m.ContentType,
	}
	for _, t := range m.Tags {
		e.Tags = append(e.Tags, t.Name)
	}
	if comp := set.Payload(m); comp != nil {
		e.PayloadType = comp.Name
		e.Payload = schemaview.Fields(set, m.Payload.Loc)
	}
	if m.Headers != nil {
		e.Headers = schemaview.Fields(set, m.Headers.Loc)
	}
	for _, ex := range m.Examples {
		out := Example{Name: ex.Name, Summary: ex.Summary}
		var err error
		if out.Payload, err = encodeAt(ex.Loc.At("payload")); err != nil {
			return nil, fmt.Errorf("%s: %v", ex.Loc.Pos(), err)
		}
		if ex.Headers != nil {
			if out.Headers, err = encodeAt(ex.Loc.At("headers")); err != nil {
				return nil, fmt.Errorf("%s: %v", ex.Loc.Pos(), err)
			}
		}
		e.Examples = append(e.Examples, out)
	}
	if len(e.Examples) == 0 && m.Payload != nil {
		s := &Example{Name: "generated", Summary: "Made from the schema: every field filled in with a value its rules accept."}
		var err error
		if s.Payload, err = schemaview.Indent(schemaview.Sample(set, m.Payload.Loc)); err != nil {
			return nil, err
		}
		if m.Headers != nil {
			if s.Headers, err = schemaview.Indent(schemaview.Sample(set, m.Headers.Loc)); err != nil {
				return nil, err
			}
		}
		e.Sample = s
	}
	e.Search = strings.ToLower(strings.Join(append([]string{m.Name, m.Title, m.Summary}, e.Tags...), " "))
	return e, nil
}

// encodeAt encodes the value at loc as indented JSON in the order written.
func encodeAt(loc contract.Location) (string, error) {
	n := components.NodeAt(loc.File.Root, loc.Pointer)
	if n == nil {
		return "", fmt.Errorf("nothing at %s", loc)
	}
	js, err := nodejson.Encode(n)
	return strings.TrimSuffix(string(js), "\n"), err
}

// groups sorts events by their first tag, in the order the contract lists
// tags; untagged events come last.
func groups(c *contract.Contract, events []*Event, id func(prefix, name string) string) []*Group {
	byName := map[string]*Group{}
	var out []*Group
	get := func(name, desc string) *Group {
		if g := byName[name]; g != nil {
			return g
		}
		g := &Group{Name: name, Description: desc}
		byName[name] = g
		out = append(out, g)
		return g
	}
	for _, t := range c.Tags {
		get(t.Name, t.Description)
	}
	var other []*Event
	for _, e := range events {
		if len(e.Tags) == 0 {
			other = append(other, e)
			continue
		}
		g := get(e.Tags[0], "")
		g.Events = append(g.Events, e)
	}
	if len(other) > 0 {
		g := get("other", "Events without a tag.")
		g.Events = append(g.Events, other...)
	}
	out = slices.DeleteFunc(out, func(g *Group) bool { return len(g.Events) == 0 })
	for _, g := range out {
		g.ID = id("group-", g.Name)
	}
	return out
}

func uses(fields []schemaview.Field, name string) bool {
	for _, f := range fields {
		if f.Ref == name {
			return true
		}
		for _, p := range f.TypeParts {
			if p.Ref && p.Text == name {
				return true
			}
		}
	}
	return false
}

// method is the HTTP method of the message's send operation binding.
func method(c *contract.Contract, m *contract.Message) string {
	if m.Operation == "" {
		return ""
	}
	op := contract.Location{File: c.Root, Pointer: "/operations"}.At(m.Operation, "bindings", "http", "method")
	s, _ := op.Value().(string)
	return strings.ToUpper(s)
}

// serverDescription is the description of the document's first server.
func serverDescription(c *contract.Contract) string {
	servers, _ := c.Root.Value.(map[string]any)["servers"].(map[string]any)
	loc := contract.Location{File: c.Root, Pointer: "/servers"}
	n := components.NodeAt(c.Root.Root, "/servers")
	if n == nil || len(n.Content) < 2 || len(servers) == 0 {
		return ""
	}
	s, err := c.Deref(loc.At(n.Content[0].Value))
	if err != nil {
		return ""
	}
	d, _ := s.Value().(map[string]any)["description"].(string)
	return d
}

// closesObjects reports whether any schema forbids unknown properties.
func closesObjects(set *components.Set) bool {
	closed := false
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				if (k == "additionalProperties" || k == "unevaluatedProperties") && val == false {
					closed = true
				}
				walk(val)
			}
		case []any:
			for _, item := range x {
				walk(item)
			}
		}
	}
	for _, comp := range set.All() {
		walk(comp.Loc.Value())
	}
	return closed
}
