package sicres_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"concejo/internal/eadmin/registry/sicres"
)

const standards = "testdata"

var madrid, _ = time.LoadLocation("Europe/Madrid")

func TestParseSamples(t *testing.T) {
	for _, name := range []string{"ficheroIntercambio.xml"} {
		data, err := os.ReadFile(filepath.Join(standards, "samples/sicres", name))
		if err != nil {
			t.Fatal(err)
		}
		f, err := sicres.Parse(data, time.Now(), madrid)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Logf("%s: %s %s %q %d anexos", name, f.Control.IdentificadorIntercambio, f.Origen.NumeroRegistro, f.Asunto.Resumen, len(f.Anexos))
	}
	data, _ := os.ReadFile(filepath.Join(standards, "samples/sicres/ficheroIntercambio.xml"))
	f, _ := sicres.Parse(data, time.Now(), madrid)
	if f.Destino.DecodificacionEntidad != "REGISTRO GENERAL DE LA DIPUTACIÓN PROVINCIAL DE SORIA" {
		t.Errorf("character references inside CDATA: %q", f.Destino.DecodificacionEntidad)
	}
	if f.Control.IdentificadorIntercambio != "O00002741_13_00000012" || len(f.Anexos) != 11 || f.Interesados[0].Documento != "11111111H" {
		t.Errorf("parsed %+v", f.Control)
	}
}

// xmllint validates data against the SICRES 3.0 interchange schema.
func xmllint(t *testing.T, data []byte) {
	t.Helper()
	xmllintSchema(t, data, "SICRES3_INTERCAMBIO_APL.xsd")
}

// xmllintSchema validates data against one of the SICRES 3.0 schemas.
func xmllintSchema(t *testing.T, data []byte, xsd string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fichero.xml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--schema",
		filepath.Join(standards, "xsd/sicres", xsd), path).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
}

// sample is a complete valid file.
func sample() *sicres.Fichero {
	x := sicres.ExchangeID("L01100377", 2026, 7)
	content := []byte("%PDF-1.4 solicitud")
	return &sicres.Fichero{
		Origen:      sicres.Origen{CodigoEntidadRegistral: "L01100377", DecodificacionEntidad: "Ayuntamiento de Cáceres", NumeroRegistro: "2026/S/000007", FechaHora: "20260302101500"},
		Destino:     sicres.Destino{CodigoEntidadRegistral: "L02000010", DecodificacionEntidad: "Diputación Provincial de Cáceres"},
		Interesados: []sicres.Interesado{{TipoDocumento: "N", Documento: "12345678Z", Nombre: "Lucía", PrimerApellido: "Gómez", Canal: "01", Pais: "724", CodigoPostal: "10003", Direccion: "Calle Pintores 10"}},
		Asunto:      sicres.Asunto{Resumen: "Remisión de expediente & anexos <urgente>"},
		Anexos: []sicres.Anexo{{NombreFichero: "solicitud.pdf", IdentificadorFichero: sicres.FileID(x, 1, "pdf"), ValidezDocumento: "04",
			TipoDocumento: "02", Hash: sicres.Hash(content), TipoMIME: "application/pdf", Anexo: b64(content)}},
		Control: sicres.Control{IdentificadorIntercambio: x, TipoAnotacion: "02", TipoRegistro: "1", DocumentacionFisica: "3",
			IndicadorPrueba: "0", CodigoEntidadInicio: "L01100377"},
	}
}

func TestMarshalValidatesAgainstSchema(t *testing.T) {
	data, err := sicres.Marshal(sample(), time.Now(), madrid)
	if err != nil {
		t.Fatal(err)
	}
	xmllint(t, data)
	back, err := sicres.Parse(data, time.Now(), madrid)
	if err != nil {
		t.Fatal(err)
	}
	if back.Asunto.Resumen != "Remisión de expediente & anexos <urgente>" || string(back.Anexos[0].Content()) != "%PDF-1.4 solicitud" {
		t.Fatalf("round trip: %+v", back.Asunto)
	}
}

func TestParseRejects(t *testing.T) {
	base, _ := sicres.Marshal(sample(), time.Now(), madrid)
	for name, c := range map[string]struct{ from, to, want string }{
		"hash":     {sicres.Hash([]byte("%PDF-1.4 solicitud")), sicres.Hash([]byte("otro")), "huella"},
		"future":   {"20260302101500", "20990302101500", "posterior"},
		"date":     {"20260302101500", "2026-03-02", "formato"},
		"exchange": {"L01100377_26_00000007</Identificador_Intercambio>", "X_1</Identificador_Intercambio>", "identificador de intercambio"},
		"year":     {"L01100377_26_00000007</Identificador_Intercambio>", "L01100377_27_00000007</Identificador_Intercambio>", "posterior al actual"},
		"type":     {"<Tipo_Registro>1", "<Tipo_Registro>7", "Tipo_Registro"},
		"long":     {"<Resumen>", "<Resumen>" + strings.Repeat("x", 241), "240"},
		"xml":      {"</De_Asunto>", "", "De_Asunto"},
		"broken":   {"</Resumen>", "</Resum>", "legible"},
		"twice":    {"</Fichero_Intercambio_SICRES_3>", "</Fichero_Intercambio_SICRES_3><Fichero_Intercambio_SICRES_3>", "raíz"},
	} {
		data := strings.Replace(string(base), c.from, c.to, 1)
		if _, err := sicres.Parse([]byte(data), time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), madrid); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
}
