package html

import (
	"html/template"
	"strings"
)

// highlight marks up indented JSON for colour: keys, strings, numbers and
// literals each get a class. The text is unchanged.
func highlight(js string) template.HTML {
	var b strings.Builder
	span := func(class, text string) {
		b.WriteString(`<span class="` + class + `">` + template.HTMLEscapeString(text) + `</span>`)
	}
	for i := 0; i < len(js); {
		c := js[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(js) && js[j] != '"' {
				if js[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(js))
			k := j
			for k < len(js) && js[k] == ' ' {
				k++
			}
			if k < len(js) && js[k] == ':' {
				span("k", js[i:j])
			} else {
				span("s", js[i:j])
			}
			i = j
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(js) && strings.IndexByte("0123456789.eE+-", js[j]) >= 0 {
				j++
			}
			span("n", js[i:j])
			i = j
		case strings.HasPrefix(js[i:], "true"), strings.HasPrefix(js[i:], "null"):
			span("l", js[i:i+4])
			i += 4
		case strings.HasPrefix(js[i:], "false"):
			span("l", js[i:i+5])
			i += 5
		default:
			b.WriteString(template.HTMLEscapeString(js[i : i+1]))
			i++
		}
	}
	return template.HTML(b.String())
}
