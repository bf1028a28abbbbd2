package digitise

import "encoding/binary"

// jpegTurn returns how many degrees clockwise a JPEG must be turned to be
// seen upright, from the Orientation tag of its Exif data (phones store a
// page photographed sideways as it was taken, and say so there): 0, 90,
// 180 or 270. Mirrored orientations, which cameras do not write, and a
// missing or unreadable tag count as upright.
func jpegTurn(content []byte) int {
	for at := 2; at+4 <= len(content) && content[at] == 0xFF; {
		marker, n := content[at+1], int(binary.BigEndian.Uint16(content[at+2:]))
		if marker == 0xDA || n < 2 || at+2+n > len(content) { // start of scan: no Exif before it
			return 0
		}
		segment := content[at+4 : at+2+n]
		if marker == 0xE1 && len(segment) > 6 && string(segment[:6]) == "Exif\x00\x00" {
			return exifTurn(segment[6:])
		}
		at += 2 + n
	}
	return 0
}

// exifTurn reads the Orientation (tag 0x0112) of the first image file
// directory of Exif data (a TIFF structure).
func exifTurn(tiff []byte) int {
	if len(tiff) < 8 {
		return 0
	}
	var order binary.ByteOrder = binary.LittleEndian
	if tiff[0] == 'M' {
		order = binary.BigEndian
	}
	ifd := int(order.Uint32(tiff[4:]))
	if ifd < 8 || ifd+2 > len(tiff) {
		return 0
	}
	for i := range int(order.Uint16(tiff[ifd:])) {
		e := ifd + 2 + 12*i
		if e+12 > len(tiff) {
			return 0
		}
		if order.Uint16(tiff[e:]) == 0x0112 {
			switch order.Uint16(tiff[e+8:]) {
			case 3:
				return 180
			case 6:
				return 90
			case 8:
				return 270
			}
			return 0
		}
	}
	return 0
}
