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
		w, err := mw.CreateFormFile(field, f.Name)
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
