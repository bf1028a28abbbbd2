package sicres

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
)

// SpainINE is the INE code of Spain in Pais_Interesado/Pais_Representante.
const SpainINE = "724"

var (
	paisRe      = regexp.MustCompile(`^\d{1,4}$`)
	provinciaRe = regexp.MustCompile(`^\d{1,2}$`)
	municipioRe = regexp.MustCompile(`^\d{1,5}$`)
	postalRe    = regexp.MustCompile(`^\d{5}$`)
	emailRe     = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// party is the interesado or the representante of a De_Interesado: the
// same fields with the other suffix.
type party struct {
	role                                      string
	tipo, doc, razon, nombre, ape1, ape2      string
	pais, provincia, municipio, direccion, cp string
	correo, telefono, deh, canal              string
}

func (p party) identified() bool { return p.razon != "" || p.nombre != "" || p.ape1 != "" }

func (p party) empty() bool {
	return p == party{role: p.role}
}

func (i *Interesado) parties() (interesado, representante party) {
	return party{"interesado", i.TipoDocumento, i.Documento, i.RazonSocial, i.Nombre, i.PrimerApellido, i.SegundoApellido,
			i.Pais, i.Provincia, i.Municipio, i.Direccion, i.CodigoPostal, i.Correo, i.Telefono, i.DEH, i.Canal},
		party{"representante", i.TipoDocumentoRep, i.DocumentoRep, i.RazonSocialRep, i.NombreRep, i.PrimerApellidoRep, i.SegundoApellidoRep,
			i.PaisRep, i.ProvinciaRep, i.MunicipioRep, i.DireccionRep, i.CodigoPostalRep, i.CorreoRep, i.TelefonoRep, i.DEHRep, i.CanalRep}
}

// checkInteresados applies regweb3's rules: on an entrada every
// De_Interesado names its interesado; on a salida a De_Interesado may be
// empty (an asiento between bodies) only when the origin unit is given.
// A representante needs an interesado in the same segment.
func (f *Fichero) checkInteresados() error {
	if len(f.Interesados) == 0 {
		return errf("Falta el segmento De_Interesado.")
	}
	for n := range f.Interesados {
		i := &f.Interesados[n]
		seg := fmt.Sprintf("De_Interesado[%d]", n+1)
		if err := checkLengths(seg, reflect.ValueOf(*i), nil); err != nil {
			return err
		}
		in, rep := i.parties()
		switch {
		case in.identified():
		case !in.empty() || !rep.empty():
			if !rep.empty() {
				return errf("%s: hay un representante sin interesado.", seg)
			}
			return errf("%s: el interesado no tiene razón social ni nombre y primer apellido.", seg)
		case f.Control.TipoRegistro == "0":
			return errf("%s: está vacío; en un registro de entrada cada interesado debe tener razón social o nombre y primer apellido.", seg)
		case f.Origen.CodigoUnidadTramitacion == "":
			return errf("%s: está vacío y falta Codigo_Unidad_Tramitacion_Origen (un asiento sin interesados debe indicar la unidad de origen).", seg)
		default:
			continue
		}
		if err := in.check(seg, f.Control.TipoRegistro); err != nil {
			return err
		}
		if !rep.empty() {
			if err := rep.check(seg, f.Control.TipoRegistro); err != nil {
				return err
			}
		}
	}
	return nil
}

// check verifies the identity, document and addresses of a party that
// is present.
func (p party) check(seg, tipoRegistro string) error {
	who := seg + " (" + p.role + ")"
	switch {
	case !p.identified():
		return errf("%s: falta la razón social o el nombre y primer apellido.", who)
	case (p.nombre == "") != (p.ape1 == ""):
		return errf("%s: una persona física necesita nombre y primer apellido.", who)
	case p.ape2 != "" && p.ape1 == "":
		return errf("%s: hay segundo apellido sin primer apellido.", who)
	case p.tipo != "" && !tiposDocumento[p.tipo]:
		return errf("%s: tipo de documento de identificación %s desconocido (N, C, P, E, X u O).", who, q(p.tipo))
	case p.tipo != "" && p.doc == "":
		return errf("%s: hay tipo de documento de identificación sin documento.", who)
	case p.tipo == "" && p.doc != "":
		return errf("%s: el documento de identificación %s no indica su tipo.", who, q(p.doc))
	}
	switch {
	case p.tipo == "O" && tipoRegistro == "1":
		// A salida to another body identified by its code of origin.
	case (p.tipo == "C" || p.tipo == "O") && p.razon == "":
		return errf("%s: con documento de tipo %s hace falta la razón social.", who, p.tipo)
	case p.tipo != "" && p.tipo != "C" && p.tipo != "O" && p.nombre == "":
		return errf("%s: con documento de tipo %s (persona física) hacen falta nombre y primer apellido.", who, p.tipo)
	}
	if err := p.checkAddress(who); err != nil {
		return err
	}
	switch p.canal {
	case "":
	case "01":
		if p.pais == "" || p.direccion == "" {
			return errf("%s: el canal preferente es la dirección postal (01) y faltan el país o la dirección.", who)
		}
		if p.pais == SpainINE && p.cp == "" && (p.provincia == "" || p.municipio == "") {
			return errf("%s: el canal preferente es la dirección postal (01) y faltan el código postal o la provincia y el municipio.", who)
		}
	case "02":
		if p.deh == "" {
			return errf("%s: el canal preferente es la dirección electrónica habilitada (02) y falta esa dirección.", who)
		}
	case "03":
	default:
		return errf("%s: canal preferente %s desconocido (01, 02 o 03).", who, q(p.canal))
	}
	return nil
}

// checkAddress checks the INE codes, the postcode and the e-mail.
func (p party) checkAddress(who string) error {
	switch {
	case p.pais != "" && !paisRe.MatchString(p.pais):
		return errf("%s: el país %s no es un código INE de país.", who, q(p.pais))
	case p.provincia != "" && !validProvincia(p.provincia):
		return errf("%s: la provincia %s no es un código INE de provincia (01 a 52).", who, q(p.provincia))
	case p.municipio != "" && !municipioRe.MatchString(p.municipio):
		return errf("%s: el municipio %s no es un código INE de municipio.", who, q(p.municipio))
	case p.municipio != "" && p.provincia == "":
		return errf("%s: hay municipio sin provincia.", who)
	case p.cp != "" && (p.pais == "" || p.pais == SpainINE) && !postalRe.MatchString(p.cp):
		return errf("%s: el código postal %s no tiene 5 cifras.", who, q(p.cp))
	case p.correo != "" && !emailRe.MatchString(p.correo):
		return errf("%s: el correo electrónico %s no es una dirección válida.", who, q(p.correo))
	}
	return nil
}

func validProvincia(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && provinciaRe.MatchString(s) && n >= 1 && n <= 52
}
