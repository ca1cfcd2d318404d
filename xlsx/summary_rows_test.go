package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/checks"
	"nianbao/model"
	"nianbao/summary"
	"nianbao/xlsx/finish"
)

// hostileTexts are texts that excelize writes with care: white space at either end, markup characters,
// newlines and tabs, literal _xHHHH_ escapes (one of them a lone surrogate, which excelize drops), a
// character outside the BMP, and a text longer than a cell holds.
var hostileTexts = []string{
	" 前后有空格 ", "\t制表\t", "A&B<C>\"D'E局", "换\n行局", "_x0041_局", "_x005F_x0041_局", "_x005f_局",
	"_xD800_局", "😀局", "长" + strings.Repeat("很长的单位名称", 120), strings.Repeat("超", 33000),
}

// hostileResult is the summary of a region whose names, files and findings hold texts, with a unit
// missing, a file off the roster, a replaced file, amounts with decimals and numbers of more than 15
// digits; several top units when several is set.
func hostileResult(t *testing.T, texts []string, several bool, findings bool) *summary.Result {
	t.Helper()
	ros := &model.Roster{Units: []model.RosterUnit{{Code: "R", Name: "测试市人民政府办公室", Row: 2}}}
	if several {
		ros.Units = append(ros.Units, model.RosterUnit{Code: "S", Name: "另一个顶层单位", Row: 3})
	}
	var inputs []summary.Input
	for i, name := range append(slices.Clip(texts), "未报送的单位") {
		u := model.RosterUnit{Code: fmt.Sprintf("U%02d", i), Name: name, Parent: "R", Row: len(ros.Units) + 2}
		if i%3 == 2 {
			u.Parent = "U01" // a branch below a unit
		}
		ros.Units = append(ros.Units, u)
		if name == "未报送的单位" {
			continue
		}
		r := model.NewReport(model.Unit{Code: u.Code, Name: u.Name}, 2024, model.V2021)
		r.Values["t3.new.person"], r.Values["t3.open.person"] = float64(i+1), float64(i+1)
		r.Values["t2.fees.amount"] = 1234.5678 + float64(i)/3
		r.Values["t2.license.decisions"] = 1234567890123456789
		r.ComputeTotals()
		in := summary.Input{Path: name + ".xlsx", Report: r}
		if findings && i%2 == 0 {
			e, a := 1.0/3, -2.5
			f := checks.At(checks.RUnit, nil, "", "问题："+name)
			f.Sheet, f.Cell, f.Row, f.Column, f.Key, f.Expected, f.Actual = "表三", "D5", name, "自然人", "t3.new.person", &e, &a
			in.Findings = []checks.Finding{f}
		}
		inputs = append(inputs, in)
	}
	off := model.NewReport(model.Unit{Code: "X9", Name: "名单外 _x0041_ 单位"}, 2024, model.V2021)
	off.ComputeTotals()
	dup := model.NewReport(model.Unit{Code: "U00", Name: texts[0]}, 2024, model.V2021)
	dup.ComputeTotals()
	inputs = append(inputs, summary.Input{Path: "名单外.xlsx", Report: off}, summary.Input{Path: "旧版 .xlsx", Report: dup})
	res, err := summary.Build(ros, inputs, summary.Options{Year: 2024, Tool: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestRowWriterAgrees writes summaries with the rows of their list sheets (分级汇总, the 明细 sheets, 报送情况,
// 校验问题) written by rowWriter into the package as it is saved, and once more through excelize's stream
// writer as before: the list sheets are byte for byte the same, every sheet reads the same, and each list
// sheet declares exactly the range its cells fill. One region holds every hostile name, file and finding
// and several top units; the other, of three units, has no finding (an empty 校验问题 list).
func TestRowWriterAgrees(t *testing.T) {
	for _, c := range []struct {
		name              string
		texts             []string
		several, findings bool
	}{
		{"hostile, several tops", hostileTexts, true, true},
		{"no findings", hostileTexts[:2], false, false},
	} {
		res := hostileResult(t, c.texts, c.several, c.findings)
		var direct, through bytes.Buffer
		if err := WriteSummaryTo(&direct, res); err != nil {
			t.Fatal(err)
		}
		rowsThroughExcelize = true
		err := WriteSummaryTo(&through, res)
		rowsThroughExcelize = false
		if err != nil {
			t.Fatal(err)
		}
		a, names := unzipAll(t, direct.Bytes())
		b, namesB := unzipAll(t, through.Bytes())
		slices.Sort(names) // excelize writes its streamed sheets in map order
		slices.Sort(namesB)
		if strings.Join(names, " ") != strings.Join(namesB, " ") {
			t.Fatalf("%s: parts %q, through excelize %q", c.name, names, namesB)
		}
		// The list sheets are byte for byte the same. The other parts come from the same code both ways;
		// the template's style ids, and so its sheets and styles.xml, and the order of [Content_Types].xml
		// vary from one write to the next (excelize and the template's style table iterate over maps):
		// every sheet reads the same instead.
		lists := 0
		for _, n := range names {
			x, y := a[n], b[n]
			if !bytes.Contains(x, []byte("<autoFilter")) {
				continue
			}
			lists++
			if !bytes.Equal(x, y) {
				i := 0
				for i < min(len(x), len(y)) && x[i] == y[i] {
					i++
				}
				t.Errorf("%s: %s differs from byte %d:\n%s\nthrough excelize:\n%s", c.name, n, i,
					x[max(0, i-200):min(len(x), i+200)], y[max(0, i-200):min(len(y), i+200)])
				continue
			}
			if got := finish.Sheet(x); !bytes.Equal(got, x) {
				t.Errorf("%s: %s declares another range than its cells fill", c.name, n)
			}
		}
		fa, err := excelize.OpenReader(bytes.NewReader(direct.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		fb, err := excelize.OpenReader(bytes.NewReader(through.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		for _, sheet := range fb.GetSheetList() {
			ra, err1 := fa.GetRows(sheet, excelize.Options{RawCellValue: true})
			rb, err2 := fb.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err1 != nil || err2 != nil || !reflect.DeepEqual(ra, rb) {
				t.Errorf("%s: sheet %s reads differently (%v, %v)", c.name, sheet, err1, err2)
			}
		}
		fa.Close()
		fb.Close()
		if lists < 6 {
			t.Errorf("%s: %d list sheets, want 6", c.name, lists)
		}
	}
}

// TestRowWriterCells compares rowWriter's cells with excelize's stream writer's, value by value: texts
// (hostileTexts, empty), numbers beyond 15 digits, tiny, negative, NaN and infinite floats, ints, blanks,
// styles 0 and not 0, and row heights.
func TestRowWriterCells(t *testing.T) {
	values := []any{nil, "", 0.0, math.Copysign(0, -1), 1e-7, -3.25, 0.1 + 0.2, 12345678901234567.0, 1e21, 123456789012.3456789,
		1.7976931348623157e308, 0, -42, 7}
	for _, s := range hostileTexts {
		values = append(values, s)
	}
	nan, inf := 0.0, 1.0
	values = append(values, nan/nan, inf/0)
	styles := make([]int, len(values))
	for i := range styles {
		styles[i] = i % 3
	}
	for _, height := range []float64{0, 30, 409} {
		f := excelize.NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		cells := make([]any, len(values))
		for i, v := range values {
			cells[i] = excelize.Cell{StyleID: styles[i], Value: v}
		}
		var opts []excelize.RowOpts
		if height > 0 {
			opts = append(opts, excelize.RowOpts{Height: height})
		}
		if err := sw.SetRow("A7", cells, opts...); err != nil {
			t.Fatal(err)
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		parts, _ := unzipAll(t, buf.Bytes())
		sheet := parts["xl/worksheets/sheet1.xml"]
		start := bytes.Index(sheet, []byte("<row "))
		want := sheet[start : bytes.Index(sheet, []byte("</row>"))+len("</row>")]
		var got bytes.Buffer
		rw := newRowWriter(&got)
		if err := rw.row(7, values, styles, height); err != nil {
			t.Fatal(err)
		}
		if err := rw.flush(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("height %v:\n%s\nexcelize:\n%s", height, got.Bytes(), want)
		}
		if rw.ext != [4]int{1, 7, len(values), 7} {
			t.Errorf("extent %v", rw.ext)
		}
		f.Close()
	}
	if err := newRowWriter(io.Discard).row(1, []any{1}, []int{0}, 410); err == nil {
		t.Error("a row of 410 points was written")
	}
	if err := newRowWriter(io.Discard).row(1, []any{struct{}{}}, []int{0}, 0); err == nil {
		t.Error("a value of an unknown type was written")
	}
}

// TestRowsMustFillTheRange refuses to finish a list sheet whose rows end before or after the range it
// declared, and a package that lacks a sheet it has rows for.
func TestRowsMustFillTheRange(t *testing.T) {
	res := &summary.Result{Name: "测试市", Year: 2024}
	for _, c := range []struct {
		declared, written int
		ok                bool
	}{{3, 3, true}, {3, 2, false}, {3, 4, false}, {0, 0, true}} {
		f := excelize.NewFile()
		w := &summaryWriter{f: f, res: res}
		if _, err := f.NewSheet("清单"); err != nil {
			t.Fatal(err)
		}
		s, err := w.newList("清单", listSheet{headers: [][]any{{"甲", "乙"}}, styles: []int{0}, n: c.declared})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.rows(s, func() error {
			for i := 0; i < c.written; i++ {
				if err := s.add([]any{"a", i}, 0); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		err = finish.Write(f, io.Discard, finish.Options{Fresh: true, Rows: w.later})
		if (err == nil) != c.ok {
			t.Errorf("declared %d rows, wrote %d: %v", c.declared, c.written, err)
		}
		f.Close()
	}
	f := excelize.NewFile()
	defer f.Close()
	err := finish.Write(f, io.Discard, finish.Options{Rows: map[string]func(io.Writer) error{"没有": func(io.Writer) error { return nil }}})
	if err == nil {
		t.Error("rows for a sheet the package lacks were dropped silently")
	}
}
