package html

import (
	"html/template"
	"regexp"
	"strings"
)

// markdown renders the CommonMark subset contracts use in descriptions:
// paragraphs, "-" and "*" lists, `code`, **strong** and [links](https://…).
// Every line break starts a new paragraph, because folded YAML turns the
// blank line between paragraphs into one. Raw HTML is escaped. A code span
// naming an event links to it.
func markdown(s string, events map[string]string) template.HTML {
	var b strings.Builder
	inList := false
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		line = strings.TrimSpace(line)
		item, isItem := strings.CutPrefix(line, "- ")
		if !isItem {
			item, isItem = strings.CutPrefix(line, "* ")
		}
		switch {
		case isItem && !inList:
			b.WriteString("<ul>")
			inList = true
		case !isItem && inList:
			b.WriteString("</ul>")
			inList = false
		}
		switch {
		case isItem:
			b.WriteString("<li>" + inline(item, events) + "</li>")
		case line != "":
			b.WriteString("<p>" + inline(line, events) + "</p>")
		}
	}
	if inList {
		b.WriteString("</ul>")
	}
	return template.HTML(b.String())
}

var (
	codeSpan = regexp.MustCompile("`([^`]+)`")
	strong   = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	link     = regexp.MustCompile(`\[([^\]]+)\]\((https?://[^)\s]+)\)`)
)

// inline renders code spans, strong emphasis and links of one line.
func inline(s string, events map[string]string) string {
	var b strings.Builder
	last := 0
	for _, m := range codeSpan.FindAllStringSubmatchIndex(s, -1) {
		b.WriteString(emphasis(s[last:m[0]]))
		code := s[m[2]:m[3]]
		if id, ok := events[code]; ok {
			b.WriteString(`<a href="#` + template.HTMLEscapeString(id) + `"><code>` + template.HTMLEscapeString(code) + `</code></a>`)
		} else {
			b.WriteString("<code>" + template.HTMLEscapeString(code) + "</code>")
		}
		last = m[1]
	}
	b.WriteString(emphasis(s[last:]))
	return b.String()
}

func emphasis(s string) string {
	s = template.HTMLEscapeString(s)
	s = strong.ReplaceAllString(s, "<strong>$1</strong>")
	return link.ReplaceAllStringFunc(s, func(m string) string {
		parts := link.FindStringSubmatch(m)
		return `<a href="` + parts[2] + `">` + parts[1] + `</a>`
	})
}
