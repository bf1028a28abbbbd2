package digitise

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/font"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Stamp geometry in points: the text sits centred at the foot of every
// page, inside the band that scanned pages keep free; a text too long for
// the narrowest page (A4 portrait) goes on two lines, and is set smaller
// only if a line is still too long.
const (
	stampFont      = "Helvetica"
	stampPoints    = 7
	stampMinPoints = 4
	stampBottom    = 8.0
	stampWidth     = 595.0 - 2*28.0
)

// stampText is the text stamped on every page; pdfcpu replaces %p and %P
// with the page number and the number of pages.
func stampText(csv, url string) string {
	first := "Copia auténtica de documento presentado en papel · CSV: " + csv + " · "
	second := "Verificable en " + url + " · Página %p de %P"
	if stampFits(first+second, stampPoints) {
		return first + second
	}
	return first + "\n" + second
}

// stampPointsFor returns the largest size, no larger than stampPoints, at
// which every line of text fits stampWidth.
func stampPointsFor(text string) int {
	pt := stampPoints
	for pt > stampMinPoints && !stampFits(text, pt) {
		pt--
	}
	return pt
}

// stampFits reports whether every line of text, with page numbers of up
// to three digits, fits stampWidth at pt points.
func stampFits(text string, pt int) bool {
	for _, line := range strings.Split(strings.ReplaceAll(text, "%p de %P", "999 de 999"), "\n") {
		if font.TextWidth(line, stampFont, pt) > stampWidth {
			return false
		}
	}
	return true
}

// stamp writes text at the foot of every page of doc.
func stamp(doc []byte, text string) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("digitise: estampar el pie de página: %v", r)
		}
	}()
	desc := "fontname:" + stampFont + ", points:" + strconv.Itoa(stampPointsFor(text)) +
		", position:bc, offset:0 " + strconv.FormatFloat(stampBottom, 'f', 1, 64) +
		", scalefactor:1 abs, rotation:0, fillcolor:#303030, opacity:1"
	wm, err := api.TextWatermark(text, desc, true, false, types.POINTS)
	if err != nil {
		return nil, fmt.Errorf("digitise: preparar el sello de pie de página: %w", err)
	}
	var buf bytes.Buffer
	if err := api.AddWatermarks(bytes.NewReader(doc), &buf, nil, wm, nil); err != nil {
		return nil, fmt.Errorf("digitise: estampar el pie de página: %w", err)
	}
	return buf.Bytes(), nil
}
