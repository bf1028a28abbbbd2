package registry_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/registry"
)

// Random values within the register's and SICRES's limits, often at the
// limit: accents, ñ, and the longest values each field holds.
var (
	givenNames = []string{"María José", "Íñigo", "Lucía", "Óscar", "Begoña", "Juan", "Cher", "Ramón Jesús", "Nuria"}
	surnames   = []string{"García", "Núñez", "Fernández de la Peña", "Muñoz", "Íñiguez", "Sánchez-Arjona", "López", "Gil"}
	companies  = []string{"Construcciones Hermanos Muñoz, S.L.", "Asociación Cultural «El Jarramplas»", "Cooperativa Agraria Vegas Altas, S. Coop."}
	words      = strings.Fields("solicitud licencia obra menor vado permanente reforma baño cocina fachada ocupación vía pública terraza veladores certificado empadronamiento alegación recurso reposición")
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// text is a phrase of words of at most max characters, often exactly max.
func text(r *rand.Rand, max int) string {
	var b strings.Builder
	for b.Len() < max {
		w := pick(r, words)
		if b.Len() > 0 {
			w = " " + w
		}
		if len([]rune(b.String()+w)) > max {
			break
		}
		b.WriteString(w)
	}
	s := b.String()
	if r.IntN(2) == 0 {
		s += strings.Repeat("ñ", max-len([]rune(s)))
	}
	return s
}

func digitsOf(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	return b.String()
}

// nifs are valid NIF, NIE and CIF numbers with their types.
var nifs = [][2]string{{"NIF", "12345678Z"}, {"NIF", "00000000T"}, {"NIE", "X1234567L"}, {"CIF", "B10123453"}, {"PASAPORTE", "PAA123456"}}

// person is a random interesado or representante: a natural person with
// name parts, a company, or a person given by a one-word name.
func person(r *rand.Rand) registry.Interested {
	p := registry.Interested{Email: "persona" + digitsOf(r, 3) + "@example.org", Phone: "6" + digitsOf(r, 8),
		Address: text(r, 160)}
	p.Country, p.Province, p.Municipality, p.PostCode = "724", "10", "0372", "10"+digitsOf(r, 3)
	p.Notes = text(r, 160)
	switch r.IntN(3) {
	case 0:
		p.BusinessName = pick(r, companies)
		p.DocType, p.DocNumber = "CIF", "B10123453"
		p.DEH, p.Channel = "notificaciones"+digitsOf(r, 2)+"@dehu.example.es", "02"
	case 1:
		p.GivenName, p.Surname1, p.Surname2 = pick(r, givenNames), pick(r, surnames), pick(r, surnames)
		d := pick(r, nifs[:3])
		p.DocType, p.DocNumber = d[0], d[1]
		p.Channel = "01"
	default:
		// A whole name, split on sending (the last two words are the
		// surnames).
		p.Name = pick(r, []string{"Íñigo", "Lucía", "Begoña"}) + " " + pick(r, []string{"Muñoz", "Sánchez-Arjona", "Núñez"})
		p.DocType, p.DocNumber = "PASAPORTE", "PAA123456"
		p.Channel = "03"
	}
	return p
}

// randomEntry is a salida of Cáceres to Plasencia with every SICRES field.
func randomEntry(r *rand.Rand, env *apptest.Env, t testing.TB) registry.NewEntry {
	in := registry.NewEntry{EntityID: env.EntityID(t, apptest.Dir3Caceres), Kind: "salida", Means: pick(r, []string{"presencial", "correo", "electronico"}),
		Subject: text(r, 120), Summary: text(r, 240), DocType: "TD06", DestDIR3: apptest.Dir3Plasencia,
		DestName: "Ayuntamiento de Plasencia", ExternalRef: "REF-" + digitsOf(r, 12), Expone: text(r, 4000),
		Solicita: text(r, 4000), By: env.UserID(t, apptest.Caceres),
		EntryDetails: registry.EntryDetails{DestUnitDIR3: apptest.Dir3Plasencia, DestUnitName: "Ayuntamiento de Plasencia",
			SubjectCode: "ASU-" + digitsOf(r, 12), CaseNumber: text(r, 80), TransportType: pick(r, []string{"01", "02", "03", "05", "07"}),
			TransportNumber: "CD" + digitsOf(r, 18), PhysicalDocs: pick(r, []string{"1", "2", "3"}), Notes: text(r, 50)}}
	for range 1 + r.IntN(3) {
		p := person(r)
		if r.IntN(2) == 0 {
			// SICRES has no observaciones of the representante.
			rep := person(r)
			rep.Notes = ""
			p.Representative = &rep
		}
		in.Interested = append(in.Interested, p)
	}
	exts := []string{"pdf", "odt", "docx", "xlsx", "jpg", "png", "txt", "xml"}
	for i := range r.IntN(4) {
		ext := pick(r, exts)
		content := make([]byte, 1+r.IntN(4096))
		for j := range content {
			content[j] = byte(r.IntN(256))
		}
		d := registry.Attachment{Filename: fmt.Sprintf("Documento %d de la señora Núñez.%s", i+1, ext), Content: content,
			DocumentMeta: registry.DocumentMeta{Validity: pick(r, []string{"01", "02", "03", "04"}), Kind: pick(r, []string{"01", "02"}),
				Notes: text(r, 50)}}
		if r.IntN(3) == 0 {
			d.Signature, d.Certificate = []byte("firma "+digitsOf(r, 20)), []byte("certificado "+digitsOf(r, 20))
		}
		in.Documents = append(in.Documents, d)
	}
	return in
}

// storedRows reads the rows of a table that belong to an asiento, without
// the columns that name the asiento or the entity, or that each side
// fills on its own.
func storedRows(t testing.TB, env *apptest.Env, table, entryID string, skip ...string) []map[string]any {
	t.Helper()
	where := " WHERE entry_id = $1 ORDER BY pos"
	if table == "registry_entries" {
		where = " WHERE id = $1"
	}
	rows, err := env.App.Kit.DB.QueryContext(context.Background(), `SELECT * FROM `+table+where, entryID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []map[string]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := map[string]any{}
		for i, c := range cols {
			if !slicesContains(append(skip, "entity_id", "entry_id", "id"), c) {
				if b, ok := vals[i].([]byte); ok {
					vals[i] = string(b)
				}
				row[c] = vals[i]
			}
		}
		out = append(out, row)
	}
	return out
}

func slicesContains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// splitForTest is how a whole name of two words is split on sending.
func splitForTest(full string) (name, s1, s2 string) {
	w := strings.Fields(full)
	return w[0], w[1], ""
}

var sentRe = regexp.MustCompile(`/registro/sir/([0-9A-Za-z]+)$`)

// TestSIRRoundTrip: asientos with random values in every SICRES field,
// at their full lengths, sent by Cáceres and accepted by Plasencia, keep
// every field: the interesados with their parts and representantes, the
// documents with their content, validity, kind, signature, certificate and
// observations, and the asiento's details. Each file validates against
// the schema.
func TestSIRRoundTrip(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		reg := registry.New(env.App.Kit)
		cc, pl := env.Login(t, apptest.Caceres), env.Login(t, apptest.Plasencia)
		r := rand.New(rand.NewPCG(18, 2026))
		for i := range 12 {
			in := randomEntry(r, env, t)
			sent, err := reg.Register(ctx, in)
			if err != nil {
				t.Fatalf("%d: register: %v", i, err)
			}
			res := cc.Post("/registro/asientos/"+sent.ID+"/sir", url.Values{})
			if sentRe.FindString(res.Location) == "" {
				t.Fatalf("%d: send: %d %s", i, res.Status, apptest.Text(res.Body))
			}
			file := []byte(cc.Get(res.Location + "/fichero.xml").Body)
			xmllintFile(t, file)
			res = uploadSIR(t, pl, file)
			if sentRe.FindString(res.Location) == "" {
				t.Fatalf("%d: receive: %d %s", i, res.Status, apptest.Text(res.Body))
			}
			res = pl.Post(res.Location+"/aceptar", url.Values{})
			got := idFrom(t, res)
			// The interesados and representantes, as presented.
			a, b := storedRows(t, env, "registry_interested", sent.ID, "party_id"), storedRows(t, env, "registry_interested", got, "party_id")
			for k := range a {
				// A whole name is sent split into name and surnames.
				if k < len(b) && a[k]["given_name"] == "" && a[k]["business_name"] == "" {
					name, s1, s2 := splitForTest(fmt.Sprint(a[k]["name"]))
					a[k]["given_name"], a[k]["surname1"], a[k]["surname2"] = name, s1, s2
				}
			}
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("%d: interesados differ:\nsent     %v\nreceived %v", i, a, b)
			}
			// The documents: the receiver also keeps the identifier and
			// hash they came with.
			if a, b := storedRows(t, env, "registry_documents", sent.ID, "file_id", "sicres_hash"), storedRows(t, env, "registry_documents", got, "file_id", "sicres_hash"); !reflect.DeepEqual(a, b) {
				t.Fatalf("%d: documents differ:\nsent     %.2000v\nreceived %.2000v", i, a, b)
			}
			// The asiento: what SICRES carries, the rest being each book's.
			keep := []string{"summary", "external_ref", "expone", "solicita", "dest_unit_dir3", "dest_unit_name", "subject_code",
				"case_number", "transport_type", "transport_number", "physical_docs", "entry_notes"}
			ea, eb := storedRows(t, env, "registry_entries", sent.ID)[0], storedRows(t, env, "registry_entries", got)[0]
			for _, c := range keep {
				if !reflect.DeepEqual(ea[c], eb[c]) {
					t.Fatalf("%d: %s: sent %q, received %q", i, c, ea[c], eb[c])
				}
			}
			if eb["origin_number"] != ea["number"] {
				t.Fatalf("%d: origin number %v, want %v", i, eb["origin_number"], ea["number"])
			}
		}
	})
}
