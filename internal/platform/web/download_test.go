package web_test

import (
	"mime"
	"net/http/httptest"
	"testing"

	"concejo/internal/platform/web"
)

// TestSendFile: a name with accents, quotes and a line break comes back
// whole from the header a browser reads, and the file cannot run scripts.
func TestSendFile(t *testing.T) {
	for _, name := range []string{"justificante-2026-000001.pdf", `Volante "convivencia" Peñas\r\nX: y.pdf`, "año.csv"} {
		rec := httptest.NewRecorder()
		if err := web.SendFile(rec, web.File{Name: name, ContentType: "application/pdf", Content: []byte("%PDF-1.7")}); err != nil {
			t.Fatal(err)
		}
		h := rec.Header()
		disp, params, err := mime.ParseMediaType(h.Get("Content-Disposition"))
		if err != nil || disp != "attachment" || params["filename"] != name {
			t.Fatalf("%q: %q → %q %v %v", name, h.Get("Content-Disposition"), disp, params, err)
		}
		if h.Get("Content-Length") != "8" || h.Get("Content-Security-Policy") != "sandbox" ||
			h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "private, no-store" || rec.Body.String() != "%PDF-1.7" {
			t.Fatalf("%q: headers %v body %q", name, h, rec.Body.String())
		}
	}
	rec := httptest.NewRecorder()
	web.SendFile(rec, web.File{Name: "a\x00b.pdf", ContentType: "text/html"})
	if rec.Header().Get("Content-Disposition") != "attachment; filename*=utf-8''a%00b.pdf" || rec.Header().Get("Content-Security-Policy") != "sandbox" {
		t.Fatalf("control character: %v", rec.Header())
	}
	rec = httptest.NewRecorder()
	web.SendFile(rec, web.File{Name: "edicto.pdf", ContentType: "application/pdf", Inline: true, Public: true})
	if d, _, _ := mime.ParseMediaType(rec.Header().Get("Content-Disposition")); d != "inline" ||
		rec.Header().Get("Cache-Control") != "public, max-age=300" {
		t.Fatalf("inline public: %v", rec.Header())
	}
}
