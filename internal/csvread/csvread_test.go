package csvread

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/text/encoding/charmap"
)

// fileTest says what Detect, NewReader, Next and Count must make of a file.
type fileTest struct {
	name string // a test name; the file is testdata/<file>
	file string
	opts Options

	// What Detect finds. Its Header is header and its Rows the first ten of
	// rows (when rows is set).
	enc       string
	bom       bool
	delim     rune
	sample    []string
	detectErr *Error

	header     []string
	headerLine int
	rows       []Row // every row Next returns before io.EOF or err
	count      int   // len(rows) when rows is nil
	err        *Error
}

const hintWindows1252 = "Try the encoding Windows-1252."

func fileTests() []fileTest {
	notText := errNotText()
	damaged := &Error{Msg: "this Excel workbook is damaged or incomplete (its ZIP structure is broken)", Hint: "Open it in Excel and save it again.", Workbook: true}
	oldXLS := &Error{Msg: "this is an old Excel workbook (.xls), which Leadport does not read",
		Hint: "In Excel or LibreOffice, use File › Save As › Excel Workbook (.xlsx), then import that file.", Workbook: true}
	empty := errEmpty()
	unclosed := &Error{Line: 3, Column: 2, Msg: "a quoted value is never closed", Hint: "Is the delimiter right?"}
	invalid1500 := &Error{Line: 1500, Msg: "bytes that are not valid UTF-8 (0xE9)", Hint: hintWindows1252}
	undefined := &Error{Line: 3, Msg: "a byte (0x81) that means nothing in Windows-1252", Hint: "The file may use another encoding: save it again as CSV UTF-8."}
	return []fileTest{
		{
			name: "UTF-8 with BOM", file: "utf8_bom.csv",
			enc: UTF8, bom: true, delim: ',', sample: []string{"Prénom", "Josée", "Lévesque", "François", "Côté"},
			header: []string{"Prénom", "Nom", "Courriel"}, headerLine: 1,
			rows: []Row{
				{Line: 2, Cells: []string{"Josée", "Lévesque", "josee@example.com"}},
				{Line: 3, Cells: []string{"François", "Côté", "fc@example.com"}},
			},
		},
		{
			name: "UTF-16 LE with BOM, tab", file: "utf16le_bom.txt",
			enc: UTF16, bom: true, delim: '\t', sample: []string{"Prénom", "Éric", "Gagné", "Québec", "Zoë"},
			header: []string{"Prénom", "Nom", "Ville"}, headerLine: 1,
			rows: []Row{
				{Line: 2, Cells: []string{"Éric", "Gagné", "Québec"}},
				{Line: 3, Cells: []string{"Zoë", "D'Amours 🚗", "Lévis"}},
			},
		},
		{
			name: "UTF-16 BE with BOM", file: "utf16be_bom.csv",
			enc: UTF16, bom: true, delim: ';', sample: []string{"Téléphone", "Béland"},
			header: []string{"Nom", "Téléphone"}, headerLine: 1,
			rows: []Row{{Line: 2, Cells: []string{"Béland", "514-555-0101"}}},
		},
		{
			name: "Windows-1252 French", file: "windows1252_french.csv",
			enc: Windows1252, delim: ';', sample: []string{"Prénom", "Élise", "Bélanger", "Montréal", "Intéressée à l’achat"},
			header: []string{"Prénom", "Nom", "Ville", "Note"}, headerLine: 1,
			rows: []Row{
				{Line: 2, Cells: []string{"Élise", "Bélanger", "Montréal", "Intéressée à l’achat"}},
				{Line: 3, Cells: []string{"François", "Côté", "Trois-Rivières", "Très pressé, rappeler"}},
				{Line: 4, Cells: []string{"Jérôme", "Gagnon", "Lévis", "Garçon"}},
			},
		},
		{
			name: "Windows-1252 file read as UTF-8", file: "windows1252_french.csv", opts: Options{Encoding: UTF8},
			enc: UTF8, delim: ',', detectErr: &Error{Line: 1, Msg: "bytes that are not valid UTF-8 (0xE9)", Hint: hintWindows1252},
			err: &Error{Line: 1, Msg: "bytes that are not valid UTF-8 (0xE9)", Hint: hintWindows1252},
		},
		{
			name: "semicolon", file: "semicolon.csv",
			enc: UTF8, delim: ';',
			header: []string{"first_name", "last_name", "phone", "city"}, headerLine: 1,
			rows: []Row{
				{Line: 2, Cells: []string{"Jean", "Tremblay", "514 555-0101", "Laval, QC"}},
				{Line: 3, Cells: []string{"Marie", "Roy", "450-555-0102", "Longueuil"}},
			},
		},
		{
			name: "UTF-16 chosen without BOM", file: "semicolon.csv", opts: Options{Encoding: "UTF16"},
			detectErr: &Error{Line: 1, Msg: "the file has no UTF-16 byte-order mark",
				Hint: "Leadport reads UTF-16 only with one: try the encoding UTF-8 or Windows-1252, or save the file again as CSV UTF-8."},
			err: &Error{Line: 1, Msg: "the file has no UTF-16 byte-order mark",
				Hint: "Leadport reads UTF-16 only with one: try the encoding UTF-8 or Windows-1252, or save the file again as CSV UTF-8."},
		},
		{
			name: "UTF-16 file read as Windows-1252", file: "utf16le_bom.txt", opts: Options{Encoding: Windows1252},
			detectErr: &Error{Line: 1, Msg: "the file starts with a UTF-16 byte-order mark, but the encoding chosen is Windows-1252",
				Hint: "Choose the encoding UTF-16, or let Leadport detect it."},
			err: &Error{Line: 1, Msg: "the file starts with a UTF-16 byte-order mark, but the encoding chosen is Windows-1252",
				Hint: "Choose the encoding UTF-16, or let Leadport detect it."},
		},
		{
			name: "tab", file: "tab.tsv",
			enc: UTF8, delim: '\t',
			header: []string{"name", "email", "phone"}, headerLine: 1,
			rows: []Row{
				{Line: 2, Cells: []string{"Anne Roy", "anne@example.com", "(514) 555-0103"}},
				{Line: 3, Cells: []string{"Paul Roy", "paul@example.com", ""}},
			},
		},
		{
			name: "pipe, quoted and spaced header", file: "pipe.csv",
			enc: UTF8, delim: '|',
			header: []string{"Full name", "email", "notes"}, headerLine: 1,
			rows: []Row{
				{Line: 2, Cells: []string{"Luc Roy", "luc@example.com", "likes SUVs, trucks"}},
				{Line: 3, Cells: []string{"Eve Roy", "eve@example.com", ""}},
			},
		},
		{
			name: "comma, CRLF", file: "comma.csv",
			enc: UTF8, delim: ',',
			header: []string{"first_name", "last_name", "notes"}, headerLine: 1,
			rows: []Row{
				{Line: 2, Cells: []string{"Jean", "Tremblay", "Wants a 4x4, red"}},
				{Line: 3, Cells: []string{"Marie", "Roy", "ok"}},
			},
		},
		{
			name: "comma file split on a chosen semicolon", file: "comma.csv", opts: Options{Delimiter: ';'},
			enc: UTF8, delim: ';',
			header: []string{"first_name,last_name,notes"}, headerLine: 1,
			rows: []Row{
				{Line: 2, Cells: []string{`Jean,Tremblay,"Wants a 4x4, red"`}},
				{Line: 3, Cells: []string{`Marie,"Roy",ok`}},
			},
		},
		{
			name: "quoted newlines", file: "quoted_newlines.csv",
			enc: UTF8, delim: ',',
			header: []string{"name", "notes", "phone"}, headerLine: 1,
			rows: []Row{
				{Line: 2, Cells: []string{"Jean", "line one\nline two\nline three", "514"}},
				{Line: 5, Cells: []string{"Marie", "a\nb", "450"}},
				{Line: 7, Cells: []string{"Luc", "plain", "1"}},
			},
		},
		{
			name: "doubled quotes", file: "quote_escapes.csv",
			enc: UTF8, delim: ',',
			header: []string{"name", "notes"}, headerLine: 1,
			rows: []Row{
				{Line: 2, Cells: []string{`Roy, "Big" Jean`, `He said "hi"`}},
				{Line: 3, Cells: []string{"", `"`}},
				{Line: 4, Cells: []string{"Annie", "a,b"}},
			},
		},
		{
			name: "ragged rows", file: "ragged.csv",
			enc: UTF8, delim: ',',
			header: []string{"a", "b", "c"}, headerLine: 1,
			rows: []Row{
				{Line: 2, Cells: []string{"1", "2", ""}},
				{Line: 3, Cells: []string{"1", "2", "3"}, Extra: []string{"4", "5"}},
				{Line: 4, Cells: []string{"1", "2", "3"}},
				{Line: 5, Cells: []string{"1", "2", "3"}, Extra: []string{"", "x"}},
				{Line: 6, Cells: []string{"only", "", ""}},
			},
		},
		{
			name: "blank lines everywhere", file: "blank_lines.csv",
			enc: UTF8, delim: ';', sample: []string{"Prénom", "Côté", "Lévis"},
			header: []string{"Nom", "Prénom", "Ville"}, headerLine: 5,
			rows: []Row{
				{Line: 7, Cells: []string{"Roy", "Jean", "Laval"}},
				{Line: 11, Cells: []string{"Côté", "Marie", "Lévis"}},
			},
		},
		{
			name: "duplicate header names", file: "duplicate_headers.csv",
			enc: UTF8, delim: ',',
			header: []string{"Phone", "Name", "Phone", "Phone"}, headerLine: 1,
			rows: []Row{{Line: 2, Cells: []string{"514", "Roy", "450", ""}}},
		},
		{
			name: "empty", file: "empty.csv",
			detectErr: empty, err: empty,
		},
		{
			name: "only blank lines", file: "blank_only.csv",
			enc: UTF8, delim: ';', detectErr: empty, err: empty,
		},
		{
			name: "header only", file: "header_only.csv",
			enc: UTF8, delim: ';', sample: []string{"Prénom"},
			header: []string{"Prénom", "Nom", "Courriel"}, headerLine: 1,
		},
		{
			name: "invalid UTF-8 on line 1500, detected", file: "invalid_utf8.csv",
			enc: Windows1252, delim: ',', sample: []string{"MontrÃ©al", "HÃ©lÃ¨ne", "Québec"},
			header: []string{"id", "name", "city"}, headerLine: 1,
			rows: clientRows(1999, "MontrÃ©al", "HÃ©lÃ¨ne", "Québec"),
		},
		{
			name: "invalid UTF-8 on line 1500, UTF-8 chosen", file: "invalid_utf8.csv", opts: Options{Encoding: "utf8"},
			enc: UTF8, delim: ',', sample: []string{"Montréal"}, detectErr: invalid1500,
			header: []string{"id", "name", "city"}, headerLine: 1,
			rows: clientRows(1498, "Montréal", "", ""), err: invalid1500,
		},
		{
			name: "undefined Windows-1252 byte", file: "windows1252_undefined.csv",
			enc: Windows1252, delim: ';', sample: []string{"Québec"}, detectErr: undefined,
			header: []string{"nom", "ville"}, headerLine: 1,
			rows: []Row{{Line: 2, Cells: []string{"Roy", "Québec"}}}, err: undefined,
		},
		{name: "binary", file: "binary.bin", detectErr: notText, err: notText},
		{name: "damaged xlsx", file: "xlsx_like.xlsx", detectErr: damaged, err: damaged},
		{name: "xls", file: "xls_like.xls", detectErr: oldXLS, err: oldXLS},
		{
			name: "quote never closed", file: "unclosed_quote.csv",
			enc: UTF8, delim: ',', detectErr: unclosed,
			header: []string{"name", "notes", "phone"}, headerLine: 1,
			rows: []Row{{Line: 2, Cells: []string{"Jean", "ok", "514"}}}, err: unclosed,
		},
		{
			name: "bare quotes in unquoted values", file: "bare_quote.csv",
			enc: UTF8, delim: ',',
			header: []string{"model", "notes"}, headerLine: 1,
			rows: []Row{
				{Line: 2, Cells: []string{"Civic", `17" wheels`}},
				{Line: 3, Cells: []string{"Tacoma", `6'2" driver; 5" lift`}},
				{Line: 4, Cells: []string{"F-150", "Lariat trim"}},
			},
		},
		{
			name: "CR line ends", file: "cr_only.csv",
			enc: UTF8, delim: ';', sample: []string{"Québec", "Côté", "Lévis\nNord"},
			header: []string{"name", "city"}, headerLine: 1,
			rows: []Row{
				{Line: 2, Cells: []string{"Roy", "Québec"}},
				{Line: 4, Cells: []string{"Côté", "Lévis\nNord"}},
			},
		},
	}
}

// clientRows returns the rows of invalid_utf8.csv: row i is on line i+1,
// and row 1499 holds name1499 and city1499.
func clientRows(n int, city, name1499, city1499 string) []Row {
	rows := make([]Row, n)
	for i := range rows {
		id := i + 1
		rows[i] = Row{Line: id + 1, Cells: []string{strconv.Itoa(id), fmt.Sprintf("Client %d", id), city}}
		if id == 1499 {
			rows[i].Cells[1], rows[i].Cells[2] = name1499, city1499
		}
	}
	return rows
}

// asError returns err as an *Error, failing the test if it is another kind.
func asError(t *testing.T, err error) *Error {
	t.Helper()
	if err == nil {
		return nil
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	return e
}

// readAll reads every row Next returns, copying them, and the error that
// ended the file (nil for io.EOF).
func readAll(t *testing.T, r io.Reader, opts Options) (header []string, headerLine int, rows []Row, err error) {
	t.Helper()
	rd, err := NewReader(r, opts)
	if err != nil {
		return nil, 0, nil, err
	}
	for {
		row, err := rd.Next()
		if err == io.EOF {
			return rd.Header(), rd.HeaderLine(), rows, nil
		}
		if err != nil {
			return rd.Header(), rd.HeaderLine(), rows, err
		}
		row.Cells = append([]string(nil), row.Cells...)
		row.Extra = append([]string(nil), row.Extra...)
		rows = append(rows, row)
	}
}

func TestFiles(t *testing.T) {
	for _, tt := range fileTests() {
		t.Run(tt.name, func(t *testing.T) {
			data := readTestdata(t, tt.file)
			wantCount := tt.count
			if tt.rows != nil {
				wantCount = len(tt.rows)
			}

			t.Run("Detect", func(t *testing.T) {
				want := Sniff{Encoding: tt.enc, BOM: tt.bom, Delimiter: tt.delim, Header: tt.header, Sample: tt.sample}
				if tt.enc != "" {
					want.Format = FormatCSV
				}
				for i, row := range tt.rows {
					if i == 10 {
						break
					}
					want.Rows = append(want.Rows, append(append([]string(nil), row.Cells...), row.Extra...))
				}
				got, err := Detect(bytes.NewReader(data), tt.opts)
				if diff := cmp.Diff(tt.detectErr, asError(t, err)); diff != "" {
					t.Errorf("Detect error (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("Detect (-want +got):\n%s", diff)
				}
			})

			t.Run("Next", func(t *testing.T) {
				header, headerLine, rows, err := readAll(t, bytes.NewReader(data), tt.opts)
				if diff := cmp.Diff(tt.err, asError(t, err)); diff != "" {
					t.Errorf("error (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(tt.header, header); diff != "" {
					t.Errorf("Header (-want +got):\n%s", diff)
				}
				if headerLine != tt.headerLine {
					t.Errorf("HeaderLine = %d, want %d", headerLine, tt.headerLine)
				}
				if len(rows) != wantCount {
					t.Errorf("got %d rows, want %d", len(rows), wantCount)
				}
				if tt.rows != nil {
					// Row numbers have a test of their own (TestRowNumbers).
					if diff := cmp.Diff(tt.rows, rows, cmp.Comparer(sameStrings), cmpopts.IgnoreFields(Row{}, "Number")); diff != "" {
						t.Errorf("rows (-want +got):\n%s", diff)
					}
				}
			})

			t.Run("Count", func(t *testing.T) {
				n, err := Count(bytes.NewReader(data), tt.opts)
				if diff := cmp.Diff(tt.err, asError(t, err)); diff != "" {
					t.Errorf("Count error (-want +got):\n%s", diff)
				}
				if tt.err == nil && n != wantCount {
					t.Errorf("Count = %d, want %d", n, wantCount)
				}
			})

			// Reads of one byte, or of half what was asked, cut characters,
			// CR LF pairs and quoted values at every possible place.
			for name, wrap := range map[string]func(io.Reader) io.Reader{
				"OneByteReader": iotest.OneByteReader,
				"HalfReader":    iotest.HalfReader,
				"DataErrReader": iotest.DataErrReader,
			} {
				t.Run(name, func(t *testing.T) {
					_, _, want, wantErr := readAll(t, bytes.NewReader(data), tt.opts)
					_, _, got, err := readAll(t, wrap(bytes.NewReader(data)), tt.opts)
					if diff := cmp.Diff(asError(t, wantErr), asError(t, err)); diff != "" {
						t.Errorf("error (-whole +%s):\n%s", name, diff)
					}
					if diff := cmp.Diff(want, got, cmp.Comparer(sameStrings)); diff != "" {
						t.Errorf("rows (-whole +%s):\n%s", name, diff)
					}
				})
			}
		})
	}
}

// sameStrings treats nil and empty slices alike.
func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func writeTemp(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "leads.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func openTemp(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// bigFile is a UTF-8 file of at least size bytes: a header on line 1, then
// "i;Client i;Montréal" on line i+1. bad, if not nil, replaces line badLine.
func bigFile(size, badLine int, bad string) []byte {
	var b bytes.Buffer
	b.WriteString("id;name;city\r\n")
	for line := 2; b.Len() < size; line++ {
		if line == badLine {
			b.WriteString(bad)
			continue
		}
		fmt.Fprintf(&b, "%d;Client %d;Montréal\r\n", line-1, line-1)
	}
	return b.Bytes()
}

// A cell longer than MaxCell comes back cut, with its length, whether it is
// quoted over many lines or plain; the row's other cells are intact.
func TestLongCell(t *testing.T) {
	quoted := strings.Repeat(`a,b;"c"`+"\r\n", 150_000) // 1.35 MB in the file
	plain := strings.Repeat("é", 40_000)                // 80,000 bytes
	data := "name;notes;other\r\nRoy;\"" + strings.ReplaceAll(quoted, `"`, `""`) + "\";" + plain + "\r\nCôté;short;z\r\n"
	path := writeTemp(t, []byte(data))

	s, err := Detect(openTemp(t, path), Options{})
	if err != nil {
		t.Fatalf("Detect: %v", err)
	}
	if s.Delimiter != ';' || s.Encoding != UTF8 {
		t.Errorf("Detect = %q, %s; want ';', utf-8", s.Delimiter, s.Encoding)
	}
	_, _, rows, err := readAll(t, openTemp(t, path), Options{})
	if err != nil {
		t.Fatalf("Next: %v", err)
	}
	quotedText := strings.ReplaceAll(quoted, "\r\n", "\n")
	want := []Row{
		{Line: 2, Number: 2, Cells: []string{"Roy", quotedText[:CutCell], strings.Repeat("é", CutCell/2)},
			Long: []LongCell{{Index: 1, Len: len(quotedText)}, {Index: 2, Len: 40_000}}},
		{Line: 150_003, Number: 3, Cells: []string{"Côté", "short", "z"}},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if n, err := Count(openTemp(t, path), Options{}); n != 2 || err != nil {
		t.Errorf("Count = %d, %v; want 2, nil", n, err)
	}
}

// A cell of exactly MaxCell bytes is kept whole; one byte more is cut, at a
// character boundary.
func TestCellLimitBoundary(t *testing.T) {
	exact := strings.Repeat("x", MaxCell)
	over := "x" + strings.Repeat("é", MaxCell/2) // MaxCell+1 bytes; CutCell falls inside an "é"
	data := "a,b\n" + exact + ",\"" + over + "\"\n"
	_, _, rows, err := readAll(t, strings.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{{Line: 2, Number: 2, Cells: []string{exact, "x" + strings.Repeat("é", CutCell/2-1)},
		Long: []LongCell{{Index: 1, Len: 1 + MaxCell/2}}}}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// A 50 MB quoted cell is read in bounded memory: the reader never holds more
// than MaxCell of it.
func TestHugeQuotedCellMemory(t *testing.T) {
	const size = 50 << 20
	file := io.MultiReader(strings.NewReader("first,last,phone\n\""),
		io.LimitReader(repeatReader('x'), size), strings.NewReader("\",Roy,514-555-0101\n"))
	rd, err := NewReader(file, Options{Encoding: UTF8, Delimiter: ','})
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	row, err := rd.Next()
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	want := Row{Line: 2, Number: 2, Cells: []string{strings.Repeat("x", CutCell), "Roy", "514-555-0101"}, Long: []LongCell{{Index: 0, Len: size}}}
	if diff := cmp.Diff(want, row); diff != "" {
		t.Errorf("row (-want +got):\n%s", diff)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("reading a %d MB cell allocated %d bytes; want at most 4 MiB", size>>20, alloc)
	}
}

type repeatReader byte

func (c repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(c)
	}
	return len(p), nil
}

// A line over MaxLine bytes outside quotes, or a line of more than MaxColumns
// cells, refuses the file with its line (and column); quoted text does not
// count towards the line's length.
func TestFileLimits(t *testing.T) {
	tests := []struct {
		name string
		data string
		err  *Error
	}{
		{"line too long", "a,b\n1,2\n3," + strings.Repeat("y", MaxLine) + "\n5,6\n",
			&Error{Line: 3, Msg: "a line longer than 1 MiB (not counting quoted values)", Hint: "Is this really a CSV file?"}},
		{"line too long, cells short", "a,b\n" + strings.Repeat("y,", MaxLine/2) + "z\n",
			&Error{Line: 2, Column: 1001, Msg: "more than 1000 columns", Hint: "Is the delimiter right?"}},
		{"line too long after a quoted newline", "a,b\n1,\"x\n" + strings.Repeat("y", MaxLine) + "\"" + strings.Repeat("z", MaxLine+1) + "\n",
			&Error{Line: 3, Msg: "a line longer than 1 MiB (not counting quoted values)", Hint: "Is this really a CSV file?"}},
		{"too many columns in the header", strings.Repeat("h,", MaxColumns) + "h\n1\n",
			&Error{Line: 1, Column: 1001, Msg: "more than 1000 columns", Hint: "Is the delimiter right?"}},
		{"too many columns in a row", "a,b\n1,2\n" + strings.Repeat(",", MaxColumns) + "\n",
			&Error{Line: 3, Column: 1001, Msg: "more than 1000 columns", Hint: "Is the delimiter right?"}},
		{"quote never closed", "a,b\n1,\"" + strings.Repeat("x,y\n", 1<<19),
			&Error{Line: 2, Column: 2, Msg: "a quoted value is never closed", Hint: "Is the delimiter right?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Count(strings.NewReader(tt.data), Options{Encoding: UTF8, Delimiter: ','})
			if diff := cmp.Diff(tt.err, asError(t, err)); diff != "" {
				t.Errorf("Count = %d, error (-want +got):\n%s", n, diff)
			}
		})
	}
	// At the limits exactly, the file is read.
	ok := "a,b\n" + strings.Repeat("y", MaxLine) + ",\"" + strings.Repeat("q", 2*MaxLine) + "\"\n" + strings.Repeat(",", MaxColumns-1) + "x\n"
	if n, err := Count(strings.NewReader(ok), Options{Encoding: UTF8, Delimiter: ','}); n != 2 || err != nil {
		t.Errorf("at the limits: Count = %d, %v; want 2, nil", n, err)
	}
}

// After the first MiB, which Detect reads, problems are only found by reading
// on: Count and Next must report them with their line.
func TestProblemsAfterFirstMiB(t *testing.T) {
	const badLine = 60_000 // about 1.6 MB in
	tests := []struct {
		name string
		bad  string
		opts Options
		err  *Error
	}{
		{
			name: "invalid UTF-8", bad: "59999;H\xe9l\xe8ne;Montréal\r\n",
			err: &Error{Line: badLine, Msg: "bytes that are not valid UTF-8 (0xE9)", Hint: hintWindows1252},
		},
		{
			name: "NUL byte", bad: "59999;Client\x00;Montréal\r\n",
			err: &Error{Line: badLine, Msg: "a NUL byte, which never appears in text", Hint: "Is the file damaged? Export it again as CSV."},
		},
		{
			name: "quote never closed", bad: "59999;\"Client;Montréal\r\n",
			err: &Error{Line: badLine, Column: 2, Msg: "a quoted value is never closed", Hint: "Is the delimiter right?"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := bigFile(2<<20, badLine, tt.bad)
			if i := bytes.Index(data, []byte(tt.bad)); i < sniffSize {
				t.Fatalf("the bad line starts at byte %d, within the first MiB", i)
			}
			path := writeTemp(t, data)
			s, err := Detect(openTemp(t, path), tt.opts)
			if err != nil || s.Encoding != UTF8 || s.Delimiter != ';' {
				t.Errorf("Detect = %s, %q, %v; want utf-8, ';', nil", s.Encoding, s.Delimiter, err)
			}
			n, err := Count(openTemp(t, path), tt.opts)
			if diff := cmp.Diff(tt.err, asError(t, err)); diff != "" || n != 0 {
				t.Errorf("Count = %d, error (-want +got):\n%s", n, diff)
			}
			_, _, rows, err := readAll(t, openTemp(t, path), tt.opts)
			if diff := cmp.Diff(tt.err, asError(t, err)); diff != "" {
				t.Errorf("Next error (-want +got):\n%s", diff)
			}
			if len(rows) != badLine-2 || rows[len(rows)-1].Line != badLine-1 {
				t.Errorf("Next returned %d rows before the error, want %d", len(rows), badLine-2)
			}
		})
	}
}

// Detect reads the first MiB only: a quoted value still open where it stops
// is not an error.
func TestDetectCutInQuotedValue(t *testing.T) {
	data := []byte("name,notes\n" + strings.Repeat("Côté,short\n", 100) +
		"Roy,\"" + strings.Repeat("long\n", sniffSize/5) + "\"\nEnd,x\n")
	s, err := Detect(bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatalf("Detect: %v", err)
	}
	if s.Delimiter != ',' || len(s.Rows) != 10 || !slices.Equal(s.Sample, []string{"Côté"}) {
		t.Errorf("Detect = %q, %d rows, sample %q", s.Delimiter, len(s.Rows), s.Sample)
	}
	if n, err := Count(bytes.NewReader(data), Options{}); n != 102 || err != nil {
		t.Errorf("Count = %d, %v; want 102, nil", n, err)
	}
}

func TestUTF16Problems(t *testing.T) {
	le := utf16Bytes(false, "a\tb\r\nc\td\r\ne")
	tests := []struct {
		name string
		data []byte
		err  *Error
	}{
		{"odd byte at the end", append(le[:len(le):len(le)], 'x'),
			&Error{Line: 3, Msg: "the file ends in the middle of a UTF-16 character", Hint: "Is the file complete? Save it again as CSV UTF-8."}},
		{"high surrogate at the end", append(le[:len(le):len(le)], 0x3D, 0xD8),
			&Error{Line: 3, Msg: "the file ends in the middle of a UTF-16 character", Hint: "Is the file complete? Save it again as CSV UTF-8."}},
		{"lone low surrogate", append(le[:len(le):len(le)], 0x00, 0xDC, 'x', 0),
			&Error{Line: 3, Msg: "bytes that are not valid UTF-16 (a lone surrogate)", Hint: "Save the file again as CSV UTF-8."}},
		{"high surrogate without its low one", append(le[:len(le):len(le)], 0x3D, 0xD8, 'x', 0),
			&Error{Line: 3, Msg: "bytes that are not valid UTF-16 (a lone surrogate)", Hint: "Save the file again as CSV UTF-8."}},
		{"NUL character", append(le[:len(le):len(le)], 0, 0),
			&Error{Line: 3, Msg: "a NUL byte, which never appears in text", Hint: "Is the file damaged? Export it again as CSV."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Count(bytes.NewReader(tt.data), Options{})
			if diff := cmp.Diff(tt.err, asError(t, err)); diff != "" {
				t.Errorf("Count = %d, error (-want +got):\n%s", n, diff)
			}
			_, _, rows, err := readAll(t, bytes.NewReader(tt.data), Options{})
			if diff := cmp.Diff(tt.err, asError(t, err)); diff != "" || len(rows) != 1 {
				t.Errorf("Next: %d rows, error (-want +got):\n%s", len(rows), diff)
			}
		})
	}
}

func TestNextAfterEnd(t *testing.T) {
	rd, err := NewReader(strings.NewReader("a,b\n1,2"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if row, err := rd.Next(); err != nil || row.Line != 2 {
		t.Fatalf("Next = %+v, %v", row, err)
	}
	for range 2 {
		if _, err := rd.Next(); err != io.EOF {
			t.Errorf("Next at the end = %v, want io.EOF", err)
		}
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Line: 12, Column: 3, Msg: "a quoted value is never closed", Hint: "Is the delimiter right?"},
			"line 12, column 3: a quoted value is never closed. Is the delimiter right?"},
		{&Error{Line: 5123, Msg: "bytes that are not valid UTF-8 (0xE9)", Hint: "Try the encoding Windows-1252."},
			"line 5123: bytes that are not valid UTF-8 (0xE9). Try the encoding Windows-1252."},
		{&Error{Msg: "the file is empty"}, "the file is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseDelimiter(t *testing.T) {
	tests := []struct {
		in      string
		want    rune
		wantErr bool
	}{
		{"", 0, false}, {"auto", 0, false}, {"AUTO", 0, false},
		{",", ',', false}, {"comma", ',', false},
		{";", ';', false}, {"semicolon", ';', false},
		{"tab", '\t', false}, {"\t", '\t', false}, {`\t`, '\t', false},
		{"|", '|', false}, {"pipe", '|', false},
		{":", 0, true}, {"space", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDelimiter(tt.in)
			if got != tt.want || (err != nil) != tt.wantErr {
				t.Errorf("ParseDelimiter(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
			if err == nil {
				if back, _ := ParseDelimiter(DelimiterName(got)); back != got {
					t.Errorf("ParseDelimiter(DelimiterName(%q)) = %q", got, back)
				}
			}
		})
	}
	for d, name := range map[rune]string{0: "auto", ',': ",", ';': ";", '\t': "tab", '|': "pipe"} {
		if got := DelimiterName(d); got != name {
			t.Errorf("DelimiterName(%q) = %q, want %q", d, got, name)
		}
	}
}

func TestParseEncoding(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"", "", false}, {"auto", "", false},
		{"utf-8", UTF8, false}, {"UTF8", UTF8, false},
		{"windows-1252", Windows1252, false}, {"cp1252", Windows1252, false},
		{"latin1", Windows1252, false}, {"ISO-8859-1", Windows1252, false},
		{"utf-16", UTF16, false}, {"utf16", UTF16, false},
		{"ebcdic", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseEncoding(tt.in)
			if got != tt.want || (err != nil) != tt.wantErr {
				t.Errorf("ParseEncoding(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestBadOptions(t *testing.T) {
	for _, opts := range []Options{{Encoding: "ebcdic"}, {Delimiter: ':'}} {
		if _, err := Detect(strings.NewReader("a,b\n"), opts); err == nil {
			t.Errorf("Detect with %+v: no error", opts)
		}
		if _, err := NewReader(strings.NewReader("a,b\n"), opts); err == nil {
			t.Errorf("NewReader with %+v: no error", opts)
		}
	}
}

// The hand-written Windows-1252 table agrees with golang.org/x/text.
func TestCP1252Table(t *testing.T) {
	for b := 0x80; b <= 0xFF; b++ {
		want := string(charmap.Windows1252.DecodeByte(byte(b)))
		switch b {
		case 0x81, 0x8D, 0x8F, 0x90, 0x9D:
			want = ""
		}
		if got := cp1252[b-0x80]; got != want {
			t.Errorf("0x%02X: got %q, want %q", b, got, want)
		}
	}
}

// A row's Number is the row a spreadsheet shows: a quoted cell with line
// breaks does not shift the rows after it, a blank line is an empty row,
// and the header is row 1 even after blank lines above it.
func TestRowNumbers(t *testing.T) {
	file := "\nName,Note\nAnne,\"two\nlines\"\n\nBob,x\n,\nCarl,\"a\n\nb\"\nDina,y\n"
	rd, err := NewReader(strings.NewReader(file), Options{})
	if err != nil {
		t.Fatal(err)
	}
	type pos struct{ Name, Number, Line int }
	var got []pos
	for i := 0; ; i++ {
		row, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, pos{i, row.Number, row.Line})
	}
	want := []pos{{0, 2, 3}, {1, 4, 6}, {2, 6, 8}, {3, 7, 11}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}
