package sicres_test

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"concejo/internal/eadmin/registry/sicres"
)

func TestFitLeavesOutNeverCuts(t *testing.T) {
	if v, ok := sicres.Fit("application/vnd.oasis.opendocument.text", 20); ok || v != "" {
		t.Errorf("Fit returned %q, %v", v, ok)
	}
	if v, ok := sicres.Fit("Cáceres", 7); !ok || v != "Cáceres" {
		t.Errorf("7 characters (8 bytes) do not fit in 7: %q", v)
	}
	for ext, want := range map[string]string{"pdf": "application/pdf", ".PDF": "application/pdf", "odt": "", "docx": "", "xsig": "application/xml", "exe": ""} {
		if got := sicres.TipoMIME(ext); got != want {
			t.Errorf("TipoMIME(%q) = %q, want %q", ext, got, want)
		}
	}
}

func TestSplitName(t *testing.T) {
	for full, want := range map[string][3]string{
		"Lucía Gómez":                            {"Lucía", "Gómez", ""},
		"María del Carmen García López":          {"María del Carmen", "García", "López"},
		"Juan de la Fuente Pérez":                {"Juan", "de la Fuente", "Pérez"},
		"  Yusuf  ":                              {"Yusuf", sicres.NoSurname, ""},
		"Íñigo Muñoz " + strings.Repeat("ñ", 31): {"Íñigo", "Muñoz", ""},
	} {
		n, a1, a2, err := sicres.SplitName(full)
		if err != nil || [3]string{n, a1, a2} != want {
			t.Errorf("SplitName(%q) = %q %q %q, %v; want %q", full, n, a1, a2, err, want)
		}
	}
	for _, bad := range []string{"", strings.Repeat("a", 31) + " Pérez"} {
		if _, _, _, err := sicres.SplitName(bad); !errors.Is(err, sicres.ErrInvalid) {
			t.Errorf("SplitName(%q): %v", bad, err)
		}
	}
}

func TestFields(t *testing.T) {
	fields := sicres.Fields()
	byName := map[string]sicres.Field{}
	for _, f := range fields {
		byName[f.Segment+"/"+f.Element] = f
	}
	for key, want := range map[string]sicres.Field{
		"De_Anexo/Tipo_MIME":                {Segment: "De_Anexo", Element: "Tipo_MIME", Max: 20},
		"De_Anexo/Observaciones":            {Segment: "De_Anexo", Element: "Observaciones", Max: 50},
		"De_Interesado/Observaciones":       {Segment: "De_Interesado", Element: "Observaciones", Max: 160},
		"De_Asunto/Resumen":                 {Segment: "De_Asunto", Element: "Resumen", Max: 240, Mandatory: true},
		"De_Formulario_Generico/Solicita":   {Segment: "De_Formulario_Generico", Element: "Solicita", Max: 4000, Mandatory: true},
		"De_Anexo/Anexo":                    {Segment: "De_Anexo", Element: "Anexo"},
		"De_Internos_Control/Tipo_Registro": {Segment: "De_Internos_Control", Element: "Tipo_Registro", Max: 1, Mandatory: true},
	} {
		if byName[key] != want {
			t.Errorf("%s: %+v, want %+v", key, byName[key], want)
		}
	}
	if len(fields) != 7+4+31+4+13+14+2 {
		t.Errorf("%d fields", len(fields))
	}
}

func TestCheckSending(t *testing.T) {
	f := sample()
	if err := f.CheckSending(); err != nil {
		t.Fatal(err)
	}
	for len(f.Anexos) < sicres.MaxAnexos+1 {
		a := f.Anexos[0]
		a.IdentificadorFichero = sicres.FileID(f.Control.IdentificadorIntercambio, len(f.Anexos)+1, "pdf")
		f.Anexos = append(f.Anexos, a)
	}
	var e *sicres.Error
	if err := f.CheckSending(); !errors.As(err, &e) || e.Code != sicres.CodeAttachments || !strings.Contains(e.Msg, "como máximo 5") {
		t.Errorf("6 documents: %v", err)
	}
	big := make([]byte, sicres.MaxAnexoBytes+1)
	f.Anexos = f.Anexos[:1]
	f.Anexos[0].Anexo = base64.StdEncoding.EncodeToString(big)
	if err := f.CheckSending(); err == nil || !strings.Contains(err.Error(), "más de 10 MB") {
		t.Errorf("11 MB: %v", err)
	}
	f.Anexos[0].Anexo = ""
	if err := f.CheckSending(); err == nil || !strings.Contains(err.Error(), "falta el contenido") {
		t.Errorf("no content: %v", err)
	}
}

// Marshal refuses an invalid file with ErrInvalid and the reason.
func TestMarshalRefusesWithReason(t *testing.T) {
	f := sample()
	f.Anexos[0].TipoMIME = "application/vnd.oasi"
	_, err := sicres.Marshal(f, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), madrid)
	var e *sicres.Error
	if !errors.Is(err, sicres.ErrInvalid) || !errors.As(err, &e) || !strings.Contains(e.Msg, "tipo MIME") {
		t.Fatalf("got %v", err)
	}
}
