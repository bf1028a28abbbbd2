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

// Legal references the demo catalogue cites.
const (
	lpacap      = "Ley 39/2015, de 1 de octubre, del Procedimiento Administrativo Común de las Administraciones Públicas"
	lbrl        = "Ley 7/1985, de 2 de abril, reguladora de las Bases del Régimen Local"
	trlrhl      = "Real Decreto Legislativo 2/2004, de 5 de marzo, texto refundido de la Ley Reguladora de las Haciendas Locales"
	rpdtel      = "Real Decreto 1690/1986, de 11 de julio, Reglamento de Población y Demarcación Territorial de las Entidades Locales"
	padron2020  = "Resolución de 17 de febrero de 2020, de la Presidencia del INE y de la Dirección General de Cooperación Autonómica y Local, sobre instrucciones técnicas a los Ayuntamientos sobre la gestión del Padrón municipal"
	lotus       = "Ley 11/2018, de 21 de diciembre, de ordenación territorial y urbanística sostenible de Extremadura"
	trlsru      = "Real Decreto Legislativo 7/2015, de 30 de octubre, texto refundido de la Ley de Suelo y Rehabilitación Urbana (art. 11.4)"
	threeMonths = "Tres meses desde la entrada de la solicitud en el registro (art. 21.3 de la Ley 39/2015)"
	byMayor     = "Alcaldía-Presidencia (art. 21.1 de la Ley 7/1985)"
	negative    = "Desestimatorio: si no se notifica la resolución en plazo, la solicitud se entiende desestimada (art. 24.1 de la Ley 39/2015)"
	positive    = "Estimatorio: si no se notifica la resolución en plazo, la solicitud se entiende concedida (art. 24.1 de la Ley 39/2015)"
	idDoc       = "DNI, NIE o pasaporte, si se presenta en la oficina (en línea basta identificarse)"
	proxyDoc    = "Acreditación de la representación, si actúa en nombre de otra persona (art. 5 de la Ley 39/2015)"
)

// demoProcedures is a typical municipal catalogue of a town of the province
// (names as ayuntamientos publish them), with the plazos, silences, bodies
// and rules that the law gives them; fees are those that ordinances usually
// set.
var demoProcedures = []Procedure{
	{Code: "INSTANCIA", Name: "Instancia general", Description: "Cualquier solicitud, escrito o comunicación que no tenga un procedimiento propio.",
		Unit: "Secretaría", Silence: "segun_solicitud", Online: true, Term: threeMonths + ", si la norma de la materia no fija otro",
		SilenceText: "Según lo que se pida: por regla general estimatorio; desestimatorio en el derecho de petición, en lo que transfiera facultades sobre el dominio o el servicio público, en lo que pueda dañar el medio ambiente, en la responsabilidad patrimonial y en los recursos (art. 24.1 de la Ley 39/2015)",
		ProcedureDetail: ProcedureDetail{
			Requirements: "Cualquier persona, por sí misma o por medio de representante. Las personas jurídicas y las demás del art. 14.2 de la Ley 39/2015 deben presentarla por medios electrónicos.",
			Documents:    "Los documentos en que funde su solicitud, si los tiene\n" + proxyDoc,
			Fee:          "Gratuita.", Resolver: "El órgano competente por razón de la materia; en general, la " + byMayor,
			Regulation: lpacap + " (arts. 16, 21, 24 y 66)"}},
	{Code: "PADRON-VOLANTE", Name: "Volante o certificado de empadronamiento", Description: "Documento que acredita la residencia y el domicilio en el municipio.",
		Unit: "Padrón de habitantes", Silence: "no_aplica", Online: true,
		Term:        "Inmediato: el volante se descarga en el momento desde esta sede",
		SilenceText: "No aplica: el documento se expide en el acto, sin procedimiento que resolver.",
		ProcedureDetail: ProcedureDetail{
			Requirements: "Estar inscrito en el Padrón municipal de habitantes. Cada persona obtiene sus propios datos (y los de convivencia de su hoja padronal); los de otra persona, solo con su autorización o como su representante legal.",
			Documents:    idDoc + "\nAutorización de la persona inscrita y copia de su documento, si lo pide para otra persona",
			Fee:          "Gratuito.", Resolver: "Secretaría del Ayuntamiento, que da fe de los datos del padrón",
			Regulation: lbrl + " (arts. 15 a 17: las certificaciones del padrón son documento público y fehaciente)\n" + rpdtel + "\n" + padron2020}},
	{Code: "PADRON-ALTA", Name: "Alta o cambio de domicilio en el padrón", Description: "Inscripción en el padrón municipal o cambio de domicilio dentro del municipio.",
		Unit: "Padrón de habitantes", Silence: "estimatorio", Online: true, Term: "Tres meses (art. 21.3 de la Ley 39/2015)", SilenceText: positive + ".",
		ProcedureDetail: ProcedureDetail{
			Requirements: "Vivir habitualmente en el municipio, en el domicilio que se declara: toda persona que vive en España debe estar inscrita en el padrón del municipio en que reside habitualmente (art. 15 de la Ley 7/1985).",
			Documents: "DNI, NIE, pasaporte o tarjeta de residencia de cada persona mayor de edad\nLibro de familia o certificado de nacimiento de los menores\n" +
				"Documento que acredite el uso de la vivienda: escritura, contrato de alquiler o contrato o factura reciente de un suministro\n" +
				"Autorización de una persona mayor de edad empadronada en la vivienda, con copia de su documento, si no tiene título propio\n" +
				"Para menores que se inscriben con uno solo de sus progenitores, la autorización del otro o la resolución judicial que lo permita",
			Fee: "Gratuito.", Resolver: byMayor,
			Regulation: lbrl + " (arts. 15 a 17)\n" + rpdtel + "\n" + padron2020}},
	{Code: "LICOBRA", Name: "Licencia de obra mayor", Description: "Obras de nueva planta, ampliación o reforma estructural que requieren proyecto técnico.",
		Unit: "Urbanismo", Silence: "desestimatorio", Online: true, Term: "Tres meses desde que la solicitud está completa",
		SilenceText: "Desestimatorio: las obras de edificación de nueva planta no se entienden nunca autorizadas por silencio (art. 11.4 del texto refundido de la Ley de Suelo y Rehabilitación Urbana).",
		ProcedureDetail: ProcedureDetail{
			Requirements: "Ser titular del inmueble o contar con su autorización, y presentar proyecto técnico redactado por profesional competente (Ley 38/1999 de Ordenación de la Edificación).",
			Documents: "Proyecto básico o de ejecución firmado por técnico competente\nEstudio de seguridad y salud o estudio básico\n" +
				"Estudio de gestión de residuos de construcción y demolición\nNombramiento de la dirección facultativa\nJustificante del pago de la tasa y del ICIO\n" + proxyDoc,
			Fee:        "Tasa por licencia urbanística e impuesto sobre construcciones, instalaciones y obras (ICIO), con el tipo que fije la ordenanza fiscal, como máximo el 4 % del presupuesto de ejecución material (art. 102 del texto refundido de la Ley Reguladora de las Haciendas Locales).",
			Resolver:   "Alcaldía-Presidencia (art. 21.1 q) de la Ley 7/1985)",
			Regulation: lotus + "\n" + trlsru + "\n" + trlrhl + " (arts. 100 a 103, ICIO)"}},
	{Code: "OBRA-MENOR", Name: "Licencia de obra menor", Description: "Obras menores que no requieren proyecto técnico: reformas interiores, cambio de solados o alicatados, reparación de cubiertas.",
		Unit: "Urbanismo", Silence: "estimatorio", Online: true, Term: "Tres meses (art. 21.3 de la Ley 39/2015)",
		SilenceText: positive + ", salvo que las obras afecten a bienes protegidos o al dominio público.",
		ProcedureDetail: ProcedureDetail{
			Requirements: "Obras sencillas que no afectan a la estructura ni requieren proyecto técnico; las que solo necesitan declaración responsable se comunican con ese procedimiento.",
			Documents:    "Descripción de las obras y presupuesto detallado\nCroquis o plano de situación\nFotografías del estado actual\nJustificante del pago de la tasa y del ICIO",
			Fee:          "Tasa por licencia urbanística e ICIO según las ordenanzas fiscales.", Resolver: "Alcaldía-Presidencia (art. 21.1 q) de la Ley 7/1985)",
			Regulation: lotus + "\n" + trlrhl + " (arts. 100 a 103, ICIO)"}},
	{Code: "DECRESP", Name: "Declaración responsable de obra menor", Description: "Obras menores que no afectan a la estructura ni al aspecto exterior protegido.",
		Unit: "Urbanismo", Silence: "no_aplica", Online: true,
		Term:        "Sin plazo de resolución: puede empezar las obras desde el día en que la presenta (art. 69.3 de la Ley 39/2015)",
		SilenceText: "No aplica: la declaración responsable habilita desde su presentación, sin perjuicio de la comprobación posterior del Ayuntamiento (art. 69 de la Ley 39/2015).",
		ProcedureDetail: ProcedureDetail{
			Requirements: "Obras que no necesitan proyecto técnico ni afectan a la estructura, al aspecto exterior de edificios protegidos ni a bienes catalogados. Quien declara responde de que cumple la normativa.",
			Documents:    "Declaración responsable firmada\nDescripción y presupuesto de las obras\nJustificante del pago de la tasa y del ICIO",
			Fee:          "Tasa y, en su caso, ICIO según las ordenanzas fiscales.", Resolver: "Alcaldía-Presidencia, en la comprobación e inspección posteriores",
			Regulation: lpacap + " (art. 69)\n" + lotus}},
	{Code: "OVP", Name: "Ocupación de la vía pública", Description: "Terrazas, contenedores de obra, andamios y otros usos temporales de la vía pública.",
		Unit: "Policía Local", Silence: "desestimatorio", Online: true, Term: "Tres meses, si la ordenanza no fija otro (art. 21.3 de la Ley 39/2015)",
		SilenceText: "Desestimatorio: la autorización daría facultades sobre el dominio público, que no se adquieren por silencio (art. 24.1 de la Ley 39/2015).",
		ProcedureDetail: ProcedureDetail{
			Requirements: "Solicitarla antes de ocupar la vía pública, por el tiempo y la superficie que se necesiten.",
			Documents:    "Croquis de la ocupación con sus medidas\nFechas y horario de la ocupación\nSeguro de responsabilidad civil, para terrazas, andamios y contenedores",
			Fee:          "Tasa por utilización privativa o aprovechamiento especial del dominio público local, según la ordenanza fiscal (arts. 20 y 24 del texto refundido de la Ley Reguladora de las Haciendas Locales).",
			Resolver:     byMayor, Regulation: lpacap + "\n" + trlrhl + " (arts. 20 a 27, tasas)"}},
	{Code: "RESPPAT", Name: "Reclamación de responsabilidad patrimonial", Description: "Indemnización por daños causados por el funcionamiento de los servicios públicos municipales.",
		Unit: "Secretaría", Silence: "desestimatorio", Online: true, Term: "Seis meses desde el inicio del procedimiento (art. 91.3 de la Ley 39/2015)",
		SilenceText: "Desestimatorio: pasados seis meses sin resolución, puede entender que no se reconoce la indemnización (art. 91.3 de la Ley 39/2015).",
		ProcedureDetail: ProcedureDetail{
			Requirements: "Haber sufrido un daño efectivo, evaluable económicamente e individualizado por el funcionamiento de un servicio público municipal, que no tenga el deber jurídico de soportar (art. 32 de la Ley 40/2015). Se reclama en el plazo de un año desde el hecho o desde que se manifiestan sus efectos (art. 67.1 de la Ley 39/2015).",
			Documents:    "Relato de los hechos, con la fecha y el lugar\nEvaluación económica del daño, si es posible: facturas, presupuestos, informes médicos\nPruebas: fotografías, testigos, atestados\n" + proxyDoc,
			Fee:          "Gratuita.",
			Resolver:     "Alcaldía-Presidencia; si lo reclamado es de 50.000 euros o más, con dictamen previo del órgano consultivo de la Comunidad Autónoma (art. 81.2 de la Ley 39/2015)",
			Regulation:   lpacap + " (arts. 65, 67, 81, 91 y 92)\nLey 40/2015, de 1 de octubre, de Régimen Jurídico del Sector Público (arts. 32 a 37)"}},
	{Code: "BONIF-IBI", Name: "Bonificación del IBI para familias numerosas", Description: "Solicitud de la bonificación de la ordenanza fiscal del impuesto sobre bienes inmuebles.",
		Unit: "Gestión tributaria", Silence: "desestimatorio", Online: true, Term: "Seis meses (art. 104.1 de la Ley 58/2003, General Tributaria)",
		SilenceText: "Desestimatorio (disposición adicional primera del Real Decreto 1065/2007, Reglamento General de las actuaciones y los procedimientos de gestión e inspección tributaria).",
		ProcedureDetail: ProcedureDetail{
			Requirements: "Ser sujeto pasivo del IBI de la vivienda habitual de la familia y titular de familia numerosa. La ordenanza fiscal fija el porcentaje, hasta el 90 % de la cuota íntegra, y las condiciones (art. 74.4 del texto refundido de la Ley Reguladora de las Haciendas Locales).",
			Documents:    "Título de familia numerosa en vigor\nReferencia catastral o último recibo del IBI de la vivienda",
			Fee:          "Gratuita.",
			Resolver:     "Alcaldía-Presidencia, o el Organismo Autónomo de Recaudación y Gestión Tributaria de la Diputación de Cáceres si el Ayuntamiento le ha delegado la gestión del impuesto",
			Regulation:   trlrhl + " (art. 74.4)\nLey 58/2003, de 17 de diciembre, General Tributaria\nOrdenanza fiscal del impuesto sobre bienes inmuebles"}},
	{Code: "MATRIMONIO", Name: "Celebración de matrimonio civil", Description: "Reserva de fecha y salón para la celebración de matrimonio civil ante la Alcaldía.",
		Unit: "Alcaldía", Silence: "desestimatorio", Online: false, Term: "El que fije la ordenanza; en su defecto, tres meses (art. 21.3 de la Ley 39/2015)",
		SilenceText: "Desestimatorio: la reserva da el uso de un servicio y un local públicos, que no se adquiere por silencio (art. 24.1 de la Ley 39/2015); la fecha queda reservada cuando el Ayuntamiento la confirma.",
		ProcedureDetail: ProcedureDetail{
			Requirements: "Haber concluido el expediente matrimonial, con el acta o la resolución que permite celebrar el matrimonio (arts. 51 a 58 del Código Civil).",
			Documents:    "Acta o resolución final del expediente matrimonial\nDNI, NIE o pasaporte de los contrayentes y de dos testigos mayores de edad\nJustificante del pago de la tasa",
			Fee:          "La tasa que fije la ordenanza fiscal por la celebración de matrimonios civiles.",
			Resolver:     "Alcaldía-Presidencia, que celebra el matrimonio o delega en un concejal (art. 51.2 del Código Civil)",
			Regulation:   "Código Civil (arts. 49 a 58)\nLey 20/2011, de 21 de julio, del Registro Civil"}},
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
