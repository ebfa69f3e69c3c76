package csvread

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReader: any bytes give rows or a clean *Error, never a panic; Count
// agrees with Next; every row has one cell per header column, no cell is
// longer than MaxCell, a cut cell is listed in Long, and cells are valid
// UTF-8 without NUL.
func FuzzReader(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n", "a;b\r\n\"x;\"\"y\"\"\r\nz\";2\r\n", "\xef\xbb\xbfPrénom\tNom\nJosée\tCôté\n",
		"\xff\xfea\x00,\x00b\x00\n\x001\x00,\x002\x00", "a,b\n\"never closed\n", "a|b\n\n\n|\n1|2|3|4\n",
		"Pr\xe9nom;Nom\nJos\xe9e;C\xf4t\xe9\n", "PK\x03\x04", "a,b\n1,\x00\n", "\"a\"b,c\n\"\"\"\",\"\n\"\n",
	} {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, opt uint8) {
		var opts Options
		if opt&1 != 0 {
			opts.Delimiter = []rune{',', ';', '\t', '|'}[opt>>1&3]
		}
		if opt&8 != 0 {
			opts.Encoding = []string{UTF8, Windows1252, UTF16, UTF8}[opt>>4&3]
		}
		if _, err := Detect(bytes.NewReader(data), opts); err != nil {
			cleanError(t, "Detect", err)
		}
		n, countErr := Count(bytes.NewReader(data), opts)
		if countErr != nil {
			cleanError(t, "Count", countErr)
		}
		rd, err := NewReader(bytes.NewReader(data), opts)
		if err != nil {
			cleanError(t, "NewReader", err)
			if countErr == nil {
				t.Fatalf("NewReader failed (%v) but Count accepted the file", err)
			}
			return
		}
		rows := 0
		for {
			row, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				cleanError(t, "Next", err)
				if countErr == nil {
					t.Fatalf("Next failed (%v) but Count accepted the file", err)
				}
				return
			}
			rows++
			if len(row.Cells) != len(rd.Header()) {
				t.Fatalf("line %d: %d cells for %d header columns", row.Line, len(row.Cells), len(rd.Header()))
			}
			long := map[int]bool{}
			for _, l := range row.Long {
				long[l.Index] = true
				if l.Len*utf8.UTFMax < MaxCell {
					t.Fatalf("line %d: cell %d listed as long with %d characters", row.Line, l.Index, l.Len)
				}
			}
			for i, c := range append(row.Cells[:len(row.Cells):len(row.Cells)], row.Extra...) {
				if len(c) > MaxCell || long[i] && len(c) > CutCell {
					t.Fatalf("line %d: cell %d is %d bytes long (long: %v)", row.Line, i, len(c), long[i])
				}
				if !utf8.ValidString(c) || bytes.IndexByte([]byte(c), 0) >= 0 {
					t.Fatalf("line %d: cell %d is not clean text: %q", row.Line, i, c)
				}
			}
		}
		if countErr != nil {
			t.Fatalf("Count failed (%v) but Next read the whole file", countErr)
		}
		if rows != n {
			t.Fatalf("Next read %d rows, Count says %d", rows, n)
		}
	})
}

// cleanError fails unless err is an *Error a person can read, or an error
// about the options (which the fuzzer may choose badly).
func cleanError(t *testing.T, what string, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: %v is not an *Error", what, err)
	}
	if e.Msg == "" || e.Line < 0 || e.Column < 0 {
		t.Fatalf("%s: unclear error %+v", what, e)
	}
}

// TestReaderLinear: reading is linear in the size of the file, whatever it
// holds. The parser counts the bytes it scans and copies (parser.work);
// for pathological files of 64 KiB and of 1 MiB, that count stays under a
// small constant times the size. A quadratic rescan (of a line for each of
// its cells, of a quoted value for each of its lines) would multiply it by
// the number of cells or lines.
func TestReaderLinear(t *testing.T) {
	families := map[string]func(n int) []byte{
		"quotes":           func(n int) []byte { return bytes.Repeat([]byte{'"'}, n) },
		"doubled quotes":   func(n int) []byte { return append([]byte("a\n\""), bytes.Repeat([]byte(`""`), n/2)...) },
		"quoted line ends": func(n int) []byte { return append([]byte("a\n\""), bytes.Repeat([]byte("\n"), n)...) },
		"quoted cells":     func(n int) []byte { return bytes.Repeat([]byte("\"a\"\n\"b\"\"c\",\n"), n/12) },
		"empty lines":      func(n int) []byte { return append([]byte("a,b\n"), bytes.Repeat([]byte("\n"), n)...) },
		"CR line ends":     func(n int) []byte { return append([]byte("a,b\r"), bytes.Repeat([]byte("1,2\r"), n/4)...) },
		"delimiters": func(n int) []byte {
			return append([]byte("a\n"), bytes.Repeat([]byte(strings.Repeat(",", 999)+"\n"), n/1000)...)
		},
		"long cells": func(n int) []byte {
			return append([]byte("a,b\n"), bytes.Repeat([]byte(strings.Repeat("x", MaxCell+1)+",\n"), n/MaxCell)...)
		},
		"quote after a value": func(n int) []byte { return append([]byte("a\n"), bytes.Repeat([]byte("x\"y\"z\n"), n/6)...) },
		"one long quoted line": func(n int) []byte {
			return append(append([]byte("a,b\n\""), bytes.Repeat([]byte("é,"), n/3)...), '"', '\n')
		},
	}
	for name, gen := range families {
		t.Run(name, func(t *testing.T) {
			var perByte [2]float64
			for i, size := range []int{64 << 10, 1 << 20} {
				data := gen(size)
				rd, err := NewReader(bytes.NewReader(data), Options{Encoding: UTF8, Delimiter: ','})
				if err != nil {
					t.Fatalf("%d bytes: %v", size, err)
				}
				for rd.p.readRecord() == nil {
				}
				perByte[i] = float64(rd.p.work) / float64(len(data))
				if perByte[i] > 6 {
					t.Errorf("%d bytes: %d bytes of work, %.1f per byte of the file; want at most 6", len(data), rd.p.work, perByte[i])
				}
			}
			if perByte[1] > 1.5*perByte[0]+0.5 {
				t.Errorf("work per byte grows with the file: %.2f at 64 KiB, %.2f at 1 MiB", perByte[0], perByte[1])
			}
		})
	}
}
