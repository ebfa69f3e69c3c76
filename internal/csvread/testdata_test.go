package csvread

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

var update = flag.Bool("update", false, "rewrite the files in testdata/ from fixtures()")

// fixtures returns the exact bytes of every file in testdata/. The files are
// committed so that they can be opened and inspected; TestTestdata keeps
// them in step with this function (go test -run TestTestdata -update).
func fixtures() map[string][]byte {
	f := map[string][]byte{
		"utf8_bom.csv": []byte("\xEF\xBB\xBFPrénom,Nom,Courriel\r\nJosée,Lévesque,josee@example.com\r\nFrançois,Côté,fc@example.com\r\n"),
		"utf16le_bom.txt": utf16Bytes(false,
			"Prénom\tNom\tVille\r\nÉric\tGagné\tQuébec\r\nZoë\tD'Amours 🚗\tLévis\r\n"),
		"utf16be_bom.csv": utf16Bytes(true, "Nom;Téléphone\nBéland;514-555-0101\n"),
		"windows1252_french.csv": cp1252Bytes("Prénom;Nom;Ville;Note\r\n" +
			"Élise;Bélanger;Montréal;Intéressée à l’achat\r\n" +
			"François;Côté;Trois-Rivières;Très pressé, rappeler\r\n" +
			"Jérôme;Gagnon;Lévis;Garçon\r\n"),
		"semicolon.csv": []byte("first_name;last_name;phone;city\n" +
			"Jean;Tremblay;514 555-0101;Laval, QC\n" +
			"Marie;Roy;450-555-0102;Longueuil\n"),
		"tab.tsv": []byte("name\temail\tphone\n" +
			"Anne Roy\tanne@example.com\t(514) 555-0103\n" +
			"Paul Roy\tpaul@example.com\t\n"),
		"pipe.csv": []byte("\"Full name\"| email |notes\n" +
			"Luc Roy|luc@example.com|likes SUVs, trucks\n" +
			"Eve Roy|eve@example.com|\n"),
		"comma.csv": []byte("first_name,last_name,notes\r\n" +
			"Jean,Tremblay,\"Wants a 4x4, red\"\r\n" +
			"Marie,\"Roy\",ok\r\n"),
		"quoted_newlines.csv": []byte("name,notes,phone\r\n" +
			"Jean,\"line one\r\nline two\r\nline three\",514\r\n" +
			"Marie,\"a\nb\",450\r\n" +
			"Luc,plain,1\r\n"),
		"quote_escapes.csv": []byte("name,notes\n" +
			"\"Roy, \"\"Big\"\" Jean\",\"He said \"\"hi\"\"\"\n" +
			"\"\",\"\"\"\"\n" +
			"\"Ann\"ie,\"a,b\"\n"),
		"ragged.csv": []byte("a,b,c\n" +
			"1,2\n" +
			"1,2,3,4,5\n" +
			"1,2,3,,\n" +
			"1,2,3,,x,\n" +
			"only\n"),
		"blank_lines.csv": []byte("\n;;;\n   \n\t;  ;\n" +
			"Nom;Prénom;Ville\r\n" +
			"\r\n" +
			"Roy;Jean;Laval\n" +
			";;\n" +
			"  ;  ; \n" +
			"\"\";\"  \"\n" +
			"Côté;Marie;Lévis\n" +
			"\n;;;\n \n"),
		"duplicate_headers.csv": []byte("Phone,Name,Phone,Phone\n514,Roy,450,\n"),
		"empty.csv":             {},
		"blank_only.csv":        []byte("\r\n;;\n   \n\t\n"),
		"header_only.csv":       []byte("Prénom;Nom;Courriel\n"),
		"invalid_utf8.csv":      invalidUTF8File(),
		"binary.bin":            []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"),
		"xlsx_like.xlsx":        []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01\x00\x00\x90\x04\x00\x00\x13\x00[Content_Types].xml"),
		"xls_like.xls":          append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 24)...),
		"unclosed_quote.csv": []byte("name,notes,phone\n" +
			"Jean,ok,514\n" +
			"Marie,\"never closed,450\n" +
			"Luc,fine,1\n" +
			"Eve,x,2\n"),
		"bare_quote.csv": []byte("model,notes\n" +
			"Civic,17\" wheels\n" +
			"Tacoma,6'2\" driver; 5\" lift\n" +
			"F-150,\"Lariat\" trim\n"),
		"cr_only.csv":               []byte("name;city\rRoy;Québec\r\rCôté;\"Lévis\rNord\"\r"),
		"windows1252_undefined.csv": []byte("nom;ville\nRoy;Qu\xe9bec\nC\xf4t\xe9\x81;x\n"),
	}
	return f
}

// invalidUTF8File is 2,000 lines of UTF-8 with one Windows-1252 "é" on line
// 1500.
func invalidUTF8File() []byte {
	var b bytes.Buffer
	b.WriteString("id,name,city\n")
	for i := 2; i <= 2000; i++ {
		if i == 1500 {
			b.WriteString("1499,Hélène,Qu\xe9bec\n")
			continue
		}
		fmt.Fprintf(&b, "%d,Client %d,Montréal\n", i-1, i-1)
	}
	return b.Bytes()
}

func utf16Bytes(bigEndian bool, s string) []byte {
	var b []byte
	put := func(u uint16) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	put(0xFEFF)
	for _, u := range utf16.Encode([]rune(s)) {
		put(u)
	}
	return b
}

func cp1252Bytes(s string) []byte {
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

func TestTestdata(t *testing.T) {
	want := fixtures()
	if *update {
		for name, b := range want {
			if err := os.WriteFile(filepath.Join("testdata", name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		// testdata/workbooks holds files written by spreadsheet programs,
		// not by fixtures(); testdata/fuzz the fuzzer's seed corpus.
		if _, ok := want[e.Name()]; !ok && !strings.HasPrefix(e.Name(), ".") && !(e.IsDir() && (e.Name() == "workbooks" || e.Name() == "fuzz")) {
			t.Errorf("testdata/%s is not in fixtures()", e.Name())
		}
	}
	for name, b := range want {
		got, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Errorf("%v (run go test -run TestTestdata -update)", err)
			continue
		}
		if !bytes.Equal(got, b) {
			t.Errorf("testdata/%s differs from fixtures() (run go test -run TestTestdata -update)", name)
		}
	}
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
