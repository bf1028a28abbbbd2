package web

import (
	"embed"
	"net/http"
)

//go:embed static
var staticFS embed.FS

// Static serves the embedded stylesheet and scripts under /static/, cached for a day.
func Static() http.Handler {
	fs := http.FileServerFS(staticFS)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		fs.ServeHTTP(w, r)
	})
}
