package sirlink

import (
	"context"
	"time"

	"concejo/internal/platform/errs"
)

// Manual is the file-based exchange: nothing is transmitted. The clerk
// downloads the interchange file (or message) and hands it over through
// ORVE/GEISER, and imports what comes back the same way.
type Manual struct {
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Name implements Connector.
func (Manual) Name() string { return "Intercambio por fichero (ORVE/GEISER)" }

// SendFile implements Connector: it records that the file must be handed
// over by hand.
func (m Manual) SendFile(_ context.Context, f Outgoing) (Receipt, error) {
	if len(f.Data) == 0 {
		return Receipt{}, errs.New(errs.Invalid, "El fichero de intercambio está vacío.")
	}
	return m.receipt("No se ha transmitido: descargue el fichero de intercambio SICRES 3.0 y preséntelo en SIR a través de ORVE/GEISER."), nil
}

// SendMessage implements Connector: it records that the message must be
// handed over by hand.
func (m Manual) SendMessage(_ context.Context, message []byte) (Receipt, error) {
	if len(message) == 0 {
		return Receipt{}, errs.New(errs.Invalid, "El mensaje de control está vacío.")
	}
	return m.receipt("No se ha transmitido: descargue el mensaje SICRES 3.0 y preséntelo en SIR a través de ORVE/GEISER."), nil
}

func (m Manual) receipt(note string) Receipt {
	return Receipt{Status: StatusManual, Note: note, At: clock(m.Now)()}
}

func clock(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}
