// Package xlsxread reads Excel workbooks (.xlsx) as rows of text, for the
// importer (SPEC §4 "Excel workbooks").
//
// A sheet is streamed row by row with excelize's row reader: a sheet is never
// held whole in memory (large sheets are unzipped to a temporary file and
// read from there). Each cell comes back as the text a person would type for
// it in a CSV file:
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
//   - a formula gives the value it had when the file was saved;
//   - shared strings, inline strings and rich text all read as their text;
//   - hidden rows and hidden columns are read like the others.
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
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
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
	// inMemoryXML: a part (a sheet, the shared strings) larger than this
	// once unzipped is read from a temporary file, not from memory.
	inMemoryXML = 4 << 20
)

// Book is an open workbook. Close it to remove its temporary files.
type Book struct {
	f      *excelize.File
	sheets []Sheet
	spool  string // the temporary copy of the file, if Open made one
}

// Sheet is one worksheet of a book.
type Sheet struct {
	Name   string
	Hidden bool // hidden or "very hidden" in Excel
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

// OpenFile opens the workbook at path.
func OpenFile(path string) (b *Book, err error) {
	// A damaged file must not take the server down: excelize has been
	// known to panic on malformed parts.
	defer func() {
		if p := recover(); p != nil {
			b, err = nil, &Error{Msg: fmt.Sprintf("this Excel workbook cannot be read (%v)", p), Hint: "Open it in Excel and save it again."}
		}
	}()
	if err := checkFormat(path); err != nil {
		return nil, err
	}
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: unzipLimit, UnzipXMLSizeLimit: inMemoryXML})
	if err != nil {
		f.Close() // removes what it unzipped before failing
		if errors.Is(err, excelize.ErrWorkbookFileFormat) || errors.Is(err, zip.ErrFormat) {
			return nil, &Error{Msg: "this Excel workbook is damaged or incomplete", Hint: "Open it in Excel and save it again."}
		}
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return nil, &Error{Msg: fmt.Sprintf("this workbook holds more than %d GB of data once unpacked", unzipLimit>>30),
				Hint: "Split it into smaller files."}
		}
		return nil, &Error{Msg: "this Excel workbook cannot be read (" + err.Error() + ")", Hint: "Open it in Excel and save it again."}
	}
	b = &Book{f: f}
	for _, name := range f.GetSheetList() {
		visible, _ := f.GetSheetVisible(name)
		b.sheets = append(b.sheets, Sheet{Name: name, Hidden: !visible})
	}
	if err := b.rewriteNumberFormats(); err != nil {
		f.Close()
		return nil, err
	}
	return b, nil
}

// Close removes the book's temporary files.
func (b *Book) Close() error {
	err := b.f.Close()
	if b.spool != "" {
		os.Remove(b.spool)
	}
	return err
}

// Sheets lists the book's worksheets in their order in the workbook.
func (b *Book) Sheets() []Sheet { return b.sheets }

// checkFormat refuses, with what to do, what excelize cannot read: the
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

// dateMark starts the text excelize writes for a date cell, so that Next
// knows it from text: a Unicode noncharacter, never found in real text.
const dateMark = "\uFDD0"

// rewriteNumberFormats changes, in memory only, the number format of every
// cell style so that excelize's row reader writes each value as Next wants
// it: dates in ISO form after dateMark; zero-padded whole numbers with their
// zeros; every other number as General, its plain digits. The reader offers
// no way to see a cell's style, only its text in a format: the format is
// chosen instead.
func (b *Book) rewriteNumberFormats() error {
	ss := b.f.Styles
	if ss == nil || ss.CellXfs == nil {
		return nil // no styles: every cell is General
	}
	iso := `"` + dateMark + `"yyyy-mm-dd hh:mm:ss`
	isoStyle, err := b.f.NewStyle(&excelize.Style{CustomNumFmt: &iso})
	if err != nil {
		return fmt.Errorf("add the ISO date style: %w", err)
	}
	if isoStyle >= len(ss.CellXfs.Xf) || ss.CellXfs.Xf[isoStyle].NumFmtID == nil {
		return nil
	}
	isoID := *ss.CellXfs.Xf[isoStyle].NumFmtID
	custom := make(map[int]string)
	if ss.NumFmts != nil {
		for _, nf := range ss.NumFmts.NumFmt {
			code := nf.FormatCode
			if nf.FormatCode16 != "" {
				code = nf.FormatCode16
			}
			custom[nf.NumFmtID] = code
		}
	}
	for i := range ss.CellXfs.Xf {
		xf := &ss.CellXfs.Xf[i]
		if i == isoStyle || xf.NumFmtID == nil {
			continue
		}
		id := *xf.NumFmtID
		code, isCustom := custom[id]
		var to int
		switch {
		case isCustom && isDateFormat(code), !isCustom && builtInDate(id):
			to = isoID
		case isCustom && (zeroPadded(code) || isTimeFormat(code)), !isCustom && builtInTime(id):
			continue // excelize writes them as Excel shows them
		default:
			to = 0 // General
		}
		xf.NumFmtID = &to
	}
	return nil
}

// builtInDate reports whether a built-in number format shows a date (with or
// without a time): 14-17 and 22, and the East Asian date formats. The
// built-in time-only formats (18-21, 45-47) are not dates.
func builtInDate(id int) bool {
	return (14 <= id && id <= 17) || id == 22 || (27 <= id && id <= 31) || (34 <= id && id <= 36) || (50 <= id && id <= 58)
}

// builtInTime reports whether a built-in number format shows a time of day
// or a duration alone.
func builtInTime(id int) bool {
	return (18 <= id && id <= 21) || (32 <= id && id <= 33) || (45 <= id && id <= 47)
}

// isTimeFormat reports whether a custom format shows a time of day or a
// duration alone, "hh:mm" or "[h]:mm:ss".
func isTimeFormat(code string) bool {
	s := formatLetters(code)
	return !isDateFormat(code) && strings.ContainsAny(s, "hs") && !strings.ContainsAny(s, "0#?")
}

// isDateFormat reports whether a custom number format code shows a date: it
// has a year, a day or a month (m not next to an hour or a second), once
// quoted text, escaped characters, brackets ([Red], [$-409]) and the text
// and number sections are set aside.
func isDateFormat(code string) bool {
	s := formatLetters(code)
	if strings.ContainsAny(s, "yd") {
		return true
	}
	// A month alone ("mmm yyyy" is caught above): m with no h or s.
	return strings.Contains(s, "m") && !strings.ContainsAny(s, "hs0#?")
}

// formatLetters returns the first section of a number format code in lower
// case without its quoted text, escaped characters and brackets, except an
// elapsed-time one ([h]).
func formatLetters(code string) string {
	section, _, _ := strings.Cut(code, ";") // the positive numbers' section
	var b strings.Builder
	for i := 0; i < len(section); i++ {
		switch c := section[i]; c {
		case '"':
			if j := strings.IndexByte(section[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(section)
			}
		case '\\', '_', '*':
			i++ // the next character is literal, or padding
		case '[':
			j := strings.IndexByte(section[i:], ']')
			if j < 0 {
				i = len(section)
				break
			}
			if inner := strings.ToLower(section[i+1 : i+j]); strings.Trim(inner, "hms") == "" {
				b.WriteString(inner) // [h]:mm, an elapsed time
			}
			i += j
		default:
			b.WriteByte(c | 0x20) // ASCII lower case
		}
	}
	return b.String()
}

// zeroPadded reports whether a number format pads whole numbers with zeros
// and does nothing else ("00000" for a postal code): its zeros are part of
// the value as people see it.
func zeroPadded(code string) bool {
	return len(code) > 1 && strings.Trim(code, "0") == ""
}
