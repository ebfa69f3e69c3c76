// Package xlsxread reads Excel workbooks (.xlsx) as rows of text, for the
// importer (SPEC §4 "Excel workbooks").
//
// A sheet is streamed row by row as it is unzipped, its XML read by a
// scanner that knows the few elements a sheet's data is made of: the sheet
// is never held whole, in memory or on disk. The workbook's own parts (its
// sheets, styles and shared strings) are read first; shared strings beyond
// 64 MB are kept in a temporary file. Each cell comes back as the text a
// person would type for it in a CSV file:
//
//   - a cell typed as a date or a date and time (its number format is a date
//     format) is that date in ISO form, "2026-03-14", "2026-03-14 09:30" or
//     "2026-03-14 09:30:15", and is flagged as a date in Row.Dates;
//   - a number keeps its digits and is never written in exponent form: a
//     phone stored as a number, 5145550101, reads "5145550101"; a number
//     format made of zeros only ("00000", for postal codes) keeps its leading
//     zeros; other number formats (thousands separators, currency, percent)
//     are not applied, so that the value reads as the number itself. Excel
//     keeps 15 significant digits: beyond that, a number reads as Excel
//     shows it, 12345678901234500;
//   - a time of day alone ("h:mm") reads as Excel shows it, "14:30";
//   - a formula gives the value it had when the file was saved;
//   - a boolean reads TRUE or FALSE, an error as Excel shows it, #N/A;
//   - shared strings, inline strings and rich text all read as their text;
//   - hidden rows and hidden columns are read like the others;
//   - a merged range gives its value to its first cell only: its other
//     cells read as empty even when the file keeps values in them, as
//     LibreOffice can (Excel shows none).
//
// Row numbers are the Excel row numbers. Rows with nothing but blanks are
// skipped. The package recognises, to refuse them with what to do, the
// formats it does not read: old binary workbooks (.xls), binary workbooks
// (.xlsb), OpenDocument spreadsheets (.ods) and password-protected
// workbooks. It knows nothing of headers or mapping: that is csvread's and
// the importer's business.
package xlsxread

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"
)

// Error is a workbook problem a dealership director can act on.
type Error struct {
	Row  int    // the Excel row number, 0 when the problem is the whole file
	Msg  string // e.g. "this is an old Excel workbook (.xls)"
	Hint string // what to do
}

func (e *Error) Error() string {
	s := e.Msg
	if e.Row > 0 {
		s = "row " + strconv.Itoa(e.Row) + ": " + s
	}
	if e.Hint != "" {
		s += ". " + e.Hint
	}
	return s
}

const hintSaveAs = "In Excel or LibreOffice, use File › Save As › Excel Workbook (.xlsx), then import that file."

var (
	magicZIP = []byte("PK\x03\x04")
	magicOLE = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// IsWorkbook reports whether a file starting with head is a container that
// spreadsheets use (a ZIP archive or an OLE compound file): a file for this
// package to open or refuse, never CSV text. Eight bytes are enough.
func IsWorkbook(head []byte) bool {
	return bytes.HasPrefix(head, magicZIP) || bytes.HasPrefix(head, magicOLE)
}

// Limits against files that unzip to far more than they weigh.
const (
	// unzipLimit bounds what a workbook may unzip to in all.
	unzipLimit = 2 << 30
	// partLimit bounds the workbook's own small parts (workbook.xml, its
	// relationships, styles.xml), which are read whole.
	partLimit = 64 << 20
)

// Book is an open workbook. Close it to remove its temporary files.
type Book struct {
	file   *os.File
	zip    *zip.Reader
	sheets []Sheet
	parts  []sheetPart

	styles   []cellStyle // by the s attribute of a cell
	date1904 bool        // serial dates count from 1904, not 1900

	stringsPart *zip.File      // nil when the workbook has no shared strings
	strings     *sharedStrings // read by the first Rows
	tmpDir      string
	spool       string // the temporary copy of the file, if Open made one
}

// Sheet is one worksheet of a book.
type Sheet struct {
	Name   string
	Hidden bool // hidden or "very hidden" in Excel
}

// sheetPart is where a sheet's XML is.
type sheetPart struct {
	name      string
	file      *zip.File // nil when the workbook names a part it lacks
	worksheet bool      // false for a chart sheet or a dialog sheet

	merges     []mergeRange // its merged ranges, read by the first Rows
	mergesRead bool
}

// Open reads a workbook from r. The file is copied to a temporary file
// first: a ZIP archive is read from its end.
func Open(r io.Reader) (*Book, error) {
	tmp, err := os.CreateTemp("", "leadport-*.xlsx")
	if err != nil {
		return nil, fmt.Errorf("spool the workbook: %w", err)
	}
	name := tmp.Name()
	_, err = io.Copy(tmp, r)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return nil, fmt.Errorf("spool the workbook: %w", err)
	}
	b, err := OpenFile(name)
	if err != nil {
		os.Remove(name)
		return nil, err
	}
	b.spool = name
	return b, nil
}

func damaged(detail string) error {
	msg := "this Excel workbook cannot be read"
	if detail != "" {
		msg += " (" + detail + ")"
	}
	return &Error{Msg: msg, Hint: "Open it in Excel and save it again."}
}

// OpenFile opens the workbook at path.
func OpenFile(path string) (b *Book, err error) {
	if err := checkFormat(path); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	book := &Book{file: f}
	defer func() {
		// A damaged file must not take the server down.
		if p := recover(); p != nil {
			err = damaged(fmt.Sprint(p))
		}
		if err != nil {
			book.Close()
			b = nil
		}
	}()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if book.zip, err = zip.NewReader(f, st.Size()); err != nil {
		return nil, &Error{Msg: "this Excel workbook is damaged or incomplete", Hint: "Open it in Excel and save it again."}
	}
	var size uint64
	for _, zf := range book.zip.File {
		if size += zf.UncompressedSize64; size > unzipLimit {
			return nil, &Error{Msg: fmt.Sprintf("this workbook holds more than %d GB of data once unpacked", unzipLimit>>30),
				Hint: "Split it into smaller files."}
		}
	}
	if err := book.readWorkbook(); err != nil {
		return nil, err
	}
	return book, nil
}

// Close removes the book's temporary files.
func (b *Book) Close() error {
	if b.strings != nil {
		b.strings.close()
	}
	err := b.file.Close()
	if b.spool != "" {
		os.Remove(b.spool)
	}
	return err
}

// Sheets lists the book's worksheets in their order in the workbook.
func (b *Book) Sheets() []Sheet { return b.sheets }

// part returns the part of the package at name (case and a leading slash
// ignored), nil when there is none.
func (b *Book) part(name string) *zip.File {
	name = strings.TrimPrefix(name, "/")
	for _, zf := range b.zip.File {
		if strings.EqualFold(strings.ReplaceAll(zf.Name, "\\", "/"), name) {
			return zf
		}
	}
	return nil
}

// decodePart reads a small XML part into v.
func decodePart(zf *zip.File, v any) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(io.LimitReader(rc, partLimit))
	d.Strict = false
	return d.Decode(v)
}

// relationships reads the relationships of a part: id → (type, target
// part).
type relation struct{ typ, target string }

func (b *Book) relationships(partName string) (map[string]relation, error) {
	dir, base := path.Split(partName)
	zf := b.part(dir + "_rels/" + base + ".rels")
	if zf == nil {
		return nil, nil
	}
	var x struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
			Mode   string `xml:"TargetMode,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(zf, &x); err != nil {
		return nil, err
	}
	rels := make(map[string]relation, len(x.Rel))
	for _, r := range x.Rel {
		if strings.EqualFold(r.Mode, "External") {
			continue
		}
		target := strings.ReplaceAll(r.Target, "\\", "/")
		if strings.HasPrefix(target, "/") {
			target = target[1:]
		} else {
			target = path.Join(dir, target)
		}
		rels[r.ID] = relation{typ: r.Type[strings.LastIndexByte(r.Type, '/')+1:], target: target}
	}
	return rels, nil
}

// readWorkbook reads the workbook's sheets, settings and styles.
func (b *Book) readWorkbook() error {
	wbName := "xl/workbook.xml"
	if rels, err := b.relationships(""); err == nil {
		for _, r := range rels {
			if r.typ == "officeDocument" && b.part(r.target) != nil {
				wbName = r.target
			}
		}
	}
	wbPart := b.part(wbName)
	if wbPart == nil {
		return damaged("it has no workbook part")
	}
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			State string     `xml:"state,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := decodePart(wbPart, &wb); err != nil && err != io.EOF {
		return damaged(err.Error())
	}
	if len(wb.Sheets) == 0 {
		return damaged("it has no sheets")
	}
	b.date1904 = wb.Pr.Date1904 == "1" || strings.EqualFold(wb.Pr.Date1904, "true")
	rels, err := b.relationships(wbName)
	if err != nil {
		return damaged(err.Error())
	}
	for _, sh := range wb.Sheets {
		p := sheetPart{name: sh.Name}
		for _, a := range sh.Attrs {
			if a.Name.Local == "id" {
				if r, ok := rels[a.Value]; ok {
					p.file, p.worksheet = b.part(r.target), r.typ == "worksheet"
				}
			}
		}
		b.parts = append(b.parts, p)
		b.sheets = append(b.sheets, Sheet{Name: sh.Name, Hidden: sh.State == "hidden" || sh.State == "veryHidden"})
	}
	for _, r := range rels {
		switch r.typ {
		case "sharedStrings":
			b.stringsPart = b.part(r.target)
		case "styles":
			if zf := b.part(r.target); zf != nil {
				if err := b.readStyles(zf); err != nil {
					return damaged("its styles: " + err.Error())
				}
			}
		}
	}
	return nil
}

// readStyles reads how the number of each cell style reads.
func (b *Book) readStyles(zf *zip.File) error {
	var ss struct {
		NumFmts []struct {
			ID     int    `xml:"numFmtId,attr"`
			Code   string `xml:"formatCode,attr"`
			Code16 string `xml:"formatCode16,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := decodePart(zf, &ss); err != nil {
		return err
	}
	custom := make(map[int]string, len(ss.NumFmts))
	for _, nf := range ss.NumFmts {
		code := nf.Code
		if nf.Code16 != "" {
			code = nf.Code16
		}
		custom[nf.ID] = code
	}
	for _, xf := range ss.Xfs {
		code, ok := custom[xf.NumFmtID]
		b.styles = append(b.styles, styleOf(xf.NumFmtID, code, ok))
	}
	return nil
}

// loadStrings reads the shared strings, once.
func (b *Book) loadStrings() error {
	if b.strings != nil {
		return nil
	}
	if b.stringsPart == nil {
		b.strings = &sharedStrings{}
		return nil
	}
	rc, err := b.stringsPart.Open()
	if err != nil {
		return damaged("its shared strings: " + err.Error())
	}
	defer rc.Close()
	ss, err := readSharedStrings(rc, b.tmpDir)
	if err != nil {
		var xe *Error
		if errors.As(err, &xe) {
			return err
		}
		return damaged("its shared strings: " + err.Error())
	}
	b.strings = ss
	return nil
}

// checkFormat refuses, with what to do, what this package cannot read: the
// formats that share the .xlsx container or the .xls one.
func checkFormat(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, 8)
	if _, err := io.ReadFull(f, head); err != nil {
		return &Error{Msg: "this Excel workbook is damaged or incomplete", Hint: "Open it in Excel and save it again."}
	}
	if bytes.Equal(head, magicOLE) {
		return oleError(f)
	}
	st, err := f.Stat()
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return &Error{Msg: "this Excel workbook is damaged or incomplete (its ZIP structure is broken)", Hint: "Open it in Excel and save it again."}
	}
	has := func(name string) bool {
		for _, zf := range zr.File {
			if strings.EqualFold(zf.Name, name) {
				return true
			}
		}
		return false
	}
	switch {
	case has("xl/workbook.xml"):
		return nil
	case has("xl/workbook.bin"):
		return &Error{Msg: "this is an Excel binary workbook (.xlsb), which Leadport does not read", Hint: hintSaveAs}
	case has("content.xml") && has("mimetype"):
		return &Error{Msg: "this is an OpenDocument spreadsheet (.ods), which Leadport does not read", Hint: hintSaveAs}
	}
	return &Error{Msg: "this is a ZIP archive, not a spreadsheet", Hint: "Take the CSV or Excel file out of the archive and import that file."}
}

// oleError tells an encrypted workbook from an old binary one: Excel stores
// a password-protected .xlsx in an OLE file with an "EncryptionInfo" stream.
func oleError(f *os.File) error {
	name := utf16le("EncryptionInfo")
	buf := make([]byte, 1<<20)
	tail := 0
	for {
		n, err := f.Read(buf[tail:])
		if bytes.Contains(buf[:tail+n], name) {
			return &Error{Msg: "this workbook is protected by a password, which Leadport cannot open",
				Hint: "In Excel, use File › Save As › Excel Workbook (.xlsx) with no password (Tools › General Options), then import that file."}
		}
		if err != nil {
			break
		}
		// Keep the end: the name may straddle two reads.
		if end := tail + n; end > len(name) {
			tail = copy(buf, buf[end-len(name):end])
		} else {
			tail = end
		}
	}
	return &Error{Msg: "this is an old Excel workbook (.xls), which Leadport does not read", Hint: hintSaveAs}
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}
