package templates

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"

	"nianbao/model"
)

// Fields of 填报说明 and of the meta sheet whose values the writer supplies.
const (
	FieldUnitName = "unit_name"
	FieldUnitCode = "unit_code"
	FieldYear     = "year"
	FieldFiller   = "filler"
	FieldPhone    = "phone"
)

// FieldPlace is a field of the 填报说明 sheet.
type FieldPlace struct {
	// Name is one of the Field* constants.
	Name string
	// Label is the Chinese caption beside the field.
	Label string
	// Ref is the field's cell in the 填报说明 sheet.
	Ref string
	// Always says the writer always fills and locks it (the report year); other fields stay open for the
	// agency unless pre-filled.
	Always bool
}

// Field returns the place of a 填报说明 field by name.
func (w *Workbook) Field(name string) (FieldPlace, bool) {
	for _, f := range w.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return FieldPlace{}, false
}

// Document names the official notice of a version.
func Document(v model.Version) string {
	if v == model.V2019 {
		return "国办公开办函〔2019〕60号"
	}
	return "国办公开办函〔2021〕30号"
}

// infoSheet lays out 填报说明: the unit's fields, then the instructions.
func infoSheet(w *Workbook) {
	b := newBuilder(w, InfoSheet, "政府信息公开工作年度报告统计表 填报说明", 16, 80)
	fields := []FieldPlace{
		{Name: FieldUnitName, Label: "填报单位"},
		{Name: FieldUnitCode, Label: "单位代码"},
		{Name: FieldYear, Label: "报告年度", Always: true},
		{Name: FieldFiller, Label: "填报人"},
		{Name: FieldPhone, Label: "联系电话"},
	}
	row := 3
	for i := range fields {
		f := &fields[i]
		b.put(Placed{Text: f.Label, Style: FieldLabel}, 1, row, 1, row)
		f.Ref = b.put(Placed{Field: f.Name, Style: Field}, 2, row, 2, row).Ref
		row++
	}
	w.Fields = fields
	b.put(Placed{Text: "表格版本", Style: FieldLabel}, 1, row, 1, row)
	b.put(Placed{Text: fmt.Sprintf("%d版（%s印发的年度报告格式）", w.Version, Document(w.Version)), Style: RowLabel}, 2, row, 2, row)
	row += 2
	b.put(Placed{Text: "填报须知", Style: Header}, 1, row, 2, row)
	row++
	for i, text := range instructions(w.Version) {
		b.put(Placed{Text: fmt.Sprintf("%d. %s", i+1, text), Style: Text}, 1, row, 2, row)
		row++
	}
	b.s.Protected = true
	b.fitRows()
}

func instructions(v model.Version) []string {
	var tables []string
	for _, t := range model.FormOf(v).Tables {
		tables = append(tables, fmt.Sprintf("%s「%s」", t.Name, strings.SplitN(t.Title, "、", 2)[1]))
	}
	kinds := "本年收费金额以万元为单位，可有小数；其余数字均为件数，填非负整数。"
	if v == model.V2019 {
		kinds = "件数、项目数量填非负整数；本年增/减填整数，减少时填负数（如 -1）；采购总金额以万元为单位，可有小数。"
	}
	return []string{
		"本工作簿包括" + strings.Join(tables, "、") + "，格式与" + Document(v) + "印发的年度报告格式一致；另有“校验”表，随填随算各项勾稽关系。",
		"表二填写第二十条规定的主动公开事项；表三填写本年度收到和处理政府信息公开申请的件数，按申请人类型分列；表四填写政府信息公开行政复议、行政诉讼的件数。",
		"只在浅色底纹的单元格中填写数字；灰色单元格是自动计算的合计，不能填写。",
		"没有发生的事项可以留空，空白单元格按 0 计。",
		kinds,
		"不要插入或删除行、列，不要修改表头、行名称和工作表名称，否则无法自动读取。",
		"填好后查看“校验”表：✗ 表示勾稽关系不成立，必须改正；⚠ 表示数字不常见，请核实，确实无误的请在报送时说明。不成立时表中对应的合计单元格也会变红。",
		"个别软件（如部分版本的 WPS）打开后合计没有自动计算时，修改任一单元格即可刷新；以主管部门复核结果为准。",
		"报送：保存为 .xlsx 格式（不要另存为 .xls 或 .et），文件名请包含单位名称，按通知要求的方式和时间报送政府信息公开工作主管部门。",
	}
}

// Meta is the content of the very hidden meta sheet: key/value rows (column A key, column B value) that
// readers use to recognise our workbooks.
type Meta struct {
	// Kind is "template" (default) or "summary".
	Kind     string
	Year     int
	UnitCode string
	UnitName string
	// Covers lists the unit codes a summary consolidates.
	Covers []string
	// Digest is the value of the digest row. When empty, Rows computes the digest of a template's meta
	// (Digest with no figures); a summary's digest covers its figures and is computed by its writer.
	Digest string
}

// MetaSpec is the version of the meta sheet's format.
const MetaSpec = "1"

// The kinds of workbook a meta sheet names.
const (
	KindTemplate = "template"
	KindSummary  = "summary"
)

// The keys of the meta sheet's rows, in the order Rows writes them.
const (
	metaTool     = "tool"
	metaKind     = "kind"
	metaSpec     = "spec"
	metaForm     = "form"
	metaYear     = "year"
	metaUnitCode = "unit_code"
	metaUnitName = "unit_name"
	metaCovers   = "covers"
	toolName     = "nianbao"
)

// IsSummary reports whether the meta names a summary workbook.
func (m Meta) IsSummary() bool { return m.Kind == KindSummary }

// ParseMeta reads the key/value rows of a meta sheet (as read.Workbook.Meta holds them). It returns the
// meta and the form version, and false when the rows are not ours (no tool row, or no known version).
func ParseMeta(kv map[string]string) (Meta, model.Version, bool) {
	if kv[metaTool] != toolName {
		return Meta{}, 0, false
	}
	v, err := model.ParseVersion(kv[metaForm])
	if err != nil {
		return Meta{}, 0, false
	}
	year, _ := strconv.Atoi(kv[metaYear])
	m := Meta{Kind: kv[metaKind], Year: year, UnitCode: kv[metaUnitCode], UnitName: kv[metaUnitName]}
	if m.Kind == "" {
		m.Kind = KindTemplate
	}
	for _, c := range strings.Split(kv[metaCovers], ",") {
		if c = strings.TrimSpace(c); c != "" {
			m.Covers = append(m.Covers, c)
		}
	}
	return m, v, true
}

// MetaCellChars is the most a meta sheet cell holds (UTF-16 units), below the 32,767 a cell can: a value
// longer than that (the covers of a summary of more than some 4,000 units) continues in the cells to its
// right, and a reader joins the cells of a row after its key (MetaCells).
const MetaCellChars = 30000

// MetaCells splits a meta value into the cells of its row, each at most MetaCellChars long, cut after a
// comma where there is one; joined without a separator they are the value again. A value that fits is
// one cell.
func MetaCells(v string) []string {
	var out []string
	for {
		n, cut := 0, -1
		for i, r := range v {
			if n += utf16.RuneLen(r); n > MetaCellChars {
				if cut < 0 {
					cut = i
				}
				break
			}
			if r == ',' {
				cut = i + 1
			}
		}
		if n <= MetaCellChars {
			return append(out, v)
		}
		out, v = append(out, v[:cut]), v[cut:]
	}
}

// Rows returns the key/value rows of the meta sheet for a version, in order: tool, kind, spec, form,
// year, unit_code, unit_name, covers when there are any, and the digest.
func (m Meta) Rows(v model.Version) [][2]string {
	kind := m.Kind
	if kind == "" {
		kind = KindTemplate
	}
	year := ""
	if m.Year != 0 {
		year = fmt.Sprint(m.Year)
	}
	rows := [][2]string{
		{metaTool, toolName}, {metaKind, kind}, {metaSpec, MetaSpec}, {metaForm, fmt.Sprint(int(v))},
		{metaYear, year}, {metaUnitCode, m.UnitCode}, {metaUnitName, m.UnitName},
	}
	if len(m.Covers) > 0 {
		rows = append(rows, [2]string{metaCovers, strings.Join(m.Covers, ",")})
	}
	d := m.Digest
	if d == "" {
		d = Digest(MetaMap(rows), nil, nil)
	}
	return append(rows, [2]string{MetaDigest, d})
}

// build lays out the whole workbook of a version.
func build(v model.Version) *Workbook {
	w := &Workbook{Version: v, places: map[string]KeyPlace{}, keyAt: map[[2]string]string{}}
	infoSheet(w)
	for _, t := range model.FormOf(v).Tables {
		switch t.ID {
		case "t2":
			table2(w, t)
		case "t3":
			table3(w, t)
		case "t4":
			table4(w, t)
		}
	}
	checkSheet(w)
	w.Sheets = append(w.Sheets, &Sheet{Name: MetaSheet, ColWidths: []float64{12, 40}, VeryHidden: true,
		Protected: true, RowHeights: map[int]float64{}})
	return w
}
