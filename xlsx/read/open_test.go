package read

import (
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"nianbao/internal/testbook"
	"nianbao/locate"
)

// openCase is one file of testdata/bad and what Open must make of it.
type openCase struct {
	file  string
	kind  ErrKind // "" when the file must open
	msg   string  // part of the Chinese message (errors), or of nothing
	limit string  // FileError.Limit for ErrTooLarge
	sheet string  // FileError.Sheet, when the error is inside a sheet
	cell  string  // FileError.Cell
	wb    func(t *testing.T, wb *Workbook)
	lo    bool // needs LibreOffice
}

var openCases = []openCase{
	{file: "good.xlsx", wb: checkGood(XLSX, false)},
	{file: "empty.xlsx", kind: ErrNotWorkbook, msg: "这是空文件（0 字节），不是 Excel 工作簿"},
	{file: "random.xlsx", kind: ErrNotWorkbook, msg: "无法识别文件内容，不是 Excel 工作簿"},
	{file: "truncated.xlsx", kind: ErrCorrupt, msg: "文件已损坏：压缩包不完整或格式错误"},
	{file: "no-workbook.xlsx", kind: ErrCorrupt, msg: "缺少工作簿部件 xl/workbook.xml"},
	{file: "encrypted.xlsx", kind: ErrEncrypted, msg: "文件已加密，请去除密码后重新提交"},
	{file: "csv-renamed.xlsx", kind: ErrNotWorkbook, msg: "这是 CSV 文本文件，不是 Excel 工作簿"},
	{file: "report.pdf", kind: ErrNotWorkbook, msg: "这是 PDF 文件，不是 Excel 工作簿"},
	{file: "picture.png", kind: ErrNotWorkbook, msg: "这是图片，不是 Excel 工作簿"},
	{file: "letter.docx", kind: ErrNotWorkbook, msg: "这是 Word 文档，不是 Excel 工作簿"},
	{file: "notable.xls", kind: ErrNotWorkbook, msg: "这是网页（HTML）文件，其中没有表格"},
	{file: "fake.xlsb", kind: ErrConvert, msg: "这是 Excel 二进制工作簿（xlsb），但 LibreOffice 无法转换它", lo: true},
	{file: "bad-utf8.xlsx", kind: ErrCorrupt, msg: "共享字符串表不是有效的 XML"},
	{file: "bad-sst-index.xlsx", kind: ErrCorrupt, msg: "共享字符串编号“7”无效", sheet: "表三", cell: "A1"},
	{file: "dup-sheets.xlsx", kind: ErrCorrupt, msg: "两个同名工作表“表三”", sheet: "表三"},
	{file: "legacy.xls", wb: checkGood(XLS, false)}, // read natively, LibreOffice or not
	{file: "legacy.et", wb: checkGood(ET, false)},
	{file: "book.ods", wb: checkGood(ODS, false)},
	{file: "xmlss.xls", lo: true, wb: func(t *testing.T, wb *Workbook) {
		wantGrid(t, wb, "表三", [][]string{{"自然人", "5"}})
	}},
	{file: "oa-export.xls", wb: func(t *testing.T, wb *Workbook) {
		if wb.Kind != HTML || len(wb.Grids) != 1 {
			t.Fatalf("kind %v, %d grids; want one HTML table (the one in <script> is not a table)", wb.Kind, len(wb.Grids))
		}
		wantGrid(t, wb, "表格1", [][]string{
			{"三、收到和处理政府信息公开申请情况", "", ""},
			{"本列数据的勾稽关系为", "自然人", "法人"},
			{"", "1234", "5"}, // rowspan keeps column A blank; x:num gives the raw number
			{"说明\n第二行", "007", ""},
		})
		if !wb.Grids[0].Rows[3][1].Str {
			t.Error("x:str cell should be Str")
		}
	}},
	{file: "out-of-order.xlsx", wb: func(t *testing.T, wb *Workbook) {
		wantGrid(t, wb, "表三", [][]string{{"11", "12"}, {}, {"三", "", "33"}})
	}},
	{file: "numbers.xlsx", wb: func(t *testing.T, wb *Workbook) {
		wantGrid(t, wb, "表三", [][]string{{"1e308", "NaN", "Infinity", "1E+308", "TRUE", "#DIV/0!", "-0"}})
		row := wb.Grids[0].Rows[0]
		if !row[0].Str || !row[1].Str || row[3].Str {
			t.Errorf("Str flags wrong: %+v", row)
		}
	}},
	{file: "renamed.xlsx", wb: func(t *testing.T, wb *Workbook) {
		if names := gridNames(wb); strings.Join(names, ",") != "Sheet4,表三" {
			t.Fatalf("sheets %v, want [Sheet4 表三] in workbook order", names)
		}
		wantGrid(t, wb, "Sheet4", [][]string{{"表四内容"}})
	}},
	{file: "shared-formula.xlsx", wb: func(t *testing.T, wb *Workbook) {
		rows := wb.Grids[0].Rows
		if rows[0][2].Formula != "A1+B1" || rows[1][2].Formula != "A2+B2" || rows[1][2].Text != "9" {
			t.Errorf("shared formula: got %+v / %+v, want A1+B1 and A2+B2 (expanded) with cached 9", rows[0][2], rows[1][2])
		}
	}},
}

func TestOpenCorpus(t *testing.T) {
	for _, tc := range openCases {
		t.Run(tc.file, func(t *testing.T) {
			if tc.lo {
				testbook.NeedOffice(t)
			}
			path := filepath.Join(badDir, tc.file)
			before := snapshot(t)
			wb, err := Open(path, Limits{})
			if after := snapshot(t); after != before {
				t.Fatalf("Open changed testdata/bad (an input was written or a file was created next to it)")
			}
			checkOutcome(t, path, tc, wb, err)
		})
	}
}

// checkOutcome asserts the expected error (kind, message, limit, place) or workbook.
func checkOutcome(t *testing.T, path string, tc openCase, wb *Workbook, err error) {
	t.Helper()
	if tc.kind == "" {
		if err != nil {
			t.Fatalf("Open: %v (%s)", err, Message(err))
		}
		if wb.Path != path {
			t.Errorf("Path %q, want %q", wb.Path, path)
		}
		if tc.wb != nil {
			tc.wb(t, wb)
		}
		return
	}
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T), want a *FileError of kind %q", err, err, tc.kind)
	}
	if !errors.Is(err, tc.kind) {
		t.Errorf("kind %q, want %q (%s)", fe.Kind, tc.kind, fe.Message())
	}
	if !strings.Contains(fe.Message(), tc.msg) || !strings.Contains(fe.Message(), filepath.Base(path)) {
		t.Errorf("message %q, want it to name the file and contain %q", fe.Message(), tc.msg)
	}
	if !strings.HasPrefix(err.Error(), "xlsx: ") || err.Error() != strings.ToValidUTF8(err.Error(), "") {
		t.Errorf("Go error %q should start with \"xlsx: \"", err.Error())
	}
	if fe.Limit != tc.limit || fe.Sheet != tc.sheet || fe.Cell != tc.cell {
		t.Errorf("limit/sheet/cell = %q/%q/%q, want %q/%q/%q", fe.Limit, fe.Sheet, fe.Cell, tc.limit, tc.sheet, tc.cell)
	}
}

// checkGood checks the workbook of good.xlsx, read directly or after a conversion.
func checkGood(kind Kind, converted bool) func(t *testing.T, wb *Workbook) {
	return func(t *testing.T, wb *Workbook) {
		if wb.Kind != kind || wb.Converted != converted {
			t.Errorf("kind %v converted %v, want %v %v", wb.Kind, wb.Converted, kind, converted)
		}
		if got := strings.Join(gridNames(wb), ","); got != "表三,填报说明" {
			t.Errorf("grids %s, want 表三,填报说明 (meta sheet excluded, hidden sheet included)", got)
		}
		if !wb.Hidden["填报说明"] || wb.Hidden["表三"] {
			t.Errorf("hidden %v, want 填报说明 only", wb.Hidden)
		}
		if wb.Meta["version"] != "2021" || wb.Meta["unit"] != "甲局" || len(wb.Meta) != 2 {
			t.Errorf("meta %v", wb.Meta)
		}
		total := ""                    // excelize writes the formula without a cached value; LibreOffice stores the result
		if converted || kind != XLSX { // the legacy files were written by LibreOffice
			total = "6"
		}
		wantGrid(t, wb, "表三", [][]string{
			{"三、收到和处理政府信息公开申请情况"},
			{"本年新收政府信息公开申请数量", "5", "1", total},
			{"", "12", "0.35"},
		})
		rows := findGrid(t, wb, "表三").Rows
		if rows[1][3].Formula != "SUM(B2:C2)" || !rows[2][1].Str || rows[2][2].Str || rows[1][1].Str {
			t.Errorf("formula/Str wrong: D2 %+v B3 %+v C3 %+v B2 %+v", rows[1][3], rows[2][1], rows[2][2], rows[1][1])
		}
	}
}

func gridNames(wb *Workbook) []string {
	var names []string
	for _, g := range wb.Grids {
		names = append(names, g.Name)
	}
	return names
}

func findGrid(t *testing.T, wb *Workbook, name string) locate.Grid {
	t.Helper()
	for _, g := range wb.Grids {
		if g.Name == name {
			return g
		}
	}
	t.Fatalf("no grid %q in %v", name, gridNames(wb))
	return locate.Grid{}
}

// wantGrid compares the texts of a grid, trailing blanks of each row ignored.
func wantGrid(t *testing.T, wb *Workbook, name string, want [][]string) {
	t.Helper()
	g := findGrid(t, wb, name)
	got := locate.Texts(g.Rows)
	for i, texts := range got {
		for len(texts) > 0 && texts[len(texts)-1] == "" {
			texts = texts[:len(texts)-1]
		}
		got[i] = texts
	}
	for i := range want {
		for len(want[i]) > 0 && want[i][len(want[i])-1] == "" {
			want[i] = want[i][:len(want[i])-1]
		}
	}
	if strings.Join(flat(got), "|") != strings.Join(flat(want), "|") {
		t.Errorf("grid %s:\n got %q\nwant %q", name, got, want)
	}
}

func flat(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, "\t"))
	}
	return out
}

// snapshot hashes every file of testdata/bad, names included.
func snapshot(t *testing.T) string {
	t.Helper()
	entries, err := os.ReadDir(badDir)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(badDir, n))
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(n))
		h.Write(data)
	}
	return string(h.Sum(nil))
}

// Without LibreOffice, .xls, .et and .ods are read natively; an Excel 2003 XML file gets a message naming
// what to install.
func TestOpenWithoutSoffice(t *testing.T) {
	t.Setenv("NIANBAO_SOFFICE", "")
	t.Setenv("PATH", t.TempDir())
	for f, k := range map[string]Kind{"legacy.xls": XLS, "legacy.et": ET, "book.ods": ODS} {
		t.Run(f, func(t *testing.T) {
			wb, err := Open(filepath.Join(badDir, f), Limits{})
			checkOutcome(t, filepath.Join(badDir, f), openCase{wb: checkGood(k, false)}, wb, err)
		})
	}
	_, err := Open(filepath.Join(badDir, "xmlss.xls"), Limits{})
	checkOutcome(t, filepath.Join(badDir, "xmlss.xls"), openCase{kind: ErrNoSoffice, msg: "需要 LibreOffice 转换后才能读取，但本机未安装 LibreOffice（请安装 LibreOffice"}, nil, err)
}
