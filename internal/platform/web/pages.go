package web

import "embed"

// PagesFS holds the pages of the web package itself (the error page).
//
//go:embed pages/*.html
var PagesFS embed.FS
