package sirlink_test

import (
	"context"
	"encoding/xml"
	"testing"
	"time"

	"concejo/internal/eadmin/registry/sicres"
	"concejo/internal/eadmin/sirlink"
	"concejo/internal/eadmin/sirlink/cirtest"
	"concejo/internal/platform/web"
)

// send sends envio through a CIR whose remote administration behaves as r
// and returns what came back to the application.
func send(t *testing.T, r cirtest.Remote) (recv *receiver, deliveries []cirtest.Delivery) {
	t.Helper()
	recv = &receiver{}
	cir := attached(t, recv)
	cir.SetRemote(r)
	if rec, err := cir.Connector().SendFile(context.Background(), sirlink.Outgoing{Data: envio(t)}); err != nil || rec.Status != sirlink.StatusSent {
		t.Fatalf("SendFile = %+v, %v", rec, err)
	}
	deliveries = cir.Wait()
	for _, d := range deliveries {
		if d.Err != nil || d.Answer.Code != sirlink.CodeOK {
			t.Errorf("%s: %+v, %v", d.Kind, d.Answer, d.Err)
		}
	}
	return recv, deliveries
}

func mensaje(t *testing.T, data []byte) sicres.Mensaje {
	t.Helper()
	var m sicres.Mensaje
	if err := xml.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRemoteConfirms(t *testing.T) {
	recv, deliveries := send(t, cirtest.Remote{Mode: cirtest.Confirm})
	if len(deliveries) != 2 || deliveries[0].Kind != "ACK" || deliveries[1].Kind != "CONFIRMACION" {
		t.Fatalf("deliveries %+v", deliveries)
	}
	_, messages := recv.got()
	if len(messages) != 2 {
		t.Fatalf("%d messages", len(messages))
	}
	a, c := mensaje(t, messages[0]), mensaje(t, messages[1])
	if a.TipoMensaje != sicres.MensajeACK || a.CodigoEntidadOrigen != "O00009876" || a.CodigoEntidadDestino != "O00001234" || a.IdentificadorIntercambio != "O00001234_26_00000042" || a.IndicadorPrueba != "1" {
		t.Errorf("ACK %+v", a)
	}
	if c.TipoMensaje != sicres.MensajeConfirmacion || len(c.NumeroRegistroDestino) != 20 || c.FechaHoraDestino == "" {
		t.Errorf("CONFIRMACION %+v", c)
	}
	if _, err := time.ParseInLocation(sicres.DateLayout, c.FechaHoraDestino, web.Madrid); err != nil {
		t.Error(err)
	}
}

func TestRemoteRejects(t *testing.T) {
	recv, deliveries := send(t, cirtest.Remote{Mode: cirtest.Reject, Reason: "La unidad de destino no tramita ayudas de vivienda"})
	if len(deliveries) != 2 || deliveries[1].Kind != "RECHAZO" {
		t.Fatalf("deliveries %+v", deliveries)
	}
	files, _ := recv.got()
	if len(files) != 1 {
		t.Fatalf("%d files", len(files))
	}
	f, err := sicres.Parse(files[0], time.Now(), web.Madrid)
	if err != nil {
		t.Fatal(err)
	}
	if f.Control.TipoAnotacion != "04" || f.Control.DescripcionTipoAnotacion != "La unidad de destino no tramita ayudas de vivienda" ||
		f.Origen.CodigoEntidadRegistral != "O00009876" || f.Destino.CodigoEntidadRegistral != "O00001234" ||
		f.Control.IdentificadorIntercambio != "O00001234_26_00000042" {
		t.Errorf("rechazo %+v %+v %+v", f.Origen, f.Destino, f.Control)
	}
}

func TestRemoteFails(t *testing.T) {
	recv, deliveries := send(t, cirtest.Remote{Mode: cirtest.Fail, Code: "0065", Reason: "ERROR EN EL ASIENTO"})
	if len(deliveries) != 1 || deliveries[0].Kind != "ERROR" {
		t.Fatalf("deliveries %+v", deliveries)
	}
	_, messages := recv.got()
	if m := mensaje(t, messages[0]); m.TipoMensaje != sicres.MensajeError || m.CodigoError != "0065" || m.Descripcion != "ERROR EN EL ASIENTO" {
		t.Errorf("ERROR %+v", m)
	}
}

func TestRemoteSilentAndRefusedSendsGetNoAnswer(t *testing.T) {
	recv := &receiver{}
	cir := attached(t, recv)
	cir.SetRemote(cirtest.Remote{Mode: cirtest.Confirm})
	cir.Refuse(sirlink.CodeUnreachable, "ERROR, NO SE PUEDE ALCANZAR EL DESTINO")
	if rec, _ := cir.Connector().SendFile(context.Background(), sirlink.Outgoing{Data: envio(t)}); rec.Code != "0039" {
		t.Fatalf("receipt %+v", rec)
	}
	cir.SetRemote(cirtest.Remote{})
	if rec, _ := cir.Connector().SendFile(context.Background(), sirlink.Outgoing{Data: envio(t)}); rec.Status != sirlink.StatusSent {
		t.Fatalf("receipt %+v", rec)
	}
	if d := cir.Wait(); len(d) != 0 {
		t.Errorf("deliveries %+v", d)
	}
	if files, messages := recv.got(); len(files)+len(messages) != 0 {
		t.Errorf("the application got %d files and %d messages", len(files), len(messages))
	}
}
