package html

import (
	"bytes"
	_ "embed"
	"html/template"
	"strings"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/publish/schemaview"
)

//go:embed page.tmpl
var pageTemplate string

//go:embed page.css
var pageCSS string

//go:embed page.js
var pageJS string

// fieldTable is what the "fields" template shows: rows and a label.
type fieldTable struct {
	Fields []schemaview.Field
	Label  string
}

// Render returns the page of a contract.
func Render(c *contract.Contract) ([]byte, error) {
	p, err := Build(c)
	if err != nil {
		return nil, err
	}
	return RenderPage(p)
}

// RenderPage renders a built page.
func RenderPage(p *Page) ([]byte, error) {
	events := map[string]string{}
	for _, e := range p.Events {
		events[e.Name] = e.ID
	}
	types := map[string]string{}
	for _, t := range p.Shared {
		types[t.Name] = t.ID
	}
	funcs := template.FuncMap{
		"markdown":  func(s string) template.HTML { return markdown(s, events) },
		"highlight": highlight,
		"css":       func() template.CSS { return template.CSS(pageCSS) },
		"js":        func() template.JS { return template.JS(pageJS) },
		"typeID":    func(name string) string { return types[name] },
		"depth":     func(f schemaview.Field) int { return min(f.Depth(), 6) },
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
		"join": strings.Join,
		"dict": func(f []schemaview.Field, label string) fieldTable { return fieldTable{f, label} },
	}
	t, err := template.New("page").Funcs(funcs).Parse(pageTemplate)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
