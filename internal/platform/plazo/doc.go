// Package plazo computes the legal deadlines of administrative procedure
// (Ley 39/2015, arts. 22, 30–33 and 43.2) on the working calendar of a
// municipality (package workcal): the end of a plazo from the event that
// starts it, with its suspensions, ampliación and tramitación de urgencia;
// the instant a filing on an inhábil day counts as presented; the rechazo of
// an electronic notification nobody accessed; and the días hábiles left,
// for alerts. It imports no module: expedientes, the registro and the sede
// build on it.
//
// Every instant is read in Europe/Madrid. Where the law is read in more
// than one way, the doc comment of the function says which reading it
// implements and why: the month's last day (sameDay), the day a suspension
// begins and ends (stops), the ampliación (Extend), the rounding of
// urgencia (Urgent) and the instant of the rechazo (Rejected).
//
// # Plazos (para quien tramita)
//
// Un plazo se expresa en días hábiles, días naturales, meses, años u horas
// (Term, Unit). Se cuenta así (art. 30 de la Ley 39/2015):
//
//   - Días: desde el día siguiente al de la notificación, publicación o
//     acceso, aunque ese día sea inhábil. Si son hábiles, no cuentan los
//     sábados, los domingos ni los festivos nacionales, de Extremadura y
//     locales del municipio. Agosto y los días 24 y 31 de diciembre son
//     hábiles en el procedimiento administrativo (son inhábiles solo en los
//     juzgados). Los días son naturales solo cuando una ley lo dice, y la
//     notificación ha de decirlo.
//   - Meses y años: de fecha a fecha. El plazo acaba el mismo día del mes
//     en que se notificó; si ese mes no tiene ese día, el último del mes (un
//     mes desde el 31 de enero acaba el 28 de febrero, o el 29 si el año es
//     bisiesto).
//   - Horas: de minuto en minuto, solo las de los días hábiles (todas las
//     del día, no el horario de oficina), y nunca más de 24.
//   - Si el último día es inhábil, el plazo acaba el primer día hábil
//     siguiente, también en días naturales, meses y años.
//
// El plazo vence al final de su último día (a las 23:59:59 de Madrid).
// Lo que se presenta en el registro electrónico un día inhábil cuenta como
// presentado a las 00:00 del siguiente día hábil (art. 31).
//
// Una suspensión (art. 22) para el reloj: el día en que empieza no cuenta y
// el día en que se levanta sí, de modo que el vencimiento se retrasa tantos
// días como dure. Una ampliación (art. 32) no puede pasar de la mitad del
// plazo y ha de acordarse antes de que venza. La tramitación de urgencia
// (art. 33) reduce los plazos a la mitad, redondeando hacia arriba, salvo
// los de solicitudes y recursos.
//
// Una notificación electrónica a la que no se accede se entiende rechazada
// pasados diez días naturales desde el siguiente a su puesta a disposición
// (art. 43.2): se puede acceder hasta el final del décimo día, o del primer
// día hábil siguiente si ese es inhábil, y el rechazo se produce a las 00:00
// del día siguiente.
package plazo
