package digitise

import (
	"encoding/binary"
	"image"
	"io"

	"golang.org/x/image/tiff"
)

// maxTIFFPages bounds the pages of one TIFF file (a chain of directories
// longer than this is refused as damaged).
const maxTIFFPages = 1000

// tiffDirectories returns the offsets of the image file directories of a
// TIFF, one per page, in order, and the file's byte order.
func tiffDirectories(content []byte) ([]uint32, binary.ByteOrder, error) {
	if len(content) < 8 {
		return nil, nil, errBadTIFF
	}
	var order binary.ByteOrder = binary.LittleEndian
	if content[0] == 'M' {
		order = binary.BigEndian
	}
	var dirs []uint32
	seen := map[uint32]bool{}
	for off := order.Uint32(content[4:8]); off != 0; {
		if off < 8 || uint64(off)+2 > uint64(len(content)) || seen[off] || len(dirs) == maxTIFFPages {
			return nil, nil, errBadTIFF
		}
		seen[off] = true
		end := uint64(off) + 2 + 12*uint64(order.Uint16(content[off:]))
		if end+4 > uint64(len(content)) {
			return nil, nil, errBadTIFF
		}
		dirs = append(dirs, off)
		off = order.Uint32(content[end:])
	}
	if len(dirs) == 0 {
		return nil, nil, errBadTIFF
	}
	return dirs, order, nil
}

// tiffPages decodes every page of a TIFF in order and passes each to fn;
// it returns the number of pages.
func tiffPages(content []byte, fn func(image.Image) error) (int, error) {
	dirs, order, err := tiffDirectories(content)
	if err != nil {
		return 0, err
	}
	for _, off := range dirs {
		img, err := tiffPage(content, order, off)
		if err != nil {
			return 0, err
		}
		if err := fn(img); err != nil {
			return 0, err
		}
	}
	return len(dirs), nil
}

// tiffPage decodes the image of the directory at off: the decoder reads
// the file through a view whose header points at that directory.
func tiffPage(content []byte, order binary.ByteOrder, off uint32) (img image.Image, err error) {
	defer func() {
		if recover() != nil {
			img, err = nil, errBadTIFF
		}
	}()
	v := &headerView{content: content}
	copy(v.head[:4], content[:4])
	order.PutUint32(v.head[4:], off)
	cfg, err := tiff.DecodeConfig(v.reader())
	if err != nil {
		return nil, errBadTIFF
	}
	if cfg.Width*cfg.Height > maxPixels {
		return nil, errTooBigImg
	}
	if img, err = tiff.Decode(v.reader()); err != nil {
		return nil, errBadTIFF
	}
	return img, nil
}

// headerView reads content with its first 8 bytes replaced by head.
type headerView struct {
	content []byte
	head    [8]byte
}

func (v *headerView) reader() *io.SectionReader {
	return io.NewSectionReader(v, 0, int64(len(v.content)))
}

// ReadAt implements io.ReaderAt.
func (v *headerView) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, io.EOF
	}
	if off >= int64(len(v.content)) {
		return 0, io.EOF
	}
	n := copy(p, v.content[off:])
	if off < int64(len(v.head)) {
		copy(p, v.head[off:])
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}
