package sicres_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"concejo/internal/eadmin/registry/sicres"
)

// seeds returns the sample files and every file under testdata/recepcion.
func seeds(f *testing.F) [][]byte {
	paths, _ := filepath.Glob(filepath.Join(standards, "samples/sicres/*.xml"))
	more, _ := filepath.Glob(filepath.Join(standards, "recepcion/*.xml"))
	refused, _ := filepath.Glob(filepath.Join(standards, "recepcion/rechazados/*.xml"))
	var out [][]byte
	for _, p := range append(append(paths, more...), refused...) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

func FuzzParse(f *testing.F) {
	for _, data := range seeds(f) {
		f.Add(data)
	}
	base, _ := sicres.Marshal(sample(), receivedAt, madrid)
	f.Add(base)
	f.Fuzz(func(t *testing.T, data []byte) {
		fi, err := sicres.Parse(data, receivedAt, madrid)
		if err != nil {
			var e *sicres.Error
			if !errors.As(err, &e) || e.Code == "" {
				t.Fatalf("not an *Error with a code: %#v", err)
			}
			if _, err := sicres.ErrorReply(data, err); err != nil {
				var e *sicres.Error
				if !errors.As(err, &e) {
					t.Fatalf("ErrorReply: %#v", err)
				}
			}
			return
		}
		// Whatever Parse accepts, Marshal writes and Parse reads back the same.
		out, err := sicres.Marshal(fi, receivedAt, madrid)
		if err != nil {
			t.Fatalf("accepted file does not marshal: %v", err)
		}
		again, err := sicres.Parse(out, receivedAt, madrid)
		if err != nil {
			t.Fatalf("marshalled file does not parse: %v", err)
		}
		if !reflect.DeepEqual(again, fi) {
			t.Fatalf("round trip changed the file:\n%+v\n%+v", fi, again)
		}
	})
}

func FuzzParseMensaje(f *testing.F) {
	for _, data := range seeds(f) {
		if m, err := sicres.ErrorReply(data, &sicres.Error{Code: sicres.CodeXMLFormat, Msg: "Error de prueba"}); err == nil {
			out, _ := m.Marshal()
			f.Add(out)
		}
	}
	confirm := sicres.Mensaje{CodigoEntidadOrigen: "O00009999", CodigoEntidadDestino: "O00002741",
		IdentificadorIntercambio: "O00002741_25_00000042", TipoMensaje: sicres.MensajeConfirmacion,
		NumeroRegistroDestino: "2025/E/000123", FechaHoraDestino: "20251104103000", IndicadorPrueba: "0",
		IdentificadoresFichero: []string{"O00002741_25_00000042_01_0001.pdf"}}
	out, err := confirm.Marshal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(out)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := sicres.ParseMensaje(data)
		if err != nil {
			var e *sicres.Error
			if !errors.As(err, &e) || e.Code == "" {
				t.Fatalf("not an *Error with a code: %#v", err)
			}
			return
		}
		out, err := m.Marshal()
		if err != nil {
			t.Fatalf("accepted message does not marshal: %v", err)
		}
		again, err := sicres.ParseMensaje(out)
		if err != nil || !reflect.DeepEqual(again, m) {
			t.Fatalf("round trip: %v\n%+v\n%+v", err, m, again)
		}
	})
}
