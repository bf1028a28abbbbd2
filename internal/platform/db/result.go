package db

import (
	"database/sql"
	"strings"
)

// Affected turns the result of an UPDATE or DELETE of one row into
// ErrNotFound when no row matched (another entity's id, or a missing one).
func Affected(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// likeEscaper protects the LIKE wildcards typed by users.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// EscapeLike escapes s for a LIKE pattern written with ESCAPE '\'.
func EscapeLike(s string) string { return likeEscaper.Replace(s) }
