package pdf

import (
	"context"
	"fmt"
	"time"

	"concejo/internal/platform/trust"
)

// Verification says what was and what was not verified about one signature.
type Verification struct {
	Signature Signature
	// Chain is the signer certificate's chain, checked at Time.
	Chain trust.Chain
	// Time is the signing time the chain was checked at, and TimeSource
	// where it comes from (TimeNone: the time of the verification).
	Time       time.Time
	TimeSource TimeSource
	// TimestampAuthority names the authority of the time-stamp used.
	TimestampAuthority string
	// TimestampProblem says why a time-stamp token present was not used.
	TimestampProblem string
	// Now is when the verification was made; ExpiredNow whether the
	// signer certificate had expired by then.
	Now        time.Time
	ExpiredNow bool
	// Revocation of the signer certificate (not checked when the chain is
	// not trusted).
	Revocation trust.Revocation
}

// futureSkew is how far ahead of the clock a declared signing time may be.
const futureSkew = 5 * time.Minute

// Verify checks the trust of s, of any format, with v: the chain of the
// signer certificate to a trusted root at the signing time (proved by a
// trusted time-stamp token if the signature has one, else as the signer
// declares it), and the revocation of the certificate where its provider
// can be reached. Its integrity (s.DigestValid) and coverage were checked
// by [Signatures], [VerifyDetachedCMS] or, for [SignatureOf], the caller.
func Verify(ctx context.Context, v *trust.Verifier, s Signature) Verification {
	r := Verification{Signature: s, Now: v.Time(), Time: s.SigningTime, TimeSource: s.TimeSource}
	if r.TimeSource == TimeNone {
		r.Time = r.Now
	}
	if ts := s.Timestamp; ts != nil {
		tc := v.Chain(ts.Authority, ts.Certificates, ts.Time, trust.Timestamping)
		switch {
		case !ts.Valid:
			r.TimestampProblem = "su firma no es válida o no corresponde a esta firma"
		case !tc.ValidAt:
			r.TimestampProblem = "la autoridad de sellado no es de confianza: " + tc.Problem
		default:
			r.Time, r.TimeSource, r.TimestampAuthority = ts.Time, TimeTimestamp, trust.Name(ts.Authority)
		}
	}
	r.Chain = v.Chain(s.Certificate, s.Certificates, r.Time, trust.Signing)
	r.ExpiredNow = r.Now.After(s.Certificate.NotAfter)
	switch {
	case !r.Chain.Trusted:
		r.Revocation = trust.Revocation{Reason: "no se consulta: el certificado no procede de un prestador de confianza"}
	case v.Revocation == nil:
		r.Revocation = trust.Revocation{Reason: "la consulta de revocación no está configurada"}
	default:
		r.Revocation = v.Revocation.Check(ctx, s.Certificate, r.Chain.Issuer())
	}
	return r
}

// timestamped reports whether the signing time is proved by a time-stamp.
func (r Verification) timestamped() bool { return r.TimeSource == TimeTimestamp }

// revokedBeforeSigning reports whether revocation makes the signature
// invalid: revoked, unless a time-stamp proves it was signed before.
func (r Verification) revokedBeforeSigning() bool {
	return r.Revocation.Status == trust.Revoked && !(r.timestamped() && r.Time.Before(r.Revocation.At))
}

// Valid reports whether the signature is fully valid: intact, by a
// certificate that chains to a trusted root, valid at the signing time,
// not revoked then; without a time-stamp the declared time proves nothing,
// so the certificate must also be in force now and the time not future.
// A revocation status that could not be checked does not make it invalid
// (the checks say so).
func (r Verification) Valid() bool {
	return r.Signature.DigestValid && r.Chain.Trusted && r.Chain.ValidAt && !r.revokedBeforeSigning() &&
		(r.timestamped() || (!r.ExpiredNow && !r.futureTime()))
}

func (r Verification) futureTime() bool { return r.Time.After(r.Now.Add(futureSkew)) }

// Verdict is the outcome in a few Spanish words: "válida", or "íntegra,
// pero …" saying the first reason why it is not.
func (r Verification) Verdict() string {
	switch {
	case !r.Signature.DigestValid:
		return "no válida: el contenido firmado se alteró o la firma está dañada"
	case !r.Chain.Trusted:
		return "íntegra, pero el certificado no procede de un prestador de confianza"
	case r.revokedBeforeSigning():
		return "íntegra, pero el certificado del firmante está revocado"
	case !r.Chain.ValidAt:
		return "íntegra, pero el certificado no estaba vigente en la fecha de la firma"
	case !r.timestamped() && r.futureTime():
		return "íntegra, pero la fecha de firma declarada es posterior a la actual"
	case !r.timestamped() && r.ExpiredNow:
		return "íntegra, pero el certificado está caducado y ningún sello de tiempo prueba que se firmó cuando estaba vigente"
	}
	return "válida"
}

// Checks lists in Spanish, one sentence each, every check made and its
// result, and what could not be checked and why.
func (r Verification) Checks() []string {
	s, c := r.Signature, r.Signature.Certificate
	var out []string
	if s.DigestValid {
		out = append(out, "Integridad: el contenido firmado no se ha alterado y el valor de la firma corresponde al certificado del firmante.")
	} else {
		out = append(out, "Integridad: NO verificada: el contenido firmado no coincide con la firma o la firma está dañada.")
	}
	if r.Chain.Trusted {
		out = append(out, fmt.Sprintf("Cadena de confianza: %s (raíz de confianza).", r.Chain.Path()))
	} else {
		out = append(out, "Cadena de confianza: NO verificada: "+r.Chain.Problem+".")
	}
	when := datetime(r.Time)
	switch r.TimeSource {
	case TimeTimestamp:
		out = append(out, fmt.Sprintf("Fecha de la firma: %s, probada por el sello de tiempo de %s.", when, r.TimestampAuthority))
	case TimeSigningAttr:
		declared := "atributo signingTime"
		if s.Format == XAdES {
			declared = "propiedad SigningTime"
		}
		out = append(out, fmt.Sprintf("Fecha de la firma: %s, declarada por el firmante (%s); ningún sello de tiempo la prueba.", when, declared))
	case TimeDictionary:
		out = append(out, fmt.Sprintf("Fecha de la firma: %s, declarada en el diccionario de la firma (/M); ningún sello de tiempo la prueba.", when))
	default:
		out = append(out, fmt.Sprintf("Fecha de la firma: no consta; se comprueba a la fecha de la verificación, %s.", when))
	}
	if r.TimestampProblem != "" {
		out = append(out, "Sello de tiempo: no se ha tenido en cuenta: "+r.TimestampProblem+".")
	}
	inForce := !r.Time.Before(c.NotBefore) && !r.Time.After(c.NotAfter)
	validity := fmt.Sprintf("validez del %s al %s", datetime(c.NotBefore), datetime(c.NotAfter))
	line := "Vigencia del certificado: "
	switch {
	case inForce && r.Chain.Trusted && !r.Chain.ValidAt:
		line += "el del firmante estaba vigente en la fecha de la firma (" + validity + "), pero no toda su cadena"
	case inForce:
		line += "vigente en la fecha de la firma (" + validity + ")"
	default:
		line += "NO estaba vigente en la fecha de la firma (" + validity + ")"
	}
	if r.ExpiredNow {
		line += "; hoy está caducado."
	} else {
		line += "; hoy sigue vigente."
	}
	out = append(out, line)
	if r.futureTime() && !r.timestamped() {
		out = append(out, "Atención: la fecha de firma declarada es posterior a la fecha de la verificación.")
	}
	switch rv := r.Revocation; rv.Status {
	case trust.Good:
		out = append(out, fmt.Sprintf("Revocación: comprobada (%s): el certificado no está revocado.", rv.Source))
	case trust.Revoked:
		line := fmt.Sprintf("Revocación: el certificado está REVOCADO desde el %s (%s)", datetime(rv.At), rv.Source)
		if !r.revokedBeforeSigning() {
			line += ", después de la firma según el sello de tiempo"
		}
		out = append(out, line+".")
	default:
		out = append(out, "Revocación: no se ha podido comprobar la revocación ("+rv.Reason+").")
	}
	switch {
	case s.Format != PAdES: // only a PDF keeps its signatures through later changes
	case s.CoversWholeFile:
		out = append(out, "Modificaciones: ninguna; la firma cubre todo el fichero.")
	default:
		out = append(out, "Atención: el documento se modificó después de firmarse.")
	}
	return out
}

// datetime formats t in Madrid time, as the platform shows dates.
func datetime(t time.Time) string { return t.In(madrid).Format("02/01/2006 15:04") }
