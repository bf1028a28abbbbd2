package registry_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/registry"
	"concejo/internal/eadmin/sirlink"
	"concejo/internal/eadmin/sirlink/cirtest"
)

// TestSIRWebServices: the CIR (played by cirtest) delivers to the
// register through its web services. A file for Plasencia is filed with
// Plasencia and answered with an ACK sent back through the CIR; Plasencia's
// ACK, delivered as a message, moves Cáceres's interchange; a malformed
// file is refused with code 0037 and an office of no entity with 0039.
func TestSIRWebServices(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		cc := env.Login(t, apptest.Caceres)
		cir := cirtest.New(t)
		reg := registry.New(env.App.Kit)
		reg.SIR = cir.Connector()
		peers, err := sirlink.NewPeers(nil, []string{cir.Fingerprint()})
		if err != nil {
			t.Fatal(err)
		}
		cir.Attach(sirlink.NewHandler(reg, peers))

		id := idFrom(t, postEntry(t, cc, url.Values{"kind": {"salida"}, "means": {"presencial"},
			"subject": {"Remisión de alegaciones"}, "summary": {"Remite las alegaciones presentadas al plan general"},
			"doc_type": {"TD06"}, "dest_dir3": {apptest.Dir3Plasencia}, "dest_name": {"Ayuntamiento de Plasencia"},
			"interesado_tipo_documento": {"NIF"}, "interesado_documento": {"12345678Z"}, "interesado_nombre": {"Lucía Gómez Núñez"}}))
		res := cc.Post("/registro/asientos/"+id+"/sir", url.Values{})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("send: %d", res.Status)
		}
		sent := res.Location
		file := []byte(cc.Get(sent + "/fichero.xml").Body)

		ans, err := cir.DeliverFile(ctx, file)
		if err != nil || ans.Code != "00" {
			t.Fatalf("delivery: %+v %v", ans, err)
		}
		plasencia := env.EntityID(t, apptest.Dir3Plasencia)
		if n := env.Count(t, `SELECT COUNT(*) FROM registry_interchanges WHERE entity_id = $1 AND state = 'recibido'`, plasencia); n != 1 {
			t.Fatalf("Plasencia holds %d received interchanges", n)
		}
		msgs := cir.Messages()
		if len(msgs) != 1 || msgs[0].Mensaje == nil || msgs[0].Mensaje.TipoMensaje != "01" {
			t.Fatalf("the ACK did not go back through the CIR: %+v", msgs)
		}
		// The same file again: nothing new, still answered as taken.
		if ans, err := cir.DeliverFile(ctx, file); err != nil || ans.Code != "00" {
			t.Fatalf("second delivery: %+v %v", ans, err)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM registry_interchanges WHERE entity_id = $1`, plasencia); n != 1 {
			t.Fatalf("Plasencia holds %d interchanges after the same delivery twice", n)
		}
		// Plasencia's ACK reaches Cáceres.
		if ans, err := cir.DeliverMessage(ctx, msgs[0].Data); err != nil || ans.Code != "00" {
			t.Fatalf("message: %+v %v", ans, err)
		}
		apptest.Expect(t, cc.Get(sent), http.StatusOK, "Entregado en destino")

		if ans, _ := cir.DeliverFile(ctx, []byte("<Fichero_Intercambio_SICRES_3/>")); ans.Code != "0037" {
			t.Fatalf("malformed file: %+v", ans)
		}
		if ans, _ := cir.DeliverFile(ctx, addressedTo(file, "O00099999")); ans.Code != "0039" {
			t.Fatalf("file for an office of no entity: %+v", ans)
		}
	})
}
