package facturae

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// schemas are the official XSDs of testdata/xsd, by version.
var schemas = map[Version]string{
	V32:  "Facturaev3_2.xsd",
	V321: "Facturaev3_2_1.xsd",
	V322: "Facturaev3_2_2.xsd",
}

// TestSamplesAgainstSchema validates each sample with xmllint against the
// XSD of the version Parse detects: the samples are valid and the
// detection agrees with the official schemas.
func TestSamplesAgainstSchema(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint no está instalado")
	}
	catalog, err := filepath.Abs("testdata/xsd/catalog.xml")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range samples {
		t.Run(s.file, func(t *testing.T) {
			f, err := Parse(readSample(t, s.file))
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("xmllint", "--nonet", "--noout", "--schema",
				filepath.Join("testdata", "xsd", schemas[f.Version]), filepath.Join("testdata", s.file))
			cmd.Env = append(cmd.Environ(), "XML_CATALOG_FILES="+catalog)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("xmllint (%s): %v\n%s", f.Version, err, out)
			}
			other := schemas[V322]
			if f.Version == V322 {
				other = schemas[V32]
			}
			cmd = exec.Command("xmllint", "--nonet", "--noout", "--schema",
				filepath.Join("testdata", "xsd", other), filepath.Join("testdata", s.file))
			cmd.Env = append(cmd.Environ(), "XML_CATALOG_FILES="+catalog)
			if err := cmd.Run(); err == nil {
				t.Errorf("%s validates against %s too", s.file, other)
			}
		})
	}
}
