package pdf

import (
	"testing"
	"time"
)

// volanteDocument is a one-page volante de empadronamiento as the padrón
// issues it.
func volanteDocument() Document {
	return Document{
		Issuer: "Ayuntamiento de Villanueva de la Vera", IssuerSub: "Padrón municipal de habitantes",
		Title: "Volante de empadronamiento", Reference: "Volante VOL-2026-000451",
		Fields: []Field{{Label: "Nombre", Value: "María García López"}, {Label: "DNI", Value: "12345678Z"},
			{Label: "Domicilio", Value: "Calle Real, 12, 1.º B, 10470 Villanueva de la Vera (Cáceres)"},
			{Label: "Fecha de alta", Value: "3 de marzo de 2019"},
			{Label: "Hoja padronal", Value: "Distrito 01, sección 002, hoja 00451"}},
		Paragraphs: []string{"Según los datos que constan en el Padrón Municipal de Habitantes, la persona " +
			"indicada figura empadronada en este municipio en el domicilio señalado.",
			"Este volante tiene carácter informativo y no sustituye al certificado de empadronamiento."},
		SignatureLines: []string{"El/La Secretario/a", "Documento firmado con sello de órgano"},
		CSV:            "CNC-7Q2X-9KLM-44ZA", VerifyURL: "https://concejo.example/verificar?csv=CNC-7Q2X-9KLM-44ZA",
		Date: time.Date(2026, 11, 27, 10, 30, 0, 0, time.UTC),
	}
}

// receiptDocument is a justificante de registro de entrada with two
// interesados and three annexes, as the registry issues it.
func receiptDocument() Document {
	return Document{
		Issuer: "Ayuntamiento de Plasencia", IssuerSub: "Registro general de entrada y salida",
		Title: "Justificante de registro de entrada", Reference: "Asiento E-2026-0012345",
		Fields: []Field{
			{Label: "Número de registro", Value: "E-2026-0012345 (entrada)"},
			{Label: "Fecha y hora oficial", Value: "27/11/2026 10:30:12 (hora peninsular, Europe/Madrid)"},
			{Label: "Oficina de registro", Value: "Ayuntamiento de Plasencia (L01101514)"},
			{Label: "Medio de presentación", Value: "Sede electrónica"},
			{Label: "Interesado 1", Value: "María García López (NIF 12345678Z)"},
			{Label: "Interesado 2", Value: "Construcciones del Jerte, S.L. (NIF B10123456)"},
			{Label: "Destino", Value: "Urbanismo (L01101514)"},
			{Label: "Asunto", Value: "Solicitud de licencia de obra menor"},
			{Label: "Resumen", Value: "Reforma de cocina y baño en la vivienda de la calle del Rey, 7, sin afectar a la estructura ni a la fachada."},
		},
		Paragraphs: []string{
			"EXPONE: Que desea reformar la cocina y el baño de su vivienda, con un presupuesto de ejecución material de 12.400 €.",
			"SOLICITA: Que se le conceda la licencia de obra menor correspondiente.",
			"Documentos aportados (huella SHA-256):\n1. solicitud.pdf (182.340 bytes)\n    3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b" +
				"\n2. presupuesto.pdf (96.002 bytes)\n    9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" +
				"\n3. plano.pdf (1.204.511 bytes)\n    60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
			"Este justificante acredita la presentación y la fecha y hora de entrada en el registro (artículo 16.3 de la Ley 39/2015, de 1 de octubre). Anotado por: Registro electrónico.",
		},
		CSV:       "CNC-AB12-CD34-EF56",
		VerifyURL: "https://concejo.dip-caceres.es/verificar?csv=CNC-AB12-CD34-EF56",
		Date:      time.Date(2026, 11, 27, 9, 30, 12, 0, time.UTC),
	}
}

func benchmarkRender(b *testing.B, d Document) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderVolante renders a one-page volante de empadronamiento.
func BenchmarkRenderVolante(b *testing.B) { benchmarkRender(b, volanteDocument()) }

// BenchmarkRenderJustificante renders a one-page justificante de registro.
func BenchmarkRenderJustificante(b *testing.B) { benchmarkRender(b, receiptDocument()) }

// BenchmarkRenderLong renders the multi-page sample document.
func BenchmarkRenderLong(b *testing.B) { benchmarkRender(b, sampleDocument()) }
