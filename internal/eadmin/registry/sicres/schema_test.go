package sicres_test

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"concejo/internal/eadmin/registry/sicres"
	"concejo/internal/eadmin/registry/sicres/sicrestest"
)

// validates runs xmllint once over files and returns the set it accepts.
func validates(t *testing.T, xsd string, files []string) map[string]bool {
	t.Helper()
	args := append([]string{"--noout", "--schema", filepath.Join(standards, "xsd/sicres", xsd)}, files...)
	out, _ := exec.Command("xmllint", args...).CombinedOutput()
	ok := map[string]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		if name, found := strings.CutSuffix(line, " validates"); found {
			ok[name] = true
		}
	}
	return ok
}

// mutate changes the structure of a marshalled file (one element per
// line): it drops, repeats or swaps an element, or drops a segment.
func mutate(r *rand.Rand, data []byte) string {
	lines := strings.Split(string(data), "\n")
	var leaves, segments []int
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "    <"):
			leaves = append(leaves, i)
		case strings.HasPrefix(l, "  <De_"):
			segments = append(segments, i)
		}
	}
	i := leaves[r.Intn(len(leaves))]
	switch r.Intn(4) {
	case 0:
		lines = append(lines[:i:i], lines[i+1:]...)
	case 1:
		lines = append(lines[:i+1:i+1], lines[i:]...)
	case 2:
		if strings.HasPrefix(lines[i+1], "    <") {
			lines[i], lines[i+1] = lines[i+1], lines[i]
		}
	default:
		s := segments[r.Intn(len(segments))]
		e := s
		for !strings.HasPrefix(lines[e], "  </De_") {
			e++
		}
		lines = append(lines[:s:s], lines[e+1:]...)
	}
	return strings.Join(lines, "\n")
}

// Parse refuses every structural change the schema refuses (and, built by
// Marshal, the messages of every kind validate against their schema and
// read back equal).
func TestParseRefusesWhatTheSchemaRefuses(t *testing.T) {
	now := receivedAt.In(madrid)
	r := rand.New(rand.NewSource(7))
	dir := t.TempDir()
	var files, messages []string
	for i := 0; i < 200; i++ {
		data, err := sicres.Marshal(sicrestest.Fichero(r, now), now, madrid)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("m%03d.xml", i))
		if err := os.WriteFile(path, []byte(mutate(r, data)), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
		if i < 50 {
			messages = append(messages, writeReplies(t, dir, i, data)...)
		}
	}
	valid := validates(t, "SICRES3_INTERCAMBIO_APL.xsd", files)
	refused := 0
	for _, path := range files {
		data, _ := os.ReadFile(path)
		_, err := sicres.Parse(data, now, madrid)
		if !valid[path] {
			refused++
			if err == nil {
				t.Errorf("Parse accepts a file the schema refuses:\n%s", data)
			}
		}
	}
	if refused < 50 {
		t.Errorf("only %d mutated files are invalid", refused)
	}
	if valid := validates(t, "SICRES3_MENSAJE_APL.xsd", messages); len(valid) != len(messages) {
		t.Errorf("%d of %d messages validate", len(valid), len(messages))
	}
}

// writeReplies writes the ERROR and CONFIRMACION messages answering a
// file and checks they read back equal.
func writeReplies(t *testing.T, dir string, i int, data []byte) []string {
	t.Helper()
	errMsg, err := sicres.ErrorReply(data, &sicres.Error{Code: sicres.CodeEntry, Msg: "No se ha podido registrar: «ñ» & <otros>."})
	if err != nil {
		t.Fatal(err)
	}
	confirm := *errMsg
	confirm.TipoMensaje, confirm.CodigoError, confirm.Descripcion = sicres.MensajeConfirmacion, "", "Registrado"
	confirm.NumeroRegistroDestino, confirm.FechaHoraDestino = "2026/E/000001", "20260301110000"
	var paths []string
	for n, m := range []*sicres.Mensaje{errMsg, &confirm} {
		out, err := m.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		back, err := sicres.ParseMensaje(out)
		if err != nil || fmt.Sprint(*back) != fmt.Sprint(*m) {
			t.Fatalf("message round trip: %v\n%+v\n%+v", err, m, back)
		}
		path := filepath.Join(dir, fmt.Sprintf("msg%03d-%d.xml", i, n))
		if err := os.WriteFile(path, out, 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}
