// Command concejo runs the Concejo platform: the web server, the demo
// province, migrations, the first administrator, audit verification, backups
// and the table of routes and permissions.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string) error
}

var commands = []command{
	{"serve", "sirve la plataforma", runServe},
	{"demo", "crea (si no existe) la provincia de demostración y la sirve", runDemo},
	{"migrate", "aplica las migraciones pendientes de la base de datos", runMigrate},
	{"user", "gestiona usuarios desde la consola (user create: primer administrador)", runUser},
	{"audit", "comprueba la cadena de auditoría (audit verify)", runAudit},
	{"backup", "hace una copia consistente de la base de datos SQLite en caliente", runBackup},
	{"routes", "lista las rutas con el permiso que declara cada una", runRoutes},
	{"stats", "muestra lo que ocupa cada tabla de la base de datos (stats storage)", runStats},
}

func usage() {
	fmt.Fprintln(os.Stderr, "Uso: concejo <orden> [opciones]\n\nÓrdenes:")
	for _, c := range commands {
		fmt.Fprintf(os.Stderr, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(os.Stderr, "\nUse «concejo <orden> --help» para ver las opciones de cada una.")
}

func main() {
	if len(os.Args) < 2 || os.Args[1] == "-h" || os.Args[1] == "--help" || os.Args[1] == "help" {
		usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	for _, c := range commands {
		if c.name == os.Args[1] {
			if err := c.run(ctx, os.Args[2:]); err != nil {
				fmt.Fprintln(os.Stderr, "concejo "+c.name+": "+err.Error())
				os.Exit(1)
			}
			return
		}
	}
	fmt.Fprintf(os.Stderr, "Orden desconocida: %q\n\n", os.Args[1])
	usage()
	os.Exit(2)
}
