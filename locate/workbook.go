package locate

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"nianbao/checks"
	"nianbao/model"
	"nianbao/templates"
)

// Source is what a reader found in a file: its grids (sheets or tables) and, for our own workbooks, the
// content of the hidden meta sheet; ReadSource reads its report.
type Source struct {
	// Name is the file name shown in messages.
	Name  string
	Grids []Grid
	// Meta is the key/value content of the meta sheet; nil for a workbook we did not make.
	Meta map[string]string
	// Hidden names the hidden and very hidden sheets.
	Hidden map[string]bool
}

// ReadSource turns the grids of a file into a report with the reader's findings. Our templates and
// summaries are read at the places their layout gives, after checking that every label is still where it
// belongs; a template whose rows or columns were moved, and every workbook we did not make, is read by
// label search. year, when not 0, is the report year the clerk expects.
func ReadSource(src Source, year int) (*model.Report, []checks.Finding) {
	return Prepare(src).Read(src, year)
}

// Prepared is what ReadSource finds out about a file before reading its values: its meta sheet and, for
// one of our workbooks whose labels are all in place, the template layout.
type Prepared struct {
	meta   metaInfo
	layout Layout
	ok     bool // layout is the template's
}

// Prepare looks at the meta sheet and the labels of src.
func Prepare(src Source) *Prepared {
	p := &Prepared{meta: parseMeta(src.Meta)}
	p.layout, p.ok = templateLayout(src.Grids, p.meta)
	return p
}

// Template reports whether src is one of our workbooks with every label in place, read at the places of
// its layout (a fast-path read holds exactly those cells).
func (pre *Prepared) Template() bool { return pre.ok }

// Read reads the report of src, which Prepare looked at, as ReadSource does.
func (pre *Prepared) Read(src Source, year int) (*model.Report, []checks.Finding) {
	var fs []checks.Finding
	meta, layout, ok := pre.meta, pre.layout, pre.ok
	if meta.ok && !ok {
		fs = append(fs, checks.At(checks.RLayout, nil, "", "本文件由模板生成，但表格结构被改动（插入或删除了行列、改动了标签），已按标签重新定位；请核对，最好使用原模板重新填报"))
	}
	if !ok {
		layout = Find(tableGrids(src.Grids, meta))
	}
	unit, fileYear := meta.unit, meta.year
	if meta.ok {
		if u := fieldUnit(src.Grids, meta.version); u.Name != "" || u.Code != "" {
			unit = u
		}
	} else {
		unit.Name, fileYear = foreignHeader(src.Grids)
	}
	if unit.Name == "" {
		unit.Name = strings.TrimSuffix(filepath.Base(src.Name), filepath.Ext(src.Name))
	}
	if fileYear == 0 {
		fileYear = year
	}
	v := model.VersionForYear(fileYear)
	if fileYear == 0 {
		v = majority(layout.Tables)
	}
	r := model.NewReport(unit, fileYear, v)
	r.Tables = layout.Tables
	r.Covers = meta.covers
	fs = append(fs, layout.Problems...)
	fs = append(fs, hiddenCopies(tableGrids(src.Grids, meta), src.Hidden)...)
	fs = append(fs, Read(r, src.Grids, layout)...)
	fs = append(fs, yearFindings(r, year)...)
	for i := range fs {
		if fs[i].File == "" {
			fs[i].File = src.Name
		}
	}
	return r, fs
}

// metaInfo is the meta sheet of one of our workbooks, as the reader uses it.
type metaInfo struct {
	ok      bool
	summary bool
	version model.Version
	year    int
	unit    model.Unit
	covers  []string
}

func parseMeta(kv map[string]string) metaInfo {
	m, v, ok := templates.ParseMeta(kv)
	if !ok {
		return metaInfo{}
	}
	return metaInfo{ok: true, version: v, year: m.Year, summary: m.IsSummary(),
		unit: model.Unit{Code: m.UnitCode, Name: m.UnitName}, covers: m.Covers}
}

// templateLayout gives the places of every key in one of our workbooks, or false when the file is not ours
// or its labels moved.
func templateLayout(grids []Grid, meta metaInfo) (Layout, bool) {
	if !meta.ok {
		return Layout{}, false
	}
	spec := specOf(meta.version)
	index := sheetIndex(grids)
	for _, l := range spec.labels {
		if t := textAt(grids, index, l.sheet, l.row, l.col); t != l.text && model.Normalize(t) != l.norm {
			return Layout{}, false
		}
	}
	lay := Layout{Tables: make(map[string]model.Version, len(spec.tables)),
		Places: make(map[string]Place, len(spec.places)), Template: true}
	for _, id := range spec.tables {
		lay.Tables[id] = meta.version
	}
	for _, p := range spec.places {
		lay.Places[p.key] = Place{Grid: index[p.sheet], Row: p.row, Col: p.col}
	}
	return lay, true
}

// templateSpec is what templateLayout needs of a version's template, worked out once.
type templateSpec struct {
	labels []specCell
	places []specCell
	tables []string
}

// specCell is a label (text and its normalised form) or a key's place, at a 0-based row and column.
type specCell struct {
	sheet, key, text, norm string
	row, col               int
}

var (
	specsOnce sync.Once
	specs     map[model.Version]*templateSpec
)

func specOf(v model.Version) *templateSpec {
	specsOnce.Do(func() {
		specs = map[model.Version]*templateSpec{}
		for _, ver := range model.Versions {
			w := templates.For(ver)
			s := &templateSpec{}
			for _, l := range w.Labels() {
				col, row, _ := model.ParseRef(l.Ref)
				s.labels = append(s.labels, specCell{sheet: l.Sheet, text: l.Text, norm: model.Normalize(l.Text), row: row - 1, col: col - 1})
			}
			for _, p := range w.Places() {
				col, row, _ := model.ParseRef(p.Ref)
				s.places = append(s.places, specCell{sheet: p.Sheet, key: p.Key, row: row - 1, col: col - 1})
			}
			for _, t := range model.FormOf(ver).Tables {
				s.tables = append(s.tables, t.ID)
			}
			specs[ver] = s
		}
	})
	return specs[v]
}

// sheetIndex maps each grid's sheet name to its position.
func sheetIndex(grids []Grid) map[string]int {
	index := make(map[string]int, len(grids))
	for i, g := range grids {
		index[g.Name] = i
	}
	return index
}

// textAt returns the text at 0-based (row, col) of a sheet, "" when absent.
func textAt(grids []Grid, index map[string]int, sheet string, row, col int) string {
	i, ok := index[sheet]
	if !ok || row >= len(grids[i].Rows) || col >= len(grids[i].Rows[row]) {
		return ""
	}
	return grids[i].Rows[row][col].Text
}

// tableGrids are the grids label search looks at: all of them, except, in a workbook we made, the sheets
// that quote table labels without holding a table (校验, 填报说明, the list of findings of an annotated copy).
// Grid indexes of the result still refer to the full list: skipped grids are emptied, not removed.
func tableGrids(grids []Grid, meta metaInfo) []Grid {
	skip := map[string]bool{templates.ResultSheet: true} // an annotated copy quotes labels in its findings
	if meta.ok {
		for _, s := range templates.For(meta.version).Sheets {
			if s.Table == nil {
				skip[s.Name] = true
			}
		}
	}
	out := make([]Grid, len(grids))
	for i, g := range grids {
		out[i] = g
		if skip[g.Name] {
			out[i].Rows = nil
		}
	}
	return out
}

// fieldUnit reads the unit fields of the 填报说明 sheet, which the agency fills when the template was blank.
func fieldUnit(grids []Grid, v model.Version) model.Unit {
	return model.Unit{Code: InfoField(grids, v, templates.FieldUnitCode), Name: InfoField(grids, v, templates.FieldUnitName)}
}

// InfoField reads one field of the 填报说明 sheet of a workbook made from our template of version v (a
// templates.Field… name), trimmed; "" when the field or the sheet is not there.
func InfoField(grids []Grid, v model.Version, name string) string {
	f, ok := templates.For(v).Field(name)
	if !ok {
		return ""
	}
	col, row, ok := model.ParseRef(f.Ref)
	if !ok {
		return ""
	}
	return strings.TrimSpace(textAt(grids, sheetIndex(grids), templates.InfoSheet, row-1, col-1))
}

var (
	unitLabels = []string{"单位名称", "填报单位", "报送单位", "单位"}
	yearRe     = regexp.MustCompile(`(20\d\d)\s*年`)
)

// foreignHeader looks for the unit name (a cell labelled 单位名称 or 填报单位, the value beside it or after
// its colon) and the report year (a "2024年" in a title cell) in a workbook we did not make.
func foreignHeader(grids []Grid) (name string, year int) {
	for _, g := range grids {
		for _, row := range g.Rows {
			for c, cell := range row {
				t := strings.TrimSpace(cell.Text)
				if t == "" {
					continue
				}
				if year == 0 && (strings.Contains(t, "年度") || strings.Contains(t, "年报")) {
					if m := yearRe.FindStringSubmatch(t); m != nil {
						year, _ = strconv.Atoi(m[1])
					}
				}
				if name != "" {
					continue
				}
				n := model.Normalize(t)
				for _, l := range unitLabels {
					if !strings.HasPrefix(n, l) {
						continue
					}
					if rest := strings.TrimLeft(strings.TrimPrefix(n, l), ":："); rest != "" {
						name = rest
					} else {
						for _, next := range row[c+1:] {
							if s := strings.TrimSpace(next.Text); s != "" {
								name = s
								break
							}
						}
					}
					break
				}
			}
		}
	}
	return name, year
}

// majority is the version most found tables are in; 2021 on a tie.
func majority(tables map[string]model.Version) model.Version {
	n := 0
	for _, v := range tables {
		if v == model.V2019 {
			n++
		} else {
			n--
		}
	}
	if n > 0 {
		return model.V2019
	}
	return model.V2021
}

// yearFindings checks the report year against the one expected, and each table's version against its year.
func yearFindings(r *model.Report, want int) []checks.Finding {
	var fs []checks.Finding
	if want > 0 && r.Year > 0 && r.Year != want {
		fs = append(fs, checks.At(checks.RYear, nil, "",
			fmt.Sprintf("文件中的报告年度为 %d 年，本次收集的是 %d 年度", r.Year, want)))
	}
	if r.Year == 0 {
		return fs
	}
	need := model.VersionForYear(r.Year)
	for _, id := range []string{"t2", "t3"} { // 表四 is the same in both versions
		if v, ok := r.Tables[id]; ok && v != need {
			name := model.TableOf(v, id).Name
			fs = append(fs, checks.At(checks.RYear, nil, "",
				fmt.Sprintf("%s 使用的是 %d 版格式，%d 年度应使用 %d 版格式（%s）", name, v, r.Year, need, versionHint(need))))
		}
	}
	return fs
}

func versionHint(v model.Version) string {
	if v == model.V2021 {
		return "国办公开办函〔2021〕30号"
	}
	return "国办公开办函〔2019〕60号"
}

// Explanations returns the unit's explanations of warnings in the 校验 sheet of one of our workbooks, by
// checks.ExplainKey; nil for any other file.
func (pre *Prepared) Explanations(src Source) map[string]string {
	return explanations(src.Grids, pre.meta)
}

// explanations reads the 说明 column of the 校验 sheet of one of our workbooks: the unit's explanation of
// each warning, by checks.ExplainKey. A 校验 sheet without the column (a template made before it) has none.
func explanations(grids []Grid, meta metaInfo) map[string]string {
	if !meta.ok {
		return nil
	}
	w := templates.For(meta.version)
	index := sheetIndex(grids)
	at := func(sheet, ref string) string {
		col, row, ok := model.ParseRef(ref)
		if !ok {
			return ""
		}
		return textAt(grids, index, sheet, row-1, col-1)
	}
	if h := w.ExplainHeader; at(h.Sheet, h.Ref) != h.Text {
		return nil
	}
	var out map[string]string
	for _, e := range w.Explains {
		if t := strings.TrimSpace(at(templates.CheckSheet, e.Ref)); t != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[checks.ExplainKey(e.Rule, e.Key)] = t
		}
	}
	return out
}
