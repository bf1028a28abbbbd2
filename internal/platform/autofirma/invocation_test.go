package autofirma

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

const (
	sede  = "https://sede.example.es/afirma/"
	stURL = sede + "StorageService"
	rtURL = sede + "RetrieveService"
)

func TestInvocationURLReadsBackAsAutoFirmaReadsIt(t *testing.T) {
	invs := []Invocation{
		{Operation: OpSign, ID: "abcDEF0123456789xyzW", Key: "Kk8jj7Hh", Format: "PAdES", Algorithm: "SHA256withRSA",
			Properties: "signReason=Aprobación\nsignatureProductionCity=Cáceres", Data: []byte("%PDF-1.7 + & = ?"),
			StorageURL: stURL, AppName: "Ayuntamiento de Plasencia"},
		{Operation: OpBatch, ID: "lote1", Key: "Kk8jj7Hh", Data: []byte(`{"algorithm":"SHA256withRSA"}`), StorageURL: stURL,
			PresignURL: sede + "prefirma", PostsignURL: sede + "postfirma", NeedCert: true},
	}
	for _, inv := range invs {
		u := inv.URL()
		if !strings.HasPrefix(u, "afirma://"+string(inv.Operation)+"?ver=4&") {
			t.Errorf("URL %q", u)
		}
		got, err := ParseInvocation(u)
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		inv.Version = "4"
		if !reflect.DeepEqual(got, inv) {
			t.Errorf("read back\n%+v\nwant\n%+v", got, inv)
		}
	}
}

func TestParseInvocationRefusesWhatAutoFirmaRefuses(t *testing.T) {
	ok := "afirma://sign?ver=4&id=abc&format=CAdES&algorithm=SHA256withRSA&dat=aG9sYQ&stservlet=" + stURL
	if inv, err := ParseInvocation(ok); err != nil || string(inv.Data) != "hola" {
		t.Fatalf("valid invocation: %+v, %v", inv, err)
	}
	for name, u := range map[string]string{
		"scheme":              "https://sign?ver=4",
		"no operation":        "afirma://?ver=4",
		"long id":             strings.Replace(ok, "id=abc", "id=abcdefghijklmnopqrstu", 1),
		"id with dash":        strings.Replace(ok, "id=abc", "id=ab-c", 1),
		"short key":           ok + "&key=1234567",
		"no format":           strings.Replace(ok, "format=CAdES&", "", 1),
		"SHA-1":               strings.Replace(ok, "SHA256withRSA", "SHA1withRSA", 1),
		"unknown algorithm":   strings.Replace(ok, "SHA256withRSA", "SHA256withDSA", 1),
		"no storage with id":  strings.Replace(ok, "&stservlet="+stURL, "", 1),
		"local storage":       strings.Replace(ok, "sede.example.es", "127.0.0.1", 1),
		"localhost storage":   strings.Replace(ok, "sede.example.es", "localhost:8443", 1),
		"storage with query":  ok + "%3Fa%3Db",
		"ftp storage":         strings.Replace(ok, "https://", "ftp://", 1),
		"file data":           strings.Replace(ok, "dat=aG9sYQ", "dat=file:/etc/passwd", 1),
		"remote data":         strings.Replace(ok, "dat=aG9sYQ", "dat=https://ejemplo.es/doc", 1),
		"gzip data":           ok + "&gzip=true",
		"bad escape":          ok + "&appname=%zz",
		"fileid without rt":   "afirma://sign?fileid=abc&key=12345678",
		"xml batch":           "afirma://batch?ver=4&id=a&stservlet=" + stURL + "&batchpresignerurl=" + sede + "p&batchpostsignerurl=" + sede + "q",
		"batch without posts": "afirma://batch?ver=4&id=a&jsonbatch=true&stservlet=" + stURL + "&batchpresignerurl=" + sede + "p",
	} {
		if _, err := ParseInvocation(u); err == nil {
			t.Errorf("%s: accepted %q", name, u)
		}
	}
	// Data that is not Base64 is the text itself; '+' decodes to a space.
	inv, err := ParseInvocation(strings.Replace(ok, "dat=aG9sYQ", "dat=hola+mundo!", 1))
	if err != nil || string(inv.Data) != "hola mundo!" {
		t.Errorf("text data: %q, %v", inv.Data, err)
	}
	if _, err := ParseInvocation("afirma://sign?ver=4&key=123"); !errors.Is(err, ErrKey) {
		t.Errorf("short key error: %v", err)
	}
}

func TestParseDefinitionReadsXMLAndJSONLists(t *testing.T) {
	xmlDef := `<sign><e k="ver" v="4"/><e k="id" v="abc"/><e k="format" v="CAdES"/><e k="algorithm" v="SHA256withRSA"/>` +
		`<e k="dat" v="aG9sYQ%3D%3D"/><e k="stservlet" v="https%3A%2F%2Fsede.example.es%2Fafirma%2FStorageService"/></sign>`
	inv, err := ParseDefinition(OpSign, []byte(xmlDef))
	if err != nil || string(inv.Data) != "hola" || inv.StorageURL != stURL || inv.ID != "abc" {
		t.Fatalf("XML: %+v, %v", inv, err)
	}
	jsonDef := `{"params":[{"k":"ver","v":"4"},{"k":"id","v":"abc"},{"k":"jsonbatch","v":"true"},{"k":"dat","v":"e30="},` +
		`{"k":"stservlet","v":"` + stURL + `"},{"k":"batchpresignerurl","v":"` + sede + `p"},{"k":"batchpostsignerurl","v":"` + sede + `q"},{"k":"sin valor"}]}`
	inv, err = ParseDefinition(OpBatch, []byte(jsonDef))
	if err != nil || string(inv.Data) != "{}" || inv.PresignURL != sede+"p" {
		t.Fatalf("JSON: %+v, %v", inv, err)
	}
	for _, bad := range []string{
		"", "<sign/>", "<sign><x k='a' v='b'/></sign>", "<sign><e k='a'/></sign>", "<sign>texto<e k='op' v='sign'/></sign>",
		"<sign><e k='op' v='sign'><e k='a' v='b'/></e></sign>", "<sign><e k='op' v='sign'/></sign><otro/>", `{"params":7}`, "{",
	} {
		if _, err := ParseDefinition(OpSign, []byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}
