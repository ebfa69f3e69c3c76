package csvread

import (
	"bytes"
	"fmt"
	"io"
	"testing"
)

// benchFile is n rows of 22 columns like a CRM export: CRLF line ends, some
// quoted values with delimiters, doubled quotes and line ends, and accents.
func benchFile(n int) []byte {
	var b bytes.Buffer
	for c := range 22 {
		if c > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "column_%d", c)
	}
	b.WriteString("\r\n")
	for i := range n {
		fmt.Fprintf(&b, "%d,Jean-François,Lévesque,jf%d@example.com,514-555-%04d,,450 555-0101,"+
			"\"123, rue Principale\",Montréal,QC,H2X 1Y4,2024-03-15,2024-03-15 10:30,"+
			"Toyota,RAV4,2022,\"Wants \"\"XLE\"\"\r\nCall after 5\",walk_in,fr,Mme,yes,%d\r\n",
			i, i, i%10000, i%97)
	}
	return b.Bytes()
}

func BenchmarkReader(b *testing.B) {
	data := benchFile(100_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rd, err := NewReader(bytes.NewReader(data), Options{Encoding: UTF8, Delimiter: ','})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			row, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n += len(row.Cells)
		}
		if n != 100_000*22 {
			b.Fatalf("read %d cells", n)
		}
	}
}

func BenchmarkCount(b *testing.B) {
	data := benchFile(100_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if n, err := Count(bytes.NewReader(data), Options{}); n != 100_000 || err != nil {
			b.Fatal(n, err)
		}
	}
}

func BenchmarkReaderWindows1252(b *testing.B) {
	data := cp1252Bytes(string(benchFile(100_000)))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rd, err := NewReader(bytes.NewReader(data), Options{Encoding: Windows1252, Delimiter: ','})
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := rd.Next(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}
