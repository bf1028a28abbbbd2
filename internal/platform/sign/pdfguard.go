package sign

import (
	"bytes"
	"compress/zlib"

	"concejo/internal/platform/pdf"
)

// Limits on what a PDF may declare before it is given to the reader, which
// allocates tables as large as the object numbers it is told, recurses into
// nested arrays and dictionaries, follows /Extends chains without end and
// searches for %%EOF in quadratic time: a hostile upload must not exhaust
// the server.
const (
	maxNesting = 100000  // brackets open at once, counted over the whole file
	maxColumns = 1 << 16 // /Columns of a predictor
	maxWidth   = 8       // bytes of a field of an xref stream (/W)
	maxExtends = 4096    // object streams that extend others
	maxInflate = 16      // times the file's size its object streams may inflate to
)

// checkPDF returns ErrBadInput when data is no PDF, is too large or
// declares numbers beyond the limits.
func checkPDF(data []byte) error {
	// The reader looks for %%EOF backwards in ever larger reads, which takes
	// quadratic time when it is far from the end; readers look for it in
	// the last 1024 bytes.
	if !pdf.IsPDF(data) || len(data) > pdf.MaxPDFSize || !bytes.Contains(data[max(0, len(data)-1024):], []byte("%%EOF")) {
		return ErrBadInput
	}
	maxObj := int64(len(data)/4 + 1024) // an object takes some bytes
	ok := allAfter(data, "/Size", false, func(n []int64) bool { return n[0] <= maxObj }) &&
		allAfter(data, "/Columns", false, func(n []int64) bool { return n[0] <= maxColumns }) &&
		xrefWidthsWithin(data) &&
		allAfter(data, "/Index", true, func(n []int64) bool {
			for i := 0; i+1 < len(n); i += 2 {
				if n[i]+n[i+1] > maxObj {
					return false
				}
			}
			return true
		}) &&
		xrefTablesWithin(data, maxObj) && new(nesting).feed(data) && extendsAcyclic(data) &&
		objectStreamsWithin(data, maxInflate*int64(len(data))+1<<20)
	if !ok {
		return ErrBadInput
	}
	return nil
}

// allAfter reports whether every integer (or array of integers) that
// follows key in data satisfies fn; values that are no integers are left
// to the reader.
func allAfter(data []byte, key string, array bool, fn func([]int64) bool) bool {
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte(key))
		if i < 0 {
			return true
		}
		off += i + len(key)
		if off < len(data) && !isPDFSpace(data[off]) && data[off] != '[' {
			continue // a longer name, as /Sizes
		}
		var nums []int64
		j := skipPDFSpace(data, off)
		if array {
			if j >= len(data) || data[j] != '[' {
				continue
			}
			j++
		}
		for {
			j = skipPDFSpace(data, j)
			n, k, ok := readPDFInt(data, j)
			if !ok {
				break
			}
			if n < 0 {
				return false // beyond any limit
			}
			nums, j = append(nums, n), k
			if !array {
				break
			}
		}
		if len(nums) > 0 && !fn(nums) {
			return false
		}
	}
}

// xrefWidthsWithin reports whether the fields of every cross-reference
// stream (/W of the dictionaries of type XRef; fonts have /W too) are at
// most maxWidth bytes wide.
func xrefWidthsWithin(data []byte) bool {
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte("/XRef"))
		if i < 0 {
			return true
		}
		at := off + i
		off = at + len("/XRef")
		from := max(0, at-4096)
		if j := bytes.LastIndex(data[from:at], []byte("obj")); j >= 0 {
			from += j
		}
		to := min(len(data), off+4096)
		if j := bytes.Index(data[off:to], []byte("stream")); j >= 0 {
			to = off + j
		}
		within := allAfter(data[from:to], "/W", true, func(n []int64) bool {
			for _, w := range n {
				if w > maxWidth {
					return false
				}
			}
			return true
		})
		if !within {
			return false
		}
	}
}

// extendsAcyclic reports whether no chain of object streams extending one
// another (/Extends) comes back to where it began, which would have the
// reader search it for ever; a link it cannot read counts as a cycle.
func extendsAcyclic(data []byte) bool {
	links := map[int64][]int64{}
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte("/Extends"))
		if i < 0 {
			break
		}
		at := off + i
		off = at + len("/Extends")
		target, _, ok := readPDFInt(data, skipPDFSpace(data, off))
		j := bytes.LastIndex(data[max(0, at-4096):at], []byte("obj"))
		if !ok || target < 0 || j < 0 {
			return false
		}
		owner, ok := objNumberBefore(data, max(0, at-4096)+j)
		if !ok {
			return false
		}
		links[owner] = append(links[owner], target)
		if len(links) > maxExtends {
			return false
		}
	}
	const (
		unseen = iota
		open
		done
	)
	state := map[int64]int{}
	var cyclic func(n int64) bool
	cyclic = func(n int64) bool {
		switch state[n] {
		case open:
			return true
		case done:
			return false
		}
		state[n] = open
		for _, m := range links[n] {
			if cyclic(m) {
				return true
			}
		}
		state[n] = done
		return false
	}
	for n := range links {
		if cyclic(n) {
			return false
		}
	}
	return true
}

// objNumberBefore reads the object number of "<num> <gen> obj" whose
// "obj" keyword is at i.
func objNumberBefore(data []byte, i int) (int64, bool) {
	j := i
	for k := 0; k < 2; k++ {
		for j > 0 && isPDFSpace(data[j-1]) {
			j--
		}
		end := j
		for j > 0 && data[j-1] >= '0' && data[j-1] <= '9' {
			j--
		}
		if j == end {
			return 0, false
		}
	}
	n, _, ok := readPDFInt(data, j)
	return n, ok && n >= 0
}

// xrefTablesWithin reports whether the subsections of every
// cross-reference table number their objects below maxObj.
func xrefTablesWithin(data []byte, maxObj int64) bool {
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte("xref"))
		if i < 0 {
			return true
		}
		at := off + i
		off = at + 4
		if at > 0 && !isPDFSpace(data[at-1]) || off >= len(data) || !isPDFSpace(data[off]) {
			continue // startxref, or a word that is no keyword
		}
		for j := off; ; {
			start, k, ok := readPDFInt(data, skipPDFSpace(data, j))
			if !ok {
				break
			}
			count, k, ok := readPDFInt(data, skipPDFSpace(data, k))
			if !ok {
				break
			}
			if start < 0 || count < 0 || start+count > maxObj {
				return false
			}
			j = k
			for e := int64(0); e < 3*count && j < len(data); e++ {
				j = skipPDFToken(data, skipPDFSpace(data, j))
			}
		}
	}
}

// nesting counts the arrays and dictionaries open in a stream of bytes,
// brackets anywhere counted; false once they pass maxNesting.
type nesting struct {
	depth int
	half  byte // a '<' or '>' that may be the first of a pair
}

func (n *nesting) feed(p []byte) bool {
	for _, c := range p {
		switch {
		case c == '[' || c == '<' && n.half == '<':
			n.depth++
		case c == ']' || c == '>' && n.half == '>':
			n.depth = max(0, n.depth-1)
		}
		if (c == '<' || c == '>') && n.half != c {
			n.half = c
		} else {
			n.half = 0
		}
		if n.depth > maxNesting {
			return false
		}
	}
	return true
}

// objectStreamsWithin reports whether the compressed object streams, where
// the reader parses objects too, inflate to less than budget bytes in all
// and nest no deeper than maxNesting. Streams that do not inflate are left
// to the reader, which fails on them.
func objectStreamsWithin(data []byte, budget int64) bool {
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte("/ObjStm"))
		if i < 0 {
			return true
		}
		off += i + len("/ObjStm")
		j := bytes.Index(data[off:min(len(data), off+4096)], []byte("stream"))
		if j < 0 {
			continue
		}
		zr, err := zlib.NewReader(bytes.NewReader(data[skipPDFSpace(data, off+j+len("stream")):]))
		if err != nil {
			continue
		}
		var n nesting
		buf := make([]byte, 32<<10)
		for {
			k, err := zr.Read(buf)
			if budget -= int64(k); budget < 0 || !n.feed(buf[:k]) {
				return false
			}
			if err != nil {
				break
			}
		}
	}
}

// readPDFInt reads a non-negative decimal integer at i; -1 stands for one too
// large to matter.
func readPDFInt(data []byte, i int) (n int64, next int, ok bool) {
	j := i
	for j < len(data) && data[j] >= '0' && data[j] <= '9' {
		if j-i >= 15 {
			n = -1
		} else if n >= 0 {
			n = n*10 + int64(data[j]-'0')
		}
		j++
	}
	return n, j, j > i
}

func isPDFSpace(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func skipPDFSpace(data []byte, i int) int {
	for i < len(data) && isPDFSpace(data[i]) {
		i++
	}
	return i
}

func skipPDFToken(data []byte, i int) int {
	for i < len(data) && !isPDFSpace(data[i]) {
		i++
	}
	return i
}
