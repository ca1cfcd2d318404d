package biff

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nianbao/locate"
	"nianbao/xlsx/read/book"
	"nianbao/xlsx/read/cfb"
)

// rec encodes one BIFF record.
func rec(id uint16, data ...[]byte) []byte {
	var d []byte
	for _, p := range data {
		d = append(d, p...)
	}
	b := binary.LittleEndian.AppendUint16(nil, id)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(d)))
	return append(b, d...)
}

func u16b(v int) []byte { return binary.LittleEndian.AppendUint16(nil, uint16(v)) }
func u32b(v int) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(v)) }

var bof8 = rec(rBOF, u16b(0x0600), u16b(0x0005), make([]byte, 12))

// workbook builds a Workbook stream: the globals (extra records, then one BOUNDSHEET for sheet "A") and
// one sheet substream holding the given records.
func workbook(globals, sheet []byte) []byte {
	name := []byte{1, 0, 'A'}
	g := append(append([]byte{}, bof8...), globals...)
	pos := len(g) + len(rec(rBoundSheet, u32b(0), []byte{0, 0}, name)) + 4 // the globals' EOF follows
	g = append(append(g, rec(rBoundSheet, u32b(pos), []byte{0, 0}, name)...), rec(rEOF)...)
	return append(append(append(g, bof8...), sheet...), rec(rEOF)...)
}

func readWB(ws []byte, lim book.Limits) (*book.Book, error) {
	return Read(cfb.Build("Workbook", ws), lim)
}

func small() book.Limits {
	l := book.DefaultLimits()
	l.MaxCells, l.MaxStrings, l.MaxRows = 1000, 1000, 1000
	return l
}

func texts(s *book.Sheet) [][]string { return locate.Texts(s.Rows) }

func TestHandMadeWorkbook(t *testing.T) {
	sst := rec(rSST, u32b(2), u32b(2), u16b(2), []byte{0}, []byte("ab"), u16b(1), []byte{1}, u16b('表'))
	cells := append(rec(rLabelSST, u16b(0), u16b(0), u16b(0), u32b(1)),
		rec(rMulRK, u16b(1), u16b(0), u16b(0), u32b(5<<2|2), u16b(0), u32b(1234<<2|3), u16b(1))...)
	b, err := readWB(workbook(sst, cells), small())
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(b.Sheets[0]); len(got) != 2 || got[0][0] != "表" || got[1][0] != "5" || got[1][1] != "12.34" {
		t.Errorf("cells %q, want 表 / 5 12.34 (RK integer, RK integer ÷ 100)", got)
	}
	merged := append(cells, rec(rMergedCells, u16b(1), u16b(0), u16b(1), u16b(0), u16b(1))...)
	if b, err = readWB(workbook(sst, merged), small()); err != nil {
		t.Fatal(err)
	}
	if got := texts(b.Sheets[0]); got[0][0] != "表" || got[1][0] != "" || got[1][1] != "" || len(b.Sheets[0].Merges) != 1 {
		t.Errorf("merged A1:B2: cells %q, want only A1 kept", got)
	}
}

// A string split across CONTINUE records resumes with its own flags byte: here compressed, then UTF-16.
func TestSSTSplitAcrossContinue(t *testing.T) {
	sst := append(rec(rSST, u32b(1), u32b(1), u16b(4), []byte{0}, []byte("ab")),
		rec(rContinue, []byte{1}, u16b('年'), u16b('报'))...)
	b, err := readWB(workbook(sst, rec(rLabelSST, u16b(0), u16b(0), u16b(0), u32b(0))), small())
	if err != nil || b.Sheets[0].Rows[0][0].Text != "ab年报" {
		t.Fatalf("%v %+v", err, b)
	}
}

// Hostile streams end in a clear Chinese verdict of the right kind, quickly.
func TestHostileStreams(t *testing.T) {
	cell := rec(rNumber, u16b(0), u16b(0), u16b(0), make([]byte, 8))
	many := rec(rMulRK, u16b(5), u16b(0), make([]byte, 6*1300), u16b(1299))
	cases := []struct {
		name string
		ws   []byte
		kind book.Kind
		msg  string
	}{
		{"SST count 2^31", workbook(rec(rSST, u32b(1), u32b(1<<31)), cell), book.KindTooLarge, "共享字符串数"},
		{"SST count 2^31-1", workbook(rec(rSST, u32b(1), u32b(1<<31-1)), cell), book.KindTooLarge, "共享字符串数"},
		{"SST string cut short", workbook(rec(rSST, u32b(1), u32b(1), u16b(9), []byte{0}, []byte("ab")), cell), book.KindCorrupt, "共享字符串表第 1 个字符串不完整"},
		{"record longer than the stream", append(append([]byte{}, bof8...), 0x5C, 0, 0xFF, 0xFF, 1, 2), book.KindCorrupt, "记录长度超出"},
		{"CONTINUE without parent", append(append([]byte{}, bof8...), rec(rContinue, []byte("xx"))...), book.KindCorrupt, "CONTINUE"},
		{"CONTINUE first in a sheet", workbook(nil, rec(rContinue, []byte("xx"))), book.KindCorrupt, "CONTINUE"},
		{"encrypted", workbook(rec(rFilePass, make([]byte, 54)), cell), book.KindEncrypted, "文件已加密"},
		{"BIFF5", rec(rBOF, u16b(0x0500), u16b(5), make([]byte, 4)), book.KindUnsupported, "Excel 95"},
		{"no BOF", rec(rNumber, make([]byte, 14)), book.KindCorrupt, "BOF"},
		{"globals without EOF", append(append([]byte{}, bof8...), rec(rDateMode, u16b(0))...), book.KindCorrupt, "EOF"},
		{"sheet beyond the stream", append(append(append([]byte{}, bof8...), rec(rBoundSheet, u32b(1<<30), []byte{0, 0, 1, 0, 'A'})...), rec(rEOF)...), book.KindCorrupt, "超出了数据流"},
		{"sheet without EOF", workbook(nil, cell)[:len(workbook(nil, cell))-4], book.KindCorrupt, "EOF"},
		{"shared string index beyond the table", workbook(nil, rec(rLabelSST, u16b(0), u16b(0), u16b(0), u32b(7))), book.KindCorrupt, "共享字符串编号无效"},
		{"too many cells", workbook(nil, many), book.KindTooLarge, "单元格数"},
		{"row beyond the limit", workbook(nil, rec(rNumber, u16b(0xFFFF), u16b(0), u16b(0), make([]byte, 8))), book.KindTooLarge, "行数"},
		{"cell record cut short", workbook(nil, rec(rNumber, u16b(0), u16b(0))), book.KindCorrupt, "单元格记录不完整"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			_, err := readWB(c.ws, small())
			var e *book.Error
			if !errors.As(err, &e) || e.Kind != c.kind || !strings.Contains(e.Msg, c.msg) {
				t.Fatalf("err %v, want kind %d with %q", err, c.kind, c.msg)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// FuzzBIFF: any bytes give a workbook within the limits or an error, never a panic or a hang.
func FuzzBIFF(f *testing.F) {
	files, _ := filepath.Glob("../testdata/legacy/*.xls")
	for _, p := range files {
		if strings.Contains(p, "foreign") || strings.Contains(p, "mixed") {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	sst := append(rec(rSST, u32b(1), u32b(1), u16b(4), []byte{0}, []byte("ab")), rec(rContinue, []byte{1}, u16b('年'), u16b('报'))...)
	f.Add(cfb.Build("Workbook", workbook(sst, rec(rLabelSST, u16b(0), u16b(0), u16b(0), u32b(0)))))
	f.Fuzz(func(t *testing.T, b []byte) {
		lim := small()
		bk, err := Read(b, lim)
		if err != nil {
			var e *book.Error
			if !errors.As(err, &e) || e.Msg == "" {
				t.Fatalf("error without a Chinese verdict: %v", err)
			}
			return
		}
		n := 0
		for _, s := range bk.Sheets {
			for _, r := range s.Rows {
				n += len(r)
			}
		}
		if n > lim.MaxCells || len(bk.Sheets) > lim.MaxSheets {
			t.Fatalf("%d cells, %d sheets beyond the limits", n, len(bk.Sheets))
		}
	})
}
