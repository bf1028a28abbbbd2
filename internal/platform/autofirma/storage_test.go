package autofirma

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// call sends one request to h; a body is posted as a form, as AutoFirma
// and autoscript.js do.
func call(h http.Handler, method, target, body string) (int, string) {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	b, _ := io.ReadAll(w.Result().Body)
	return w.Code, string(b)
}

// clock is a settable time for the stores' expiry.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newTestStorage(o StorageOptions) (*Storage, *clock) {
	s := NewStorage(o)
	c := &clock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	s.entries.now = c.now
	return s, c
}

func TestStorageAndRetrieveAnswerAsTheServlets(t *testing.T) {
	s, _ := newTestStorage(StorageOptions{})
	st, rt := s.StorageHandler(), s.RetrieveHandler()
	cases := []struct {
		name         string
		h            http.Handler
		method, url  string
		body, answer string
	}{
		{"check storage", st, "GET", "/StorageService?op=check", "", "OK\n"},
		{"check retrieve", rt, "GET", "/RetrieveService?op=check", "", "OK\n"},
		{"check by POST needs v", st, "POST", "/StorageService", "op=check", errMissingSyntax + "\n"},
		{"no op", st, "POST", "/StorageService", "v=1_0&id=a", errMissingOperation + "\n"},
		{"no v", st, "POST", "/StorageService", "op=put&id=a&dat=x", errMissingSyntax + "\n"},
		{"unknown op", st, "POST", "/StorageService", "op=del&v=1_0&id=a", errUnsupportedOp + "\n"},
		{"no id", st, "POST", "/StorageService", "op=put&v=1_0&dat=x", errMissingID + "\n"},
		{"dot in id", st, "POST", "/StorageService", "op=put&v=1_0&id=..&dat=x", errInvalidID + "\n"},
		{"slash in id", st, "POST", "/StorageService", "op=put&v=1_0&id=a/b&dat=x", errInvalidID + "\n"},
		{"backslash in id", st, "POST", "/StorageService", `op=put&v=1_0&id=a\b&dat=x`, errInvalidID + "\n"},
		{"long id", st, "POST", "/StorageService", "op=put&v=1_0&id=" + strings.Repeat("a", 65) + "&dat=x", errInvalidID + "\n"},
		{"bad escape", st, "POST", "/StorageService", "op=put&v=1_0&id=a&dat=%zz", errInvalidData + "\n"},
		{"retrieve no op", rt, "POST", "/RetrieveService", "v=1_0&id=a", errMissingOperation + "\n"},
		{"retrieve no v", rt, "POST", "/RetrieveService", "op=get&id=a", errMissingSyntax + "\n"},
		{"retrieve unknown op", rt, "POST", "/RetrieveService", "op=put&v=1_0&id=a", errUnsupportedOp + "\n"},
		{"retrieve no id", rt, "POST", "/RetrieveService", "op=get&v=1_0", errMissingID + "\n"},
		{"retrieve bad id", rt, "GET", "/RetrieveService?op=get&v=1_0&id=../x", "", errInvalidID + "\n"},
		{"retrieve nothing", rt, "GET", "/RetrieveService?op=get&v=1_0&id=nada", "", errInvalidID + "\n"},
	}
	for _, c := range cases {
		if _, got := call(c.h, c.method, c.url, c.body); got != c.answer {
			t.Errorf("%s: got %q, want %q", c.name, got, c.answer)
		}
	}
}

func TestStorageKeepsAnUploadForOneRead(t *testing.T) {
	s, _ := newTestStorage(StorageOptions{})
	st, rt := s.StorageHandler(), s.RetrieveHandler()
	// AutoFirma posts the data unencoded: URL-safe Base64, '.' and '|'.
	dat := "3.q83v_w==|0.AAECAwQFBgc="
	if code, got := call(st, "POST", "/StorageService", "op=put&v=1_0&id=Ab3&dat="+dat); code != 200 || got != "OK" {
		t.Fatalf("put: %d %q", code, got)
	}
	if _, got := call(rt, "POST", "/RetrieveService", "op=get&v=1_0&id=Ab3&it=0"); got != dat+"\n" {
		t.Fatalf("get: %q", got)
	}
	if _, got := call(rt, "POST", "/RetrieveService", "op=get&v=1_0&id=Ab3&it=1"); got != errInvalidID+"\n" {
		t.Fatalf("second get: %q", got)
	}
	// A later put replaces the earlier one (AutoFirma's "#WAIT", then the result).
	call(st, "POST", "/StorageService", "op=put&v=1_0&id=Ab3&dat=%23WAIT")
	call(st, "POST", "/StorageService", "op=put&v=1_0&id=Ab3&dat=final")
	if _, got := call(rt, "GET", "/RetrieveService?op=get&v=1_0&id=Ab3", ""); got != "final\n" {
		t.Fatalf("replaced: %q", got)
	}
	// By GET the servlet decodes dat twice: once getParameter, once URLDecoder.
	call(st, "GET", "/StorageService?op=put&v=1_0&id=g1&dat=%2541%2B", "")
	if _, got := call(rt, "GET", "/RetrieveService?op=get&v=1_0&id=g1", ""); got != "A \n" {
		t.Fatalf("GET put: %q", got)
	}
}

func TestStorageLeavesDataErrorsForThePage(t *testing.T) {
	s, _ := newTestStorage(StorageOptions{MaxSize: 10})
	st, rt := s.StorageHandler(), s.RetrieveHandler()
	for id, body := range map[string]string{
		"vacio":  "op=put&v=1_0&id=vacio",
		"grande": "op=put&v=1_0&id=grande&dat=" + strings.Repeat("x", 11),
	} {
		if _, got := call(st, "POST", "/StorageService", body); got != "OK" {
			t.Fatalf("%s: put answered %q", id, got)
		}
	}
	if _, got := call(rt, "GET", "/RetrieveService?op=get&v=1_0&id=vacio", ""); got != errMissingData+"\n" {
		t.Errorf("missing data: %q", got)
	}
	if _, got := call(rt, "GET", "/RetrieveService?op=get&v=1_0&id=grande", ""); got != errInvalidData+"\n" {
		t.Errorf("oversize: %q", got)
	}
	if code, got := call(st, "POST", "/StorageService", "op=put&v=1_0&id=x&dat="+strings.Repeat("y", 5000)); code != http.StatusRequestEntityTooLarge || got != errInvalidData+"\n" {
		t.Errorf("huge body: %d %q", code, got)
	}
}

func TestStorageEntriesExpireAndBoundTheMemory(t *testing.T) {
	s, c := newTestStorage(StorageOptions{TTL: time.Minute, MaxTotal: 8})
	st, rt := s.StorageHandler(), s.RetrieveHandler()
	call(st, "POST", "/StorageService", "op=put&v=1_0&id=viejo&dat=12345")
	if _, got := call(st, "POST", "/StorageService", "op=put&v=1_0&id=nuevo&dat=12345"); got != errCommunicatingWeb+"\n" {
		t.Fatalf("over the total: %q", got)
	}
	c.t = c.t.Add(time.Minute + time.Second)
	if _, got := call(rt, "GET", "/RetrieveService?op=get&v=1_0&id=viejo", ""); got != errInvalidID+"\n" {
		t.Fatalf("expired entry: %q", got)
	}
	// The expired entry no longer counts.
	if _, got := call(st, "POST", "/StorageService", "op=put&v=1_0&id=nuevo&dat=12345"); got != "OK" {
		t.Fatalf("after expiry: %q", got)
	}
	c.t = c.t.Add(59 * time.Second)
	if _, got := call(rt, "GET", "/RetrieveService?op=get&v=1_0&id=nuevo", ""); got != "12345\n" {
		t.Fatalf("live entry: %q", got)
	}
}

func TestStageLeavesTheInvocationCipheredForAutoFirma(t *testing.T) {
	s, _ := newTestStorage(StorageOptions{})
	inv := Invocation{Operation: OpSign, ID: NewID(), Key: NewKey(), Format: "CAdES", Algorithm: DefaultAlgorithm,
		Properties: "mode=explicit\nexpPolicy=FirmaAGE", Data: []byte("<b>contrato & anexo</b>"), AppName: "Concejo · Cáceres",
		StorageURL: "https://sede.example.es/afirma/StorageService", RetrieveURL: "https://sede.example.es/afirma/RetrieveService"}
	short, err := s.Stage(inv)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseInvocation(short)
	if err != nil || got.FileID == "" || got.ID != inv.ID || got.Key != inv.Key || got.RetrieveURL != inv.RetrieveURL || got.Data != nil {
		t.Fatalf("short URL %q read as %+v, %v", short, got, err)
	}
	_, text := call(s.RetrieveHandler(), "POST", "/RetrieveService", "op=get&v=1_0&id="+got.FileID)
	def, err := Decipher(strings.TrimSpace(text), inv.Key)
	if err != nil {
		t.Fatal(err)
	}
	full, err := ParseDefinition(OpSign, def)
	if err != nil {
		t.Fatalf("%s: %v", def, err)
	}
	full.Version = ""
	if full.ID != inv.ID || full.Key != inv.Key || string(full.Data) != string(inv.Data) || full.Properties != inv.Properties ||
		full.AppName != inv.AppName || full.Format != inv.Format || full.StorageURL != inv.StorageURL {
		t.Fatalf("definition read as %+v", full)
	}
	if _, err := s.Stage(Invocation{Operation: OpSign, RetrieveURL: inv.RetrieveURL}); err == nil {
		t.Error("staged without a key")
	}
}
