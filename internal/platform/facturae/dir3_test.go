package facturae

import "testing"

func TestDIR3(t *testing.T) {
	f, err := Parse(readSample(t, "invoice-face.xml"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := f.Buyer.DIR3()
	if err != nil || d != (DIR3{"L01280796", "LA0007407", "LA0007408"}) {
		t.Errorf("%+v %v", d, err)
	}
	f, err = Parse(readSample(t, "invoice_amounts_withheld.xml"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Buyer.DIR3()
	want := "Faltan en el comprador los códigos DIR3 de: oficina contable (01), órgano gestor (02), unidad tramitadora (03)."
	if err == nil || err.Error() != want {
		t.Errorf("got %v", err)
	}
}
