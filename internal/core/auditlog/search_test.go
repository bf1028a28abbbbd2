package auditlog_test

import (
	"net/http"
	"net/url"
	"testing"

	"concejo/internal/app/apptest"
)

// The action filter, a prefix, takes % and _ literally: "%" finds only the
// actions that begin with it.
func TestActionFilterTakesWildcardsLiterally(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		for _, action := range []string{"%prueba.uno", "_prueba.dos", "prueba.tres"} {
			appendRow(t, env, "", "", action, nil, nil)
		}
		c := env.Login(t, apptest.DipAdmin)
		byPercent := c.Get("/auditoria?accion=" + url.QueryEscape("%"))
		expect(t, "%", byPercent, http.StatusOK, "%prueba.uno")
		lacks(t, "%", byPercent, "_prueba.dos", "prueba.tres")
		byUnderscore := c.Get("/auditoria?accion=_")
		expect(t, "_", byUnderscore, http.StatusOK, "_prueba.dos")
		lacks(t, "_", byUnderscore, "%prueba.uno", "prueba.tres")
	})
}
