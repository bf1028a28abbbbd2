package sessions

import (
	"context"
	"fmt"
	"io"

	"concejo/internal/core/directory"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/pdfbook"
	"concejo/internal/platform/phrase"
)

// writeBook writes the libro de actas of an órgano for a year (ROF arts.
// 110 and 199): diligencia de apertura, the approved actas of the year's
// sessions by date, each with its approval and CSV, and the diligencia de
// cierre (or, for the year in course, de situación) with the count of
// actas and sheets. Actas still in draft are not transcribed. The PDF is
// streamed by pdfbook; the actas of a year fit in memory (a Pleno meets
// at most a few dozen times a year).
func (m *Module) writeBook(ctx context.Context, out io.Writer, ent directory.Entity, o Organ, year int) error {
	sessions, err := sessionsOf(ctx, m.kit.DB, ent.ID, o.ID, year)
	if err != nil {
		return err
	}
	var actas []Session
	for _, s := range sessions {
		if s.State == StateApproved {
			actas = append(actas, s)
		}
	}
	title := fmt.Sprintf("Libro de actas %s de %d", phrase.Of(o.Name), year)
	b := pdfbook.New(out, ent.Name+" — "+title)
	b.PageBreak()
	b.Gap(40)
	b.Line(ent.Name, true, 14, true)
	b.Gap(10)
	b.Line(title, true, 16, true)
	b.Gap(40)
	b.Line("DILIGENCIA DE APERTURA", true, 12, true)
	b.Gap(10)
	b.Paragraph(fmt.Sprintf("Para hacer constar que el presente libro, formado por hojas numeradas correlativamente a partir de la número 1, "+
		"se destina a la transcripción de las actas aprobadas de las sesiones %s %s celebradas en el año %d "+
		"(artículos 109, 110 y 199 del Reglamento de Organización, Funcionamiento y Régimen Jurídico de las Entidades Locales).",
		phrase.Of(o.Name), phrase.Of(ent.Name), year), false, 10.5)
	b.Gap(20)
	b.Paragraph("La Secretaría", false, 10.5)
	for i, s := range actas {
		if i == 0 {
			b.PageBreak()
		} else {
			b.Rule()
		}
		for j, p := range paragraphs(s.Acta) {
			b.Paragraph(p, j == 0, 10)
		}
		approval := fmt.Sprintf("Acta aprobada el %s", s.ApprovedAt.Format("02/01/2006"))
		if prev, err := sessionByID(ctx, m.kit.DB, ent.ID, s.ApprovedIn); err == nil {
			approval = "Acta aprobada en la " + lowerFirst(prev.Title())
		}
		b.Paragraph(approval+". CSV: "+s.ActaCSV, false, 9)
		if err := b.Err(); err != nil {
			return err
		}
	}
	b.PageBreak()
	b.Gap(40)
	today := m.kit.Now()
	closing, text := "DILIGENCIA DE CIERRE", ""
	if year < today.Year() {
		text = fmt.Sprintf("Para hacer constar que el libro de actas %s del año %d queda cerrado con %d actas, transcritas en %d hojas "+
			"numeradas de la 1 a la %d, incluidas las de estas diligencias.", phrase.Of(o.Name), year, len(actas), b.Pages(), b.Pages())
	} else {
		closing = "DILIGENCIA DE SITUACIÓN"
		text = fmt.Sprintf("Para hacer constar que, a %s, el libro de actas %s del año %d sigue abierto y contiene %d actas aprobadas "+
			"en %d hojas numeradas de la 1 a la %d.", pdf.SpanishDate(today), phrase.Of(o.Name), year, len(actas), b.Pages(), b.Pages())
	}
	b.Line(closing, true, 12, true)
	b.Gap(10)
	b.Paragraph(text, false, 10.5)
	b.Gap(20)
	b.Paragraph("La Secretaría", false, 10.5)
	return b.Close(ent.Name + " — " + title)
}
