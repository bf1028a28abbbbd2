package portal

import (
	"html"
	"html/template"
	"strings"
)

// Markdown renders the small Markdown subset editors write in: paragraphs
// (a single line break is kept), "## " and "### " headings, "- " lists,
// "1. " numbered lists, **bold**, *italics* and [links](https://...).
// Everything else is text: raw HTML is escaped and only http, https,
// mailto, tel and site-relative links are made, so no content can break the
// page or run script.
func Markdown(src string) template.HTML {
	src = strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n")
	var b strings.Builder
	for _, block := range strings.Split(src, "\n\n") {
		block = strings.Trim(block, "\n")
		if strings.TrimSpace(block) == "" {
			continue
		}
		lines := strings.Split(block, "\n")
		first := strings.TrimSpace(lines[0])
		switch {
		case strings.HasPrefix(first, "### ") && len(lines) == 1:
			b.WriteString("<h3>" + inline(strings.TrimPrefix(first, "### ")) + "</h3>\n")
		case strings.HasPrefix(first, "## ") && len(lines) == 1:
			b.WriteString("<h2>" + inline(strings.TrimPrefix(first, "## ")) + "</h2>\n")
		case allItems(lines, bullet):
			b.WriteString("<ul>")
			for _, l := range lines {
				b.WriteString("<li>" + inline(bullet(l)) + "</li>")
			}
			b.WriteString("</ul>\n")
		case allItems(lines, numbered):
			b.WriteString("<ol>")
			for _, l := range lines {
				b.WriteString("<li>" + inline(numbered(l)) + "</li>")
			}
			b.WriteString("</ol>\n")
		default:
			parts := make([]string, len(lines))
			for i, l := range lines {
				parts[i] = inline(strings.TrimSpace(l))
			}
			b.WriteString("<p>" + strings.Join(parts, "<br>") + "</p>\n")
		}
	}
	return template.HTML(b.String())
}

// PlainText is src without its Markdown marks (summaries, feeds, Open Graph).
func PlainText(src string) string {
	r := strings.NewReplacer("**", "", "## ", "", "### ", "", "\n- ", "\n", "\r", "")
	s := r.Replace(src)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '[' {
			if text, _, n, ok := link(s[i:]); ok {
				b.WriteString(text)
				i += n - 1
				continue
			}
		}
		if s[i] == '*' {
			continue
		}
		b.WriteByte(s[i])
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func allItems(lines []string, item func(string) string) bool {
	for _, l := range lines {
		if item(l) == "" {
			return false
		}
	}
	return true
}

func bullet(l string) string {
	l = strings.TrimSpace(l)
	if strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "* ") {
		return strings.TrimSpace(l[2:])
	}
	return ""
}

func numbered(l string) string {
	l = strings.TrimSpace(l)
	i := 0
	for i < len(l) && i < 3 && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	if i == 0 || i+1 >= len(l) || l[i] != '.' || l[i+1] != ' ' {
		return ""
	}
	return strings.TrimSpace(l[i+2:])
}

// inline renders the inline marks of one line, escaping everything else.
func inline(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "**"):
			if j := strings.Index(s[i+2:], "**"); j > 0 {
				b.WriteString("<strong>" + inline(s[i+2:i+2+j]) + "</strong>")
				i += j + 4
				continue
			}
		case s[i] == '*':
			if j := strings.IndexByte(s[i+1:], '*'); j > 0 {
				b.WriteString("<em>" + html.EscapeString(s[i+1:i+1+j]) + "</em>")
				i += j + 2
				continue
			}
		case s[i] == '[':
			if text, href, n, ok := link(s[i:]); ok {
				if safeURL(href) {
					b.WriteString(`<a href="` + html.EscapeString(href) + `">` + html.EscapeString(text) + "</a>")
				} else {
					b.WriteString(html.EscapeString(text))
				}
				i += n
				continue
			}
		}
		b.WriteString(html.EscapeString(s[i : i+1]))
		i++
	}
	return b.String()
}

// link parses "[text](href)" at the start of s and returns its length.
func link(s string) (text, href string, n int, ok bool) {
	end := strings.Index(s, "](")
	if end < 1 || strings.ContainsAny(s[1:end], "[]") {
		return "", "", 0, false
	}
	close := strings.IndexByte(s[end+2:], ')')
	if close < 1 {
		return "", "", 0, false
	}
	href = strings.TrimSpace(s[end+2 : end+2+close])
	if strings.ContainsAny(href, " \t<>\"'") {
		return "", "", 0, false
	}
	return s[1:end], href, end + 3 + close, true
}

// safeURL accepts web, mail and phone links and site-relative paths.
func safeURL(u string) bool {
	l := strings.ToLower(u)
	for _, p := range []string{"https://", "http://", "mailto:", "tel:"} {
		if strings.HasPrefix(l, p) && len(l) > len(p) {
			return true
		}
	}
	return strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//")
}
