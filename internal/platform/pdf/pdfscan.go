package pdf

import (
	"bytes"
	"errors"
	"strconv"
	"time"
)

// This file holds the minimal, bounds-checked PDF lexing needed to locate
// signature dictionaries without a full PDF parser.

var (
	errByteRange = errors.New("pdf: /ByteRange mal formado")
	errLex       = errors.New("pdf: sintaxis PDF no reconocida")
)

// byteRange is a parsed /ByteRange [a b c d] and the offset of its key.
type byteRange struct {
	pos        int
	a, b, c, d int
}

// holeStart and holeEnd delimit the excluded region, which must be exactly
// the /Contents hex string including its angle brackets.
func (r byteRange) holeStart() int { return r.a + r.b }
func (r byteRange) holeEnd() int   { return r.c }

func isWS(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// parseByteRange parses the array that follows the /ByteRange key at pos.
// Every value must be a non-negative integer no greater than size.
func parseByteRange(data []byte, pos int) (byteRange, error) {
	i := pos + len("/ByteRange")
	for i < len(data) && isWS(data[i]) {
		i++
	}
	if i >= len(data) || data[i] != '[' {
		return byteRange{}, errByteRange
	}
	i++
	var v [4]int
	for k := range v {
		for i < len(data) && isWS(data[i]) {
			i++
		}
		start := i
		n := 0
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			if i-start >= 12 {
				return byteRange{}, errByteRange
			}
			n = n*10 + int(data[i]-'0')
			i++
		}
		if i == start || n > len(data) {
			return byteRange{}, errByteRange
		}
		v[k] = n
	}
	for i < len(data) && isWS(data[i]) {
		i++
	}
	if i >= len(data) || data[i] != ']' {
		return byteRange{}, errByteRange
	}
	r := byteRange{pos: pos, a: v[0], b: v[1], c: v[2], d: v[3]}
	if r.a+r.b > r.c || r.c+r.d > len(data) || r.c-(r.a+r.b) < 2 {
		return byteRange{}, errByteRange
	}
	return r, nil
}

// contentsHex returns the hex digits of the /Contents string that fills the
// ByteRange hole, checking that the hole is exactly "<...>" and follows the
// /Contents key.
func contentsHex(data []byte, r byteRange) ([]byte, error) {
	s, e := r.holeStart(), r.holeEnd()
	if data[s] != '<' || data[e-1] != '>' {
		return nil, errByteRange
	}
	j := s
	for j > 0 && isWS(data[j-1]) {
		j--
	}
	if !bytes.HasSuffix(data[:j], []byte("/Contents")) {
		return nil, errByteRange
	}
	return data[s+1 : e-1], nil
}

// decodeHex decodes a PDF hex string body, ignoring white space; an odd
// final digit is completed with 0 as the PDF specification says.
func decodeHex(h []byte) ([]byte, error) {
	out := make([]byte, 0, len(h)/2)
	var cur byte
	half := false
	for _, c := range h {
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		case isWS(c):
			continue
		default:
			return nil, errLex
		}
		if half {
			out = append(out, cur<<4|v)
		} else {
			cur = v
		}
		half = !half
	}
	if half {
		out = append(out, cur<<4)
	}
	return out, nil
}

// derPrefix trims the zero padding after a DER (or BER) object by reading
// the length of its outer header. Indefinite lengths are returned as is.
func derPrefix(b []byte) []byte {
	if len(b) < 2 {
		return b
	}
	l := int(b[1])
	hdr := 2
	if l&0x80 != 0 {
		n := l & 0x7f
		if n == 0 || n > 4 || len(b) < 2+n {
			return b // indefinite or absurd length: let the CMS parser decide
		}
		l = 0
		for _, x := range b[2 : 2+n] {
			l = l<<8 | int(x)
		}
		hdr += n
	}
	if hdr+l <= len(b) {
		return b[:hdr+l]
	}
	return b
}

// sigDict holds the entries of a signature dictionary that we report.
type sigDict struct {
	subFilter string
	m         string // raw /M date string
	contents  [2]int // span of the /Contents value, if present
}

// readSigDict finds the indirect object enclosing the key at pos and reads
// its top-level entries. Searching starts before the ByteRange hole when
// the hole precedes the key.
func readSigDict(data []byte, pos int, r byteRange) (sigDict, error) {
	from := min(pos, r.holeStart())
	lx := &lexer{d: data, budget: 100000}
	for lo, tries := max(0, from-65536), 0; tries < 8; tries++ {
		i := bytes.LastIndex(data[lo:from], []byte("obj"))
		if i < 0 {
			break
		}
		i += lo
		from = i
		if !objHeader(data, i) {
			continue
		}
		start := lx.ws(i + 3)
		if start+1 >= len(data) || data[start] != '<' || data[start+1] != '<' {
			continue
		}
		sd, end, err := lx.topDict(start)
		if err != nil {
			return sigDict{}, err
		}
		if pos < start || pos >= end {
			return sigDict{}, errLex
		}
		return sd, nil
	}
	return sigDict{}, errLex
}

// objHeader reports whether "obj" at i is preceded by "<num> <gen> ".
func objHeader(data []byte, i int) bool {
	j := i
	for k := 0; k < 2; k++ {
		if j == 0 || !isWS(data[j-1]) {
			return false
		}
		for j > 0 && isWS(data[j-1]) {
			j--
		}
		e := j
		for j > 0 && data[j-1] >= '0' && data[j-1] <= '9' {
			j--
		}
		if j == e {
			return false
		}
	}
	return j == 0 || isWS(data[j-1]) || isDelim(data[j-1])
}

// lexer skips PDF objects. Every step consumes budget so that hostile input
// cannot make it run long; nesting is limited too.
type lexer struct {
	d      []byte
	budget int
}

func (lx *lexer) ws(i int) int {
	for i < len(lx.d) {
		switch c := lx.d[i]; {
		case isWS(c):
			i++
		case c == '%':
			for i < len(lx.d) && lx.d[i] != '\n' && lx.d[i] != '\r' {
				i++
			}
		default:
			return i
		}
	}
	return i
}

// topDict reads the dictionary starting at i ("<<") and returns the entries
// of interest and the offset just after its closing ">>".
func (lx *lexer) topDict(i int) (sigDict, int, error) {
	var sd sigDict
	i += 2
	for {
		i = lx.ws(i)
		if i+1 < len(lx.d) && lx.d[i] == '>' && lx.d[i+1] == '>' {
			return sd, i + 2, nil
		}
		if i >= len(lx.d) || lx.d[i] != '/' {
			return sd, 0, errLex
		}
		kEnd, err := lx.skip(i, 0)
		if err != nil {
			return sd, 0, err
		}
		key := string(lx.d[i+1 : kEnd])
		vStart := lx.ws(kEnd)
		vEnd, err := lx.skip(vStart, 0)
		if err != nil {
			return sd, 0, err
		}
		vEnd = lx.reference(vStart, vEnd)
		switch key {
		case "SubFilter":
			if lx.d[vStart] == '/' {
				sd.subFilter = string(lx.d[vStart+1 : vEnd])
			}
		case "M":
			if lx.d[vStart] == '(' {
				sd.m = string(lx.d[vStart+1 : vEnd-1])
			}
		case "Contents":
			sd.contents = [2]int{vStart, vEnd}
		}
		i = vEnd
	}
}

// reference extends an integer value at [s,e) over a following "gen R".
func (lx *lexer) reference(s, e int) int {
	if !isDigit(lx.d[s]) {
		return e
	}
	j := lx.ws(e)
	if j >= len(lx.d) || !isDigit(lx.d[j]) {
		return e
	}
	k, err := lx.skip(j, 0)
	if err != nil {
		return e
	}
	k2 := lx.ws(k)
	if k2 < len(lx.d) && lx.d[k2] == 'R' && (k2+1 == len(lx.d) || isWS(lx.d[k2+1]) || isDelim(lx.d[k2+1])) {
		return k2 + 1
	}
	return e
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// skip returns the offset just after the object starting at i.
func (lx *lexer) skip(i, depth int) (int, error) {
	lx.budget--
	if lx.budget < 0 || depth > 32 || i >= len(lx.d) {
		return 0, errLex
	}
	switch c := lx.d[i]; c {
	case '<':
		if i+1 < len(lx.d) && lx.d[i+1] == '<' {
			return lx.skipSeq(i+2, ">>", depth)
		}
		j := bytes.IndexByte(lx.d[i:], '>')
		if j < 0 {
			return 0, errLex
		}
		return i + j + 1, nil
	case '[':
		return lx.skipSeq(i+1, "]", depth)
	case '(':
		return lx.skipLiteral(i)
	case ')', '>', ']', '{', '}':
		return 0, errLex
	default: // name, number or keyword
		j := i + 1
		for j < len(lx.d) && !isWS(lx.d[j]) && !isDelim(lx.d[j]) {
			j++
		}
		return j, nil
	}
}

// skipSeq skips objects until the closing token.
func (lx *lexer) skipSeq(i int, end string, depth int) (int, error) {
	for {
		i = lx.ws(i)
		if bytes.HasPrefix(lx.d[i:], []byte(end)) {
			return i + len(end), nil
		}
		var err error
		if i, err = lx.skip(i, depth+1); err != nil {
			return 0, err
		}
	}
}

// skipLiteral skips a literal string with balanced parentheses and escapes.
func (lx *lexer) skipLiteral(i int) (int, error) {
	n := 0
	for j := i; j < len(lx.d); j++ {
		switch lx.d[j] {
		case '\\':
			j++
		case '(':
			n++
		case ')':
			n--
			if n == 0 {
				return j + 1, nil
			}
		}
	}
	return 0, errLex
}

// parsePDFDate parses a PDF date string "D:YYYYMMDDHHmmSSOHH'mm'"; all
// parts after the year are optional. A missing offset means UTC.
func parsePDFDate(s string) (time.Time, bool) {
	s = unescapeLiteral(s)
	if len(s) >= 2 && s[:2] == "D:" {
		s = s[2:]
	}
	num := func(n, def, lo, hi int) (int, bool) {
		if len(s) < n || !isDigit(s[0]) {
			return def, true
		}
		v, err := strconv.Atoi(s[:n])
		if err != nil || v < lo || v > hi {
			return 0, false
		}
		s = s[n:]
		return v, true
	}
	if len(s) < 4 || !isDigit(s[0]) || !isDigit(s[1]) || !isDigit(s[2]) || !isDigit(s[3]) {
		return time.Time{}, false
	}
	var f [6]int
	limits := [6][4]int{{4, 0, 1, 9999}, {2, 1, 1, 12}, {2, 1, 1, 31}, {2, 0, 0, 23}, {2, 0, 0, 59}, {2, 0, 0, 59}}
	for k, l := range limits {
		v, ok := num(l[0], l[1], l[2], l[3])
		if !ok {
			return time.Time{}, false
		}
		f[k] = v
	}
	loc := time.UTC
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		sign := 1
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
		h, ok1 := num(2, 0, 0, 23)
		if len(s) > 0 && s[0] == '\'' {
			s = s[1:]
		}
		m, ok2 := num(2, 0, 0, 59)
		if !ok1 || !ok2 {
			return time.Time{}, false
		}
		loc = time.FixedZone("", sign*(h*3600+m*60))
	}
	return time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], 0, loc), true
}

// unescapeLiteral resolves the backslash escapes of a PDF literal string.
func unescapeLiteral(s string) string {
	if !bytes.Contains([]byte(s), []byte{'\\'}) {
		return s
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b = append(b, s[i])
			continue
		}
		i++
		switch c := s[i]; c {
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case '\n', '\r':
			// line continuation
		default:
			if c >= '0' && c <= '7' {
				v, k := 0, 0
				for ; k < 3 && i+k < len(s) && s[i+k] >= '0' && s[i+k] <= '7'; k++ {
					v = v*8 + int(s[i+k]-'0')
				}
				b = append(b, byte(v))
				i += k - 1
				continue
			}
			b = append(b, c)
		}
	}
	return string(b)
}
