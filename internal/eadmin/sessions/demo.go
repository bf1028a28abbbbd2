package sessions

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

var (
	demoFirst  = []string{"María", "José", "Carmen", "Antonio", "Isabel", "Francisco", "Ana", "Manuel", "Lucía", "Javier", "Pilar", "Juan", "Rosa", "Pedro", "Elena", "Luis"}
	demoLast   = []string{"García", "Sánchez", "Rodríguez", "Martín", "Fernández", "López", "Gómez", "Díaz", "Moreno", "Jiménez", "Hernández", "Muñoz", "Pizarro", "Durán", "Bravo", "Cordero", "Rosado", "Barrantes", "Mateos", "Rubio"}
	demoGroups = []string{"Grupo Municipal Socialista", "Grupo Municipal Popular", "Grupo Municipal Independiente"}
	demoTopics = []string{
		"Aprobación de la Cuenta General del ejercicio {anio}",
		"Aprobación inicial de la modificación de la Ordenanza fiscal reguladora de la tasa por recogida de basuras",
		"Aprobación del expediente de reconocimiento extrajudicial de créditos n.º 1/{anio}",
		"Aprobación de las fiestas locales para el año {siguiente}",
		"Moción sobre la mejora del transporte público a las pedanías",
		"Aprobación del Plan de Igualdad municipal",
	}
)

func demoName(r *rand.Rand) string {
	return demoFirst[r.IntN(len(demoFirst))] + " " + demoLast[r.IntN(len(demoLast))] + " " + demoLast[r.IntN(len(demoLast))]
}

// LoadDemo gives each entity adhered to the expedientes application its
// Pleno with all its members, three past sessions (the actas of the first
// two approved, the third's in draft) and one convened for the coming
// days whose first item approves the last acta. Documents are not
// rendered: they are issued on first request. It writes nothing when the
// data are there.
func LoadDemo(ctx context.Context, d *db.DB, opts kit.DemoOptions) error {
	var n int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions_organs`).Scan(&n); err != nil || n > 0 {
		return err
	}
	ents, err := directory.AdheredEntities(ctx, d, Service, directory.ByID)
	if err != nil {
		return fmt.Errorf("sesiones: entidades adheridas a expedientes: %w", err)
	}
	now := opts.At()
	return d.Tx(ctx, func(tx *sql.Tx) error {
		for i, e := range ents {
			if err := demoEntity(ctx, tx, e, now, rand.New(rand.NewPCG(20260301, uint64(i)))); err != nil {
				return err
			}
		}
		return nil
	})
}

// demoDay is a weekday near day-of-now plus days, at 19:00 in Madrid.
func demoDay(now time.Time, days int) time.Time {
	t := now.In(web.Madrid).AddDate(0, 0, days)
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = t.AddDate(0, 0, 1)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 19, 0, 0, 0, web.Madrid).UTC()
}

func demoEntity(ctx context.Context, tx *sql.Tx, e directory.Entity, now time.Time, r *rand.Rand) error {
	o, members := defaultPleno(e, "sistema")
	o.UpdatedAt = now
	members[1].Name = demoName(r)
	for i := 1; i < o.LegalMembers; i++ {
		post := "Concejal"
		if i <= 3 {
			post = fmt.Sprintf("%s Teniente de Alcalde", []string{"", "Primer", "Segundo", "Tercer"}[i])
		}
		members = append(members, Member{EntityID: e.ID, ID: id.New(), OrganID: o.ID, Pos: i + 2, Role: RoleMember,
			Name: demoName(r), Post: post, Group: demoGroups[(i+r.IntN(2))%len(demoGroups)], Active: true})
	}
	members[0].Group = demoGroups[0]
	if err := insertOrgan(ctx, tx, o); err != nil {
		return err
	}
	for _, mb := range members {
		if err := insertMember(ctx, tx, mb); err != nil {
			return err
		}
	}
	var prev *Session
	for k, offset := range []int{-95, -62, -30, 9} {
		s := Session{EntityID: e.ID, ID: id.New(), OrganID: o.ID, Kind: KindOrdinary, State: StateConvened,
			StartsAt: demoDay(now, offset), Place: "el Salón de Plenos de la Casa Consistorial", ConvenedBy: "sistema",
			ConvenedByName: "Secretaría", ConvocationCSV: csvdoc.NewCode(), OrganName: o.Name, OrganKind: o.Kind}
		s.Year = s.StartsAt.In(web.Madrid).Year()
		s.ConvenedAt = s.StartsAt.AddDate(0, 0, -7)
		s.UpdatedAt = s.ConvenedAt
		var items []Item
		if prev != nil {
			items = append(items, Item{Kind: ItemActa, ActaSessionID: prev.ID, Title: "Aprobación, si procede, del acta de la " + lowerFirst(prev.Title())})
		}
		for j := range 2 {
			items = append(items, Item{Kind: ItemMotion, Title: strings.NewReplacer("{anio}", strconv.Itoa(s.Year-1),
				"{siguiente}", strconv.Itoa(s.Year+1)).Replace(demoTopics[(k*2+j+r.IntN(2))%len(demoTopics)])})
		}
		items = append(items, Item{Kind: ItemInfo, Title: "Dación de cuenta de las resoluciones de la Alcaldía dictadas desde la última sesión ordinaria"},
			Item{Kind: ItemInfo, Title: "Ruegos y preguntas"})
		att := map[string]string{}
		held := offset < 0
		voters := 0
		for j, mb := range members {
			st := Present
			if j == 3+k {
				st = Excused
			}
			att[mb.ID] = st
			if st == Present && mb.Votes() {
				voters++
			}
		}
		for j := range items {
			it := &items[j]
			it.EntityID, it.ID, it.SessionID, it.Pos = e.ID, id.New(), s.ID, j+1
			if !held {
				continue
			}
			switch it.Kind {
			case ItemInfo:
				it.Result = Noted
			default:
				against := r.IntN(max(1, voters/3))
				it.For, it.Against, it.Abstentions = voters-against, against, 0
				if against > 0 && r.IntN(2) == 0 {
					it.Against, it.Abstentions = against-1, 1
				}
				it.Result = decide(o, *it, it.For, it.Against)
				it.Agreement = defaultAgreement(*it)
			}
		}
		if held {
			s.State, s.OpenedAt, s.ClosedAt = StateHeld, s.StartsAt.Add(5*time.Minute), s.StartsAt.Add(time.Duration(70+r.IntN(90))*time.Minute)
			s.UpdatedAt = s.ClosedAt
			s.Acta = actaText(e, o, s, members, att, items, nil)
		}
		if err := insertSession(ctx, tx, s); err != nil {
			return err
		}
		if err := insertItems(ctx, tx, items); err != nil {
			return err
		}
		if held {
			if err := replaceAttendance(ctx, tx, e.ID, s.ID, att); err != nil {
				return err
			}
		}
		if prev != nil && held {
			prev.State, prev.ActaCSV, prev.ApprovedAt, prev.ApprovedIn, prev.UpdatedAt = StateApproved, csvdoc.NewCode(), s.ClosedAt, s.ID, s.ClosedAt
			if err := updateSession(ctx, tx, *prev, StateHeld); err != nil {
				return err
			}
		}
		prev = &s
	}
	return nil
}
