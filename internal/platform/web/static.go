package web

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// Static serves the embedded stylesheet and scripts under /static/, as Files.
func Static(notFound http.HandlerFunc) http.Handler { return Files(staticFS, notFound) }

// Files serves the files of fsys by the request's path, cached for a day;
// anything else there (a missing file, a folder) is answered by notFound,
// so no listing or plain-text 404 ever shows.
func Files(fsys fs.FS, notFound http.HandlerFunc) http.Handler {
	files := http.FileServerFS(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info, err := fs.Stat(fsys, strings.TrimPrefix(path.Clean(r.URL.Path), "/"))
		if err != nil || info.IsDir() {
			notFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	})
}
