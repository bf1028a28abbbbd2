package casefile_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/auth/certtest"
)

// citizenCerts makes the platform take citizens' certificates from the
// proxy headers (as the demo behind its proxy does); it returns the CA
// that issues them.
func citizenCerts(t *testing.T) *certtest.CA {
	t.Setenv("CONCEJO_CERT_HEADER", "X-SSL-Client-Cert")
	t.Setenv("CONCEJO_CERT_VERIFY_HEADER", "X-SSL-Client-Verify")
	t.Setenv("CONCEJO_TRUSTED_PROXIES", "127.0.0.1,::1")
	return certtest.NewCA(t, "AC FNMT Usuarios de pruebas")
}

// citizen is a browser of a person identified at a town's sede.
type citizen struct {
	t    testing.TB
	base string
	http *http.Client
}

// identify signs a citizen in at the sede of the town with INE code ine,
// with a certificate of nif and cn.
func identify(t testing.TB, env *apptest.Env, ca *certtest.CA, ine, nif, cn string) *citizen {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &citizen{t: t, base: env.Server.URL, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	req, _ := http.NewRequest(http.MethodGet, c.base+"/e/"+ine+"/sede/entrar/certificado?volver=%2Fe%2F"+ine+"%2Fsede", nil)
	req.Header.Set("X-SSL-Client-Cert", certtest.Escaped(ca.Client(certtest.Subject("IDCES-"+nif, cn))))
	req.Header.Set("X-SSL-Client-Verify", "SUCCESS")
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("identification at %s: %d", ine, res.StatusCode)
	}
	return c
}

func (c *citizen) do(req *http.Request) apptest.Response {
	c.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return apptest.Response{Status: res.StatusCode, Location: res.Header.Get("Location"), Body: string(b), Header: res.Header}
}

func (c *citizen) get(path string) apptest.Response {
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	return c.do(req)
}

func (c *citizen) post(path string, form url.Values) apptest.Response {
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.base)
	return c.do(req)
}

func (c *citizen) postFiles(path string, form url.Values, files ...file) apptest.Response {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile("documentos", f.name)
		w.Write(f.content)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.base)
	return c.do(req)
}
