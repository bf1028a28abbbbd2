package sign

import (
	"fmt"

	dpdf "github.com/digitorus/pdf"
)

// Where a visible block goes when its Rect is zero: at the foot of the
// page, in the bottom margin (5 to 15 mm from the edge), 20 mm from the
// left edge and 90 mm wide at most.
const (
	footX      = 56.69
	footY      = 14.17
	footWidth  = 255.12
	footHeight = 28.35
)

// findPage returns the n-th page (1-based) of the page tree under node.
func findPage(node dpdf.Value, n int) (dpdf.Value, bool) {
	for range maxPDFDepth {
		kids := node.Key("Kids")
		if node.Key("Type").Name() == "Page" || kids.Kind() != dpdf.Array {
			return node, n == 1 && node.Kind() == dpdf.Dict
		}
		var next dpdf.Value
		for i := range kids.Len() {
			if _, _, ok := ref(raw(kids).Index(i).Elem()); !ok {
				return dpdf.Value{}, false // a page is an object of its own
			}
			k := kids.Index(i)
			count := 1
			if k.Key("Type").Name() != "Page" && k.Key("Kids").Kind() == dpdf.Array {
				count = int(k.Key("Count").Int64())
			}
			if n <= count {
				next = k
				break
			}
			n -= count
		}
		if next.IsNull() {
			return next, false
		}
		node = next
	}
	return dpdf.Value{}, false
}

// mediaBox returns the page's MediaBox, inherited from its ancestors when
// it has none (A4 when no one has it).
func mediaBox(page dpdf.Value) [4]float64 {
	for i, n := 0, page; i < maxPDFDepth && n.Kind() == dpdf.Dict; i, n = i+1, n.Key("Parent") {
		if mb := n.Key("MediaBox"); mb.Len() == 4 {
			var box [4]float64
			for j := range box {
				box[j] = pdfNumber(mb.Index(j))
			}
			return [4]float64{min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3])}
		}
	}
	return [4]float64{0, 0, 595.28, 841.89}
}

func pdfNumber(v dpdf.Value) float64 {
	if v.Kind() == dpdf.Integer {
		return float64(v.Int64())
	}
	return v.Float64()
}

// blockRect is the rectangle of the visible block on a page whose
// MediaBox is box; false when it is too small to draw in.
func blockRect(b *Block, box [4]float64) ([4]float64, bool) {
	r := b.Rect
	if r == [4]float64{} {
		w := min(footWidth, box[2]-box[0]-2*footX)
		r = [4]float64{box[0] + footX, box[1] + footY, box[0] + footX + w, box[1] + footY + footHeight}
	}
	r = [4]float64{min(r[0], r[2]), min(r[1], r[3]), max(r[0], r[2]), max(r[1], r[3])}
	return r, r[2]-r[0] >= 2*blockPad && r[3]-r[1] >= 2*blockPad
}

// certifiedNoChanges reports whether a certification signature forbids
// any change to the document (DocMDP with P 1), new signatures included.
func certifiedNoChanges(root dpdf.Value) bool {
	refs := root.Key("Perms").Key("DocMDP").Key("Reference")
	for i := range min(refs.Len(), maxPDFDepth) {
		if p := refs.Index(i).Key("TransformParams").Key("P"); p.Kind() == dpdf.Integer && p.Int64() == 1 {
			return true
		}
	}
	return false
}

// fieldName returns a name for the new signature field that no field of
// the form has: "Firma 1", "Firma 2"...
func fieldName(form dpdf.Value) string {
	taken := map[string]bool{}
	fields := form.Key("Fields")
	for i := range fields.Len() {
		taken[fields.Index(i).Key("T").Text()] = true
	}
	for n := 1; ; n++ {
		if name := fmt.Sprintf("Firma %d", n); !taken[name] {
			return name
		}
	}
}
