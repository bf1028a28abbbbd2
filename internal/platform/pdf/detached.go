package pdf

// VerifyDetachedCMS reads a detached CMS signature (CAdES, a .csig or .p7s
// file) over content and reports its signer and integrity as [Signatures]
// does for the signatures of a PDF; SubFilter and CoversWholeFile, which
// only a PDF has, stay zero. An unreadable signature gives an error
// matching ErrUnreadableSignature (errors.Is). Trust is checked by [Verify].
func VerifyDetachedCMS(der, content []byte) (Signature, error) {
	res, err := verifyCMS(der, ranges{content}, "")
	if err != nil {
		return Signature{}, &unreadableError{cause: err}
	}
	return signatureOf(res), nil
}
