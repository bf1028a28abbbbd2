package sirlink_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"concejo/internal/eadmin/sirlink"
	"concejo/internal/eadmin/sirlink/cirtest"
	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/config"
)

func TestFromConfig(t *testing.T) {
	c, err := sirlink.FromConfig(config.Config{})
	if _, ok := c.(sirlink.Manual); !ok || err != nil {
		t.Fatalf("no endpoint: %T, %v", c, err)
	}
	cir := cirtest.New(t)
	dir := t.TempDir()
	certFile, keyFile, caFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem"), filepath.Join(dir, "ca.pem")
	app := cir.ClientCertificate()
	der, err := x509.MarshalECPrivateKey(app.PrivateKey.(*ecdsa.PrivateKey))
	if err != nil {
		t.Fatal(err)
	}
	write(t, certFile, certtest.PEM(app))
	write(t, keyFile, string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der})))
	write(t, caFile, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cir.CA.Cert.Raw})))

	cfg := config.Config{SIREndpoint: cir.URL, SIRCert: certFile, SIRKey: keyFile, SIRServerCA: caFile}
	c, err = sirlink.FromConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rec, err := c.SendFile(context.Background(), sirlink.Outgoing{Data: envio(t)}); err != nil || rec.Status != sirlink.StatusSent {
		t.Errorf("configured client: %+v, %v", rec, err)
	}

	for name, c := range map[string]struct {
		cfg  config.Config
		want string
	}{
		"plain http":  {config.Config{SIREndpoint: "http://cir.example/services", SIRCert: certFile, SIRKey: keyFile}, "https"},
		"not a URL":   {config.Config{SIREndpoint: "cir", SIRCert: certFile, SIRKey: keyFile}, "no es una dirección válida"},
		"no cert":     {config.Config{SIREndpoint: cir.URL}, "CONCEJO_SIR_CERT"},
		"bad key":     {config.Config{SIREndpoint: cir.URL, SIRCert: certFile, SIRKey: caFile}, "no se puede leer el certificado"},
		"bad CA file": {config.Config{SIREndpoint: cir.URL, SIRCert: certFile, SIRKey: keyFile, SIRServerCA: keyFile}, "ningún certificado PEM"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := sirlink.FromConfig(c.cfg); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v", err)
			}
		})
	}
}

func TestHandlerFromConfig(t *testing.T) {
	cir := cirtest.New(t)
	if _, err := sirlink.HandlerFromConfig(config.Config{SIRPeers: []string{"no vale"}}, &receiver{}); err == nil {
		t.Error("a malformed CONCEJO_SIR_PEERS was accepted")
	}
	h, err := sirlink.HandlerFromConfig(config.Config{SIRPeers: []string{cir.Fingerprint()}}, &receiver{})
	if err != nil {
		t.Fatal(err)
	}
	cir.Attach(h)
	if ans, err := cir.DeliverMessage(context.Background(), []byte(ack)); err != nil || ans.Code != "00" {
		t.Errorf("%+v, %v", ans, err)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
