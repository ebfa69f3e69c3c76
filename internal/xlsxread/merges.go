package xlsxread

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"slices"
	"sync"
)

// Merged cells. Excel shows a merged range's value in its first (top-left)
// cell only; the other cells of the range are covered. Excel empties them
// when it merges, but other writers (LibreOffice, told to keep the contents
// of the hidden cells) keep their values: values nobody sees in Excel, which
// read as empty here. A sheet lists its merged ranges after its rows, so
// they are gathered by a first pass over the sheet's XML, which looks for
// nothing but the <mergeCell> elements.

// mergeRange is one merged range: rows r1 to r2 (from 1), columns c1 to c2
// (from 0), bounds included.
type mergeRange struct {
	r1, r2 int32
	c1, c2 uint16
}

// maxMerges bounds the merged ranges of a sheet (12 bytes each).
const maxMerges = 1 << 20

var mergeCellName = []byte("mergeCell")

// readMerges gathers the merged ranges of a sheet's XML, sorted by first
// row. It only scans the bytes for <mergeCell> tags (with any prefix) and
// reads their ref attribute: what else the part holds is the row reader's
// business. complete is false when a read error ended the scan.
// size is what the part says it unzips to, for the buffer's size.
func readMerges(src io.Reader, size uint64) (ranges []mergeRange, complete bool, err error) {
	const (
		lookBack = 64      // a tag's '<' and prefix before its name
		tagMax   = 4 << 10 // a <mergeCell> tag longer than this is not one
	)
	buf := make([]byte, min(max(size+1, 8<<10), 256<<10))
	keep := 0
	for {
		// A read error ends the scan with the ranges found so far: the
		// rows' reading meets the same error, and says at which row.
		n, rerr := io.ReadFull(src, buf[keep:])
		end := rerr != nil
		complete = rerr == io.EOF || rerr == io.ErrUnexpectedEOF
		data := buf[:keep+n]
		i, carry := 0, -1
		for {
			j := bytes.Index(data[i:], mergeCellName)
			if j < 0 {
				break
			}
			at := i + j
			i = at + len(mergeCellName)
			start, ok := tagStart(data, at, lookBack)
			if !ok {
				continue
			}
			if i == len(data) {
				carry = start // the character after the name is still to come
				break
			}
			if c := data[i]; !isSpace(c) && c != '/' && c != '>' {
				continue // <mergeCells>, or another name
			}
			close := bytes.IndexByte(data[i:min(len(data), start+tagMax)], '>')
			if close < 0 {
				if len(data)-start < tagMax {
					carry = start
					break
				}
				continue
			}
			ref, ok := attr(data[i:i+close], "ref")
			i += close + 1
			if !ok {
				continue
			}
			if m, ok := parseRange(ref); ok {
				if len(ranges) == maxMerges {
					return nil, false, &Error{Msg: fmt.Sprintf("this sheet has more than %d merged cell ranges", maxMerges),
						Hint: "Unmerge its cells (in Excel: select the whole sheet, then Merge & Center › Unmerge Cells), save it, then import it again."}
				}
				ranges = append(ranges, m)
			}
		}
		if end {
			break
		}
		// Keep what a tag cut by the end of the buffer needs.
		from := max(i, len(data)-lookBack-len(mergeCellName))
		if carry >= 0 {
			from = carry
		}
		keep = copy(buf, data[from:])
	}
	slices.SortFunc(ranges, func(a, b mergeRange) int { return int(a.r1) - int(b.r1) })
	return ranges, complete, nil
}

// The merged ranges of the sheets read last are kept, by the SHA-256 of
// the sheet's compressed bytes: the same workbook is read several times
// (its preview at each step of an import, its check, then its import), and
// hashing what a sheet weighs costs a fraction of unzipping it.
var mergeCache struct {
	sync.Mutex
	entries []cachedMerges // the most recent last
}

type cachedMerges struct {
	key    [sha256.Size]byte
	ranges []mergeRange // shared, never written
}

// mergeCacheSize bounds the entries kept; the ranges they hold are bounded
// by maxMerges in all.
const mergeCacheSize = 16

// sheetMerges returns the merged ranges of the sheet in zf.
func sheetMerges(zf *zip.File) ([]mergeRange, error) {
	key, keyed := partKey(zf)
	if keyed {
		mergeCache.Lock()
		for i, e := range mergeCache.entries {
			if e.key == key {
				mergeCache.entries = append(append(mergeCache.entries[:i:i], mergeCache.entries[i+1:]...), e)
				mergeCache.Unlock()
				return e.ranges, nil
			}
		}
		mergeCache.Unlock()
	}
	part, err := zf.Open()
	if err != nil {
		return nil, err
	}
	ranges, complete, err := readMerges(part, zf.UncompressedSize64)
	part.Close()
	if err != nil || !keyed || !complete {
		return ranges, err
	}
	mergeCache.Lock()
	defer mergeCache.Unlock()
	entries := append(mergeCache.entries, cachedMerges{key, ranges})
	total := 0
	for i := len(entries) - 1; i >= 0; i-- {
		if total += len(entries[i].ranges); total > maxMerges || len(entries)-i > mergeCacheSize {
			entries = entries[i+1:]
			break
		}
	}
	mergeCache.entries = slices.Clone(entries)
	return ranges, nil
}

// partKey is the SHA-256 of a part's compressed bytes, its method and its
// size once unzipped.
func partKey(zf *zip.File) (key [sha256.Size]byte, ok bool) {
	raw, err := zf.OpenRaw()
	if err != nil {
		return key, false
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d %d %d\n", zf.Method, zf.UncompressedSize64, zf.CompressedSize64)
	if _, err := io.Copy(h, raw); err != nil {
		return key, false
	}
	h.Sum(key[:0])
	return key, true
}

// tagStart returns where the tag whose name starts at at begins: the '<'
// right before the name or before its prefix ("x:").
func tagStart(data []byte, at, lookBack int) (int, bool) {
	for k := at - 1; k >= 0 && k >= at-lookBack; k-- {
		switch c := data[k]; c {
		case '<':
			return k, k == at-1 || data[at-1] == ':'
		case '>', '/', '"', '\'', '=', ' ', '\t', '\n', '\r':
			return 0, false
		}
	}
	return 0, false
}

// parseRange reads a range reference, "B2:C3". A single cell is no range.
func parseRange(ref []byte) (mergeRange, bool) {
	colon := bytes.IndexByte(ref, ':')
	if colon < 0 {
		return mergeRange{}, false
	}
	c1, r1, ok1 := cellRef(ref[:colon])
	c2, r2, ok2 := cellRef(ref[colon+1:])
	if !ok1 || !ok2 {
		return mergeRange{}, false
	}
	if r1 > r2 {
		r1, r2 = r2, r1
	}
	if c1 > c2 {
		c1, c2 = c2, c1
	}
	if r1 == r2 && c1 == c2 {
		return mergeRange{}, false
	}
	return mergeRange{r1: int32(r1), r2: int32(r2), c1: uint16(c1), c2: uint16(c2)}, true
}

// cellRef reads a cell reference, "AB12" (or "$AB$12"): its column from 0
// and its row from 1.
func cellRef(b []byte) (col, row int, ok bool) {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '$' {
		b = b[1:]
	}
	col, ok = columnOf(b)
	if !ok {
		return 0, 0, false
	}
	for len(b) > 0 && b[0]|0x20 >= 'a' && b[0]|0x20 <= 'z' {
		b = b[1:]
	}
	if len(b) > 0 && b[0] == '$' {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 7 {
		return 0, 0, false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		row = row*10 + int(c-'0')
	}
	if row < 1 || row > maxRows || col >= maxColumns {
		return 0, 0, false
	}
	return col, row, true
}

// coverage tells, row by row, which columns merged ranges cover. Rows are
// read in increasing order, so the ranges that reach the row being read
// (active) are kept as the reading goes.
type coverage struct {
	ranges []mergeRange // sorted by r1
	next   int          // ranges[:next] start at or before line
	line   int
	active []mergeRange // the ranges over line
	spans  []colSpan    // the columns covered on line, sorted, disjoint
}

type colSpan struct{ c1, c2 int }

// at makes spans the columns covered on line.
func (cv *coverage) at(line int) {
	if line < cv.line { // rows out of order: start again
		cv.next, cv.active = 0, cv.active[:0]
	}
	cv.line = line
	kept := cv.active[:0]
	for _, m := range cv.active {
		if int(m.r2) >= line {
			kept = append(kept, m)
		}
	}
	cv.active = kept
	for cv.next < len(cv.ranges) && int(cv.ranges[cv.next].r1) <= line {
		if m := cv.ranges[cv.next]; int(m.r2) >= line {
			cv.active = append(cv.active, m)
		}
		cv.next++
	}
	cv.spans = cv.spans[:0]
	for _, m := range cv.active {
		s := colSpan{int(m.c1), int(m.c2)}
		if int(m.r1) == line {
			s.c1++ // the first cell shows the value
		}
		if s.c1 <= s.c2 {
			cv.spans = append(cv.spans, s)
		}
	}
	if len(cv.spans) < 2 {
		return
	}
	slices.SortFunc(cv.spans, func(a, b colSpan) int { return a.c1 - b.c1 })
	out := cv.spans[:1]
	for _, s := range cv.spans[1:] {
		if last := &out[len(out)-1]; s.c1 <= last.c2+1 {
			last.c2 = max(last.c2, s.c2)
		} else {
			out = append(out, s)
		}
	}
	cv.spans = out
}

// covered reports whether col is covered on the current line.
func (cv *coverage) covered(col int) bool {
	s := cv.spans
	i, _ := slices.BinarySearchFunc(s, col, func(sp colSpan, c int) int {
		if sp.c2 < c {
			return -1
		}
		if sp.c1 > c {
			return 1
		}
		return 0
	})
	return i < len(s) && s[i].c1 <= col && col <= s[i].c2
}
