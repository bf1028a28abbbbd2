package adhesions

import (
	"context"
	"fmt"
	"strings"

	"concejo/internal/core/directory"
	"concejo/internal/platform/phrase"
	"concejo/internal/platform/web"
)

// Rule says that entities of Kind may adhere when their population lies in
// [Min, Max] (inclusive; nil is open).
type Rule struct {
	Kind     string
	Min, Max *int64
}

// Entity kinds, in the order rules are shown.
var kinds = []string{"ayuntamiento", "elm", "mancomunidad", "diputacion"}

// kindPlural names a kind in the plural, lower case.
var kindPlural = map[string]string{
	"ayuntamiento": "ayuntamientos",
	"elm":          "entidades locales menores",
	"mancomunidad": "mancomunidades",
	"diputacion":   "la Diputación",
}

// kindSingular names one entity of a kind, with its article.
var kindSingular = map[string]string{
	"ayuntamiento": "un ayuntamiento",
	"elm":          "una entidad local menor",
	"mancomunidad": "una mancomunidad",
	"diputacion":   "la Diputación",
}

func kindRank(k string) int {
	for i, x := range kinds {
		if x == k {
			return i
		}
	}
	return len(kinds)
}

// Describe renders one rule in Spanish, lower case: "ayuntamientos de menos
// de 2.000 habitantes".
func (r Rule) Describe() string {
	s := kindPlural[r.Kind]
	if s == "" {
		s = r.Kind
	}
	switch {
	case r.Min != nil && r.Max != nil:
		s += fmt.Sprintf(" de entre %s y %s habitantes", web.Thousands(*r.Min), web.Thousands(*r.Max))
	case r.Max != nil:
		if (*r.Max+1)%100 == 0 {
			s += fmt.Sprintf(" de menos de %s habitantes", web.Thousands(*r.Max+1))
		} else {
			s += fmt.Sprintf(" de hasta %s habitantes", web.Thousands(*r.Max))
		}
	case r.Min != nil && *r.Min > 0:
		s += fmt.Sprintf(" de %s habitantes o más", web.Thousands(*r.Min))
	}
	return s
}

// matches reports whether an entity of kind and population satisfies r.
func (r Rule) matches(kind string, population int64) bool {
	return r.Kind == kind && (r.Min == nil || population >= *r.Min) && (r.Max == nil || population <= *r.Max)
}

// DescribeRules renders who may adhere in one Spanish sentence fragment:
// "Ayuntamientos de menos de 2.000 habitantes y entidades locales menores".
func DescribeRules(rules []Rule) string {
	if len(rules) == 0 {
		return "Ninguna entidad: el servicio no admite adhesiones por ahora"
	}
	return upperFirst(describeLower(rules))
}

// describeLower joins the rules' descriptions: "a, b y c".
func describeLower(rules []Rule) string {
	parts := make([]string, len(rules))
	for i, r := range rules {
		parts[i] = r.Describe()
	}
	s := parts[0]
	if len(parts) > 1 {
		s = strings.Join(parts[:len(parts)-1], ", ") + " y " + parts[len(parts)-1]
	}
	return s
}

func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// evaluate applies rules to ent and explains a refusal in Spanish.
func evaluate(ent directory.Entity, svc Service, rules []Rule) (bool, string) {
	if !svc.Active {
		return false, fmt.Sprintf("El servicio %s no admite nuevas adhesiones.", svc.Name)
	}
	if !ent.Active {
		return false, fmt.Sprintf("%s está de baja en la plataforma.", phrase.TheCap(ent.Name))
	}
	for _, r := range rules {
		if r.matches(ent.Kind, ent.Population) {
			return true, ""
		}
	}
	if len(rules) == 0 {
		return false, fmt.Sprintf("El servicio %s no admite adhesiones por ahora.", svc.Name)
	}
	what := kindSingular[ent.Kind]
	if what == "" {
		what = ent.Kind
	}
	if ent.Kind != "diputacion" {
		what += fmt.Sprintf(" de %s habitantes", web.Thousands(ent.Population))
	}
	return false, fmt.Sprintf("El servicio %s es solo para %s; %s es %s.", svc.Name, describeLower(rules), phrase.The(ent.Name), what)
}

// Eligible reports whether entityID may adhere to serviceCode under the
// service's eligibility rules (its kind and population), and why not.
// Unknown entity or service: db.ErrNotFound.
func (m *Module) Eligible(ctx context.Context, entityID, serviceCode string) (bool, string, error) {
	ent, err := loadEntity(ctx, m.kit.DB, entityID)
	if err != nil {
		return false, "", err
	}
	svc, err := loadService(ctx, m.kit.DB, serviceCode)
	if err != nil {
		return false, "", err
	}
	rules, err := loadRules(ctx, m.kit.DB, serviceCode)
	if err != nil {
		return false, "", err
	}
	ok, reason := evaluate(ent, svc, rules)
	return ok, reason, nil
}
