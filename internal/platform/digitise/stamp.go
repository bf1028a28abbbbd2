package digitise

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/font"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
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

// stamp writes text at the foot of every page of doc, and makes info the
// document's information (title, author…) in place of what the first
// uploaded PDF brought, whose XMP metadata it drops too: the copy is the
// office's document, not the citizen's.
func stamp(doc []byte, text string, info map[string]string) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("digitise: estampar el pie de página: %v", r)
		}
	}()
	desc := "fontname:" + stampFont + ", points:" + strconv.Itoa(stampPointsFor(text)) +
		", position:bc, offset:0 " + strconv.FormatFloat(stampBottom, 'f', 1, 64) +
		", scalefactor:1 abs, rotation:0, fillcolor:#303030, opacity:1, aligntext:center"
	wm, err := api.TextWatermark(text, desc, true, false, types.POINTS)
	if err != nil {
		return nil, fmt.Errorf("digitise: preparar el sello de pie de página: %w", err)
	}
	conf := model.NewDefaultConfiguration()
	conf.Cmd = model.ADDWATERMARKS
	conf.OptimizeDuplicateContentStreams = false
	ctx, _, _, _, err := api.ReadValidateAndOptimize(bytes.NewReader(doc), conf, time.Now())
	if err != nil {
		return nil, fmt.Errorf("digitise: leer la copia para estamparla: %w", err)
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return nil, fmt.Errorf("digitise: contar las páginas de la copia: %w", err)
	}
	pages, err := api.PagesForPageSelection(ctx.PageCount, nil, true, true)
	if err != nil {
		return nil, fmt.Errorf("digitise: seleccionar las páginas de la copia: %w", err)
	}
	if err := pdfcpu.AddWatermarks(ctx, pages, wm); err != nil {
		return nil, fmt.Errorf("digitise: estampar el pie de página: %w", err)
	}
	if err := setInfo(ctx, info); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := api.WriteContext(ctx, &buf); err != nil {
		return nil, fmt.Errorf("digitise: escribir la copia: %w", err)
	}
	return buf.Bytes(), nil
}

// setInfo replaces the document information dictionary's entries by info
// (pdfcpu adds its producer and dates when writing) and drops the XMP
// metadata stream.
func setInfo(ctx *model.Context, info map[string]string) error {
	d := types.NewDict()
	if ctx.Info != nil {
		old, err := ctx.DereferenceDict(*ctx.Info)
		if err != nil {
			return fmt.Errorf("digitise: leer la información del documento: %w", err)
		}
		if old != nil {
			d = old
			clear(d)
		}
	}
	for k, v := range info {
		s, err := types.EscapeUTF16String(v)
		if err != nil {
			return fmt.Errorf("digitise: codificar %s: %w", k, err)
		}
		d[k] = types.StringLiteral(*s)
	}
	if ctx.Info == nil {
		ref, err := ctx.IndRefForNewObject(d)
		if err != nil {
			return fmt.Errorf("digitise: crear la información del documento: %w", err)
		}
		ctx.Info = ref
	}
	delete(ctx.RootDict, "Metadata")
	return nil
}
