package pdf

import (
	"errors"
	"fmt"

	"github.com/smallstep/pkcs7"
)

// maxBERDepth bounds the nesting of the elements of a CMS signature (a
// real one nests a dozen deep).
const maxBERDepth = 64

var errBER = errors.New("pkcs7: codificación BER no válida")

// ParseCMS is pkcs7.Parse made safe for files anyone sends: the input is
// first re-encoded with definite lengths by toDER, in one pass that
// refuses an element overflowing its parent or nested too deep. The
// library's own conversion re-reads the bytes of such malformed input
// (a few kilobytes take it a minute and gigabytes of memory) and scans
// the rest of the input after every element of an indefinite length.
func ParseCMS(data []byte) (p7 *pkcs7.PKCS7, err error) {
	der, err := toDER(data)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			p7, err = nil, fmt.Errorf("pkcs7: %v", r)
		}
	}()
	return pkcs7.Parse(der)
}

// toDER re-encodes the BER element at the start of ber (what follows it
// is ignored, as pkcs7.Parse does) with definite lengths.
func toDER(ber []byte) ([]byte, error) {
	der, _, err := berElement(ber, 0)
	return der, err
}

// berElement reads the element at the start of in and returns it with
// definite lengths, and what follows it.
func berElement(in []byte, depth int) (der, rest []byte, err error) {
	if depth > maxBERDepth || len(in) < 2 {
		return nil, nil, errBER
	}
	i := 1
	if in[0]&0x1f == 0x1f { // high tag number: base-128 digits, the last under 0x80
		for i < len(in) && i < 5 && in[i] >= 0x80 {
			i++
		}
		if i >= len(in) || in[i] >= 0x80 {
			return nil, nil, errBER
		}
		i++
	}
	if i >= len(in) {
		return nil, nil, errBER
	}
	tag, constructed, l := in[:i], in[0]&0x20 != 0, in[i]
	i++
	var body []byte
	switch {
	case l == 0x80: // indefinite: children up to the end-of-contents octets
		if !constructed {
			return nil, nil, errBER
		}
		var children []byte
		rest = in[i:]
		for len(rest) < 2 || rest[0] != 0 || rest[1] != 0 {
			var child []byte
			if child, rest, err = berElement(rest, depth+1); err != nil {
				return nil, nil, err
			}
			children = append(children, child...)
		}
		return appendTLV(tag, children), rest[2:], nil
	case l > 0x80:
		n := int(l & 0x7f)
		if n > 4 || i+n > len(in) {
			return nil, nil, errBER
		}
		length := 0
		for _, b := range in[i : i+n] {
			length = length<<8 | int(b)
		}
		i += n
		if length > len(in)-i {
			return nil, nil, errBER
		}
		body, rest = in[i:i+length], in[i+length:]
	default:
		if int(l) > len(in)-i {
			return nil, nil, errBER
		}
		body, rest = in[i:i+int(l)], in[i+int(l):]
	}
	if !constructed {
		return appendTLV(tag, body), rest, nil
	}
	var children []byte
	for len(body) > 0 {
		var child []byte
		if child, body, err = berElement(body, depth+1); err != nil {
			return nil, nil, err
		}
		children = append(children, child...)
	}
	return appendTLV(tag, children), rest, nil
}

// appendTLV is the element of tag and content with its DER length.
func appendTLV(tag, content []byte) []byte {
	out := append([]byte(nil), tag...)
	switch n := len(content); {
	case n < 0x80:
		out = append(out, byte(n))
	default:
		var digits []byte
		for ; n > 0; n >>= 8 {
			digits = append([]byte{byte(n)}, digits...)
		}
		out = append(append(out, 0x80|byte(len(digits))), digits...)
	}
	return append(out, content...)
}
