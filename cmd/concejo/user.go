package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"concejo/internal/app"
	"concejo/internal/core/users"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/config"
)

func runUser(ctx context.Context, args []string) error {
	const help = "Crea un administrador de la Diputación (el primero de una instalación nueva).\n" +
		"La contraseña se lee de CONCEJO_ADMIN_PASSWORD o, si no está, de la entrada estándar.\n" +
		"Al entrar por primera vez se le pedirá activar el segundo factor (TOTP)."
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(os.Stderr, "Uso: concejo user create --nif NIF --nombre NOMBRE --apellido1 APELLIDO --email CORREO [opciones]\n\n"+help)
		return fmt.Errorf("falta la suborden create")
	}
	cfg := config.Default()
	fs := newFlags("user create", help)
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "directorio de datos (CONCEJO_DATA)")
	var in users.NewUser
	fs.StringVar(&in.NIF, "nif", "", "NIF de la persona (DNI o NIE)")
	fs.StringVar(&in.Name, "nombre", "", "nombre")
	fs.StringVar(&in.Surname1, "apellido1", "", "primer apellido")
	fs.StringVar(&in.Surname2, "apellido2", "", "segundo apellido")
	fs.StringVar(&in.Email, "email", "", "correo electrónico")
	fs.StringVar(&in.Phone, "telefono", "", "teléfono")
	fs.StringVar(&in.JobTitle, "cargo", "", "cargo o puesto")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	password := os.Getenv("CONCEJO_ADMIN_PASSWORD")
	if password == "" {
		fmt.Fprint(os.Stderr, "Contraseña (al menos 12 caracteres): ")
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("no se ha podido leer la contraseña")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	d, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	id, err := users.CreateFirstAdmin(ctx, d, auth.DefaultArgon2, in, password)
	if err != nil {
		return err
	}
	fmt.Printf("Administrador creado (id %s). Entre con %s en %s/entrar.\n", id, in.Email, cfg.Public())
	return nil
}
