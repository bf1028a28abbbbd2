package facturae

import (
	"os"
	"path/filepath"
	"testing"
)

// sample is what a file of testdata/ must give.
type sample struct {
	file                     string
	version                  Version
	seller, buyer            string
	number                   string
	lines                    int
	total, outstanding, exec int64 // cents
	centres                  map[string]string
	iban                     string
	signed                   bool
	signerNIF                string
}

// samples are the real files of testdata/ (see SOURCES.md). Their
// signatures do not verify: the files were re-serialised after signing
// (xmlsec1 agrees, see SOURCES.md).
var samples = []sample{
	{file: "invoice-face.xml", version: V322, seller: "B23103039", buyer: "P2807900B", number: "TEST01002F", lines: 1,
		total: 484000, outstanding: 484000, exec: 484000,
		centres: map[string]string{RoleOficinaContable: "L01280796", RoleOrganoGestor: "LA0007407", RoleUnidadTramitadora: "LA0007408"},
		iban:    "ES2501882570718544704761", signed: true, signerNIF: "99999999R"},
	{file: "invoice_amounts_withheld.xml", version: V321, seller: "ESK103179802", buyer: "ESD31572167", number: "67pruebaM", lines: 1,
		total: 5005938, outstanding: 5005938, exec: 4538093, iban: "ES4445556666000000000022"},
	{file: "invoice_facturae32_signed.xml", version: V32, seller: "ESP1700000A", buyer: "77310058C", number: "766", lines: 3,
		total: 65800, outstanding: 65800, exec: 65800, signed: true, signerNIF: "46228160T"},
}

// readSample reads a file of testdata/.
func readSample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSamples(t *testing.T) {
	for _, s := range samples {
		t.Run(s.file, func(t *testing.T) {
			f, err := Parse(readSample(t, s.file))
			if err != nil {
				t.Fatal(err)
			}
			if f.Version != s.version || f.Seller.NIF != s.seller || f.Buyer.NIF != s.buyer {
				t.Errorf("version %s seller %s buyer %s", f.Version, f.Seller.NIF, f.Buyer.NIF)
			}
			if len(f.Invoices) != 1 || f.Batch.InvoicesCount != 1 {
				t.Fatalf("%d invoices", len(f.Invoices))
			}
			inv := f.Invoices[0]
			tt := inv.Totals
			if inv.Number != s.number || len(inv.Lines) != s.lines || inv.IssueDate.IsZero() {
				t.Errorf("invoice %q, %d lines, issued %v", inv.Number, len(inv.Lines), inv.IssueDate)
			}
			if tt.InvoiceTotal.Cents() != s.total || tt.Outstanding.Cents() != s.outstanding || tt.Executable.Cents() != s.exec {
				t.Errorf("totals %s %s %s", tt.InvoiceTotal, tt.Outstanding, tt.Executable)
			}
			if f.Batch.TotalInvoices.Cents() != s.total || f.Batch.TotalExecutable.Cents() != s.exec {
				t.Errorf("batch %+v", f.Batch)
			}
			for role, code := range s.centres {
				if c, ok := f.Buyer.Centre(role); !ok || c.Code != code {
					t.Errorf("centre %s: %+v", role, c)
				}
			}
			if len(inv.Installments) != 1 || inv.Installments[0].IBAN != s.iban || inv.Installments[0].DueDate.IsZero() {
				t.Errorf("installments %+v", inv.Installments)
			}
			if f.Seller.Name() == "" || f.Buyer.Name() == "" || f.Seller.Address().Town == "" {
				t.Errorf("parties %q %q %+v", f.Seller.Name(), f.Buyer.Name(), f.Seller.Address())
			}
			if p := f.Check(); len(p) != 0 {
				t.Errorf("problems: %+v", p)
			}
			r, err := VerifySignature(readSample(t, s.file))
			if err != nil {
				t.Fatal(err)
			}
			if r.Signed != s.signed || r.Intact || r.Valid() || r.Signer.NIF != s.signerNIF {
				t.Errorf("signature %+v", r)
			}
			if s.signed && (!r.Whole || r.Time.IsZero() || r.Subject == "") {
				t.Errorf("signature %+v", r)
			}
		})
	}
}

func TestWithheldAmounts(t *testing.T) {
	f, err := Parse(readSample(t, "invoice_amounts_withheld.xml"))
	if err != nil {
		t.Fatal(err)
	}
	tt := f.Invoices[0].Totals
	if len(tt.AmountsWithheld) != 1 || tt.AmountsWithheld[0].Cents() != 467845 {
		t.Errorf("withheld %v", tt.AmountsWithheld)
	}
}
