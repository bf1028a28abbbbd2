package web

import (
	"mime"
	"net/http"
	"strconv"
)

// File is a document to send to the browser.
type File struct {
	// Name is the file name the browser saves it as (any UTF-8).
	Name string
	// ContentType is its media type, e.g. "application/pdf".
	ContentType string
	Content     []byte
	// Inline shows it in the browser instead of saving it.
	Inline bool
	// Public lets shared caches keep it (published documents); otherwise
	// it is private and never stored, as personal data must be.
	Public bool
}

// SendFile writes f as the response: its name encoded for browsers (RFC
// 6266 with the RFC 2231 UTF-8 form when it is not plain ASCII), its
// length, and headers that keep the browser from guessing another type or
// running scripts inside it (an uploaded HTML or SVG stays inert).
func SendFile(w http.ResponseWriter, f File) error {
	disposition := "attachment"
	if f.Inline {
		disposition = "inline"
	}
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": f.Name}))
	h.Set("Content-Length", strconv.Itoa(len(f.Content)))
	h.Set("X-Content-Type-Options", "nosniff")
	if !f.Inline || f.ContentType != "application/pdf" {
		// a sandboxed PDF shown in the page would not open in Chrome's viewer
		h.Set("Content-Security-Policy", "sandbox")
	}
	if f.Public {
		h.Set("Cache-Control", "public, max-age=300")
	} else {
		h.Set("Cache-Control", "private, no-store")
	}
	_, err := w.Write(f.Content)
	return err
}
