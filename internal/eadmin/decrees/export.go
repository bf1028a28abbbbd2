package decrees

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"concejo/internal/core/directory"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/pdfbook"
	"concejo/internal/platform/phrase"
	"concejo/internal/platform/sheet"
)

// yearParam reads the year of the book asked (?anio=); this year when absent.
func (m *Module) yearParam(r *http.Request) (int, error) {
	s := strings.TrimSpace(r.URL.Query().Get("anio"))
	now := civilDay(m.kit.Now()).Year()
	if s == "" {
		return now, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1900 || y > now {
		return 0, errs.New(errs.Invalid, "El año del libro no es válido: escriba un año de cuatro cifras que no sea futuro.")
	}
	return y, nil
}

// exportIndex downloads the index of a year's book, by number: CSV, ODS or XLSX.
func (m *Module) exportIndex(w http.ResponseWriter, r *http.Request) error {
	year, err := m.yearParam(r)
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("formato")
	if format == "" {
		format = "csv"
	}
	entityID := kit.Actor(r).Entity.ID
	t := sheet.Table{Name: fmt.Sprintf("Resoluciones %d", year),
		Header: []string{"Número", "Fecha", "Órgano", "Extracto", "Expediente", "Rectifica a"}}
	t.Each = func(row func([]any) error) error {
		numbers := map[string]string{} // id → number of this year's resolutions, for "rectifica a"
		return eachSigned(r.Context(), m.kit.DB, entityID, year, func(d Decree) error {
			numbers[d.ID] = d.Number
			rect := ""
			if d.RectifiesID != "" {
				if rect = numbers[d.RectifiesID]; rect == "" {
					if x, err := decreeByID(r.Context(), m.kit.DB, entityID, d.RectifiesID); err == nil {
						rect = x.Number
					}
				}
			}
			return row([]any{d.Number, d.SignedOn, d.OrganLabel(), d.Summary, d.CaseNumber, rect})
		})
	}
	return sheet.Write(w, format, fmt.Sprintf("resoluciones-%d", year), t)
}

// bookPDF streams the whole book of a year as one PDF (see writeBook).
func (m *Module) bookPDF(w http.ResponseWriter, r *http.Request) error {
	year, err := m.yearParam(r)
	if err != nil {
		return err
	}
	a := kit.Actor(r)
	ent, err := directory.EntityByID(r.Context(), m.kit.DB, a.Entity.ID)
	if err != nil {
		return err
	}
	st, err := statsOf(r.Context(), m.kit.DB, ent.ID, year)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", fmt.Sprintf("libro-resoluciones-%d.pdf", year)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if err := m.writeBook(r.Context(), w, ent, year, st); err != nil {
		// Headers may be gone: the log keeps it; the client gets a cut file.
		m.kit.Log.Error("resoluciones: libro en PDF", "entidad", ent.ID, "anio", year, "error", err)
	}
	return nil
}

// writeBook writes the book of year of ent (whose figures are st) as a PDF: diligencia de
// apertura, every signed resolution by number (órgano, date, expediente,
// extracto, text, signature, CSV), and diligencia de cierre with the count
// of resolutions and sheets (ROF art. 199). For the year in course the
// closing page says the book is still open.
func (m *Module) writeBook(ctx context.Context, out io.Writer, ent directory.Entity, year int, st bookStats) error {
	today := civilDay(m.kit.Now())
	title := fmt.Sprintf("Libro de resoluciones de %d", year)
	b := pdfbook.New(out, ent.Name+" — "+title)
	b.PageBreak()
	b.Gap(40)
	b.Line(strings.ToUpper(ent.Name), true, 14, true)
	b.Gap(10)
	b.Line(title, true, 16, true)
	b.Line("Resoluciones de la Alcaldía-Presidencia y de los concejales por delegación", false, 11, true)
	b.Gap(40)
	b.Line("DILIGENCIA DE APERTURA", true, 12, true)
	b.Gap(10)
	opening := fmt.Sprintf("Para hacer constar que el presente libro, formado por hojas numeradas correlativamente a partir de la "+
		"número 1, se destina a la transcripción de las resoluciones de la Alcaldía-Presidencia %s y de los concejales "+
		"que actúan por su delegación, dictadas en el año %d, numeradas correlativamente por año en el orden de su firma "+
		"(artículos 198 a 200 del Reglamento de Organización, Funcionamiento y Régimen Jurídico de las Entidades Locales).", phrase.Of(ent.Name), year)
	if st.Count > 0 {
		opening += fmt.Sprintf(" Comienza con la resolución %s, de %s.", st.First.Number, pdf.SpanishDate(noon(st.First.SignedOn)))
	} else {
		opening += " No contiene ninguna resolución."
	}
	b.Paragraph(opening, false, 10.5)
	b.Gap(20)
	b.Paragraph("La Secretaría", false, 10.5)
	var written int64
	err := eachSigned(ctx, m.kit.DB, ent.ID, year, func(d Decree) error {
		if written == 0 {
			b.PageBreak()
		} else {
			b.Rule()
		}
		written++
		b.Line(fmt.Sprintf("Resolución %s, de %s", d.Number, pdf.SpanishDate(noon(d.SignedOn))), true, 11.5, false)
		b.Paragraph("Órgano: "+d.OrganLabel(), false, 9.5)
		if d.CaseNumber != "" {
			b.Paragraph("Expediente: "+d.CaseNumber, false, 9.5)
		}
		b.Paragraph("Extracto: "+d.Summary, true, 10)
		for _, p := range paragraphs(d.Body) {
			b.Paragraph(p, false, 10)
		}
		b.Paragraph(fmt.Sprintf("%s. Fdo.: %s. %s el %s. CSV: %s", d.SignerPost, d.SignerName, d.SignatureLabel(),
			d.SignedOnLabel(), d.CSV), false, 9)
		return b.Err()
	})
	if err != nil {
		return err
	}
	b.PageBreak()
	b.Gap(40)
	closing := "DILIGENCIA DE CIERRE"
	text := ""
	switch {
	case year < today.Year() && written > 0:
		text = fmt.Sprintf("Para hacer constar que el libro de resoluciones del año %d %s queda cerrado con %d resoluciones, "+
			"de la %s, de %s, a la %s, de %s, transcritas en %d hojas numeradas de la 1 a la %d, incluidas las de estas diligencias.",
			year, phrase.Of(ent.Name), written, st.First.Number, pdf.SpanishDate(noon(st.First.SignedOn)), st.Last.Number,
			pdf.SpanishDate(noon(st.Last.SignedOn)), b.Pages(), b.Pages())
	case year < today.Year():
		text = fmt.Sprintf("Para hacer constar que el libro de resoluciones del año %d %s queda cerrado sin ninguna resolución, en %d hojas.",
			year, phrase.Of(ent.Name), b.Pages())
	default:
		closing = "DILIGENCIA DE SITUACIÓN"
		text = fmt.Sprintf("Para hacer constar que, a %s, el libro de resoluciones del año %d %s sigue abierto y contiene %d resoluciones "+
			"en %d hojas numeradas de la 1 a la %d. Se cerrará con su diligencia de cierre al terminar el año.",
			pdf.SpanishDate(noon(today)), year, phrase.Of(ent.Name), written, b.Pages(), b.Pages())
	}
	b.Line(closing, true, 12, true)
	b.Gap(10)
	b.Paragraph(text, false, 10.5)
	b.Gap(20)
	b.Paragraph("La Secretaría", false, 10.5)
	return b.Close(ent.Name + " — " + title)
}
