package autofirma

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"testing"
)

// The parsers of what comes from outside (AutoFirma, a page, anyone who
// reaches the public servlets) must refuse anything without panicking.

func FuzzParseInvocation(f *testing.F) {
	f.Add(Invocation{Operation: OpSign, ID: "abc", Key: "12345678", Format: "CAdES", Algorithm: DefaultAlgorithm,
		Data: []byte("hola"), StorageURL: stURL, Properties: "a=b"}.URL())
	f.Add(Invocation{Operation: OpBatch, ID: "abc", Data: []byte("{}"), StorageURL: stURL, PresignURL: sede + "p",
		PostsignURL: sede + "q"}.URL())
	f.Add("afirma://sign?fileid=abc&rtservlet=" + rtURL + "&key=12345678")
	f.Add("afirma://sign/?dat=%zz&stservlet=http%253A%252F%252Fa")
	f.Fuzz(func(t *testing.T, raw string) {
		inv, err := ParseInvocation(raw)
		if err == nil && inv.Operation == "" {
			t.Fatalf("accepted %q without an operation", raw)
		}
	})
}

func FuzzParseDefinition(f *testing.F) {
	f.Add([]byte(Invocation{Operation: OpSign, ID: "abc", Format: "CAdES", Algorithm: DefaultAlgorithm, Data: []byte("x"),
		StorageURL: stURL}.definition()))
	f.Add([]byte(`{"params":[{"k":"id","v":"abc"},{"k":"dat","v":"e30%3D"}]}`))
	f.Add([]byte(`<sign><e k="a" v="%"/></sign>`))
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY e "x">]><sign><e k="a" v="&e;"/></sign>`))
	f.Fuzz(func(t *testing.T, def []byte) {
		ParseDefinition(OpSign, def)
		ParseDefinition(OpBatch, def)
	})
}

func FuzzBatchJSON(f *testing.F) {
	f.Add([]byte(`{"td":{"format":"CAdES","signs":[{"signinfo":[{"id":"a","params":{"PRE":"AAAA"}}]}]},"results":[{"id":"b","result":"ERROR_PRE"}]}`))
	f.Add([]byte(`{"format":"CAdES","signinfo":[{"id":"a","signid":"s","params":{"PK1":"AAAA"}}]}`))
	f.Add([]byte(`{"signs":[{"id":"a","result":"DONE_AND_SAVED","description":"ok"}]}`))
	f.Add([]byte(`{"signs":[{"signinfo":null}],"signinfo":[{"id":"a","params":{"PRE":7}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if td, err := ParseTriphase(data); err == nil {
			for _, s := range td.TriSigns() {
				if s.ID == "" || s.Params == nil {
					t.Fatalf("accepted a signature without id or params: %s", data)
				}
			}
		}
		ParsePresigned(data)
		ParseBatchResult(data)
		batchSession(b64url(data))
		signatureValues(b64url(data))
	})
}

func FuzzParseResult(f *testing.F) {
	text, _ := Encipher([]byte("certificado"), vectorKey)
	f.Add(text+"|"+vectorText, vectorKey)
	f.Add("ERR-06:=nada", "")
	f.Add("SAF_09: Error", vectorKey)
	f.Add("9.AAAA|0.", "corta")
	f.Fuzz(func(t *testing.T, raw, key string) {
		res, err := ParseResult(raw, key)
		if err == nil {
			res.Sign()
			res.Batch()
		}
	})
}

func FuzzServletRequests(f *testing.F) {
	f.Add("op=put&v=1_0&id=abc&dat=1.AAAA")
	f.Add("op=get&v=1_0&id=abc")
	f.Add("json=e30=&certs=AAAA&tridata=e30=")
	f.Add("op=put&v&id=%&dat=%%")
	s := NewStorage(StorageOptions{MaxSize: 1 << 10})
	b := NewBatchSigner(nil, BatchOptions{})
	handlers := []http.Handler{s.StorageHandler(), s.RetrieveHandler(), b.Presigner(), b.Postsigner()}
	f.Fuzz(func(t *testing.T, body string) {
		for _, h := range handlers {
			call(h, "POST", "/servicio", body)
			r := httptest.NewRequest("GET", "/servicio", nil)
			r.URL.RawQuery = body
			h.ServeHTTP(httptest.NewRecorder(), r)
		}
	})
}

func b64url(b []byte) string { return base64.URLEncoding.EncodeToString(b) }
