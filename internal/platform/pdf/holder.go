package pdf

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"regexp"
	"strconv"
	"strings"

	"concejo/internal/platform/trust"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
)

// Holder is who a certificate says it belongs to, read as Spanish
// qualified certificates carry it (firma.md §7). It is the certificate's
// claim: [Verify] proves it by the chain of trust.
type Holder struct {
	// Name is the holder's name: a public employee's given name and
	// surnames, else the CN without the " - NIF" FNMT appends to it.
	Name string
	// NIF is the holder's NIF or NIE: the employee's DNI, the entity's
	// NIF for a seal; it need not pass the check letter when the
	// certificate carries nothing better.
	NIF string
	// Kind is the profile of the certificates of administrations.
	Kind HolderKind
	// Entity and EntityNIF are the entity a public employee or a seal
	// belongs to (or the organisation of another certificate that names
	// its organizationIdentifier); Post is the employee's puesto o cargo.
	Entity, EntityNIF, Post string
}

// HolderKind is the profile of a certificate for administrations.
type HolderKind int

// Profiles of [Holder.Kind].
const (
	// OtherHolder: a citizen's, a company's or any other certificate.
	OtherHolder HolderKind = iota
	// PublicEmployee: certificado de empleado público (also with seudónimo).
	PublicEmployee
	// Seal: sello electrónico de órgano (actuación automatizada).
	Seal
)

// String names the profile in Spanish ("" for OtherHolder).
func (k HolderKind) String() string {
	switch k {
	case PublicEmployee:
		return "certificado de empleado público"
	case Seal:
		return "sello electrónico"
	}
	return ""
}

var (
	oidSerialNumber = asn1.ObjectIdentifier{2, 5, 4, 5}
	oidTitle        = asn1.ObjectIdentifier{2, 5, 4, 12}
	oidOrgID        = asn1.ObjectIdentifier{2, 5, 4, 97}
	oidSAN          = asn1.ObjectIdentifier{2, 5, 29, 17}
	// apArc is the arc of the attributes of the AP profiles, under which
	// .<profile>.<level>.<attribute> names each one.
	apArc = "2.16.724.1.3.5."
	// fnmtArc is the arc of the old FNMT person attributes (.1 nombre,
	// .2 apellido1, .3 apellido2, .4 DNI).
	fnmtArc = "1.3.6.1.4.1.5734.1."
	// apProfiles are the profiles in the order they are looked for, with
	// their kind: the 2016 arcs (empleado público, con seudónimo, sello),
	// then the legacy ones of 2012.
	apProfiles = []struct {
		arc  int
		kind HolderKind
	}{{7, PublicEmployee}, {4, PublicEmployee}, {6, Seal}, {3, PublicEmployee}, {2, Seal}}
	// etsiPrefix is the ETSI EN 319 412-1 semantics prefix, e.g. "IDCES-".
	etsiPrefix = regexp.MustCompile(`^(IDC|PAS|PNO|TIN|NTR)[A-Z]{2}[-:]`)
	vatPrefix  = regexp.MustCompile(`^VAT[A-Z]{2}[-:]`)
	nifInCN    = regexp.MustCompile(`\b([0-9]{8}[A-Z]|[XYZ][0-9]{7}[A-Z])\b`)
)

// HolderOf reads the holder of c: first the SubjectAltName directoryName
// attributes of the AP profiles (2.16.724.1.3.5.{7,4,6}.x, legacy .3.x
// and .2.x), then the subject (serialNumber without its ETSI prefix,
// organizationIdentifier without VATES-, O, title, a NIF in the CN), then
// the old FNMT attributes. Of the NIFs found, the first with a right
// check letter wins, else the first one.
func HolderOf(c *x509.Certificate) Holder {
	san := sanDirectory(c)
	var h Holder
	at := func(int) string { return "" }
	for _, p := range apProfiles {
		for _, level := range []string{"1", "2"} {
			base := apArc + strconv.Itoa(p.arc) + "." + level + "."
			if h.Kind == OtherHolder && hasPrefixKey(san, base) {
				h.Kind = p.kind
				at = func(n int) string { return san[base+strconv.Itoa(n)] }
			}
		}
	}
	h.Entity, h.EntityNIF, h.Post = at(2), at(3), at(11)
	orgID := subjectAttr(c, oidOrgID)
	if h.EntityNIF == "" {
		h.EntityNIF = vatPrefix.ReplaceAllString(strings.ToUpper(orgID), "")
	}
	if h.Entity == "" && (h.Kind != OtherHolder || orgID != "") && len(c.Subject.Organization) > 0 {
		h.Entity = c.Subject.Organization[0]
	}
	if h.Post == "" {
		h.Post = subjectAttr(c, oidTitle)
	}
	var nifs []string
	switch h.Kind {
	case Seal:
		nifs = append(nifs, h.EntityNIF)
	case PublicEmployee:
		nifs = append(nifs, at(4))
	}
	serial := c.Subject.SerialNumber
	if serial == "" {
		serial = subjectAttr(c, oidSerialNumber)
	}
	nifs = append(nifs, etsiPrefix.ReplaceAllString(strings.ToUpper(strings.TrimSpace(serial)), ""))
	if m := nifInCN.FindStringSubmatch(strings.ToUpper(c.Subject.CommonName)); m != nil {
		nifs = append(nifs, m[1])
	}
	h.NIF = firstNIF(append(nifs, san[fnmtArc+"4"]))
	h.Name = holderName(c, h, at, san)
	return h
}

// holderName is an employee's given name and surnames from the AP (or old
// FNMT) attributes, else the CN without a trailing " - <NIF>", else how
// the certificate is called.
func holderName(c *x509.Certificate, h Holder, at func(int) string, san map[string]string) string {
	if h.Kind == PublicEmployee && at(6) != "" {
		return web.Join(" ", at(6), at(7), at(8))
	}
	if cn := strings.TrimSpace(c.Subject.CommonName); cn != "" {
		if i := strings.LastIndex(cn, " - "); i > 0 && h.NIF != "" && strings.Contains(strings.ToUpper(cn[i:]), h.NIF) {
			return strings.TrimSpace(cn[:i])
		}
		return cn
	}
	if n := web.Join(" ", san[fnmtArc+"1"], san[fnmtArc+"2"], san[fnmtArc+"3"]); n != "" {
		return n
	}
	return trust.Name(c)
}

// firstNIF is the first candidate that is a valid NIF, normalised, else
// the first non-empty one.
func firstNIF(candidates []string) string {
	first := ""
	for _, c := range candidates {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c == "" {
			continue
		}
		if n, err := validate.NIF(c); err == nil {
			return n
		}
		if first == "" {
			first = c
		}
	}
	return first
}

// sanDirectory returns the attributes of the directoryName entries of the
// SubjectAltName of c, by dotted OID (the first value of each).
func sanDirectory(c *x509.Certificate) map[string]string {
	out := map[string]string{}
	for _, ext := range c.Extensions {
		if !ext.Id.Equal(oidSAN) {
			continue
		}
		var names []asn1.RawValue
		if rest, err := asn1.Unmarshal(ext.Value, &names); err != nil || len(rest) > 0 {
			return out
		}
		for _, n := range names {
			if n.Class != asn1.ClassContextSpecific || n.Tag != 4 || !n.IsCompound {
				continue
			}
			var rdns pkix.RDNSequence
			if rest, err := asn1.Unmarshal(n.Bytes, &rdns); err != nil || len(rest) > 0 {
				continue
			}
			for _, set := range rdns {
				for _, atv := range set {
					if v, ok := atv.Value.(string); ok && out[atv.Type.String()] == "" {
						out[atv.Type.String()] = strings.TrimSpace(v)
					}
				}
			}
		}
	}
	return out
}

// subjectAttr is the first string value of the subject attribute oid.
func subjectAttr(c *x509.Certificate, oid asn1.ObjectIdentifier) string {
	for _, a := range c.Subject.Names {
		if v, ok := a.Value.(string); ok && a.Type.Equal(oid) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func hasPrefixKey(m map[string]string, prefix string) bool {
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}
