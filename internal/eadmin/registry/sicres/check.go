package sicres

import (
	"reflect"
	"strconv"
	"time"
)

// Check verifies what the schema and the SICRES 3.0 rules require of a
// file (the validations of regweb3's Sicres3XML and of the NTI): lengths,
// mandatory values, code lists, identifier formats, dates, the identity
// and addresses of every interesado and representante, and every annex.
// A received rechazo (04) or reenvío (03) is checked like an envío: what
// it means is the registry's business. now bounds the dates; loc is their
// time zone.
func (f *Fichero) Check(now time.Time, loc *time.Location) error {
	for _, s := range []struct {
		name string
		v    any
	}{{"De_Origen_o_Remitente", f.Origen}, {"De_Destino", f.Destino}, {"De_Asunto", f.Asunto},
		{"De_Internos_Control", f.Control}, {"De_Formulario_Generico", f.Formulario}} {
		if err := checkLengths(s.name, reflect.ValueOf(s.v), nil); err != nil {
			return err
		}
	}
	if err := f.checkOrigen(now, loc); err != nil {
		return err
	}
	if err := f.checkDestino(); err != nil {
		return err
	}
	if err := f.checkControl(now, loc); err != nil {
		return err
	}
	if f.Asunto.Resumen == "" {
		return errf("De_Asunto: falta el resumen.")
	}
	if err := f.checkInteresados(); err != nil {
		return err
	}
	if err := f.checkAnexos(); err != nil {
		return err
	}
	if f.Formulario.Expone != "" && f.Formulario.Solicita == "" {
		return errf("De_Formulario_Generico: si hay texto en «Expone», también debe haberlo en «Solicita».")
	}
	return nil
}

// checkDIR3 checks a DIR3 code (office or unit), mandatory or not.
func checkDIR3(path, code string, mandatory bool) error {
	switch {
	case code == "" && mandatory:
		return errf("%s: falta el código.", path)
	case code != "" && !dir3Re.MatchString(code):
		return errf("%s: el código %s no es un código DIR3 (letras mayúsculas y cifras, hasta 21).", path, q(code))
	}
	return nil
}

func (f *Fichero) checkOrigen(now time.Time, loc *time.Location) error {
	o := f.Origen
	if err := checkDIR3("De_Origen_o_Remitente/Codigo_Entidad_Registral_Origen", o.CodigoEntidadRegistral, true); err != nil {
		return err
	}
	if err := checkDIR3("De_Origen_o_Remitente/Codigo_Unidad_Tramitacion_Origen", o.CodigoUnidadTramitacion, false); err != nil {
		return err
	}
	if o.NumeroRegistro == "" {
		return errf("De_Origen_o_Remitente: falta el número de registro de entrada.")
	}
	return checkDate("De_Origen_o_Remitente/Fecha_Hora_Entrada", o.FechaHora, now, loc)
}

// checkDate checks a yyyyMMddHHmmss date that must not be in the future
// (five minutes of clock difference are tolerated).
func checkDate(path, s string, now time.Time, loc *time.Location) error {
	at, err := time.ParseInLocation(DateLayout, s, loc)
	if err != nil || !validDate(s) {
		return errf("%s: la fecha y hora %s no tiene el formato aaaammddhhmmss.", path, q(s))
	}
	if at.After(now.Add(5 * time.Minute)) {
		return errf("%s: la fecha y hora %s es posterior a la actual.", path, s)
	}
	return nil
}

func (f *Fichero) checkDestino() error {
	d := f.Destino
	if err := checkDIR3("De_Destino/Codigo_Entidad_Registral_Destino", d.CodigoEntidadRegistral, true); err != nil {
		return err
	}
	return checkDIR3("De_Destino/Codigo_Unidad_Tramitacion_Destino", d.CodigoUnidadTramitacion, false)
}

func (f *Fichero) checkControl(now time.Time, loc *time.Location) error {
	c := f.Control
	const seg = "De_Internos_Control"
	if err := checkDIR3(seg+"/Codigo_Entidad_Registral_Inicio", c.CodigoEntidadInicio, true); err != nil {
		return err
	}
	m := exchangeRe.FindStringSubmatch(c.IdentificadorIntercambio)
	if m == nil {
		return errf("%s: el identificador de intercambio %s no tiene el formato <entidad registral>_<aa>_<8 cifras>.", seg, q(c.IdentificadorIntercambio))
	}
	if m[1] != c.CodigoEntidadInicio {
		return errf("%s: el identificador de intercambio no empieza por la entidad registral de inicio (%s).", seg, c.CodigoEntidadInicio)
	}
	if yy, _ := strconv.Atoi(m[2]); yy > now.In(loc).Year()%100 {
		return errf("%s: el año del identificador de intercambio (%s) es posterior al actual.", seg, m[2])
	}
	if _, ok := TiposAnotacion[c.TipoAnotacion]; !ok {
		return errf("%s: Tipo_Anotacion %s no es 01, 02, 03 ni 04.", seg, q(c.TipoAnotacion))
	}
	if c.TipoAnotacion == "02" && c.CodigoEntidadInicio != f.Origen.CodigoEntidadRegistral {
		return errf("%s: en un envío (02) la entidad registral de inicio (%s) debe ser la de origen (%s).", seg, c.CodigoEntidadInicio, f.Origen.CodigoEntidadRegistral)
	}
	if c.TipoRegistro != "0" && c.TipoRegistro != "1" {
		return errc(CodeRegistryType, "%s: Tipo_Registro debe ser 0 (entrada) o 1 (salida).", seg)
	}
	if c.DocumentacionFisica != "1" && c.DocumentacionFisica != "2" && c.DocumentacionFisica != "3" {
		return errf("%s: Documentacion_Fisica debe ser 1, 2 o 3.", seg)
	}
	if c.IndicadorPrueba != "0" && c.IndicadorPrueba != "1" {
		return errf("%s: Indicador_Prueba debe ser 0 o 1.", seg)
	}
	if c.TipoTransporte != "" && !transportes[c.TipoTransporte] {
		return errf("%s: Tipo_Transporte_Entrada %s no es un código de la lista (01 a 07).", seg, q(c.TipoTransporte))
	}
	return nil
}

// validDate tells whether s is a date in DateLayout.
func validDate(s string) bool {
	_, err := time.Parse(DateLayout, s)
	return err == nil && len(s) == len(DateLayout)
}
