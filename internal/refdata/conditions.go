package refdata

import (
	"strings"
	"text/template"
)

// conditionsTmpl renders version 1 of a service's conditions of access.
var conditionsTmpl = template.Must(template.New("condiciones_v1.tmpl").Funcs(template.FuncMap{
	"items": items,
}).ParseFS(files, "data/condiciones_v1.tmpl"))

// items letters xs from the start-th letter ("e) ..."), one per line,
// separated by semicolons and ending with a full stop.
func items(start int, xs []string) string {
	lines := make([]string, len(xs))
	for i, x := range xs {
		end := ";"
		if i == len(xs)-1 {
			end = "."
		}
		lines[i] = string(rune('a'+start+i)) + ") " + x + end
	}
	return strings.Join(lines, "\n")
}

// ConditionsText returns the full Spanish text of version 1 of the
// service's conditions of access and use: paragraphs separated by blank
// lines, list items on lines of their own.
func (s Service) ConditionsText() (string, error) {
	var b strings.Builder
	if err := conditionsTmpl.Execute(&b, s); err != nil {
		return "", err
	}
	return strings.TrimSpace(b.String()), nil
}
