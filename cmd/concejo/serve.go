package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"concejo/internal/app"
	"concejo/internal/platform/config"
	"concejo/internal/platform/db"
)

func newFlags(name, help string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Uso: concejo %s [opciones]\n\n%s\n\nOpciones:\n", name, help)
		fs.PrintDefaults()
		fmt.Fprintln(fs.Output(), "\nVariables de entorno: CONCEJO_ADDR, CONCEJO_DATA, CONCEJO_DATABASE_URL (postgres://...), "+
			"CONCEJO_BASE_URL, CONCEJO_SMTP_ADDR, CONCEJO_SMTP_FROM, CONCEJO_SECURE_COOKIES=1, "+
			"CONCEJO_TLS_CERT, CONCEJO_TLS_KEY, CONCEJO_TLS_CLIENT_CA, CONCEJO_CERT_HEADER, CONCEJO_CERT_VERIFY_HEADER, CONCEJO_TRUSTED_PROXIES.")
	}
	return fs
}

func parseServe(name, help string, args []string, extra ...func(*flag.FlagSet)) (config.Config, error) {
	cfg := config.Default()
	fs := newFlags(name, help)
	cfg.Flags(fs)
	for _, add := range extra {
		add(fs)
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	return cfg, nil
}

func runServe(ctx context.Context, args []string) error {
	cfg, err := parseServe("serve", "Sirve Concejo con la base de datos configurada.", args)
	if err != nil {
		return err
	}
	log := newLogger()
	d, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	return serve(ctx, d, cfg, log, nil)
}

func newLogger() *slog.Logger { return slog.New(slog.NewJSONHandler(os.Stderr, nil)) }

// serverTLS is the TLS configuration when Concejo terminates TLS itself: the
// server certificate and, with a client CA, optional client certificates
// (verified against that CA) for sign-in with an electronic certificate.
func serverTLS(cfg config.Config) (*tls.Config, error) {
	if cfg.TLSCert == "" || cfg.TLSKey == "" {
		return nil, errors.New("para servir HTTPS indique a la vez --tls-cert y --tls-key")
	}
	pair, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
	if err != nil {
		return nil, fmt.Errorf("certificado TLS del servidor: %w", err)
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{pair}}
	if cfg.TLSClientCA != "" {
		pemCA, err := os.ReadFile(cfg.TLSClientCA)
		if err != nil {
			return nil, fmt.Errorf("CA de certificados de cliente: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pemCA) {
			return nil, fmt.Errorf("CA de certificados de cliente: %s no contiene certificados PEM", cfg.TLSClientCA)
		}
		tc.ClientCAs = pool
		tc.ClientAuth = tls.VerifyClientCertIfGiven
	}
	return tc, nil
}

// serve listens on cfg.Addr and shuts down gracefully when ctx ends; ready,
// when set, is called with the built platform once it listens, before the
// first request is served.
func serve(ctx context.Context, d *db.DB, cfg config.Config, log *slog.Logger, ready func(a *app.App, url string) error) error {
	a, err := app.Build(d, cfg, log, app.Options{})
	if err != nil {
		return err
	}
	var tc *tls.Config
	if cfg.TLSCert != "" || cfg.TLSKey != "" {
		if tc, err = serverTLS(cfg); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	scheme := "http"
	if tc != nil {
		srv.TLSConfig = tc
		scheme = "https"
	}
	url := scheme + "://" + ln.Addr().String()
	log.Info("Concejo escuchando", "url", url, "engine", string(d.Engine))
	if ready != nil {
		if err := ready(a, url); err != nil {
			ln.Close()
			a.Close(context.Background())
			return err
		}
	}
	errc := make(chan error, 1)
	go func() {
		if srv.TLSConfig != nil {
			errc <- srv.ServeTLS(ln, "", "")
			return
		}
		errc <- srv.Serve(ln)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("cerrando: se terminan las peticiones en curso")
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return a.Close(shutdown)
}
