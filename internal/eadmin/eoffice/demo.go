package eoffice

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
)

// demoProcedures is a typical municipal catalogue (names as ayuntamientos
// publish them; terms and silence as their general rules, illustrative).
var demoProcedures = []Procedure{
	{Code: "INSTANCIA", Name: "Instancia general", Description: "Cualquier solicitud, escrito o comunicación que no tenga un procedimiento propio.", Unit: "Secretaría", TermDays: 90, Silence: "desestimatorio", Online: true},
	{Code: "PADRON-VOLANTE", Name: "Volante o certificado de empadronamiento", Description: "Documento que acredita la residencia y el domicilio en el municipio.", Unit: "Padrón de habitantes", TermDays: 5, Silence: "estimatorio", Online: true},
	{Code: "PADRON-ALTA", Name: "Alta o cambio de domicilio en el padrón", Description: "Inscripción en el padrón municipal o cambio de domicilio dentro del municipio.", Unit: "Padrón de habitantes", TermDays: 90, Silence: "estimatorio", Online: true},
	{Code: "LICOBRA", Name: "Licencia de obra mayor", Description: "Obras de nueva planta, ampliación o reforma estructural que requieren proyecto técnico.", Unit: "Urbanismo", TermDays: 90, Silence: "desestimatorio", Online: true},
	{Code: "OBRA-MENOR", Name: "Licencia de obra menor", Description: "Obras menores que no requieren proyecto técnico: reformas interiores, cambio de solados o alicatados, reparación de cubiertas.", Unit: "Urbanismo", TermDays: 90, Silence: "estimatorio", Online: true},
	{Code: "DECRESP", Name: "Declaración responsable de obra menor", Description: "Obras menores que no afectan a la estructura ni al aspecto exterior protegido.", Unit: "Urbanismo", TermDays: 0, Silence: "no_aplica", Online: true},
	{Code: "OVP", Name: "Ocupación de la vía pública", Description: "Terrazas, contenedores de obra, andamios y otros usos temporales de la vía pública.", Unit: "Policía Local", TermDays: 30, Silence: "desestimatorio", Online: true},
	{Code: "RESPPAT", Name: "Reclamación de responsabilidad patrimonial", Description: "Indemnización por daños causados por el funcionamiento de los servicios públicos municipales.", Unit: "Secretaría", TermDays: 180, Silence: "desestimatorio", Online: true},
	{Code: "BONIF-IBI", Name: "Bonificación del IBI para familias numerosas", Description: "Solicitud de la bonificación de la ordenanza fiscal del impuesto sobre bienes inmuebles.", Unit: "Gestión tributaria", TermDays: 180, Silence: "desestimatorio", Online: true},
	{Code: "MATRIMONIO", Name: "Celebración de matrimonio civil", Description: "Reserva de fecha y salón para la celebración de matrimonio civil ante la Alcaldía.", Unit: "Alcaldía", TermDays: 30, Silence: "desestimatorio", Online: false},
}

// demoSedes are the DIR3 codes of the sedes of the small demo: Cáceres and
// Plasencia.
var demoSedes = []string{"L01100377", "L01101480"}

// LoadDemo publishes a procedure catalogue in the demo sedes: Cáceres and
// Plasencia in the small sample, every ayuntamiento of 2.000 inhabitants or
// more (those eligible for the sede application) at full scale. It writes
// nothing when any catalogue is already there.
func LoadDemo(ctx context.Context, d *db.DB, opts kit.DemoOptions) error {
	var n int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM eoffice_procedures`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	all, err := directory.Entities(ctx, d)
	if err != nil {
		return err
	}
	var ids []string
	for _, e := range all {
		chosen := slices.Contains(demoSedes, e.DIR3)
		if opts.Full {
			chosen = e.Population >= 2000 && e.Active
		}
		if e.Kind == "ayuntamiento" && chosen {
			ids = append(ids, e.ID)
		}
	}
	now := opts.At()
	return d.Tx(ctx, func(tx *sql.Tx) error {
		for _, eid := range ids {
			for i, p := range demoProcedures {
				p.EntityID, p.ID, p.Active = eid, id.New(), true
				p.CreatedAt, p.UpdatedAt = now.Add(time.Duration(i)*time.Second), now.Add(time.Duration(i)*time.Second)
				if err := insertProcedure(ctx, tx, p); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
