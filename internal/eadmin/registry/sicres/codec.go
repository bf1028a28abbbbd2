package sicres

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxFileBytes bounds the interchange files Parse reads (5 annexes of
// 10 MiB in base64 plus the asiento).
const MaxFileBytes = 24 << 20

// maxLen is the schema's maxLength of each element (Observaciones is 160
// in De_Interesado and 50 in De_Anexo: see anexoMax).
var maxLen = map[string]int{"Codigo_Entidad_Registral_Origen": 21, "Decodificacion_Entidad_Registral_Origen": 80,
	"Numero_Registro_Entrada": 20, "Fecha_Hora_Entrada": 14, "Codigo_Unidad_Tramitacion_Origen": 21,
	"Decodificacion_Unidad_Tramitacion_Origen": 80, "Codigo_Entidad_Registral_Destino": 21,
	"Decodificacion_Entidad_Registral_Destino": 80, "Codigo_Unidad_Tramitacion_Destino": 21,
	"Decodificacion_Unidad_Tramitacion_Destino": 80, "Tipo_Documento_Identificacion_Interesado": 1,
	"Documento_Identificacion_Interesado": 17, "Razon_Social_Interesado": 80, "Nombre_Interesado": 30,
	"Primer_Apellido_Interesado": 30, "Segundo_Apellido_Interesado": 30, "Tipo_Documento_Identificacion_Representante": 1,
	"Documento_Identificacion_Representante": 17, "Razon_Social_Representante": 80, "Nombre_Representante": 30,
	"Primer_Apellido_Representante": 30, "Segundo_Apellido_Representante": 30, "Pais_Interesado": 4,
	"Provincia_Interesado": 2, "Municipio_Interesado": 5, "Direccion_Interesado": 160, "Codigo_Postal_Interesado": 5,
	"Correo_Electronico_Interesado": 160, "Telefono_Contacto_Interesado": 20,
	"Direccion_Electronica_Habilitada_Interesado": 160, "Canal_Preferente_Comunicacion_Interesado": 2,
	"Pais_Representante": 4, "Provincia_Representante": 2, "Municipio_Representante": 5, "Direccion_Representante": 160,
	"Codigo_Postal_Representante": 5, "Correo_Electronico_Representante": 160, "Telefono_Contacto_Representante": 20,
	"Direccion_Electronica_Habilitada_Representante": 160, "Canal_Preferente_Comunicacion_Representante": 2,
	"Observaciones": 160, "Resumen": 240, "Codigo_Asunto_Segun_Destino": 16, "Referencia_Externa": 16,
	"Numero_Expediente": 80, "Nombre_Fichero_Anexado": 80, "Identificador_Fichero": 50, "Validez_Documento": 2,
	"Tipo_Documento": 2, "Tipo_MIME": 20, "Identificador_Documento_Firmado": 50, "Tipo_Transporte_Entrada": 2,
	"Numero_Transporte_Entrada": 20, "Nombre_Usuario": 80, "Contacto_Usuario": 160, "Identificador_Intercambio": 33,
	"Aplicacion_Version_Emisora": 4, "Tipo_Anotacion": 2, "Descripcion_Tipo_Anotacion": 80, "Tipo_Registro": 1,
	"Documentacion_Fisica": 1, "Observaciones_Apunte": 50, "Indicador_Prueba": 1, "Codigo_Entidad_Registral_Inicio": 21,
	"Decodificacion_Entidad_Registral_Inicio": 80, "Expone": 4000, "Solicita": 4000}

var anexoMax = map[string]int{"Observaciones": 50}

// base64Fields are the xs:base64Binary elements.
var base64Fields = map[string]bool{"Timestamp_Entrada": true, "Certificado": true, "Firma_Documento": true,
	"TimeStamp": true, "Validacion_OCSP_Certificado": true, "Hash": true, "Anexo": true}

// Codes of the lists used in the file.
var (
	TiposAnotacion = map[string]string{"01": "Pendiente", "02": "Envío", "03": "Reenvío", "04": "Rechazo"}
	tiposDocumento = map[string]bool{"N": true, "C": true, "P": true, "E": true, "X": true, "O": true}
	tiposAnexo     = map[string]bool{"01": true, "02": true, "03": true}
	validez        = map[string]bool{"01": true, "02": true, "03": true, "04": true}
	transportes    = map[string]bool{"01": true, "02": true, "03": true, "04": true, "05": true, "06": true, "07": true}
	exchangeRe     = regexp.MustCompile(`^([A-Z0-9]{1,21})_(\d{2})_(\d{8})$`)
	dir3Re         = regexp.MustCompile(`^[A-Z0-9]{1,21}$`)
	charRefRe      = regexp.MustCompile(`&#[xX]([0-9A-Fa-f]{1,6});|&#([0-9]{1,7});`)
)

// DateLayout is the layout of Fecha_Hora_Entrada.
const DateLayout = "20060102150405"

// Parse reads an interchange file and checks it: the schema's structure
// (segments present, elements known and in order) and lengths, then
// Check's rules. Every refusal is an *Error with its SIR code. now bounds
// the dates (they must not be in the future); loc is their time zone.
func Parse(data []byte, now time.Time, loc *time.Location) (*Fichero, error) {
	if len(data) > MaxFileBytes {
		return nil, errf("El fichero de intercambio supera los %d MB.", MaxFileBytes>>20)
	}
	var f Fichero
	if err := decodeDocument(data, "Fichero_Intercambio_SICRES_3", &f); err != nil {
		return nil, err
	}
	clean(&f)
	if err := f.Check(now, loc); err != nil {
		return nil, err
	}
	return &f, nil
}

// charsetReader accepts the encodings producers use: UTF-8 and
// ISO-8859-1 / Windows-1252 (read as Latin-1).
func charsetReader(charset string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "utf-8", "utf8", "":
		return in, nil
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "iso-8859-15", "windows-1252", "cp1252":
		b, err := io.ReadAll(io.LimitReader(in, MaxFileBytes+1))
		if err != nil {
			return nil, err
		}
		var out strings.Builder
		out.Grow(len(b))
		for _, c := range b {
			out.WriteRune(rune(c))
		}
		return strings.NewReader(out.String()), nil
	}
	return nil, errf("codificación %q no admitida", charset)
}

// clean trims every text field and decodes the numeric character
// references some producers leave inside CDATA (&#xD3; for Ó).
func clean(f *Fichero) {
	walk(f, func(name string, v reflect.Value) {
		s := strings.TrimSpace(v.String())
		if !base64Fields[name] && strings.Contains(s, "&#") {
			s = charRefRe.ReplaceAllStringFunc(s, func(m string) string {
				sub := charRefRe.FindStringSubmatch(m)
				var n int64
				if sub[1] != "" {
					n, _ = strconv.ParseInt(sub[1], 16, 32)
				} else {
					n, _ = strconv.ParseInt(sub[2], 10, 32)
				}
				if n <= 0 || n > utf8.MaxRune || !utf8.ValidRune(rune(n)) {
					return m
				}
				return string(rune(n))
			})
		}
		if base64Fields[name] {
			s = strings.Join(strings.Fields(s), "")
		}
		v.SetString(s)
	})
}

// walk calls fn with the element name of every string field of f.
func walk(f *Fichero, fn func(name string, v reflect.Value)) {
	var visit func(v reflect.Value)
	visit = func(v reflect.Value) {
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			fv := v.Field(i)
			name := strings.Split(t.Field(i).Tag.Get("xml"), ",")[0]
			switch fv.Kind() {
			case reflect.String:
				fn(name, fv)
			case reflect.Struct:
				if t.Field(i).Name != "XMLName" {
					visit(fv)
				}
			case reflect.Slice:
				for j := 0; j < fv.Len(); j++ {
					visit(fv.Index(j))
				}
			}
		}
	}
	visit(reflect.ValueOf(f).Elem())
}

// checkLengths applies the schema's maxLength to a segment.
func checkLengths(segment string, v reflect.Value, over map[string]int) error {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).Type.Kind() != reflect.String {
			continue
		}
		name := strings.Split(t.Field(i).Tag.Get("xml"), ",")[0]
		s := v.Field(i).String()
		if base64Fields[name] {
			if s != "" {
				if _, err := base64.StdEncoding.DecodeString(s); err != nil {
					return errf("%s/%s no está en base64.", segment, name)
				}
			}
			continue
		}
		max, ok := over[name]
		if !ok {
			max = maxLen[name]
		}
		if n := utf8.RuneCountInString(s); max > 0 && n > max {
			return errf("%s/%s tiene %d caracteres y admite como máximo %d.", segment, name, n, max)
		}
		if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return !isXMLChar(r) }) {
			return errf("%s/%s contiene caracteres no válidos.", segment, name)
		}
	}
	return nil
}

// isXMLChar tells whether r may appear in an XML 1.0 document.
func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= utf8.MaxRune)
}

// Content returns the decoded content of an annex (nil when the file does
// not carry it).
func (a Anexo) Content() []byte {
	b, _ := base64.StdEncoding.DecodeString(a.Anexo)
	return b
}

// ErrInvalid is wrapped by Marshal when the file or message would not be
// valid, together with the *Error that says why.
var ErrInvalid = errors.New("sicres: fichero no válido")

// Marshal writes f as an UTF-8 interchange file after checking it with
// Check, so that it never writes a file the schema refuses.
func Marshal(f *Fichero, now time.Time, loc *time.Location) ([]byte, error) {
	if err := f.Check(now, loc); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// Hash is the Hash of an annex as this platform writes it: the SHA-256
// digest of the content, in base64.
func Hash(content []byte) string {
	sum := sha256.Sum256(content)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// ExchangeID formats an Identificador_Intercambio.
func ExchangeID(office string, year int, seq int64) string {
	return fmt.Sprintf("%s_%02d_%08d", office, year%100, seq)
}

// FileID formats an Identificador_Fichero for annex n (1-based).
func FileID(exchangeID string, n int, ext string) string {
	return fmt.Sprintf("%s_01_%04d.%s", exchangeID, n, strings.ToLower(ext))
}
