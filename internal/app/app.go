// Package app wires the platform: it opens the database, builds the shared
// services, registers every module's routes, pages and menu entries, and
// serves HTTP with graceful shutdown. It also loads the demo province, and
// records there which modules' demo data are in.
//
// Owns tables: demo_loads.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"time"

	"concejo/internal/backoffice/census"
	"concejo/internal/backoffice/parties"
	"concejo/internal/backoffice/territory"
	"concejo/internal/core/account"
	"concejo/internal/core/adhesions"
	"concejo/internal/core/auditlog"
	"concejo/internal/core/background"
	"concejo/internal/core/directory"
	"concejo/internal/core/entities"
	"concejo/internal/core/oidc"
	"concejo/internal/core/stats"
	"concejo/internal/core/users"
	"concejo/internal/core/verify"
	"concejo/internal/eadmin/casefile"
	"concejo/internal/eadmin/decrees"
	"concejo/internal/eadmin/dir3"
	"concejo/internal/eadmin/eoffice"
	"concejo/internal/eadmin/registry"
	collegiate "concejo/internal/eadmin/sessions"
	"concejo/internal/eadmin/signflow"
	"concejo/internal/eadmin/sirlink"
	"concejo/internal/platform/access"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/config"
	"concejo/internal/platform/db"
	"concejo/internal/platform/jobs"
	"concejo/internal/platform/keyvault"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/mail"
	"concejo/internal/platform/metrics"
	"concejo/internal/platform/trust"
	"concejo/internal/platform/web"
	"concejo/internal/portal"
	"concejo/internal/refdata"
	"concejo/internal/services/helpdesk"
)

// Options tune what Build makes.
type Options struct {
	// Mail overrides the mail sender (tests); nil picks SMTP or the log from config.
	Mail mail.Sender
	// Argon2 overrides the password hashing cost (tests).
	Argon2 *auth.Argon2Params
	// LogoutClient overrides the client that delivers back-channel logout
	// tokens to the applications (tests reach a local TLS server with it);
	// nil: oidc.LogoutClient, which refuses internal destinations.
	LogoutClient *http.Client
	// SignatureTrust overrides the roots signed documents are validated
	// against (tests add their CA); nil: the embedded roots (trust.Embedded).
	SignatureTrust *trust.Store
	// Clock overrides the platform's clock, kit.Kit.Clock (tests fix the
	// time to prove exposure periods and deadlines); nil: the system clock.
	Clock func() time.Time
}

// App is a built platform ready to serve.
type App struct {
	Kit     *kit.Kit
	Handler http.Handler
	oidc    *oidc.Module
}

// Close stops the background jobs and periodic maintenance, waiting for
// them up to ctx; call it after the HTTP server has shut down.
func (a *App) Close(ctx context.Context) error { return a.Kit.Jobs.Stop(ctx) }

// Open opens and migrates the database named by cfg, and makes sure the
// reference service catalogue is loaded.
func Open(ctx context.Context, cfg config.Config) (*db.DB, error) {
	d, err := db.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	if err := refdata.LoadCatalogue(ctx, d); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// Build registers every module on d and returns the HTTP handler.
func Build(d *db.DB, cfg config.Config, log *slog.Logger, opts Options) (*App, error) {
	rd := web.NewRenderer()
	rt := web.NewRouter(rd, log)
	sessions := &auth.Sessions{DB: d, TTL: cfg.SessionTTL, Idle: cfg.SessionIdle, Secure: cfg.SecureCookies,
		Tenancy: directory.Tenancy{}}
	rt.Access = access.NewCatalogue(directory.Lookup{Q: d})
	rd.Access = rt.Access
	k := &kit.Kit{DB: d, Router: rt, Access: rt.Access, Renderer: rd, Sessions: sessions, Log: log, Config: cfg, Argon2: auth.DefaultArgon2,
		Jobs: jobs.New(d, log, 2), Clock: opts.Clock, Vault: keyvault.New(cfg.MasterKey, cfg.DataDir), SignatureTrust: opts.SignatureTrust}
	if err := k.Jobs.Recover(context.Background()); err != nil {
		return nil, err
	}
	if opts.Argon2 != nil {
		k.Argon2 = *opts.Argon2
	}
	switch {
	case opts.Mail != nil:
		k.Mail = opts.Mail
	case cfg.SMTPAddr != "":
		k.Mail = mail.SMTP{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom}
	default:
		k.Mail = mail.Log{Logger: log}
	}
	rd.PopFlash = func(r *http.Request) string {
		if a := auth.FromContext(r.Context()); a != nil {
			return sessions.PopFlash(r.Context(), a.SessionHash)
		}
		return ""
	}
	rt.SetFlash = func(r *http.Request, msg string) {
		if a := auth.FromContext(r.Context()); a != nil {
			sessions.SetFlash(r.Context(), a.SessionHash, msg)
		}
	}
	if err := rd.AddPages("web", web.PagesFS, "pages"); err != nil {
		return nil, err
	}
	adh := adhesions.New(k)
	reg := registry.New(k)
	dm := dir3.New(k)
	reg.Directory = dm
	var err error
	if reg.SIR, err = sirlink.FromConfig(cfg); err != nil {
		return nil, err
	}
	sirHandler, err := sirlink.HandlerFromConfig(cfg, reg)
	if err != nil {
		return nil, err
	}
	// The CIR of SIR delivers files and messages here, identified by its
	// client certificate.
	rt.Handle("POST", "/sir", access.Public, func(w http.ResponseWriter, r *http.Request) error {
		sirHandler.ServeHTTP(w, r)
		return nil
	})
	dec := decrees.New(k)
	sf := signflow.New(k)
	k.Sealer = sf
	dec.Signflow = sf
	sf.HandleSource(decrees.SourceType, dec)
	provider := oidc.New(k, opts.LogoutClient)
	um, acc := users.New(k, adh), account.New(k)
	acc.Invitations = um
	bg := background.New(k)
	acc.MayReadJob = bg.MayReadJob
	k.DemoLoad = &kit.DemoLoad{}
	rd.DemoLoading = k.DemoLoad.Loading
	sf.Confirm = acc.Confirm
	pm := portal.New(k)
	pm.Census = func(ctx context.Context, entityID, doc string, at time.Time) (portal.Resident, error) {
		v, err := census.Verify(ctx, d, entityID, doc, at)
		return portal.Resident{Registered: v.Registered, District: v.District, AgeBand: v.AgeBand}, err
	}
	eo := eoffice.New(k, reg)
	cf := casefile.New(k, reg, dec)
	dec.OnSigned = cf.OnResolutionSigned
	dec.OnCircuit = cf.OnResolutionCircuit
	eo.Cases = cf
	eo.Seals = sf.Seals
	cm := census.New(k)
	eo.Padron = cm
	cf.Tablon = pm
	pm.Citizens = eo
	sessions.OnRevoke = provider.SessionsRevoked
	for _, register := range []func() error{
		acc.Register,
		entities.New(k).Register,
		adh.Register,
		reg.Routes,
		cf.Routes,
		verify.New(k, reg, dec).Register,
		eo.Register,
		um.Register,
		stats.New(k).Register,
		auditlog.New(k).Register,
		territory.New(k).Register,
		parties.New(k, census.MoveInscriptions).Register,
		provider.Register,
		pm.Register,
		bg.Register,
		helpdesk.New(k).Register,
		cm.Register,
		dec.Register,
		sf.Register,
		collegiate.New(k, cf).Register,
		dm.Register,
	} {
		if err := register(); err != nil {
			return nil, err
		}
	}
	if err := rt.Access.CheckRoutes(rt.Routes()); err != nil {
		return nil, err
	}
	a := &App{Kit: k, oidc: provider}
	a.scheduleMaintenance()
	m := metrics.New(d.Stats)
	m.Also(k.Jobs.WriteMetrics)
	m.Also(pm.WriteMetrics)
	rt.Mux.Handle("GET /static/", web.Static(rt.NotFound))
	rt.Mux.Handle("GET /metrics", metricsGuard(m))
	rt.Mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	rt.Mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := d.PingContext(ctx); err != nil {
			http.Error(w, "base de datos no disponible", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok\n"))
	})
	rt.Mux.HandleFunc("GET /readyz/demo", func(w http.ResponseWriter, r *http.Request) {
		if _, stopped := k.DemoLoad.Stopped(); stopped {
			http.Error(w, "la carga de los datos de demostración se ha detenido antes de terminar", http.StatusInternalServerError)
			return
		}
		if !k.DemoLoad.Complete() {
			http.Error(w, "cargando los datos de demostración", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok\n"))
	})
	proxies, err := auth.ParseProxies(cfg.TrustedProxies)
	if err != nil {
		return nil, fmt.Errorf("CONCEJO_TRUSTED_PROXIES: %w", err)
	}
	var h http.Handler = rt // unmatched requests get the styled 404/405 page
	cop := http.NewCrossOriginProtection()
	for _, pattern := range slices.Concat(oidc.CrossOriginEndpoints, eoffice.CrossOriginEndpoints, signflow.CrossOriginEndpoints) {
		cop.AddInsecureBypassPattern(pattern)
	}
	h = cop.Handler(h)
	h = noteActor(h)
	h = web.PrivateCaching(h, eoffice.CitizenCookie)
	h = sessions.Middleware(h)
	h = web.Observe(log, m.Observe, rt.Fail, h)
	h = web.SecurityHeaders(h)
	h = pm.HostRouter(h)      // it rewrites entity host names and answers cached public pages
	h = proxies.Middleware(h) // outermost: every layer reads the client address it resolves
	a.Handler = h
	return a, nil
}

// metricsGuard serves /metrics only to loopback clients: the metrics name
// routes and volumes, which are not for the internet. Prometheus scrapes
// from the same host, straight to Concejo's address: a request relayed by a
// reverse proxy on that host for an outside client is refused, whether or
// not the proxy is in CONCEJO_TRUSTED_PROXIES.
func metricsGuard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !fromThisHost(r) {
			http.Error(w, "Solo accesible desde la propia máquina.", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// fromThisHost reports whether the connection and every address the request
// was forwarded for (so the client auth.ClientIP resolves, too) are loopback.
func fromThisHost(r *http.Request) bool {
	if ip := net.ParseIP(auth.PeerIP(r)); ip == nil || !ip.IsLoopback() {
		return false
	}
	for _, hop := range auth.ForwardedFor(r) {
		if hop == nil || !hop.IsLoopback() {
			return false
		}
	}
	return true
}

func noteActor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		web.NoteActor(r, auth.FromContext(r.Context()))
		next.ServeHTTP(w, r)
	})
}
