package digitise

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"strconv"

	"github.com/phpdave11/gofpdf"
)

// jpegQuality is the quality of the grey and colour pages that have to be
// encoded anew (a TIFF page, a CMYK JPEG): text scanned at 200–300 ppp
// stays sharp at it and a page takes a tenth of its raw size.
const jpegQuality = 80

// Page geometry in millimetres: an image is fitted into the page above a
// band at its foot kept free for the stamp.
const (
	a4Short   = 210.0
	a4Long    = 297.0
	stampBand = 12.0
)

// raster is one scanned page ready for the PDF: JPEG or PNG bytes that the
// PDF embeds as they are, and the size of the image in pixels.
type raster struct {
	data   []byte
	format string // "JPG" or "PNG", as gofpdf names them
	w, h   int
	turn   int // degrees clockwise the image is turned to be seen upright
}

// upright returns the size of the image as it is seen, once turned.
func (r raster) upright() (w, h float64) {
	if r.turn == 90 || r.turn == 270 {
		return float64(r.h), float64(r.w)
	}
	return float64(r.w), float64(r.h)
}

// jpegRaster keeps an uploaded JPEG as it is when it is YCbCr or grey, as
// almost every JPEG is; a CMYK one (which PDF viewers would show inverted)
// or an RGB one is encoded anew. A photo taken sideways is placed turned
// as its Exif data says.
func jpegRaster(content []byte, img image.Image) (raster, error) {
	switch img.(type) {
	case *image.YCbCr, *image.Gray:
	default:
		return lossyRaster(img)
	}
	b := img.Bounds()
	return raster{data: content, format: "JPG", w: b.Dx(), h: b.Dy(), turn: jpegTurn(content)}, nil
}

// pngRaster keeps an uploaded PNG as it is when a PDF can embed its data
// unchanged (8 bits or fewer, not interlaced, no transparency); otherwise
// it is encoded anew, losslessly.
func pngRaster(content []byte, img image.Image) (raster, error) {
	if r, ok := bilevelRaster(img); ok {
		return r, nil
	}
	const ihdr = 8 + 8 // signature, chunk length and type
	depth, colourType, interlace := content[ihdr+8], content[ihdr+9], content[ihdr+12]
	if depth <= 8 && interlace == 0 && (colourType == 0 || colourType == 2 || colourType == 3) && !hasTransparency(content) {
		b := img.Bounds()
		return raster{data: content, format: "PNG", w: b.Dx(), h: b.Dy()}, nil
	}
	return losslessRaster(opaque(img))
}

// hasTransparency reports whether a PNG has a tRNS chunk before its image
// data (where the format puts it).
func hasTransparency(content []byte) bool {
	for at := 8; at+8 <= len(content); {
		n, typ := binary.BigEndian.Uint32(content[at:]), string(content[at+4:at+8])
		switch typ {
		case "tRNS":
			return true
		case "IDAT", "IEND":
			return false
		}
		at += 12 + int(min(n, uint32(len(content))))
	}
	return false
}

// tiffRaster encodes a TIFF page: black and white losslessly in 1 bit per
// pixel, grey and colour as JPEG.
func tiffRaster(img image.Image) (raster, error) {
	if r, ok := bilevelRaster(img); ok {
		return r, nil
	}
	return lossyRaster(img)
}

func lossyRaster(img image.Image) (raster, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, opaque(img), &jpeg.Options{Quality: jpegQuality}); err != nil {
		return raster{}, fmt.Errorf("digitise: codificar JPEG: %w", err)
	}
	b := img.Bounds()
	return raster{data: buf.Bytes(), format: "JPG", w: b.Dx(), h: b.Dy()}, nil
}

func losslessRaster(img image.Image) (raster, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return raster{}, fmt.Errorf("digitise: codificar PNG: %w", err)
	}
	b := img.Bounds()
	return raster{data: buf.Bytes(), format: "PNG", w: b.Dx(), h: b.Dy()}, nil
}

// opaque returns img as it is when it is opaque with 8 bits per sample,
// else painted on white in 8-bit RGB (or reduced to 8-bit grey).
func opaque(img image.Image) image.Image {
	switch m := img.(type) {
	case *image.Gray, *image.YCbCr, *image.CMYK:
		return img
	case *image.RGBA, *image.NRGBA, *image.Paletted:
		if m.(interface{ Opaque() bool }).Opaque() {
			return img
		}
	case *image.Gray16:
		out := image.NewGray(m.Rect)
		draw.Draw(out, m.Rect, m, m.Rect.Min, draw.Src)
		return out
	}
	b := img.Bounds()
	out := image.NewRGBA(b)
	draw.Draw(out, b, image.White, image.Point{}, draw.Src)
	draw.Draw(out, b, img, b.Min, draw.Over)
	return out
}

// rasterPDF lays out the pages on A4 sheets, one image per page: portrait
// or landscape as the image is seen, fitted above the stamp band keeping
// its proportions, centred, and turned upright when it has to be.
func rasterPDF(pages []raster) ([]byte, error) {
	f := gofpdf.New("P", "mm", "A4", "")
	f.SetCompression(true)
	f.SetAutoPageBreak(false, 0)
	f.SetCreator("Concejo", true)
	for i, p := range pages {
		iw, ih := p.upright()
		pw, ph, orientation := a4Short, a4Long, "P"
		if iw > ih {
			pw, ph, orientation = a4Long, a4Short, "L"
		}
		f.AddPageFormat(orientation, gofpdf.SizeType{Wd: a4Short, Ht: a4Long})
		name := "scan" + strconv.Itoa(i)
		opts := gofpdf.ImageOptions{ImageType: p.format}
		f.RegisterImageOptionsReader(name, opts, bytes.NewReader(p.data))
		areaH := ph - stampBand
		scale := min(pw/iw, areaH/ih)
		w, h := iw*scale, ih*scale
		cx, cy := pw/2, areaH/2
		if p.turn == 90 || p.turn == 270 {
			w, h = h, w // the image as stored, before it is turned
		}
		if p.turn == 0 {
			f.ImageOptions(name, cx-w/2, cy-h/2, w, h, false, opts, 0, "")
			continue
		}
		f.TransformBegin()
		f.TransformRotate(float64(-p.turn), cx, cy) // gofpdf turns counter-clockwise
		f.ImageOptions(name, cx-w/2, cy-h/2, w, h, false, opts, 0, "")
		f.TransformEnd()
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("digitise: componer las páginas digitalizadas: %w", err)
	}
	return buf.Bytes(), nil
}
