// Package sicres reads and writes the SICRES 3.0 interchange file
// (Fichero_Intercambio_SICRES_3, NTI de Modelo de Datos para el intercambio
// de asientos entre las Entidades Registrales) and its messages
// (De_Mensaje) that the Sistema de Interconexión de Registros (SIR)
// carries between administrations. The element order and lengths follow
// xsd/sicres/SICRES3_INTERCAMBIO_APL.xsd and SICRES3_MENSAJE_APL.xsd (no
// target namespace; every leaf a string with maxLength, or base64).
//
// Parse accepts what real producers send (ISO-8859-1 or UTF-8, values in
// CDATA, empty optional elements, numeric character references left inside
// CDATA), refuses what the schema refuses (a missing segment, elements out
// of order or unknown) and checks the rules the schema cannot express, as
// regweb3's validator does (Check). Every refusal is an *Error carrying
// the SIR error code of the ERROR message that answers the file
// (ErrorReply). Marshal writes a file that validates against the schema;
// the mapping uses Fit, TipoMIME and SplitName so that a value is left out
// rather than cut, and CheckSending before it sends.
package sicres

import (
	"encoding/xml"
)

// Fichero is a Fichero_Intercambio_SICRES_3.
type Fichero struct {
	XMLName     xml.Name     `xml:"Fichero_Intercambio_SICRES_3"`
	Origen      Origen       `xml:"De_Origen_o_Remitente"`
	Destino     Destino      `xml:"De_Destino"`
	Interesados []Interesado `xml:"De_Interesado"`
	Asunto      Asunto       `xml:"De_Asunto"`
	Anexos      []Anexo      `xml:"De_Anexo"`
	Control     Control      `xml:"De_Internos_Control"`
	Formulario  Formulario   `xml:"De_Formulario_Generico"`
}

// Origen is De_Origen_o_Remitente.
type Origen struct {
	CodigoEntidadRegistral     string `xml:"Codigo_Entidad_Registral_Origen"`
	DecodificacionEntidad      string `xml:"Decodificacion_Entidad_Registral_Origen,omitempty"`
	NumeroRegistro             string `xml:"Numero_Registro_Entrada"`
	FechaHora                  string `xml:"Fecha_Hora_Entrada"`
	Timestamp                  string `xml:"Timestamp_Entrada,omitempty"`
	CodigoUnidadTramitacion    string `xml:"Codigo_Unidad_Tramitacion_Origen,omitempty"`
	DecodificacionUnidadOrigen string `xml:"Decodificacion_Unidad_Tramitacion_Origen,omitempty"`
}

// Destino is De_Destino.
type Destino struct {
	CodigoEntidadRegistral      string `xml:"Codigo_Entidad_Registral_Destino"`
	DecodificacionEntidad       string `xml:"Decodificacion_Entidad_Registral_Destino,omitempty"`
	CodigoUnidadTramitacion     string `xml:"Codigo_Unidad_Tramitacion_Destino,omitempty"`
	DecodificacionUnidadDestino string `xml:"Decodificacion_Unidad_Tramitacion_Destino,omitempty"`
}

// Interesado is De_Interesado (interesado and, optionally, representante).
type Interesado struct {
	TipoDocumento      string `xml:"Tipo_Documento_Identificacion_Interesado,omitempty"`
	Documento          string `xml:"Documento_Identificacion_Interesado,omitempty"`
	RazonSocial        string `xml:"Razon_Social_Interesado,omitempty"`
	Nombre             string `xml:"Nombre_Interesado,omitempty"`
	PrimerApellido     string `xml:"Primer_Apellido_Interesado,omitempty"`
	SegundoApellido    string `xml:"Segundo_Apellido_Interesado,omitempty"`
	TipoDocumentoRep   string `xml:"Tipo_Documento_Identificacion_Representante,omitempty"`
	DocumentoRep       string `xml:"Documento_Identificacion_Representante,omitempty"`
	RazonSocialRep     string `xml:"Razon_Social_Representante,omitempty"`
	NombreRep          string `xml:"Nombre_Representante,omitempty"`
	PrimerApellidoRep  string `xml:"Primer_Apellido_Representante,omitempty"`
	SegundoApellidoRep string `xml:"Segundo_Apellido_Representante,omitempty"`
	Pais               string `xml:"Pais_Interesado,omitempty"`
	Provincia          string `xml:"Provincia_Interesado,omitempty"`
	Municipio          string `xml:"Municipio_Interesado,omitempty"`
	Direccion          string `xml:"Direccion_Interesado,omitempty"`
	CodigoPostal       string `xml:"Codigo_Postal_Interesado,omitempty"`
	Correo             string `xml:"Correo_Electronico_Interesado,omitempty"`
	Telefono           string `xml:"Telefono_Contacto_Interesado,omitempty"`
	DEH                string `xml:"Direccion_Electronica_Habilitada_Interesado,omitempty"`
	Canal              string `xml:"Canal_Preferente_Comunicacion_Interesado,omitempty"`
	PaisRep            string `xml:"Pais_Representante,omitempty"`
	ProvinciaRep       string `xml:"Provincia_Representante,omitempty"`
	MunicipioRep       string `xml:"Municipio_Representante,omitempty"`
	DireccionRep       string `xml:"Direccion_Representante,omitempty"`
	CodigoPostalRep    string `xml:"Codigo_Postal_Representante,omitempty"`
	CorreoRep          string `xml:"Correo_Electronico_Representante,omitempty"`
	TelefonoRep        string `xml:"Telefono_Contacto_Representante,omitempty"`
	DEHRep             string `xml:"Direccion_Electronica_Habilitada_Representante,omitempty"`
	CanalRep           string `xml:"Canal_Preferente_Comunicacion_Representante,omitempty"`
	Observaciones      string `xml:"Observaciones,omitempty"`
}

// Asunto is De_Asunto.
type Asunto struct {
	Resumen                  string `xml:"Resumen"`
	CodigoAsuntoSegunDestino string `xml:"Codigo_Asunto_Segun_Destino,omitempty"`
	ReferenciaExterna        string `xml:"Referencia_Externa,omitempty"`
	NumeroExpediente         string `xml:"Numero_Expediente,omitempty"`
}

// Anexo is De_Anexo. Binary fields hold base64 text as in the file.
type Anexo struct {
	NombreFichero           string `xml:"Nombre_Fichero_Anexado"`
	IdentificadorFichero    string `xml:"Identificador_Fichero"`
	ValidezDocumento        string `xml:"Validez_Documento,omitempty"`
	TipoDocumento           string `xml:"Tipo_Documento"`
	Certificado             string `xml:"Certificado,omitempty"`
	FirmaDocumento          string `xml:"Firma_Documento,omitempty"`
	TimeStamp               string `xml:"TimeStamp,omitempty"`
	ValidacionOCSP          string `xml:"Validacion_OCSP_Certificado,omitempty"`
	Hash                    string `xml:"Hash"`
	TipoMIME                string `xml:"Tipo_MIME,omitempty"`
	Anexo                   string `xml:"Anexo,omitempty"`
	IdentificadorDocFirmado string `xml:"Identificador_Documento_Firmado,omitempty"`
	Observaciones           string `xml:"Observaciones,omitempty"`
}

// Control is De_Internos_Control.
type Control struct {
	TipoTransporte           string `xml:"Tipo_Transporte_Entrada,omitempty"`
	NumeroTransporte         string `xml:"Numero_Transporte_Entrada,omitempty"`
	NombreUsuario            string `xml:"Nombre_Usuario,omitempty"`
	ContactoUsuario          string `xml:"Contacto_Usuario,omitempty"`
	IdentificadorIntercambio string `xml:"Identificador_Intercambio"`
	AplicacionVersion        string `xml:"Aplicacion_Version_Emisora,omitempty"`
	TipoAnotacion            string `xml:"Tipo_Anotacion"`
	DescripcionTipoAnotacion string `xml:"Descripcion_Tipo_Anotacion,omitempty"`
	TipoRegistro             string `xml:"Tipo_Registro"`
	DocumentacionFisica      string `xml:"Documentacion_Fisica"`
	ObservacionesApunte      string `xml:"Observaciones_Apunte,omitempty"`
	IndicadorPrueba          string `xml:"Indicador_Prueba"`
	CodigoEntidadInicio      string `xml:"Codigo_Entidad_Registral_Inicio"`
	DecodificacionInicio     string `xml:"Decodificacion_Entidad_Registral_Inicio,omitempty"`
}

// Formulario is De_Formulario_Generico (both elements required, may be empty).
type Formulario struct {
	Expone   string `xml:"Expone"`
	Solicita string `xml:"Solicita"`
}
