package cirtest

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"time"

	"concejo/internal/eadmin/registry/sicres"
	"concejo/internal/platform/web"
)

// Mode is what the remote administration does with an envío the CIR took.
type Mode int

// The remote administration's behaviours.
const (
	// Silent: nothing comes back.
	Silent Mode = iota
	// Confirm: an ACK, then a CONFIRMACION with its own registry number.
	Confirm
	// Reject: an ACK, then the file returned as a rechazo (Tipo_Anotacion
	// 04) with Remote.Reason.
	Reject
	// Fail: an ERROR message with Remote.Code and Remote.Reason.
	Fail
)

// Remote is the behaviour of the administration behind the CIR.
type Remote struct {
	Mode Mode
	// Reason is the motive of a rechazo or the description of an ERROR.
	Reason string
	// Code is the Codigo_Error of an ERROR message.
	Code string
}

// SetRemote sets what the remote administration answers to every envío
// the CIR takes from now on; the answers are delivered to the attached
// application after the CIR's own answer (see Wait).
func (c *CIR) SetRemote(r Remote) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.remote = r
}

// Delivery is one file or message the remote administration sent back.
type Delivery struct {
	// Kind is "ACK", "CONFIRMACION", "ERROR" or "RECHAZO".
	Kind   string
	Data   []byte
	Answer Answer
	Err    error
}

// Wait waits until the remote administration's answers are delivered and
// returns every delivery made so far.
func (c *CIR) Wait() []Delivery {
	c.pending.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Delivery(nil), c.replies...)
}

// answer plays the remote administration for an envío f, in the background.
func (c *CIR) answer(f *sicres.Fichero) {
	c.mu.Lock()
	r := c.remote
	c.seq++
	seq := c.seq
	c.mu.Unlock()
	if r.Mode == Silent || f == nil {
		return
	}
	c.pending.Add(1)
	go func() {
		defer c.pending.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if r.Mode != Fail {
			c.send(ctx, "ACK", message(f, sicres.MensajeACK, "ACK"))
		}
		switch r.Mode {
		case Confirm:
			m := message(f, sicres.MensajeConfirmacion, "CONFIRMACION")
			now := time.Now().In(web.Madrid)
			m.NumeroRegistroDestino = fmt.Sprintf("REGAGE%se%011d", now.Format("06"), seq)
			m.FechaHoraDestino = now.Format(sicres.DateLayout)
			c.send(ctx, "CONFIRMACION", m)
		case Reject:
			c.sendFile(ctx, rejection(f, r.Reason))
		case Fail:
			m := message(f, sicres.MensajeError, r.Reason)
			m.CodigoError = r.Code
			c.send(ctx, "ERROR", m)
		}
	}()
}

// message is a De_Mensaje from the destination of f to its origin.
func message(f *sicres.Fichero, kind, description string) *sicres.Mensaje {
	return &sicres.Mensaje{CodigoEntidadOrigen: f.Destino.CodigoEntidadRegistral,
		CodigoEntidadDestino: f.Origen.CodigoEntidadRegistral, IdentificadorIntercambio: f.Control.IdentificadorIntercambio,
		TipoMensaje: kind, Descripcion: description, IndicadorPrueba: f.Control.IndicadorPrueba}
}

// rejection is f returned to the office that started the exchange, as
// regweb3 builds a rechazo: origin and destination swapped to the
// rejecting office and the initial one, Tipo_Anotacion 04 with the motive.
func rejection(f *sicres.Fichero, reason string) *sicres.Fichero {
	r := *f
	r.Origen.CodigoEntidadRegistral = f.Destino.CodigoEntidadRegistral
	r.Origen.DecodificacionEntidad = f.Destino.DecodificacionEntidad
	r.Destino.CodigoEntidadRegistral = f.Control.CodigoEntidadInicio
	r.Destino.DecodificacionEntidad = f.Control.DecodificacionInicio
	r.Control.TipoAnotacion = "04"
	r.Control.DescripcionTipoAnotacion = reason
	return &r
}

func (c *CIR) send(ctx context.Context, kind string, m *sicres.Mensaje) {
	data, err := m.Marshal()
	d := Delivery{Kind: kind, Data: data, Err: err}
	if err == nil {
		d.Answer, d.Err = c.DeliverMessage(ctx, data)
	}
	c.record(d)
}

func (c *CIR) sendFile(ctx context.Context, f *sicres.Fichero) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	err := enc.Encode(f)
	d := Delivery{Kind: "RECHAZO", Data: b.Bytes(), Err: err}
	if err == nil {
		d.Answer, d.Err = c.DeliverFile(ctx, d.Data)
	}
	c.record(d)
}

func (c *CIR) record(d Delivery) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.replies = append(c.replies, d)
}

// parseMensaje reads and checks a De_Mensaje (lengths and codes, by
// writing it again).
func parseMensaje(data []byte) (*sicres.Mensaje, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var m sicres.Mensaje
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("el mensaje no es un De_Mensaje legible: %w", err)
	}
	if m.XMLName.Local != "De_Mensaje" {
		return nil, errors.New("el elemento raíz no es De_Mensaje")
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if cd, ok := tok.(xml.CharData); err != nil || (ok && len(bytes.TrimSpace(cd)) > 0) || isElement(tok) {
			return nil, errors.New("hay contenido después de De_Mensaje")
		}
	}
	if _, err := m.Marshal(); err != nil {
		return nil, err
	}
	return &m, nil
}

func isElement(tok xml.Token) bool {
	_, ok := tok.(xml.StartElement)
	return ok
}
