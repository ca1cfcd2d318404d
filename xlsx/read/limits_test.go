package read

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// writeTemp writes data to a file in a fresh temp directory.
func writeTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// bombBook is a workbook whose sheet part really inflates to at least size bytes (declared honestly, or as
// 1000 bytes when lie is set).
func bombBook(t testing.TB, size int, lie bool) []byte {
	base := badRawBook(t, []string{"表三"}, map[int]string{1: badSheetPart(`<row r="1"><c r="A1"><v>1</v></c></row>`)}, nil)
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	// The deflate stream is built from pieces, each compressed once by a fresh writer and ended by a sync
	// flush (so each is byte-aligned and refers to nothing before it): the payload, then one MiB of spaces
	// repeated as often as size needs, then an empty final block. It inflates to size bytes like a stream
	// compressed in one go, for a fraction of the cost (compressing 200 MB took seconds under -race).
	piece := func(data []byte, final bool) []byte {
		var b bytes.Buffer
		fw, _ := flate.NewWriter(&b, flate.BestSpeed)
		fw.Write(data)
		if final {
			fw.Close()
		} else {
			fw.Flush()
		}
		return b.Bytes()
	}
	payload := []byte(badSheetPart(`<row r="1"><c r="A1"><v>1</v></c></row>`))
	crc := crc32.NewIEEE()
	var body bytes.Buffer
	body.Write(piece(payload, false))
	crc.Write(payload)
	spaces := bytes.Repeat([]byte{' '}, 1<<20)
	block := piece(spaces, false)
	n := len(payload)
	for ; n < size; n += len(spaces) {
		body.Write(block)
		crc.Write(spaces)
	}
	body.Write(piece(nil, true))
	declared := uint64(n) // the size it inflates to: a little over size
	if lie {
		declared = 1000
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CRC32: crc.Sum32(), CompressedSize64: uint64(body.Len()), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(body.Bytes())
	zw.Close()
	return buf.Bytes()
}

// manyRows streams a workbook whose only sheet has n rows, one number each.
func manyRows(t testing.TB, n int) string {
	p := filepath.Join(t.TempDir(), "rows.xlsx")
	base := badRawBook(t, []string{"表三"}, map[int]string{}, nil)
	zr, _ := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, e := range zr.File {
		zw.Copy(e)
	}
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	bw := bufio.NewWriter(w)
	bw.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	var num []byte
	for i := 1; i <= n; i++ { // piece by piece: fmt over a million rows is slow under -race
		num = strconv.AppendInt(num[:0], int64(i), 10)
		bw.WriteString(`<row r="`)
		bw.Write(num)
		bw.WriteString(`"><c r="A`)
		bw.Write(num)
		bw.WriteString(`"><v>`)
		bw.Write(num)
		bw.WriteString(`</v></c></row>`)
	}
	bw.WriteString(`</sheetData></worksheet>`)
	bw.Flush()
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOpenLimits(t *testing.T) {
	good := filepath.Join(badDir, "good.xlsx")
	longText := strings.Repeat("长", 40000)
	// Deeper than encoding/xml's 10,000 levels for Unmarshal: the reader walks tokens and keeps no stack.
	nested := strings.Repeat("<x>", 20000) + strings.Repeat("</x>", 20000)
	cases := []struct {
		name string
		path func(t *testing.T) string
		lim  Limits
		openCase
	}{
		{name: "file size", path: func(*testing.T) string { return good }, lim: Limits{MaxFileSize: 1000},
			openCase: openCase{kind: ErrTooLarge, limit: LimitFileSize, msg: "超过限制：文件大小不得超过 1000 字节（本文件 6 KB）"}},
		{name: "parts", path: func(*testing.T) string { return good }, lim: Limits{MaxParts: 3},
			openCase: openCase{kind: ErrTooLarge, limit: LimitParts, msg: "超过限制：压缩包条目数不得超过 3"}},
		{name: "sheets", path: func(*testing.T) string { return good }, lim: Limits{MaxSheets: 2},
			openCase: openCase{kind: ErrTooLarge, limit: LimitSheets, msg: "超过限制：工作表数不得超过 2"}},
		{name: "declared zip bomb", path: func(t *testing.T) string {
			return writeTemp(t, "bomb.xlsx", bombBook(t, 200<<20, false))
		}, openCase: openCase{kind: ErrTooLarge, limit: LimitUnzipSize, msg: "解压后大小不得超过 128 MB（可能是压缩炸弹）"}},
		{name: "lying zip bomb", path: func(t *testing.T) string {
			return writeTemp(t, "liar.xlsx", bombBook(t, 50<<20, true))
		}, openCase: openCase{kind: ErrCorrupt, sheet: "表三", msg: "工作表内容不是有效的 XML"}},
		// The row limit on a file of many rows, configured small (a million rows at the default limit
		// cost seconds under -race for the same branch), and at the default on a row numbered past it.
		{name: "rows", path: func(t *testing.T) string { return manyRows(t, 3000) }, lim: Limits{MaxRows: 1000},
			openCase: openCase{kind: ErrTooLarge, limit: LimitRows, sheet: "表三", msg: "超过限制：行数不得超过 1000"}},
		{name: "rows at the default", path: func(t *testing.T) string {
			return writeTemp(t, "far.xlsx", badRawBook(t, []string{"表三"}, map[int]string{1: badSheetPart(
				`<row r="1"><c r="A1"><v>1</v></c></row><row r="100001"><c r="A100001"><v>2</v></c></row>`)}, nil))
		}, openCase: openCase{kind: ErrTooLarge, limit: LimitRows, sheet: "表三", msg: "超过限制：行数不得超过 100000"}},
		{name: "cells", path: func(t *testing.T) string { return manyRows(t, 3000) }, lim: Limits{MaxCells: 2500},
			openCase: openCase{kind: ErrTooLarge, limit: LimitCells, sheet: "表三", msg: "单元格数不得超过 2500"}},
		{name: "wide row", path: func(t *testing.T) string {
			return writeTemp(t, "wide.xlsx", badRawBook(t, []string{"宽"}, map[int]string{1: badSheetPart(
				`<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>`)}, nil))
		}, lim: Limits{MaxCells: 10000}, openCase: openCase{kind: ErrTooLarge, limit: LimitCells, sheet: "宽"}},
		{name: "long shared string", path: func(t *testing.T) string {
			return writeTemp(t, "sst.xlsx", badRawBook(t, []string{"表三"}, map[int]string{1: badSheetPart(
				`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)}, []string{longText}))
		}, openCase: openCase{kind: ErrTooLarge, limit: LimitStringLen, msg: "单元格文字长度不得超过 32767 个字符（共享字符串表第 1 项）"}},
		{name: "long inline string", path: func(t *testing.T) string {
			return writeTemp(t, "inline.xlsx", badRawBook(t, []string{"表三"}, map[int]string{1: badSheetPart(
				`<row r="2"><c r="B2" t="inlineStr"><is><t>` + longText + `</t></is></c></row>`)}, nil))
		}, openCase: openCase{kind: ErrTooLarge, limit: LimitStringLen, sheet: "表三", cell: "B2"}},
		{name: "deep nesting", path: func(t *testing.T) string {
			return writeTemp(t, "deep.xlsx", badRawBook(t, []string{"表三"}, map[int]string{1: badSheetPart(
				`<row r="1"><c r="A1">` + nested + `<v>7</v></c><c r="B1"><v>8</v></c></row>`)}, nil))
		}, openCase: openCase{wb: func(t *testing.T, wb *Workbook) {
			wantGrid(t, wb, "表三", [][]string{{"7", "8"}}) // the <v> at depth 2 of A1 still counts
		}}},
		{name: "huge merge", path: func(t *testing.T) string {
			return writeTemp(t, "merge.xlsx", badRawBook(t, []string{"表三"}, map[int]string{1: strings.Replace(badSheetPart(
				`<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row><row r="2"><c r="A2"><v>3</v></c></row>`),
				"</sheetData>", `</sheetData><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>`, 1)}, nil))
		}, openCase: openCase{wb: func(t *testing.T, wb *Workbook) {
			wantGrid(t, wb, "表三", [][]string{{"1"}, {}})
		}}},
		{name: "bad merge", path: func(t *testing.T) string {
			return writeTemp(t, "badmerge.xlsx", badRawBook(t, []string{"表三"}, map[int]string{1: strings.Replace(badSheetPart(``),
				"</sheetData>", `</sheetData><mergeCells><mergeCell ref=""/></mergeCells>`, 1)}, nil))
		}, openCase: openCase{kind: ErrCorrupt, sheet: "表三", msg: "合并单元格范围“”无效"}},
		{name: "sheet cut short", path: func(t *testing.T) string {
			return writeTemp(t, "cut.xlsx", badRawBook(t, []string{"表三"}, map[int]string{1: strings.TrimSuffix(badSheetPart(
				`<row r="1"><c r="A1"><v>1</v></c></row>`), "</sheetData></worksheet>")}, nil))
		}, openCase: openCase{kind: ErrCorrupt, sheet: "表三", msg: "工作表内容不完整"}},
		{name: "html rows", path: func(t *testing.T) string {
			return writeTemp(t, "rows.xls", []byte("<table>"+strings.Repeat("<tr><td>1</td></tr>", 20)+"</table>"))
		}, lim: Limits{MaxRows: 10}, openCase: openCase{kind: ErrTooLarge, limit: LimitRows, msg: "行数不得超过 10"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.path(t)
			start := time.Now()
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			wb, err := Open(path, tc.lim)
			runtime.ReadMemStats(&m1)
			t.Logf("%s: %v, %d MB allocated", tc.name, time.Since(start).Round(time.Millisecond), (m1.TotalAlloc-m0.TotalAlloc)>>20)
			// Whatever the input, reading allocates a bounded amount: far less than the sizes the files claim.
			if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 150<<20 {
				t.Errorf("allocated %d MB", alloc>>20)
			}
			checkOutcome(t, path, tc.openCase, wb, err)
		})
	}
}

// The defaults are what DefaultLimits promises, and zero fields of a Limits take them.
func TestDefaultLimits(t *testing.T) {
	d := DefaultLimits()
	if got := (Limits{}).WithDefaults(); got != d {
		t.Errorf("zero Limits gives %+v, want %+v", got, d)
	}
	l := Limits{MaxRows: 5}.WithDefaults()
	if l.MaxRows != 5 || l.MaxCells != d.MaxCells {
		t.Errorf("WithDefaults overrode a set field or missed a zero one: %+v", l)
	}
	if d.MaxPartSize > d.MaxUnzipSize || d.MaxStringLen != 32767 {
		t.Errorf("defaults inconsistent: %+v", d)
	}
}

// bombBook's sheet part, built from repeated pieces, is a valid deflate stream that really inflates to the
// size asked for, its CRC right (archive/zip checks it at the end).
func TestBombBookInflates(t *testing.T) {
	const size = 3 << 20
	data := bombBook(t, size, false)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, rc)
		if err != nil || n < size || n > size+1<<20 {
			t.Fatalf("inflates to %d bytes (%v), want %d", n, err, size)
		}
		return
	}
	t.Fatal("no sheet part")
}
