package certtest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ocsp"
)

// SignerOptions shape a document-signing certificate.
type SignerOptions struct {
	// NotBefore and NotAfter bound its validity; zero: from an hour ago
	// to a day from now.
	NotBefore, NotAfter time.Time
	// OCSP and CRL are the revocation services it names (AIA OCSP and
	// CRL distribution point); empty to name none.
	OCSP, CRL string
	// ExtKeyUsage; nil: clientAuth and emailProtection, as FNMT's
	// certificates for citizens.
	ExtKeyUsage []x509.ExtKeyUsage
	// RSA gives it an RSA 2048 key, as FNMT's cards have; false: ECDSA P-256.
	RSA bool
	// Extensions are added to it (e.g. DirectoryName's SubjectAltName).
	Extensions []pkix.Extension
}

// Signer issues a document-signing certificate for subject and returns it
// with its key.
func (ca *CA) Signer(subject pkix.Name, o SignerOptions) tls.Certificate {
	ca.t.Helper()
	var key crypto.Signer
	var err error
	if o.RSA {
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	} else {
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	if err != nil {
		ca.t.Fatal(err)
	}
	if o.NotBefore.IsZero() {
		o.NotBefore = time.Now().Add(-time.Hour)
	}
	if o.NotAfter.IsZero() {
		o.NotAfter = time.Now().Add(24 * time.Hour)
	}
	if o.ExtKeyUsage == nil {
		o.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageEmailProtection}
	}
	tpl := &x509.Certificate{SerialNumber: nextSerial(), Subject: subject, NotBefore: o.NotBefore, NotAfter: o.NotAfter,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage: o.ExtKeyUsage, ExtraExtensions: o.Extensions}
	if o.OCSP != "" {
		tpl.OCSPServer = []string{o.OCSP}
	}
	if o.CRL != "" {
		tpl.CRLDistributionPoints = []string{o.CRL}
	}
	return ca.issue(tpl, key)
}

// Responder answers OCSP requests and serves the CRL of a CA on 127.0.0.1.
type Responder struct {
	ca      *CA
	srv     *httptest.Server
	mu      sync.Mutex
	revoked map[string]time.Time // by serial number
}

// Responder starts the CA's revocation services; the test's cleanup stops them.
func (ca *CA) Responder() *Responder {
	r := &Responder{ca: ca, revoked: map[string]time.Time{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /ocsp", r.ocsp)
	mux.HandleFunc("GET /crl", r.crl)
	r.srv = httptest.NewServer(mux)
	ca.t.Cleanup(r.srv.Close)
	return r
}

// OCSPURL is the address of the OCSP responder.
func (r *Responder) OCSPURL() string { return r.srv.URL + "/ocsp" }

// CRLURL is the address of the CRL.
func (r *Responder) CRLURL() string { return r.srv.URL + "/crl" }

// Revoke marks c revoked since at.
func (r *Responder) Revoke(c *x509.Certificate, at time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.revoked[c.SerialNumber.String()] = at
}

func (r *Responder) ocsp(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(io.LimitReader(req.Body, 1<<16))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	q, err := ocsp.ParseRequest(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	now := time.Now().Add(-time.Minute)
	tpl := ocsp.Response{Status: ocsp.Good, SerialNumber: q.SerialNumber, ThisUpdate: now, NextUpdate: now.Add(time.Hour)}
	r.mu.Lock()
	if at, ok := r.revoked[q.SerialNumber.String()]; ok {
		tpl.Status, tpl.RevokedAt, tpl.RevocationReason = ocsp.Revoked, at, ocsp.KeyCompromise
	}
	r.mu.Unlock()
	der, err := ocsp.CreateResponse(r.ca.Cert, r.ca.Cert, tpl, r.ca.key)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/ocsp-response")
	w.Write(der)
}

func (r *Responder) crl(w http.ResponseWriter, _ *http.Request) {
	now := time.Now().Add(-time.Minute)
	list := &x509.RevocationList{Number: big.NewInt(now.Unix()), ThisUpdate: now, NextUpdate: now.Add(time.Hour)}
	r.mu.Lock()
	for serial, at := range r.revoked {
		n, _ := new(big.Int).SetString(serial, 10)
		list.RevokedCertificateEntries = append(list.RevokedCertificateEntries,
			x509.RevocationListEntry{SerialNumber: n, RevocationTime: at})
	}
	r.mu.Unlock()
	der, err := x509.CreateRevocationList(rand.Reader, list, r.ca.Cert, r.ca.key)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/pkix-crl")
	w.Write(der)
}

// Name is the subject of a signer like FNMT's: CN "APELLIDOS NOMBRE - NIF"
// and serialNumber IDCES-NIF.
func Name(surnamesName, nif string) pkix.Name {
	return Subject("IDCES-"+nif, surnamesName+" - "+nif)
}

// DirectoryName is a SubjectAltName extension with one directoryName of
// the attributes given as dotted OID and value, as the certificates for
// administrations carry theirs (firma.md §7), e.g. "2.16.724.1.3.5.7.2.4":
// "12345678Z".
func DirectoryName(attrs map[string]string) pkix.Extension {
	var rdns pkix.RDNSequence
	for oid, v := range attrs {
		var id asn1.ObjectIdentifier
		for _, part := range strings.Split(oid, ".") {
			n, err := strconv.Atoi(part)
			if err != nil {
				panic("certtest: OID " + oid)
			}
			id = append(id, n)
		}
		rdns = append(rdns, pkix.RelativeDistinguishedNameSET{{Type: id, Value: v}})
	}
	name, err := asn1.Marshal(rdns)
	if err != nil {
		panic(err)
	}
	san, err := asn1.Marshal([]asn1.RawValue{{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: name}})
	if err != nil {
		panic(err)
	}
	return pkix.Extension{Id: asn1.ObjectIdentifier{2, 5, 29, 17}, Value: san}
}
