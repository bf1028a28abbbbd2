package portal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"concejo/internal/platform/db"
)

// A site's identity colour is the background of its header, under white
// text: it must reach the contrast WCAG 2.1 asks of normal text (1.4.3, AA).

// minContrast is the least contrast ratio between the colour and white.
const minContrast = 4.5

// defaultColour is the colour of sites that choose none (the Diputación's
// portal blue).
const defaultColour = "#12395f"

// parseColour reads "#rrggbb" (or "rrggbb", any case) into its channels.
func parseColour(s string) (r, g, b uint8, ok bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(s) != 6 {
		return 0, 0, 0, false
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return 0, 0, 0, false
	}
	return uint8(v >> 16), uint8(v >> 8), uint8(v), true
}

func formatColour(r, g, b uint8) string { return fmt.Sprintf("#%02x%02x%02x", r, g, b) }

// luminance is the relative luminance of a colour (WCAG 2.1 definition).
func luminance(r, g, b uint8) float64 {
	lin := func(c uint8) float64 {
		v := float64(c) / 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrastWithWhite is the contrast ratio of white text on the colour.
func contrastWithWhite(r, g, b uint8) float64 { return 1.05 / (luminance(r, g, b) + 0.05) }

// darken scales the channels by f (0–1).
func darken(r, g, b uint8, f float64) (uint8, uint8, uint8) {
	return uint8(float64(r) * f), uint8(float64(g) * f), uint8(float64(b) * f)
}

// readableShade is the lightest shade of the colour (same hue, darker) that
// white text can be read on.
func readableShade(r, g, b uint8) string {
	f := 1.0
	for f > 0 {
		dr, dg, db := darken(r, g, b, f)
		if contrastWithWhite(dr, dg, db) >= minContrast {
			return formatColour(dr, dg, db)
		}
		f -= 0.01
	}
	return "#000000"
}

// checkColour validates an identity colour chosen by an editor: it returns
// the colour normalised ("#1f5e3a"; "" when none was given) or a Spanish
// message that explains why it cannot be used and proposes a darker shade.
func checkColour(s string) (string, string) {
	if strings.TrimSpace(s) == "" {
		return "", ""
	}
	r, g, b, ok := parseColour(s)
	if !ok {
		return "", "Escriba el color en formato hexadecimal, como #1f5e3a."
	}
	if c := contrastWithWhite(r, g, b); c < minContrast {
		return "", fmt.Sprintf("El color %s no contrasta lo bastante con el texto blanco de la cabecera (%s:1; hacen falta al menos 4,5:1). "+
			"Pruebe con %s, el mismo tono más oscuro.", formatColour(r, g, b), strings.Replace(strconv.FormatFloat(c, 'f', 1, 64), ".", ",", 1),
			readableShade(r, g, b))
	}
	return formatColour(r, g, b), ""
}

// Palette is the site's colours as its stylesheet uses them.
type Palette struct {
	// Main is the header's background; Dark the menu's (a darker shade).
	Main, Dark string
}

// palette returns the colours of a site whose identity colour is c ("" =
// the default).
func palette(c string) Palette {
	r, g, b, ok := parseColour(c)
	if !ok || contrastWithWhite(r, g, b) < minContrast {
		r, g, b, _ = parseColour(defaultColour)
	}
	dr, dg, db := darken(r, g, b, 0.75)
	return Palette{Main: formatColour(r, g, b), Dark: formatColour(dr, dg, db)}
}

// identityCSS serves the site's colours as CSS custom properties: the page
// layout links it, since the security policy forbids inline styles.
func (m *Module) identityCSS(r *http.Request, s *Site) ([]byte, string, error) {
	p := palette(s.Colour)
	css := fmt.Sprintf(":root{--identidad:%s;--identidad-oscura:%s}\n", p.Main, p.Dark)
	return []byte(css), "text/css; charset=utf-8", nil
}

// Colours returns the identity colours of entityID's public site (the
// defaults when it has none or chose none): the sede electrónica shows the
// same identity as the portal.
func Colours(ctx context.Context, q db.Queryer, entityID string) (Palette, error) {
	var c string
	err := q.QueryRowContext(ctx, `SELECT colour FROM portal_sites WHERE entity_id = $1`, entityID).Scan(&c)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Palette{}, fmt.Errorf("portal: leer el color de la entidad %s: %w", entityID, err)
	}
	return palette(c), nil
}
