package pdf

import "errors"

// ErrNoContent: a detached CMS signature was given without the content it
// signs.
var ErrNoContent = errors.New("La firma no incluye el documento firmado (es una firma separada): aporte también el documento original.")

// VerifyDetachedCMS reads a CMS signature (CAdES, a .csig or .p7s file)
// and reports its signer and integrity as [Signatures] does for the
// signatures of a PDF; SubFilter and CoversWholeFile, which only a PDF
// has, stay zero. A detached signature is verified over content (nil
// gives ErrNoContent); one that encapsulates its content (attached,
// "implícita") over that, which content, when not empty, must equal. An
// unreadable signature gives an error matching ErrUnreadableSignature
// (errors.Is). Trust is checked by [Verify].
func VerifyDetachedCMS(der, content []byte) (Signature, error) {
	res, err := verifyCMS(der, ranges{content}, attachedCMS)
	if err != nil {
		return Signature{}, &unreadableError{cause: err}
	}
	if len(res.content) == 0 && content == nil {
		return Signature{}, ErrNoContent
	}
	return signatureOf(CAdES, res), nil
}
