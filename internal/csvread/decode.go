package csvread

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// A decoder turns a file's bytes into UTF-8 with "\n" line ends (CR LF and a
// lone CR both become "\n"), so the parser deals with one encoding and one
// line end. It stops at the first byte sequence that is invalid in the
// encoding, or at a NUL: it first returns everything before it, then an
// *Error without a line number, which the parser fills in since only it
// counts lines.
//
// The decoders are hand-written rather than golang.org/x/text transformers
// because those replace invalid bytes with U+FFFD, and SPEC §4 wants an error
// with a line number instead.
type decoder struct {
	src    io.Reader
	enc    string // utf-8, windows-1252, utf-16le or utf-16be
	cut    bool   // src is the start of a longer file: drop a character cut at its end
	raw    []byte
	rr, rw int
	srcErr error // from src, io.EOF at the end
	err    error // returned once everything before it has been read
	skipLF bool  // the last byte returned was a CR turned into "\n"
}

func newDecoder(src io.Reader, enc string, cut bool) *decoder {
	return &decoder{src: src, enc: enc, cut: cut, raw: make([]byte, 64<<10)}
}

// Read fills p with decoded text. p must hold at least 4 bytes (one
// character).
func (d *decoder) Read(p []byte) (int, error) {
	for {
		if d.err != nil {
			return 0, d.err
		}
		if d.rr == d.rw && d.srcErr == nil {
			d.refill()
			continue
		}
		atEOF := d.srcErr != nil && !d.cut
		nDst, nSrc, bad := d.decode(p, d.raw[d.rr:d.rw], atEOF)
		if bad {
			d.err = d.badError(d.raw[d.rr+nSrc : d.rw])
		}
		d.rr += nSrc
		if nDst == 0 && !bad {
			// What is left is an incomplete character.
			if d.srcErr != nil {
				d.err = d.srcErr
			} else {
				d.refill()
			}
			continue
		}
		if n := d.clean(p[:nDst]); n > 0 {
			return n, nil
		}
	}
}

func (d *decoder) refill() {
	if d.rr > 0 {
		d.rw = copy(d.raw, d.raw[d.rr:d.rw])
		d.rr = 0
	}
	n, err := d.src.Read(d.raw[d.rw:])
	d.rw += n
	if err != nil {
		d.srcErr = err
	}
}

// clean stops b at a NUL and turns CR LF and lone CR into "\n", in place. It
// returns the new length.
func (d *decoder) clean(b []byte) int {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
		d.err = &Error{Msg: "a NUL byte, which never appears in text", Hint: "Is the file damaged? Export it again as CSV."}
	}
	start := 0
	if d.skipLF && len(b) > 0 {
		d.skipLF = false
		if b[0] == '\n' {
			start = 1
		}
	}
	i := bytes.IndexByte(b[start:], '\r')
	if i < 0 {
		if start == 0 {
			return len(b)
		}
		return copy(b, b[1:])
	}
	j := copy(b, b[start:start+i])
	k := start + i
	for k < len(b) { // b[k] is a CR
		b[j] = '\n'
		j++
		k++
		if k == len(b) {
			d.skipLF = true
			break
		}
		if b[k] == '\n' {
			k++
		}
		m := bytes.IndexByte(b[k:], '\r')
		if m < 0 {
			j += copy(b[j:], b[k:])
			break
		}
		j += copy(b[j:], b[k:k+m])
		k += m
	}
	return j
}

// decode decodes src into dst as far as both allow. It stops early, with bad
// set, at an invalid sequence (src[nSrc:] starts with it), and without bad at
// an incomplete sequence at the end of src unless atEOF.
func (d *decoder) decode(dst, src []byte, atEOF bool) (nDst, nSrc int, bad bool) {
	switch d.enc {
	case Windows1252:
		return decode1252(dst, src)
	case "utf-16le":
		return decodeUTF16(dst, src, atEOF, false)
	case "utf-16be":
		return decodeUTF16(dst, src, atEOF, true)
	}
	return decodeUTF8(dst, src, atEOF)
}

func (d *decoder) badError(src []byte) *Error {
	switch d.enc {
	case Windows1252:
		return &Error{
			Msg:  fmt.Sprintf("a byte (0x%02X) that means nothing in Windows-1252", src[0]),
			Hint: "The file may use another encoding: save it again as CSV UTF-8.",
		}
	case "utf-16le", "utf-16be":
		hi := len(src) >= 2 && (src[0]&0xFC == 0xD8 && d.enc == "utf-16be" || src[1]&0xFC == 0xD8 && d.enc == "utf-16le")
		if len(src) < 2 || len(src) < 4 && hi {
			return &Error{Msg: "the file ends in the middle of a UTF-16 character", Hint: "Is the file complete? Save it again as CSV UTF-8."}
		}
		return &Error{Msg: "bytes that are not valid UTF-16 (a lone surrogate)", Hint: "Save the file again as CSV UTF-8."}
	}
	return &Error{Msg: fmt.Sprintf("bytes that are not valid UTF-8 (0x%02X)", src[0]), Hint: "Try the encoding Windows-1252."}
}

// partialRune returns the length of the incomplete UTF-8 character at the
// end of b, 0 if there is none.
func partialRune(b []byte) int {
	for i := 1; i <= utf8.UTFMax-1 && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < 0x80 {
			return 0
		}
		if c >= 0xC0 { // a leading byte
			if !utf8.FullRune(b[len(b)-i:]) {
				return i
			}
			return 0
		}
	}
	return 0
}

func decodeUTF8(dst, src []byte, atEOF bool) (nDst, nSrc int, bad bool) {
	n := min(len(dst), len(src))
	if !atEOF || n < len(src) {
		n -= partialRune(src[:n])
	}
	if utf8.Valid(src[:n]) {
		return copy(dst, src[:n]), n, false
	}
	i := 0
	for i < n {
		if src[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:n])
		if r == utf8.RuneError && size == 1 {
			break
		}
		i += size
	}
	return copy(dst, src[:i]), i, true
}

// cp1252 maps the bytes 0x80–0xFF of Windows-1252 to UTF-8; "" marks the five
// bytes the encoding leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
var cp1252 = func() (t [128]string) {
	c1 := [32]rune{
		0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
		0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
	}
	for i, r := range c1 {
		if r != 0 {
			t[i] = string(r)
		}
	}
	for i := 0x20; i < 0x80; i++ {
		t[i] = string(rune(0x80 + i))
	}
	return t
}()

func decode1252(dst, src []byte) (nDst, nSrc int, bad bool) {
	j := 0
	for i, c := range src {
		if c < utf8.RuneSelf {
			if j == len(dst) {
				return j, i, false
			}
			dst[j] = c
			j++
			continue
		}
		s := cp1252[c-0x80]
		if s == "" {
			return j, i, true
		}
		if j+len(s) > len(dst) {
			return j, i, false
		}
		j += copy(dst[j:], s)
	}
	return j, len(src), false
}

func decodeUTF16(dst, src []byte, atEOF, bigEndian bool) (nDst, nSrc int, bad bool) {
	unit := func(i int) rune {
		if bigEndian {
			return rune(src[i])<<8 | rune(src[i+1])
		}
		return rune(src[i+1])<<8 | rune(src[i])
	}
	i, j := 0, 0
	for i+2 <= len(src) {
		r, size := unit(i), 2
		switch {
		case r < utf8.RuneSelf:
			if j == len(dst) {
				return j, i, false
			}
			dst[j] = byte(r)
			j++
			i += 2
			continue
		case 0xD800 <= r && r < 0xDC00:
			if i+4 > len(src) {
				return j, i, atEOF
			}
			r2 := unit(i + 2)
			if r2 < 0xDC00 || r2 >= 0xE000 {
				return j, i, true
			}
			r, size = utf16.DecodeRune(r, r2), 4
		case 0xDC00 <= r && r < 0xE000:
			return j, i, true
		}
		if j+utf8.RuneLen(r) > len(dst) {
			return j, i, false
		}
		j += utf8.EncodeRune(dst[j:], r)
		i += size
	}
	return j, i, atEOF && i < len(src)
}
