package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"concejo/internal/app"
	"concejo/internal/demo"
	"concejo/internal/platform/auth"
)

func runDemo(ctx context.Context, args []string) error {
	var small bool
	cfg, err := parseServe("demo", "Crea la base de datos de demostración (la provincia de Cáceres: sus 223 municipios, "+
		"mancomunidades, personas y adhesiones) si no existe, y sirve Concejo con ella. Una segunda ejecución reutiliza la misma base.", args,
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
	log := newLogger()
	d, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	start := time.Now()
	fmt.Fprintln(os.Stdout, "Preparando la provincia de demostración (la primera vez, unos minutos con la provincia entera; --pequena carga una muestra):")
	sum, err := app.LoadDemo(ctx, d, demo.Options{PasswordParams: auth.DefaultArgon2, Now: time.Now().UTC(), Full: !small},
		func(part string, took time.Duration) {
			fmt.Fprintf(os.Stdout, "  %-34s %s\n", part, took.Round(10*time.Millisecond))
		})
	if err != nil {
		return err
	}
	return serve(ctx, d, cfg, log, func(url string) {
		fmt.Fprintf(os.Stdout, "\nConcejo (demostración) en %s   [base: %s, preparada en %s]\n\n", url, where(cfg.DatabaseURL, d.Path),
			time.Since(start).Round(time.Millisecond))
		fmt.Fprintf(os.Stdout, "Entidades: %d · usuarios: %d · adhesiones: %d\n\nUsuarios de demostración:\n",
			sum.Entities(), sum.Users, sum.Adhesions())
		for _, l := range sum.Logins {
			fmt.Fprintf(os.Stdout, "  %-28s %-22s %s. %s\n", l.Email, l.Password, l.Role, l.Note)
		}
		code, _ := auth.TOTPCode(demo.AdminTOTPSecret, time.Now())
		fmt.Fprintf(os.Stdout, "\nEl administrador de la Diputación usa segundo factor: clave TOTP %s (código ahora: %s;\n"+
			"con oathtool: oathtool --totp -b %s).\n\n", demo.AdminTOTPSecret, code, demo.AdminTOTPSecret)
	})
}

func where(url, path string) string {
	if url != "" {
		return "PostgreSQL"
	}
	return path
}
