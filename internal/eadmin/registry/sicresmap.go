package registry

import (
	"encoding/base64"
	"fmt"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"concejo/internal/eadmin/registry/sicres"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
)

// The mapping between an asiento and a SICRES 3.0 file. Nothing is ever
// cut: an optional value longer than its SICRES field is left out of the
// file (and said in the asiento's annotation when received), a mandatory
// one that does not fit stops the export with a message naming it.

var (
	docTypeToSicres   = map[string]string{"NIF": "N", "NIE": "E", "CIF": "C", "PASAPORTE": "P", "OTRO": "X", "ORIGEN": "O"}
	docTypeFromSicres = map[string]string{"N": "NIF", "E": "NIE", "C": "CIF", "P": "PASAPORTE", "X": "OTRO", "O": "ORIGEN"}
)

// optional is v when it fits in max characters, else "" (left out).
func optional(v string, max int) string {
	fit, _ := sicres.Fit(strings.TrimSpace(v), max)
	return fit
}

// exportParts are the asiento's data the file needs besides its rows.
type exportParts struct {
	Office, OfficeName string // the registry office sending (DIR3)
	ExchangeID         string
	WithContent        bool
}

// toFichero builds the SICRES 3.0 file of an asiento.
func toFichero(e entryRow, people []Interested, docs []storedDoc, x exportParts) (*sicres.Fichero, error) {
	f := &sicres.Fichero{
		Origen: sicres.Origen{CodigoEntidadRegistral: x.Office, DecodificacionEntidad: optional(x.OfficeName, 80),
			NumeroRegistro: e.Number, FechaHora: e.RegisteredAt.In(web.Madrid).Format(sicres.DateLayout),
			CodigoUnidadTramitacion: e.OriginUnitDIR3, DecodificacionUnidadOrigen: optional(e.OriginUnitName, 80)},
		Destino: sicres.Destino{CodigoEntidadRegistral: e.DestDIR3, DecodificacionEntidad: optional(e.DestName, 80),
			CodigoUnidadTramitacion: e.DestUnitDIR3, DecodificacionUnidadDestino: optional(e.DestUnitName, 80)},
		Asunto: sicres.Asunto{Resumen: e.Summary, CodigoAsuntoSegunDestino: e.SubjectCode,
			ReferenciaExterna: e.ExternalRef, NumeroExpediente: e.CaseNumber},
		Control: sicres.Control{IdentificadorIntercambio: x.ExchangeID, AplicacionVersion: AppVersion, TipoAnotacion: "02",
			DescripcionTipoAnotacion: "Envío", TipoRegistro: "0", IndicadorPrueba: "0",
			CodigoEntidadInicio: x.Office, DecodificacionInicio: optional(x.OfficeName, 80),
			NombreUsuario: optional(e.ClerkName, 80), TipoTransporte: e.TransportType,
			NumeroTransporte: e.TransportNumber, DocumentacionFisica: e.PhysicalDocs, ObservacionesApunte: e.Notes},
		Formulario: sicres.Formulario{Expone: e.Expone, Solicita: e.Solicita},
	}
	if f.Formulario.Expone != "" && f.Formulario.Solicita == "" {
		f.Formulario.Solicita = "Lo expuesto."
	}
	if e.Book == "S" {
		f.Control.TipoRegistro = "1"
	}
	if f.Control.TipoTransporte == "" {
		f.Control.TipoTransporte = map[string]string{"correo": "02", "presencial": "05"}[e.Means]
	}
	if f.Control.DocumentacionFisica == "" {
		f.Control.DocumentacionFisica = "3"
		if e.Means != "electronico" {
			f.Control.DocumentacionFisica = "2"
			if len(docs) == 0 {
				f.Control.DocumentacionFisica = "1"
			}
		}
	}
	for i, p := range people {
		in, err := interesadoSegment(p)
		if err != nil {
			return nil, fmt.Errorf("el interesado %d: %w", i+1, err)
		}
		f.Interesados = append(f.Interesados, in)
	}
	if len(f.Interesados) == 0 {
		// An asiento between bodies: the body of origin is the interesado.
		org := Interested{DocType: "ORIGEN", DocNumber: e.OriginDIR3, Name: web.Join(" ", e.OriginName, x.OfficeName)}
		if org.DocNumber == "" {
			org.DocNumber = x.Office
		}
		in, err := interesadoSegment(org)
		if err != nil {
			return nil, err
		}
		f.Interesados = []sicres.Interesado{in}
	}
	validity := "03"
	if e.Means == "electronico" {
		validity = "04"
	}
	for i, d := range docs {
		ext := strings.ToLower(strings.TrimPrefix(path.Ext(d.Filename), "."))
		a := sicres.Anexo{NombreFichero: d.Filename, IdentificadorFichero: sicres.FileID(x.ExchangeID, i+1, ext),
			ValidezDocumento: d.Validity, TipoDocumento: d.Kind, Hash: sicres.Hash(d.Content),
			TipoMIME: sicres.TipoMIME(ext), Observaciones: optional(d.Notes, 50),
			Certificado: b64(d.Certificate), FirmaDocumento: b64(d.Signature), TimeStamp: b64(d.TimeStamp),
			ValidacionOCSP: b64(d.OCSP)}
		if a.ValidezDocumento == "" {
			a.ValidezDocumento = validity
		}
		if a.TipoDocumento == "" {
			a.TipoDocumento = "02"
		}
		if x.WithContent {
			a.Anexo = b64(d.Content)
		}
		f.Anexos = append(f.Anexos, a)
	}
	// A signature's reference is the identifier of the signed document in
	// this file.
	ids := map[string]string{}
	for i, d := range docs {
		if d.FileID != "" {
			ids[d.FileID] = f.Anexos[i].IdentificadorFichero
		}
	}
	for i, d := range docs {
		if d.SignedFileID != "" {
			f.Anexos[i].IdentificadorDocFirmado = ids[d.SignedFileID]
		}
	}
	return f, nil
}

func b64(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return base64.StdEncoding.EncodeToString(b)
}

// interesadoSegment is the De_Interesado of an interesado and its
// representante.
func interesadoSegment(p Interested) (sicres.Interesado, error) {
	var in sicres.Interesado
	pp, err := personFields(p)
	if err != nil {
		return in, err
	}
	in.TipoDocumento, in.Documento, in.RazonSocial, in.Nombre, in.PrimerApellido, in.SegundoApellido =
		pp.docType, pp.doc, pp.business, pp.name, pp.s1, pp.s2
	in.Pais, in.Provincia, in.Municipio, in.Direccion, in.CodigoPostal, in.Correo, in.Telefono, in.DEH, in.Canal =
		pp.country, pp.province, pp.municipality, pp.address, pp.postcode, pp.email, pp.phone, pp.deh, pp.channel
	in.Observaciones = optional(p.Notes, 160)
	if r := p.Representative; r != nil {
		rp, err := personFields(*r)
		if err != nil {
			return in, fmt.Errorf("su representante: %w", err)
		}
		in.TipoDocumentoRep, in.DocumentoRep, in.RazonSocialRep, in.NombreRep, in.PrimerApellidoRep, in.SegundoApellidoRep =
			rp.docType, rp.doc, rp.business, rp.name, rp.s1, rp.s2
		in.PaisRep, in.ProvinciaRep, in.MunicipioRep, in.DireccionRep, in.CodigoPostalRep, in.CorreoRep, in.TelefonoRep,
			in.DEHRep, in.CanalRep = rp.country, rp.province, rp.municipality, rp.address, rp.postcode, rp.email,
			rp.phone, rp.deh, rp.channel
	}
	return in, nil
}

// person is a person's fields as SICRES writes them (the same for the
// interesado and the representante).
type person struct {
	docType, doc, business, name, s1, s2                             string
	country, province, municipality, address, postcode, email, phone string
	deh, channel                                                     string
}

// personFields writes a person: an organisation (CIF, código de origen or
// a razón social) by its razón social, a natural person by name and
// surnames — the stored parts, or the whole name split (a one-word name is
// a name with no surname, never a razón social).
func personFields(p Interested) (person, error) {
	out := person{docType: docTypeToSicres[p.DocType], doc: p.DocNumber, country: p.Country, province: p.Province,
		municipality: p.Municipality, address: optional(p.Address, 160), postcode: p.PostCode,
		email: optional(p.Email, 160), phone: optional(p.Phone, 20), deh: p.DEH, channel: p.Channel}
	company := p.BusinessName != "" || (p.GivenName == "" && (p.DocType == "CIF" || p.DocType == "ORIGEN"))
	switch {
	case company:
		out.business = p.BusinessName
		if out.business == "" {
			out.business = p.Name
		}
		if utf8.RuneCountInString(out.business) > 80 {
			return out, errs.New(errs.Invalid, "la razón social «"+out.business+"» tiene más de 80 caracteres, el máximo de SICRES.")
		}
	case p.GivenName != "" || p.Surname1 != "":
		out.name, out.s1, out.s2 = p.GivenName, p.Surname1, p.Surname2
	default:
		var err error
		if out.name, out.s1, out.s2, err = sicres.SplitName(p.Name); err != nil {
			return out, errs.New(errs.Invalid, "el nombre «"+p.Name+"» no cabe en los campos de SICRES (30 caracteres): "+
				"escriba el nombre y los apellidos por separado.")
		}
		if out.s1 == sicres.NoSurname {
			out.s1 = ""
		}
	}
	if !company && out.s1 == "" {
		return out, errs.New(errs.Invalid, "«"+p.Name+"» es una persona física y SICRES pide su nombre y su primer apellido: "+
			"escríbalos por separado (si es una organización, indique su razón social o su CIF).")
	}
	if out.channel == "" {
		// The channel the data allow: SICRES asks a postal address in
		// Spain for its country and postcode (or province and municipality).
		switch {
		case out.deh != "":
			out.channel = "02"
		case out.address != "" && out.country != "" && (out.postcode != "" || out.province != "" && out.municipality != ""):
			out.channel = "01"
		}
	}
	return out, nil
}

// fromFichero is the asiento a received file makes in entityID, and the
// notes on what the asiento could not keep (annexes announced without
// content, values the register refuses).
func fromFichero(entityID string, f *sicres.Fichero) (NewEntry, []string) {
	var notes []string
	in := NewEntry{EntityID: entityID, Kind: "entrada", Means: "electronico", source: "sir",
		Subject: subjectOf(f.Asunto.Resumen), Summary: f.Asunto.Resumen, DocType: "TD99",
		OriginName: optional(f.Origen.DecodificacionEntidad, 80), ExternalRef: f.Asunto.ReferenciaExterna,
		Expone: f.Formulario.Expone, Solicita: f.Formulario.Solicita,
		EntryDetails: EntryDetails{OriginUnitDIR3: f.Origen.CodigoUnidadTramitacion,
			OriginUnitName: f.Origen.DecodificacionUnidadOrigen, DestUnitDIR3: f.Destino.CodigoUnidadTramitacion,
			DestUnitName: f.Destino.DecodificacionUnidadDestino, SubjectCode: f.Asunto.CodigoAsuntoSegunDestino,
			CaseNumber: f.Asunto.NumeroExpediente, TransportType: f.Control.TipoTransporte,
			TransportNumber: f.Control.NumeroTransporte, PhysicalDocs: f.Control.DocumentacionFisica,
			Notes: f.Control.ObservacionesApunte, OriginNumber: f.Origen.NumeroRegistro}}
	if at, err := time.ParseInLocation(sicres.DateLayout, f.Origen.FechaHora, web.Madrid); err == nil {
		in.OriginRegisteredAt = at.UTC()
	}
	if code, err := validate.DIR3(f.Origen.CodigoEntidadRegistral); err == nil {
		in.OriginDIR3 = code
	} else if in.OriginName == "" {
		in.OriginName = optional(f.Origen.CodigoEntidadRegistral, 80)
	}
	for _, c := range []*string{&in.OriginUnitDIR3, &in.DestUnitDIR3} {
		if code, err := validate.DIR3(*c); err == nil || *c == "" {
			*c = code
		} else {
			notes = append(notes, "código de unidad «"+*c+"» sin formato DIR3")
			*c = ""
		}
	}
	for _, s := range f.Interesados {
		p, dropped := fromSegment(personOf(s.TipoDocumento, s.Documento, s.RazonSocial, s.Nombre, s.PrimerApellido,
			s.SegundoApellido, s.Pais, s.Provincia, s.Municipio, s.Direccion, s.CodigoPostal, s.Correo, s.Telefono, s.DEH, s.Canal))
		notes = append(notes, dropped...)
		p.Notes = s.Observaciones
		if s.DocumentoRep != "" || s.RazonSocialRep != "" || s.NombreRep != "" {
			r, dropped := fromSegment(personOf(s.TipoDocumentoRep, s.DocumentoRep, s.RazonSocialRep, s.NombreRep,
				s.PrimerApellidoRep, s.SegundoApellidoRep, s.PaisRep, s.ProvinciaRep, s.MunicipioRep, s.DireccionRep,
				s.CodigoPostalRep, s.CorreoRep, s.TelefonoRep, s.DEHRep, s.CanalRep))
			notes = append(notes, dropped...)
			p.Representative = &r
		}
		if p.Name == "" {
			continue
		}
		in.Interested = append(in.Interested, p)
	}
	if len(in.Interested) == 0 && in.OriginDIR3 == "" {
		in.Interested = []Interested{{Name: web.Join(" ", f.Origen.DecodificacionEntidad, f.Origen.CodigoEntidadRegistral)}}
	}
	signed := map[string]int{}
	for _, an := range f.Anexos {
		c := an.Content()
		ext := strings.ToLower(strings.TrimPrefix(path.Ext(an.NombreFichero), "."))
		if len(c) == 0 || !allowedExts[ext] || len(in.Documents) >= MaxDocuments {
			notes = append(notes, fmt.Sprintf("anexo %s (%s, huella %s) anunciado sin contenido o no admitido",
				an.NombreFichero, an.IdentificadorFichero, an.Hash))
			continue
		}
		signed[an.IdentificadorFichero] = len(in.Documents)
		in.Documents = append(in.Documents, Attachment{Filename: an.NombreFichero, Content: c, DocumentMeta: DocumentMeta{
			Validity: an.ValidezDocumento, Kind: an.TipoDocumento, FileID: an.IdentificadorFichero, SicresHash: an.Hash,
			Signature: decoded(an.FirmaDocumento), Certificate: decoded(an.Certificado), TimeStamp: decoded(an.TimeStamp),
			OCSP: decoded(an.ValidacionOCSP), SignedFileID: an.IdentificadorDocFirmado, Notes: an.Observaciones}})
	}
	return in, notes
}

func decoded(s string) []byte {
	b, _ := base64.StdEncoding.DecodeString(s)
	return b
}

// subjectOf is the asunto shown in lists (≤ 120) from the SICRES resumen
// (≤ 240), which the asiento keeps whole: the first words that fit.
func subjectOf(summary string) string {
	if utf8.RuneCountInString(summary) <= maxSubject {
		return summary
	}
	r := []rune(summary)[:maxSubject-1]
	if i := strings.LastIndex(string(r), " "); i > maxSubject/2 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

// personOf gathers the fields of a person of a De_Interesado segment.
func personOf(docType, doc, business, name, s1, s2, country, province, municipality, address, postcode, email, phone,
	deh, channel string) Interested {
	p := Interested{DocType: docTypeFromSicres[docType], DocNumber: doc, Email: email, Phone: phone, Address: address,
		PersonParts: PersonParts{GivenName: name, Surname1: s1, Surname2: s2, BusinessName: business, Country: country,
			Province: province, Municipality: municipality, PostCode: postcode, DEH: deh, Channel: channel}}
	p.Name = web.Join(" ", name, s1, s2)
	if p.Name == "" {
		p.Name = business
	}
	if doc == "" {
		p.DocType = ""
	}
	return p
}

// fromSegment keeps a received person as the register can hold it: an
// e-mail or telephone the register cannot check, or a NIF whose letter
// is wrong, is said in the notes instead of stopping the asiento.
func fromSegment(p Interested) (Interested, []string) {
	var notes []string
	if p.Email != "" {
		if _, err := validate.Email(p.Email); err != nil {
			notes = append(notes, "correo electrónico «"+p.Email+"» de "+p.Name+" no válido")
			p.Email = ""
		}
	}
	if p.Phone != "" {
		if _, err := validate.Phone(p.Phone); err != nil {
			notes = append(notes, "teléfono «"+p.Phone+"» de "+p.Name+" no válido")
			p.Phone = ""
		}
	}
	if p.DocType == "NIF" || p.DocType == "NIE" || p.DocType == "CIF" {
		if _, err := validate.NIF(p.DocNumber); err != nil {
			notes = append(notes, "documento «"+p.DocNumber+"» de "+p.Name+" anotado como «otro»: su letra o dígito de control no es válido")
			p.DocType = "OTRO"
		}
	}
	return p, notes
}
