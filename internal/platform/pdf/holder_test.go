package pdf

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"testing"

	"concejo/internal/platform/auth/certtest"
)

// TestHolderOf reads the holders of the certificates for administrations
// (firma.md §7) from their SubjectAltName, in the 2016 and legacy arcs,
// and of others from their subject.
func TestHolderOf(t *testing.T) {
	ca := certtest.NewCA(t, "AC Administración Pública")
	orgID := pkix.AttributeTypeAndValue{Type: asn1.ObjectIdentifier{2, 5, 4, 97}, Value: "VATES-P1003700I"}
	title := pkix.AttributeTypeAndValue{Type: asn1.ObjectIdentifier{2, 5, 4, 12}, Value: "Secretaria"}
	employee := certtest.Subject("IDCES-12345678Z", "MARIA GARCIA LOPEZ - DNI 12345678Z")
	sealSubject := certtest.Subject("P1003700I", "SELLO REGISTRO AYUNTAMIENTO DE CACERES")
	sealSubject.Organization = []string{"AYUNTAMIENTO DE CACERES"}
	withOrg := certtest.Subject("IDCES-12345678Z", "GARCIA LOPEZ MARIA - 12345678Z")
	withOrg.Organization = []string{"Ayuntamiento de Cáceres"}
	withOrg.ExtraNames = append(withOrg.ExtraNames, orgID, title)
	cases := map[string]struct {
		subject pkix.Name
		san     map[string]string
		want    Holder
	}{
		"empleado público": {employee, map[string]string{
			"2.16.724.1.3.5.7.2.1": "certificado electrónico de empleado público", "2.16.724.1.3.5.7.2.2": "AYUNTAMIENTO DE CACERES",
			"2.16.724.1.3.5.7.2.3": "P1003700I", "2.16.724.1.3.5.7.2.4": "12345678Z", "2.16.724.1.3.5.7.2.6": "MARIA",
			"2.16.724.1.3.5.7.2.7": "GARCIA", "2.16.724.1.3.5.7.2.8": "LOPEZ", "2.16.724.1.3.5.7.2.11": "SECRETARIA-INTERVENTORA"},
			Holder{Name: "MARIA GARCIA LOPEZ", NIF: "12345678Z", Kind: PublicEmployee, Entity: "AYUNTAMIENTO DE CACERES",
				EntityNIF: "P1003700I", Post: "SECRETARIA-INTERVENTORA"}},
		"empleado público, arco de 2012": {employee, map[string]string{
			"2.16.724.1.3.5.3.2.2": "DIPUTACION DE CACERES", "2.16.724.1.3.5.3.2.3": "P1000000F", "2.16.724.1.3.5.3.2.4": "12345678Z"},
			Holder{Name: "MARIA GARCIA LOPEZ", NIF: "12345678Z", Kind: PublicEmployee, Entity: "DIPUTACION DE CACERES", EntityNIF: "P1000000F"}},
		"sello electrónico": {sealSubject, map[string]string{
			"2.16.724.1.3.5.6.2.2": "AYUNTAMIENTO DE CACERES", "2.16.724.1.3.5.6.2.3": "P1003700I", "2.16.724.1.3.5.6.2.4": "87654321X",
			"2.16.724.1.3.5.6.2.5": "SELLO REGISTRO", "2.16.724.1.3.5.6.2.6": "JUAN"},
			Holder{Name: "SELLO REGISTRO AYUNTAMIENTO DE CACERES", NIF: "P1003700I", Kind: Seal, Entity: "AYUNTAMIENTO DE CACERES",
				EntityNIF: "P1003700I"}},
		"persona con organización": {withOrg, nil,
			Holder{Name: "GARCIA LOPEZ MARIA", NIF: "12345678Z", Entity: "Ayuntamiento de Cáceres", EntityNIF: "P1003700I", Post: "Secretaria"}},
		"ciudadano": {certtest.Name("GARCIA LOPEZ MARIA", "12345678Z"), nil, Holder{Name: "GARCIA LOPEZ MARIA", NIF: "12345678Z"}},
		"FNMT antiguo": {pkix.Name{Country: []string{"ES"}}, map[string]string{"1.3.6.1.4.1.5734.1.1": "MARIA",
			"1.3.6.1.4.1.5734.1.2": "GARCIA", "1.3.6.1.4.1.5734.1.3": "LOPEZ", "1.3.6.1.4.1.5734.1.4": "12345678Z"},
			Holder{Name: "MARIA GARCIA LOPEZ", NIF: "12345678Z"}},
		// A NIF with a wrong check letter in the SubjectAltName gives way
		// to the right one of the subject.
		"letra errónea": {employee, map[string]string{"2.16.724.1.3.5.7.2.4": "12345678A"},
			Holder{Name: "MARIA GARCIA LOPEZ", NIF: "12345678Z", Kind: PublicEmployee}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			var o certtest.SignerOptions
			if c.san != nil {
				o.Extensions = []pkix.Extension{certtest.DirectoryName(c.san)}
			}
			if got := HolderOf(ca.Signer(c.subject, o).Leaf); got != c.want {
				t.Errorf("HolderOf = %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestHolderKind(t *testing.T) {
	for k, want := range map[HolderKind]string{OtherHolder: "", PublicEmployee: "certificado de empleado público", Seal: "sello electrónico"} {
		if k.String() != want {
			t.Errorf("%d: %q, want %q", k, k.String(), want)
		}
	}
}
