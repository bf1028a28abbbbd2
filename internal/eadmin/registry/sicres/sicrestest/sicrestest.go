// Package sicrestest generates random valid SICRES 3.0 interchange files
// for property tests: every field, often at its full length, accented
// text and ñ, natural persons (some known by one word), companies,
// representantes, annexes of every allowed type with their hash and MIME
// type, and every Tipo_Anotacion.
package sicrestest

import (
	"encoding/base64"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"time"

	"concejo/internal/eadmin/registry/sicres"
)

// Fichero returns a random file that sicres.Check accepts at now (the
// dates are in now's location).
func Fichero(r *rand.Rand, now time.Time) *sicres.Fichero {
	g := gen{r}
	office := g.dir3()
	at := now.Add(-time.Duration(1+r.Intn(24*365)) * time.Hour)
	xid := sicres.ExchangeID(office, at.Year(), r.Int63n(100_000_000))
	tipoRegistro := g.pick("0", "1")
	f := &sicres.Fichero{
		Origen: sicres.Origen{CodigoEntidadRegistral: office, DecodificacionEntidad: g.maybe(80),
			NumeroRegistro: g.text(1, 20), FechaHora: at.Format(sicres.DateLayout), Timestamp: g.maybeB64(),
			CodigoUnidadTramitacion: g.maybeDIR3(), DecodificacionUnidadOrigen: g.maybe(80)},
		Destino: sicres.Destino{CodigoEntidadRegistral: g.dir3(), DecodificacionEntidad: g.maybe(80),
			CodigoUnidadTramitacion: g.maybeDIR3(), DecodificacionUnidadDestino: g.maybe(80)},
		Asunto: sicres.Asunto{Resumen: g.text(1, 240), CodigoAsuntoSegunDestino: g.maybe(16),
			ReferenciaExterna: g.maybe(16), NumeroExpediente: g.maybe(80)},
		Control: sicres.Control{TipoTransporte: g.pick("", "01", "02", "03", "04", "05", "06", "07"),
			NumeroTransporte: g.maybe(20), NombreUsuario: g.maybe(80), ContactoUsuario: g.maybe(160),
			IdentificadorIntercambio: xid, AplicacionVersion: g.maybe(4), TipoAnotacion: g.pick("01", "02", "03", "04"),
			DescripcionTipoAnotacion: g.maybe(80), TipoRegistro: tipoRegistro, DocumentacionFisica: g.pick("1", "2", "3"),
			ObservacionesApunte: g.maybe(50), IndicadorPrueba: g.pick("0", "1"), CodigoEntidadInicio: office,
			DecodificacionInicio: g.maybe(80)},
	}
	if t := f.Control.TipoAnotacion; t == "03" || t == "04" {
		f.Origen.CodigoEntidadRegistral = g.pick(office, g.dir3())
	}
	switch r.Intn(3) {
	case 0:
		f.Formulario.Solicita = g.maybe(4000)
	default:
		f.Formulario = sicres.Formulario{Expone: g.text(1, 4000), Solicita: g.text(1, 4000)}
	}
	if tipoRegistro == "1" && r.Intn(4) == 0 {
		// An asiento between bodies: no interesado, the origin unit given.
		f.Origen.CodigoUnidadTramitacion = g.dir3()
		f.Interesados = []sicres.Interesado{{Observaciones: g.maybe(160)}}
	} else {
		for n := 1 + r.Intn(3); n > 0; n-- {
			f.Interesados = append(f.Interesados, g.interesado())
		}
	}
	f.Anexos = g.anexos(xid)
	return f
}

type gen struct{ r *rand.Rand }

func (g gen) pick(values ...string) string { return values[g.r.Intn(len(values))] }

const (
	letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZáéíóúÁÉÍÓÚñÑüÜçàèò"
	// textChars is what free text may hold (no '#': "&#" is a character
	// reference some producers leave in CDATA, which Parse decodes).
	textChars = letters + "0123456789 .,;:-()&<>\"'ºª€/¿?¡!%*"
	// nameChars is what a file name may hold (no SIR-forbidden character).
	nameChars = letters + "0123456789 -_()ºª€"
)

// chars returns n random characters of set, without spaces at the ends.
func (g gen) chars(set string, n int) string {
	runes := []rune(set)
	out := make([]rune, n)
	for i := range out {
		out[i] = runes[g.r.Intn(len(runes))]
		if (i == 0 || i == n-1) && out[i] == ' ' {
			out[i] = 'ñ'
		}
	}
	return string(out)
}

// size returns a length in [min, max], max itself one time in four.
func (g gen) size(min, max int) int {
	if g.r.Intn(4) == 0 {
		return max
	}
	return min + g.r.Intn(max-min+1)
}

func (g gen) text(min, max int) string { return g.chars(textChars, g.size(min, max)) }

// maybe returns "" or a text of up to max characters.
func (g gen) maybe(max int) string {
	if g.r.Intn(3) == 0 {
		return ""
	}
	return g.text(1, max)
}

func (g gen) digits(n int) string { return g.chars("0123456789", n) }

func (g gen) dir3() string {
	n := 8
	if g.r.Intn(4) == 0 {
		n = 20
	}
	return g.pick("O", "L", "E", "A", "I", "J", "U") + g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", n)
}

func (g gen) maybeDIR3() string {
	if g.r.Intn(2) == 0 {
		return ""
	}
	return g.dir3()
}

func (g gen) b64(n int) string {
	b := make([]byte, n)
	g.r.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

func (g gen) maybeB64() string {
	if g.r.Intn(2) == 0 {
		return ""
	}
	return g.b64(1 + g.r.Intn(64))
}

// party is one side of a De_Interesado, in the order of its fields.
type party struct {
	tipo, doc, razon, nombre, ape1, ape2                               string
	pais, provincia, municipio, direccion, cp, correo, tel, deh, canal string
}

func (g gen) party() party {
	var p party
	if g.r.Intn(3) == 0 {
		p.tipo = g.pick("C", "O")
		p.razon = g.text(1, 80)
		p.doc = g.pick("B"+g.digits(8), g.dir3()[:9])
	} else {
		words := make([]string, 1+g.r.Intn(4))
		for i := range words {
			words[i] = g.chars(letters, 1+g.r.Intn(9))
		}
		if g.r.Intn(6) == 0 {
			words = []string{g.chars(letters, 30), g.chars(letters, 30), g.chars(letters, 30)}
		}
		var err error
		if p.nombre, p.ape1, p.ape2, err = sicres.SplitName(strings.Join(words, " ")); err != nil {
			panic(err) // no name part is longer than 30 characters
		}
		p.tipo = g.pick("", "N", "E", "P", "X")
		switch p.tipo {
		case "N":
			p.doc = g.digits(8) + "Z"
		case "E":
			p.doc = "X" + g.digits(7) + "L"
		case "P", "X":
			p.doc = g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", g.size(1, 17))
		}
	}
	p.pais = g.pick("", sicres.SpainINE, "250", "620")
	if p.pais == sicres.SpainINE || p.pais == "" {
		if g.r.Intn(2) == 0 {
			p.provincia = fmt.Sprintf("%02d", 1+g.r.Intn(52))
			p.municipio = g.pick("", p.provincia+g.digits(3), g.digits(4))
		}
	}
	p.cp = g.pick("", g.digits(5))
	p.direccion = g.maybe(160)
	if g.r.Intn(2) == 0 {
		local := g.chars("abcdefghijklmnopqrstuvwxyz0123456789._", g.size(1, 160-len("@example.es")))
		p.correo = local + "@example.es"
	}
	p.tel = g.pick("", g.digits(9), "+34 "+g.digits(9), g.digits(20))
	p.deh = g.maybe(160)
	p.canal = g.pick("", "01", "02", "03")
	switch p.canal {
	case "01":
		p.pais = g.pick(sicres.SpainINE, "250")
		p.direccion, p.cp = g.text(1, 160), g.digits(5)
	case "02":
		p.deh = g.text(1, 160)
	}
	return p
}

func (g gen) interesado() sicres.Interesado {
	in := g.party()
	i := sicres.Interesado{TipoDocumento: in.tipo, Documento: in.doc, RazonSocial: in.razon, Nombre: in.nombre,
		PrimerApellido: in.ape1, SegundoApellido: in.ape2, Pais: in.pais, Provincia: in.provincia, Municipio: in.municipio,
		Direccion: in.direccion, CodigoPostal: in.cp, Correo: in.correo, Telefono: in.tel, DEH: in.deh, Canal: in.canal,
		Observaciones: g.maybe(160)}
	if g.r.Intn(2) == 0 {
		rep := g.party()
		i.TipoDocumentoRep, i.DocumentoRep, i.RazonSocialRep, i.NombreRep = rep.tipo, rep.doc, rep.razon, rep.nombre
		i.PrimerApellidoRep, i.SegundoApellidoRep, i.PaisRep, i.ProvinciaRep = rep.ape1, rep.ape2, rep.pais, rep.provincia
		i.MunicipioRep, i.DireccionRep, i.CodigoPostalRep, i.CorreoRep = rep.municipio, rep.direccion, rep.cp, rep.correo
		i.TelefonoRep, i.DEHRep, i.CanalRep = rep.tel, rep.deh, rep.canal
	}
	return i
}

// extensions lists sicres.Extensions in a fixed order.
func extensions() []string {
	var exts []string
	for ext := range sicres.Extensions {
		exts = append(exts, ext)
	}
	sort.Strings(exts)
	return exts
}

func (g gen) anexos(xid string) []sicres.Anexo {
	var out []sicres.Anexo
	exts := extensions()
	for n := g.r.Intn(7); len(out) < n; {
		ext := exts[g.r.Intn(len(exts))]
		a := g.anexo(xid, len(out)+1, ext, g.pick("01", "02"))
		out = append(out, a)
		if g.r.Intn(3) == 0 {
			// A detached signature of the document, a technical file.
			sig := g.anexo(xid, len(out)+1, g.pick("xsig", "csig"), "03")
			sig.IdentificadorDocFirmado = a.IdentificadorFichero
			out = append(out, sig)
		}
	}
	return out
}

func (g gen) anexo(xid string, n int, ext, tipo string) sicres.Anexo {
	content := make([]byte, g.r.Intn(512))
	g.r.Read(content)
	name := g.chars(nameChars, g.size(1, 80-1-len(ext))) + "." + g.pick(ext, strings.ToUpper(ext))
	a := sicres.Anexo{NombreFichero: name, IdentificadorFichero: sicres.FileID(xid, n, ext),
		ValidezDocumento: g.pick("", "01", "02", "03", "04"), TipoDocumento: tipo, Certificado: g.maybeB64(),
		FirmaDocumento: g.maybeB64(), TimeStamp: g.maybeB64(), ValidacionOCSP: g.maybeB64(), Hash: sicres.Hash(content),
		TipoMIME: g.pick("", sicres.TipoMIME(ext)), Anexo: base64.StdEncoding.EncodeToString(content),
		Observaciones: g.maybe(50)}
	if len(content) == 0 {
		a.Anexo = ""
	}
	return a
}
