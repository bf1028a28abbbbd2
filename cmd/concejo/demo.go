package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"concejo/internal/app"
	"concejo/internal/demo"
	"concejo/internal/platform/auth"
)

// demoMemoryLimit is the Go heap's soft limit while the demo data load
// (unless GOMEMLIMIT says otherwise): the collector works harder instead of
// letting the heap double, which keeps the whole process under the 300 MB
// budget with SQLite's page caches.
const demoMemoryLimit = 160 << 20

func runDemo(ctx context.Context, args []string) error {
	var small bool
	cfg, err := parseServe("demo", "Crea la base de datos de demostración (la provincia de Cáceres: sus 223 municipios, "+
		"mancomunidades, personas y adhesiones) si no existe, y sirve Concejo con ella en cuanto están las entidades y los "+
		"usuarios; los datos de los módulos (padrón, incidencias, registro...) se cargan por detrás, con su avance en la "+
		"página de inicio y en /trabajos. Una segunda ejecución reutiliza la misma base y termina la carga si quedó a medias.", args,
		func(fs *flag.FlagSet) {
			fs.BoolVar(&small, "pequena", os.Getenv("CONCEJO_DEMO_SMALL") == "1",
				"carga una muestra pequeña de los datos de los módulos (padrón, incidencias...) en lugar de la provincia entera (CONCEJO_DEMO_SMALL=1)")
		})
	if err != nil {
		return err
	}
	// The demo's seals and centrally held certificates come from the
	// platform's own test authority.
	cfg.LocalCA = true
	// Its citizens identify at the sedes through the platform's own
	// Cl@ve de pruebas, as demo inhabitants of the padrón.
	cfg.LocalClave = true
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(demoMemoryLimit)
	}
	log := newLogger()
	d, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	start := time.Now()
	out := &lockedWriter{w: os.Stdout}
	fmt.Fprintln(out, "Preparando la provincia de demostración:")
	report := func(part string, took time.Duration) {
		fmt.Fprintf(out, "  %-34s %s\n", part, took.Round(10*time.Millisecond))
	}
	opts := demo.Options{PasswordParams: auth.DefaultArgon2, Now: time.Now().UTC(), Full: !small}
	t := time.Now()
	sum, err := demo.Load(ctx, d, opts)
	if err != nil {
		return err
	}
	report("entidades, usuarios y adhesiones", time.Since(t))
	return serve(ctx, d, cfg, log, func(a *app.App, url string) error {
		fmt.Fprintf(out, "\nConcejo (demostración) en %s   [base: %s, lista en %s]\n\n", url, where(cfg.DatabaseURL, d.Path),
			time.Since(start).Round(time.Millisecond))
		fmt.Fprintf(out, "Entidades: %d · usuarios: %d · adhesiones: %d\n\nUsuarios de demostración:\n",
			sum.Entities(), sum.Users, sum.Adhesions())
		for _, l := range sum.Logins {
			fmt.Fprintf(out, "  %-28s %-22s %s. %s\n", l.Email, l.Password, l.Role, l.Note)
		}
		code, _ := auth.TOTPCode(demo.AdminTOTPSecret, time.Now())
		fmt.Fprintf(out, "\nEl administrador de la Diputación usa segundo factor: clave TOTP %s (código ahora: %s;\n"+
			"con oathtool: oathtool --totp -b %s).\n\n", demo.AdminTOTPSecret, code, demo.AdminTOTPSecret)
		return loadBehind(ctx, a, opts, out, report)
	})
}

// loadBehind starts the modules' demo data load in the background and says
// so; at the end it prints how long it took and the peak memory.
func loadBehind(ctx context.Context, a *app.App, opts demo.Options, out io.Writer, report app.DemoReport) error {
	start := time.Now()
	jobID, err := a.LoadDemoBehind(ctx, opts, report, func(err error) {
		debug.SetMemoryLimit(math.MaxInt64)
		if err != nil {
			fmt.Fprintf(out, "La carga de los datos de demostración se ha detenido: %v\n"+
				"Vuelva a ejecutar «concejo demo» con la misma base para terminarla.\n", err)
			return
		}
		fmt.Fprintf(out, "Datos de demostración cargados en %s%s.\n", time.Since(start).Round(100*time.Millisecond), peakMemory())
	})
	if err != nil {
		return err
	}
	if jobID == "" {
		debug.SetMemoryLimit(math.MaxInt64)
		fmt.Fprintln(out, "Los datos de demostración de los módulos ya estaban cargados.")
		return nil
	}
	which := "una muestra"
	if opts.Full {
		which = "la provincia entera, unos minutos"
	}
	fmt.Fprintf(out, "Ya puede entrar. Los datos de los módulos (callejero, padrón, incidencias, registro, expedientes...) se cargan\n"+
		"por detrás (%s): el avance se ve en la página de inicio y, para el administrador de la Diputación,\n"+
		"en /trabajos/%s; las páginas de cada módulo lo indican hasta que tienen sus datos.\n\n", which, jobID)
	return nil
}

// peakMemory is « · memoria máxima N MB», the process's peak resident
// memory (VmHWM), or "" where the system does not tell it.
func peakMemory() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return ""
			}
			return fmt.Sprintf(" · memoria máxima %d MB", kb*1024/1_000_000)
		}
	}
	return ""
}

// lockedWriter lets the load's reports, written from its job, and the
// command's own lines share standard output.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func where(url, path string) string {
	if url != "" {
		return "PostgreSQL"
	}
	return path
}
