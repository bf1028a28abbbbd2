package main

import (
	"context"
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
			"CONCEJO_BASE_URL, CONCEJO_SMTP_ADDR, CONCEJO_SMTP_FROM, CONCEJO_SECURE_COOKIES=1.")
	}
	return fs
}

func parseServe(name, help string, args []string) (config.Config, error) {
	cfg := config.Default()
	fs := newFlags(name, help)
	cfg.Flags(fs)
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

// serve listens on cfg.Addr and shuts down gracefully when ctx ends.
func serve(ctx context.Context, d *db.DB, cfg config.Config, log *slog.Logger, ready func(url string)) error {
	a, err := app.Build(d, cfg, log, app.Options{})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	url := "http://" + ln.Addr().String()
	log.Info("Concejo escuchando", "url", url, "engine", string(d.Engine))
	if ready != nil {
		ready(url)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
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
	return nil
}
