package sign

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"

	dpdf "github.com/digitorus/pdf"
)

// finish writes the cross-reference section of the update, in the form the
// file uses (a table or a stream), with the trailer that links it to the
// previous one.
func (u *update) finish(trailer, root dpdf.Value) error {
	var t bytes.Buffer // the trailer's entries
	rp := root.GetPtr()
	fmt.Fprintf(&t, "/Root %d %d R/Prev %d", rp.GetID(), rp.GetGen(), u.r.XrefInformation.StartPos)
	for _, k := range []string{"Info", "ID"} {
		if v := entry(trailer, k); v.IsValid() {
			writeName(&t, k)
			t.WriteByte(' ')
			if err := writeValue(&t, v, 0); err != nil {
				return err
			}
		}
	}
	if u.r.XrefInformation.Type == "stream" {
		u.xrefStream(t.Bytes())
	} else {
		u.xrefTable(t.Bytes())
	}
	return nil
}

// xrefTable writes a cross-reference table and its trailer.
func (u *update) xrefTable(entries []byte) {
	start := u.buf.Len()
	u.buf.WriteString("xref\n")
	for _, run := range u.runs() {
		fmt.Fprintf(&u.buf, "%d %d\n", run[0].id, len(run))
		for _, e := range run {
			fmt.Fprintf(&u.buf, "%010d %05d n\r\n", e.offset, e.gen)
		}
	}
	fmt.Fprintf(&u.buf, "trailer\n<</Size %d", u.next)
	u.buf.Write(entries)
	fmt.Fprintf(&u.buf, ">>\nstartxref\n%d\n%%%%EOF\n", start)
}

// xrefStream writes a cross-reference stream (uncompressed, fields of 1,
// 4 and 2 bytes) that also lists itself.
func (u *update) xrefStream(entries []byte) {
	id := u.newID()
	start := u.buf.Len()
	u.entries = append(u.entries, xrefEntry{id: id, offset: start})
	var index, rows bytes.Buffer
	for _, run := range u.runs() {
		fmt.Fprintf(&index, "%d %d ", run[0].id, len(run))
		for _, e := range run {
			rows.WriteByte(1)
			rows.Write(binary.BigEndian.AppendUint32(nil, uint32(e.offset)))
			rows.Write(binary.BigEndian.AppendUint16(nil, e.gen))
		}
	}
	fmt.Fprintf(&u.buf, "%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Index[%s]", id, u.next, bytes.TrimSpace(index.Bytes()))
	u.buf.Write(entries)
	fmt.Fprintf(&u.buf, "/Length %d>>\nstream\n", rows.Len())
	u.buf.Write(rows.Bytes())
	fmt.Fprintf(&u.buf, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", start)
}

// runs groups the entries written in runs of consecutive object numbers.
func (u *update) runs() [][]xrefEntry {
	es := slices.Clone(u.entries)
	slices.SortFunc(es, func(a, b xrefEntry) int { return int(a.id) - int(b.id) })
	var runs [][]xrefEntry
	for i, e := range es {
		if i > 0 && es[i-1].id+1 == e.id {
			runs[len(runs)-1] = append(runs[len(runs)-1], e)
			continue
		}
		runs = append(runs, []xrefEntry{e})
	}
	return runs
}
