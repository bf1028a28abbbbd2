package sirlink_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"concejo/internal/eadmin/sirlink"
)

// envio is a valid interchange file (an envío from Trujillo to the Junta
// de Extremadura).
func envio(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/envio.xml")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// ack is a valid ACK message answering envio.
const ack = `<?xml version="1.0" encoding="UTF-8"?>
<De_Mensaje>
  <Codigo_Entidad_Registral_Origen>O00009876</Codigo_Entidad_Registral_Origen>
  <Codigo_Entidad_Registral_Destino>O00001234</Codigo_Entidad_Registral_Destino>
  <Identificador_Intercambio>O00001234_26_00000042</Identificador_Intercambio>
  <Tipo_Mensaje>01</Tipo_Mensaje>
  <Descripcion_Mensaje>ACK</Descripcion_Mensaje>
  <Indicador_Prueba>1</Indicador_Prueba>
</De_Mensaje>
`

// receiver records what the Handler hands over and answers with err.
type receiver struct {
	mu       sync.Mutex
	files    [][]byte
	messages [][]byte
	err      error
}

func (r *receiver) ReceiveFile(_ context.Context, data []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.files = append(r.files, data)
	return r.err
}

func (r *receiver) ReceiveMessage(_ context.Context, data []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.messages = append(r.messages, data)
	return r.err
}

func (r *receiver) got() (files, messages [][]byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]byte(nil), r.files...), append([][]byte(nil), r.messages...)
}

func mustContain(t *testing.T, what, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Errorf("%s %q does not contain %q", what, s, p)
		}
	}
}

var _ sirlink.Receiver = (*receiver)(nil)
