package digitise

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
)

// bilevelRaster returns a page every pixel of which is pure black or pure
// white as a PNG of 1 bit per pixel (grey, 0 black and 1 white), lossless
// and an eighth of the size of the grey image before compression; ok is
// false for any other image. image/png would write such a page only from
// a paletted image, one interface call per pixel: packing the bits here
// takes a fraction of that.
func bilevelRaster(img image.Image) (r raster, ok bool) {
	g, isGray := img.(*image.Gray)
	if !isGray {
		return raster{}, false
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	stride := 1 + (w+7)/8 // each row starts with its filter type, 0 (none)
	rows := make([]byte, stride*h)
	for y := range h {
		src, dst := g.Pix[y*g.Stride:y*g.Stride+w], rows[y*stride+1:(y+1)*stride]
		for x, v := range src {
			switch v {
			case 0xFF:
				dst[x>>3] |= 0x80 >> (x & 7)
			case 0:
			default:
				return raster{}, false
			}
		}
	}
	var idat bytes.Buffer
	z := zlib.NewWriter(&idat)
	z.Write(rows) // writes to a bytes.Buffer do not fail
	z.Close()
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 1, 0, 0, 0, 0) // bit depth 1, grey, deflate, no filter choice, not interlaced
	for _, c := range []struct {
		typ  string
		data []byte
	}{{"IHDR", ihdr}, {"IDAT", idat.Bytes()}, {"IEND", nil}} {
		out.Write(binary.BigEndian.AppendUint32(nil, uint32(len(c.data))))
		chunk := append([]byte(c.typ), c.data...)
		out.Write(chunk)
		out.Write(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(chunk)))
	}
	return raster{data: out.Bytes(), format: "PNG", w: w, h: h}, true
}
