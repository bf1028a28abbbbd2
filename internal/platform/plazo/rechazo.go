package plazo

import (
	"time"

	"concejo/internal/platform/workcal"
)

// accessTerm is how long an electronic notification waits to be accessed
// before it is deemed rejected (art. 43.2 of Ley 39/2015).
var accessTerm = Term{N: 10, Unit: CalendarDays}

// Rejected returns the instant at which an electronic notification put at
// the interesado's disposal (puesta a disposición) at made, and not
// accessed, is deemed rejected (art. 43.2; art. 41.5: the rechazo is
// recorded, the procedure goes on and the plazos it opens start to run).
// It applies only when electronic notification is obligatory or was chosen
// by the interesado; the caller knows which.
//
// The rule implemented, which the standard (§4) asks to make explicit
// because doctrine debates the instant: the ten días naturales are a plazo
// of art. 30 like any other. They count from the day after the puesta (in
// Madrid); when the tenth day is inhábil, the access stays open until the
// end of the next día hábil (art. 30.5); and the rechazo happens at the
// first instant after the access plazo has run out entirely, 00:00 in
// Madrid of the following day. In Cáceres a puesta on Monday 2 June 2025
// can be accessed until Thursday 12 June 23:59:59.999 and is rejected at
// 13 June 00:00, whose date is then the date of notification; in
// Plasencia, whose fiestas locales are 12 and 13 June, the access stays
// open until Monday 16 June.
//
// Other readings give an earlier rechazo: 240 hours after the puesta; the
// tenth day itself, even when inhábil; or a rechazo dated on the tenth day.
// This one is the latest of them, so it never shortens the
// interesado's access nor the plazos the rechazo opens; the Administration
// loses nothing, because the puesta itself meets its duty to notify within
// the plazo máximo (art. 40.4). The store keeps puesta, acceso and rechazo,
// so another reading can be recomputed.
func Rejected(cal *workcal.Calendar, made time.Time) time.Time {
	return end(cal, made, accessTerm, nil).Add(time.Millisecond)
}

// AccessedInTime reports whether an access at accessed to the notification
// put at disposal at made came before its rechazo (see Rejected), so that
// the notification was practised at the access (art. 43.2).
func AccessedInTime(cal *workcal.Calendar, made, accessed time.Time) bool {
	return accessed.Before(Rejected(cal, made))
}
