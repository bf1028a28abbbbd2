package portal

import (
	"bytes"
	"errors"
	"image"
	_ "image/gif" // decoders for uploads
	_ "image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/draw"
)

const (
	maxImage   = 5 << 20
	coatHeight = 160
	maxPixels  = 40_000_000
)

// resizeImage decodes an uploaded PNG, JPEG or GIF and returns it as PNG no
// taller than height (aspect kept; smaller images are not enlarged).
func resizeImage(r io.Reader, height int) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxImage+1))
	if err != nil || len(data) > maxImage {
		return nil, errors.New("La imagen no puede ocupar más de 5 MB.")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, errors.New("El fichero no es una imagen PNG, JPEG o GIF válida.")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPixels {
		return nil, errors.New("La imagen es demasiado grande: use una de menos de 40 megapíxeles.")
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, errors.New("El fichero no es una imagen PNG, JPEG o GIF válida.")
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if h > height {
		w, h = max(1, w*height/h), height
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Over, nil)
	var out bytes.Buffer
	if err := png.Encode(&out, dst); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
