// Package view is what the page shows of a checked file and what its sheets list: the official tables
// laid out as in the template with the findings as numbered notes at their cells (Tables), the faults
// with their consequences (Groups), and the findings as one sheet (FindingsSheet) with rows of text
// (TextRow). It reads results only; package web serves them.
package view

import (
	"strconv"
	"strings"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/model"
	"nianbao/templates"
)

// HTMLTable is one official table laid out as in the template (templates.For): rows of cells with their
// spans, the values read from the file, and the findings of each cell as numbered notes.
type HTMLTable struct {
	Name  string       `json:"name"`
	Title string       `json:"title"`
	Rows  [][]HTMLCell `json:"rows"`
	Notes []Note       `json:"notes"`
}

// HTMLCell is one cell of an HTMLTable; cells covered by a merged range are left out.
type HTMLCell struct {
	Text    string `json:"text,omitempty"`
	ColSpan int    `json:"colspan,omitempty"`
	RowSpan int    `json:"rowspan,omitempty"`
	// Class is the cell's role (header, label, input, total) and, for a cell with findings, the worst
	// severity (error, warning, info).
	Class string `json:"class,omitempty"`
	Key   string `json:"key,omitempty"`
	// Marks are the numbers of the notes about the cell.
	Marks []int `json:"marks,omitempty"`
}

// Note is a finding shown beside a table, numbered as its mark in the cell.
type Note struct {
	N        int             `json:"n"`
	Severity checks.Severity `json:"severity"`
	Rule     string          `json:"rule"`
	// Where names the cell of the received file ("表三!D5").
	Where   string `json:"where,omitempty"`
	Message string `json:"message"`
	// ID is the finding's id (F1, …); Because, on a consequence, the fault it is listed under and Also the
	// other faults it follows from; Unchecked marks a 无法核对 consequence.
	ID        string   `json:"id,omitempty"`
	Because   string   `json:"because,omitempty"`
	Also      []string `json:"also,omitempty"`
	Unchecked bool     `json:"unchecked,omitempty"`
	// Explanation is the warning's explanation (已说明); Explainable is true for a warning that can be
	// explained; ExplainedBy says who gave the explanation: 文件 (the workbook's 说明 column) or the actor
	// who recorded it in the page.
	Explanation string `json:"explanation,omitempty"`
	Explainable bool   `json:"explainable,omitempty"`
	ExplainedBy string `json:"explained_by,omitempty"`
}

var styleClass = map[templates.Style]string{templates.Title: "title", templates.Header: "header",
	templates.RowLabel: "label", templates.Note: "note", templates.Input: "input", templates.Total: "total"}

var severityRank = map[checks.Severity]int{checks.Info: 1, checks.Warning: 2, checks.Error: 3}

var severityClass = map[checks.Severity]string{checks.Info: "info", checks.Warning: "warning", checks.Error: "error"}

// Tables lays out the tables of a checked file. Findings at cells of a table become its notes;
// the others (about the whole file) come as a last table without rows named "其他".
func Tables(f batch.File) []HTMLTable {
	out := []HTMLTable{}
	v := f.Version
	if v == 0 && f.Year != 0 {
		v = model.VersionForYear(f.Year)
	}
	placed := map[string]bool{}
	var layout *templates.Workbook
	if v != 0 && f.Verdict != batch.Unreadable {
		layout = templates.For(v)
		for _, sh := range layout.Sheets {
			if sh.Table == nil {
				continue
			}
			t := renderSheet(sh, f)
			for _, c := range sh.Cells {
				if c.Key != "" {
					placed[c.Key] = true
				}
			}
			out = append(out, t)
		}
	}
	other := HTMLTable{Name: "其他", Title: "文件的其他问题", Rows: [][]HTMLCell{}, Notes: []Note{}}
	for _, fd := range f.Findings {
		if fd.Key == "" || !placed[fd.Key] {
			other.Notes = append(other.Notes, note(len(other.Notes)+1, fd))
		}
	}
	return append(out, other)
}

func renderSheet(sh *templates.Sheet, f batch.File) HTMLTable {
	t := HTMLTable{Name: sh.Name, Title: sh.Title, Rows: [][]HTMLCell{}, Notes: []Note{}}
	byRef := map[string]templates.Placed{}
	for _, c := range sh.Cells {
		byRef[c.Ref] = c
	}
	covered := map[[2]int]bool{}
	spans := map[string][2]int{}
	for _, m := range sh.Merges {
		a, b, ok := strings.Cut(m, ":")
		c1, r1, ok1 := model.ParseRef(a)
		c2, r2, ok2 := model.ParseRef(b)
		if !ok || !ok1 || !ok2 {
			continue
		}
		spans[a] = [2]int{c2 - c1 + 1, r2 - r1 + 1}
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				if r != r1 || c != c1 {
					covered[[2]int{c, r}] = true
				}
			}
		}
	}
	marks := map[string][]int{}
	worst := map[string]checks.Severity{}
	keys := map[string]bool{}
	for _, c := range sh.Cells {
		if c.Key != "" {
			keys[c.Key] = true
		}
	}
	for _, fd := range f.Findings {
		if !keys[fd.Key] {
			continue
		}
		n := note(len(t.Notes)+1, fd)
		t.Notes = append(t.Notes, n)
		marks[fd.Key] = append(marks[fd.Key], n.N)
		if cur, ok := worst[fd.Key]; !ok || severityRank[fd.Severity] > severityRank[cur] {
			worst[fd.Key] = fd.Severity
		}
	}
	start := 2 // row 1 holds the title, shown above the table
	if sh.Title == "" {
		start = 1
	}
	for r := start; r <= sh.Height; r++ {
		row := []HTMLCell{}
		for c := 1; c <= sh.Width; c++ {
			if covered[[2]int{c, r}] {
				continue
			}
			ref := model.CellRef(c, r)
			p := byRef[ref]
			cell := HTMLCell{Text: p.Text, Class: styleClass[p.Style], Key: p.Key}
			if sp, ok := spans[ref]; ok {
				if sp[0] > 1 {
					cell.ColSpan = sp[0]
				}
				if sp[1] > 1 {
					cell.RowSpan = sp[1]
				}
			}
			if p.Key != "" {
				if val, ok := f.Values[p.Key]; ok {
					cell.Text = strconv.FormatFloat(val, 'f', -1, 64)
				}
				cell.Marks = marks[p.Key]
				if s, ok := worst[p.Key]; ok {
					cell.Class += " " + severityClass[s]
				}
			}
			row = append(row, cell)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func note(n int, fd checks.Finding) Note {
	where := fd.Sheet
	if fd.Cell != "" {
		where += "!" + fd.Cell
	}
	if fd.Line > 0 {
		where += "第" + strconv.Itoa(fd.Line) + "行"
	}
	return Note{N: n, Severity: fd.Severity, Rule: fd.Rule, Where: strings.TrimPrefix(where, "!"), Message: fd.Message,
		ID: fd.ID, Because: fd.Because, Also: fd.AlsoBecause(), Unchecked: fd.Unchecked, Explanation: fd.Explanation,
		Explainable: fd.Fault() && fd.Severity == checks.Warning}
}
