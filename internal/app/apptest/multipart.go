package apptest

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"testing"
)

// File is a file of a multipart form.
type File struct {
	Name    string
	Content []byte
	// Field, when set, is the form field of this file instead of the one
	// PostFiles is given.
	Field string
}

// PostFiles posts a multipart form: form's values and files as field.
func (c *Client) PostFiles(t testing.TB, path string, form url.Values, field string, files ...File) Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, f := range files {
		name := field
		if f.Field != "" {
			name = f.Field
		}
		w, err := mw.CreateFormFile(name, f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.Content)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return c.Do(http.MethodPost, path, mw.FormDataContentType(), &body)
}
