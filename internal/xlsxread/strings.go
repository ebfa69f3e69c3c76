package xlsxread

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// sharedStrings is a workbook's table of shared strings, which its cells
// name by index. The table is read once, with the scanner, into one
// string that the cells are slices of; past spillStrings bytes the rest
// goes to a temporary file, read back a string at a time, so that memory
// stays bounded whatever the workbook.
type sharedStrings struct {
	mem  string
	ends []int64 // ends[i] is where string i ends: in mem, then in the file
	file *os.File
	buf  []byte
}

// spillStrings is how much text of the shared strings is kept in memory
// (a variable for the test of the rest).
var spillStrings = 64 << 20

// readSharedStrings reads a shared strings part: each <si> is one string,
// its text the <t> elements it holds (directly, or in rich text runs <r>),
// but not the phonetic guides (<rPh>) shown above East Asian text.
func readSharedStrings(r io.Reader, tmpDir string) (*sharedStrings, error) {
	ss := &sharedStrings{}
	var mem strings.Builder
	var raw, text []byte
	var total int64
	sc := newScanner(r)
	add := func() error {
		total += int64(len(text))
		if ss.file == nil && mem.Len()+len(text) > spillStrings {
			f, err := os.CreateTemp(tmpDir, "leadport-strings-*")
			if err != nil {
				return fmt.Errorf("spool the shared strings: %w", err)
			}
			ss.file = f
		}
		if ss.file != nil {
			if _, err := ss.file.Write(text); err != nil {
				return fmt.Errorf("spool the shared strings: %w", err)
			}
		} else {
			mem.Write(text)
		}
		ss.ends = append(ss.ends, total)
		return nil
	}
	inSI, inT, rph := false, false, 0
	for {
		var collect *[]byte
		if inT {
			collect = &raw
		}
		t, err := sc.next(collect)
		if err == io.EOF {
			break
		}
		if err != nil {
			ss.close()
			return nil, err
		}
		name := t.name
		switch {
		case string(name) == "si":
			switch t.kind {
			case startTag:
				inSI, text = true, text[:0]
			case emptyTag:
				text = text[:0]
				if err := add(); err != nil {
					ss.close()
					return nil, err
				}
			case endTag:
				inSI = false
				text = unescapeBasic(text)
				if err := add(); err != nil {
					ss.close()
					return nil, err
				}
			}
		case !inSI:
		case string(name) == "rPh":
			switch t.kind {
			case startTag:
				rph++
			case endTag:
				rph--
			}
		case string(name) == "t" && rph == 0:
			switch t.kind {
			case startTag:
				inT, raw = true, raw[:0]
			case endTag:
				inT = false
				text = appendText(text, raw)
			}
		}
	}
	ss.mem = mem.String()
	return ss, nil
}

// get returns string i.
func (ss *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= len(ss.ends) {
		return "", false
	}
	start := int64(0)
	if i > 0 {
		start = ss.ends[i-1]
	}
	end := ss.ends[i]
	if end <= int64(len(ss.mem)) {
		return ss.mem[start:end], true
	}
	// In the file, which starts where mem ends.
	n := int(end - start)
	if cap(ss.buf) < n {
		ss.buf = make([]byte, n)
	}
	b := ss.buf[:n]
	if _, err := ss.file.ReadAt(b, start-int64(len(ss.mem))); err != nil {
		return "", false
	}
	return string(b), true
}

func (ss *sharedStrings) close() {
	if ss.file != nil {
		ss.file.Close()
		os.Remove(ss.file.Name())
		ss.file = nil
	}
}
