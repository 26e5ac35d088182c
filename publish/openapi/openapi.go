// Package openapi exports a contract as an OpenAPI 3.1 document: one
// webhook per event under "webhooks", each a POST whose request body is the
// event's payload schema (JSON Schema 2020-12 is OpenAPI 3.1's own schema
// dialect), whose header parameters come from the message's headers
// schema, and whose examples are the contract's.
//
// The document is built with github.com/getkin/kin-openapi; Validate loads
// the encoded document back with kin-openapi's loader and checks it.
package openapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/publish/components"
	"go.yaml.in/yaml/v3"
)

// Dialect is the JSON Schema dialect of every schema of the export.
const Dialect = "https://json-schema.org/draft/2020-12/schema"

// Build returns the OpenAPI 3.1 document of c's webhooks.
func Build(c *contract.Contract) (*openapi3.T, error) {
	set, err := components.New(c)
	if err != nil {
		return nil, err
	}
	doc := &openapi3.T{
		OpenAPI: "3.1.0",
		Info: &openapi3.Info{
			Title:       c.Info.Title,
			Version:     c.Info.Version,
			Description: c.Info.Description,
		},
		JSONSchemaDialect: Dialect,
		Webhooks:          map[string]*openapi3.PathItem{},
		Components:        &openapi3.Components{Schemas: openapi3.Schemas{}},
	}
	used := map[string]bool{}
	for _, m := range c.Messages {
		for _, t := range m.Tags {
			used[t.Name] = true
		}
	}
	for _, t := range c.Tags {
		if used[t.Name] {
			doc.Tags = append(doc.Tags, &openapi3.Tag{Name: t.Name, Description: t.Description})
			delete(used, t.Name)
		}
	}
	for _, name := range sortedKeys(used) { // tags used only inline in messages
		doc.Tags = append(doc.Tags, &openapi3.Tag{Name: name})
	}
	ref := func(target contract.Location) (string, error) {
		comp := set.At(target)
		if comp == nil {
			return "", fmt.Errorf("$ref to %s: not a named schema", target)
		}
		return "#/components/schemas/" + comp.Name, nil
	}
	for _, comp := range set.All() {
		s, err := schemaAt(c, comp.Loc, ref)
		if err != nil {
			return nil, err
		}
		doc.Components.Schemas[comp.Name] = &openapi3.SchemaRef{Value: s}
	}
	for _, m := range c.Messages {
		op, err := operation(c, m, set.Payload(m), ref)
		if err != nil {
			return nil, err
		}
		item := &openapi3.PathItem{}
		item.SetOperation(method(c, m), op)
		doc.Webhooks[m.Name] = item
	}
	return doc, nil
}

// schemaAt converts the schema at loc, its $refs rewritten by ref.
func schemaAt(c *contract.Contract, loc contract.Location, ref components.RefFunc) (*openapi3.Schema, error) {
	n, err := components.Copy(c, loc, ref, "$schema", "$defs")
	if err != nil {
		return nil, fmt.Errorf("%s: %v", loc.Pos(), err)
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, fmt.Errorf("%s: %v", loc.Pos(), err)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", loc.Pos(), err)
	}
	s := &openapi3.Schema{}
	if err := s.UnmarshalJSON(data); err != nil {
		return nil, fmt.Errorf("%s: cannot express the schema in OpenAPI: %v", loc.Pos(), err)
	}
	return s, nil
}

func operation(c *contract.Contract, m *contract.Message, payload *components.Component, ref components.RefFunc) (*openapi3.Operation, error) {
	op := &openapi3.Operation{
		OperationID: m.Operation,
		Summary:     m.Summary,
		Description: m.Description,
		Security:    &openapi3.SecurityRequirements{}, // the contract documents no authentication
	}
	if op.OperationID == "" {
		op.OperationID = m.Key
	}
	if op.Summary == "" {
		op.Summary = m.Title
	}
	for _, t := range m.Tags {
		op.Tags = append(op.Tags, t.Name)
	}
	params, err := headerParameters(c, m, ref)
	if err != nil {
		return nil, err
	}
	op.Parameters = params
	media := &openapi3.MediaType{
		Schema: &openapi3.SchemaRef{Ref: "#/components/schemas/" + payload.Name},
	}
	for i, ex := range m.Examples {
		if ex.Payload == nil {
			continue
		}
		if media.Examples == nil {
			media.Examples = openapi3.Examples{}
		}
		media.Examples[exampleName(ex, i)] = &openapi3.ExampleRef{Value: &openapi3.Example{Summary: ex.Summary, Value: plainJSON(ex.Payload)}}
	}
	op.RequestBody = &openapi3.RequestBodyRef{Value: &openapi3.RequestBody{
		Description: fmt.Sprintf("The %s event, sent as %s.", m.Name, m.ContentType),
		Required:    true,
		Content:     openapi3.Content{m.ContentType: media},
	}}
	ack := "The receiver accepted the delivery."
	retry := "The receiver did not accept the delivery."
	if cid := m.CorrelationID; cid != nil && cid.In == "header" {
		retry += fmt.Sprintf(" A delivery that is sent again keeps its %s value: receivers drop duplicates by it.", strings.TrimPrefix(cid.Pointer, "/"))
	}
	op.Responses = openapi3.NewResponses()
	op.Responses.Delete("default")
	op.Responses.Set("2XX", &openapi3.ResponseRef{Value: &openapi3.Response{Description: &ack}})
	op.Responses.Set("default", &openapi3.ResponseRef{Value: &openapi3.Response{Description: &retry}})
	return op, nil
}

// headerParameters turns the properties of the message's headers schema
// into header parameters.
func headerParameters(c *contract.Contract, m *contract.Message, ref components.RefFunc) (openapi3.Parameters, error) {
	if m.Headers == nil {
		return nil, nil
	}
	loc, err := c.Deref(m.Headers.Loc)
	if err != nil {
		return nil, err
	}
	obj, _ := loc.Value().(map[string]any)
	props, _ := obj["properties"].(map[string]any)
	required := map[string]bool{}
	if req, ok := obj["required"].([]any); ok {
		for _, r := range req {
			if s, ok := r.(string); ok {
				required[s] = true
			}
		}
	}
	var params openapi3.Parameters
	for _, name := range orderedKeys(loc.At("properties"), props) {
		s, err := schemaAt(c, loc.At("properties", name), ref)
		if err != nil {
			return nil, err
		}
		p := &openapi3.Parameter{
			Name:        name,
			In:          openapi3.ParameterInHeader,
			Required:    required[name],
			Description: s.Description,
			Schema:      &openapi3.SchemaRef{Value: s},
		}
		if cid := m.CorrelationID; cid != nil && cid.In == "header" && strings.EqualFold(strings.TrimPrefix(cid.Pointer, "/"), name) {
			if p.Description == "" {
				p.Description = cid.Description
			}
			if p.Description == "" {
				p.Description = "Delivery id: the correlation id of the delivery."
			}
		}
		for i, ex := range m.Examples {
			v, ok := ex.Headers[name]
			if !ok {
				continue
			}
			if p.Examples == nil {
				p.Examples = openapi3.Examples{}
			}
			p.Examples[exampleName(ex, i)] = &openapi3.ExampleRef{Value: &openapi3.Example{Value: plainJSON(v)}}
		}
		params = append(params, &openapi3.ParameterRef{Value: p})
	}
	return params, nil
}

// method is the HTTP method of the message's send operation: its HTTP
// binding's, POST when it has none.
func method(c *contract.Contract, m *contract.Message) string {
	if m.Operation != "" {
		loc := contract.Location{File: c.Root, Pointer: "/operations/" + escape(m.Operation) + "/bindings/http/method"}
		if s, ok := loc.Value().(string); ok && s != "" {
			return strings.ToUpper(s)
		}
	}
	return "POST"
}

func exampleName(ex contract.Example, i int) string {
	if ex.Name != "" {
		return ex.Name
	}
	return fmt.Sprintf("example%d", i+1)
}

// plainJSON turns json.Number values into float64 or int64 so that
// kin-openapi's example checks see ordinary numbers.
func plainJSON(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			out[k] = plainJSON(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = plainJSON(x[i])
		}
		return out
	}
	return v
}

func orderedKeys(loc contract.Location, m map[string]any) []string {
	if n := components.NodeAt(loc.File.Root, loc.Pointer); n != nil && n.Kind == yaml.MappingNode {
		var keys []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			keys = append(keys, n.Content[i].Value)
		}
		return keys
	}
	return sortedKeys(m)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func escape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

// topLevel is the order of the document's fields in the YAML output, as
// the OpenAPI specification lists them.
var topLevel = []string{"openapi", "info", "jsonSchemaDialect", "servers", "security", "tags", "externalDocs", "paths", "webhooks", "components"}

// YAML encodes the document, its top-level fields in the specification's
// order (kin-openapi sorts the fields below them).
func YAML(doc *openapi3.T) ([]byte, error) {
	js, err := doc.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(js, &fields); err != nil {
		return nil, err
	}
	root := &yaml.Node{Kind: yaml.MappingNode}
	add := func(k string) error {
		raw, ok := fields[k]
		if !ok || string(raw) == "null" {
			return nil
		}
		var v yaml.Node
		if err := yaml.Unmarshal(raw, &v); err != nil {
			return err
		}
		plainStyle(&v)
		root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, v.Content[0])
		delete(fields, k)
		return nil
	}
	for _, k := range topLevel {
		if err := add(k); err != nil {
			return nil, err
		}
	}
	for _, k := range sortedKeys(fields) { // extensions
		if err := add(k); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// plainStyle drops the flow and quoting styles YAML's reading of JSON
// leaves, so the document is written in block style.
func plainStyle(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		plainStyle(c)
	}
}

// Validate loads an encoded OpenAPI document with kin-openapi, refusing
// external references, and validates it: document structure for its
// OpenAPI version, every schema as JSON Schema 2020-12, and every example
// against its schema.
func Validate(data []byte) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("kin-openapi cannot load the document: %w", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		return nil, fmt.Errorf("openapi %q: want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation(), openapi3.EnableSchemaFormatValidation(), openapi3.EnableSchemaPatternValidation()); err != nil {
		return nil, fmt.Errorf("kin-openapi: %w", err)
	}
	return doc, nil
}
