package extract

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"nianbao/checks"
	"nianbao/locate"
	"nianbao/model"
)

// tableIDs are the tables in the order a report prints them.
var tableIDs = model.TableIDs

// readAligned reads the tables of column-aligned text into r: each table's region runs from its title line
// to the next table's title (表四: to the heading of part 五); the version of each table is the one whose rows
// fit its lines best.
//
// The texts found for each cell are laid out as a grid and read by locate.Read, so that text, PDF text, HTML,
// Word and workbooks convert cell texts, report blanks and recompute blank totals in the same way.
func readAligned(r *model.Report, d *document) []checks.Finding {
	var out []checks.Finding
	sink := &alignedGrid{layout: locate.Layout{Tables: map[string]model.Version{}, Places: map[string]locate.Place{}}}
	titles := map[string]int{} // table id → index in d.lines of its title
	from := 0
	for _, id := range tableIDs {
		want := model.TableOf(model.V2021, id).Title
		for i := from; i < len(d.lines); i++ {
			t := strings.TrimSpace(d.lines[i].Text)
			if isTitle(t, want) {
				titles[id], from = i, i+1
				break
			}
		}
	}
	for k, id := range tableIDs {
		start, ok := titles[id]
		if !ok {
			out = append(out, checks.At(checks.RTable, r, "", fmt.Sprintf("%s：找不到%s（标题“%s”）",
				d.name, model.TableOf(model.V2021, id).Name, model.TableOf(model.V2021, id).Title)))
			continue
		}
		end := len(d.lines)
		for _, next := range tableIDs[k+1:] {
			if e, ok := titles[next]; ok {
				end = e
				break
			}
		}
		if id == "t4" {
			end = partHeadingAfter(d.lines, start+1, end)
		}
		out = append(out, readAlignedTable(r, d, sink, id, start+1, end)...)
	}
	g := locate.Grid{Name: d.name, Rows: sink.rows, Source: func(row, col int) model.Source {
		if row < 0 || row >= len(sink.lines) {
			return model.Source{File: d.name}
		}
		if cl := sink.cellLines[row]; col >= 0 && col < len(cl) && cl[col] > 0 {
			return model.Source{File: d.name, Line: cl[col]}
		}
		return model.Source{File: d.name, Line: sink.lines[row]}
	}}
	out = append(out, locate.Read(r, []locate.Grid{g}, sink.layout)...)
	return append(out, unplaced(r, sink.rejected)...)
}

// alignedGrid collects the cell texts of column-aligned tables as one grid, a row per printed row, with the
// place of every key and the line each row was read from.
type alignedGrid struct {
	rows  [][]locate.Cell
	lines []int
	// cellLines are the lines of a row's cells when they differ (numbers over several lines, a browser copy's
	// one line per cell); 0 or a missing entry means the row's line.
	cellLines [][]int
	layout    locate.Layout
	// rejected are the cells of rows whose values could not be placed.
	rejected []rejectedCell
}

// add appends a printed row: the texts of its keys, read from line n, each from its line in cellLines.
func (g *alignedGrid) add(keys, texts []string, n int, cellLines []int) {
	row := make([]locate.Cell, len(keys))
	for i, k := range keys {
		row[i] = locate.Cell{Text: texts[i]}
		g.layout.Places[k] = locate.Place{Grid: 0, Row: len(g.rows), Col: i}
	}
	g.rows = append(g.rows, row)
	g.lines = append(g.lines, n)
	g.cellLines = append(g.cellLines, cellLines)
}

// isTitle tells whether a line is the title of a table: numbered like it ("三、…") and worded like it, or
// worded almost exactly like it. A sub-heading of the prose ("(一)2021年主动公开政府信息情况") is not.
func isTitle(line, want string) bool {
	if utf8.RuneCountInString(line) > utf8.RuneCountInString(want)+8 {
		return false
	}
	sim := model.Similarity(line, want)
	h, ok := partHeading(line)
	w, _ := partHeading(want)
	if ok {
		return h.number == w.number && sim >= 0.5
	}
	return sim >= 0.85
}

// partHeadingAfter returns the index of the first heading of a later part (五、…) in lines[from:to], or to.
func partHeadingAfter(lines []textLine, from, to int) int {
	for i := from; i < to; i++ {
		if h, ok := partHeading(lines[i].Text); ok && h.number >= 5 {
			return i
		}
	}
	return to
}

// maxTableLines bounds the non-blank lines a table's region may have: the longest table, 表三 with every
// label wrapped, takes about 100; the matching costs time in proportion to the lines.
const maxTableLines = 400

// readAlignedTable reads one table from lines[from:to] of the document.
func readAlignedTable(r *model.Report, d *document, sink *alignedGrid, id string, from, to int) []checks.Finding {
	var lines []alignedLine
	var index []int // index in d.lines of each aligned line
	for i := from; i < to && len(lines) < maxTableLines; i++ {
		if strings.TrimSpace(d.lines[i].Text) == "" {
			continue
		}
		lines = append(lines, parseAligned(d.lines[i].N, d.lines[i].Text))
		lines[len(lines)-1].placeCells(d.lines[i].Cells)
		lines[len(lines)-1].placeSpans(d.lines[i].Spans)
		index = append(index, i)
	}
	attachUnits(lines)
	// Try each version of the table; prefer the report's own version on a tie.
	versions := []model.Version{r.Version, model.V2019}
	if r.Version == model.V2019 {
		versions[1] = model.V2021
	}
	var (
		bestCut cut
		bestV   model.Version
		bestS   []slot
	)
	for i, v := range versions {
		ss := slots(model.TableOf(v, id))
		c := align(lines, ss)
		if i == 0 || c.score > bestCut.score+1e-9 {
			bestCut, bestV, bestS = c, v, ss
		}
	}
	name := model.TableOf(bestV, id).Name
	withValues := 0
	for _, l := range lines {
		if len(l.vals) > 0 {
			withValues++
		}
	}
	if withValues == 0 && blankTable(id, lines) {
		// The table is printed, with its header, and not one number: every cell is blank, as in a ruled
		// table with empty cells (locate notes blanks, which count as 0).
		sink.layout.Tables[id] = bestV
		for _, s := range bestS {
			if s.keys != nil {
				sink.add(s.keys, make([]string, len(s.keys)), lines[0].n, nil)
			}
		}
		return nil
	}
	if withValues == 0 || math.IsInf(bestCut.score, -1) {
		f := checks.At(checks.RTable, r, "", fmt.Sprintf("%s：%s标题后找不到表格数值", d.name, name))
		if from > 0 {
			f.Line = d.lines[from-1].N // at the table's title
		}
		return []checks.Finding{f}
	}
	sink.layout.Tables[id] = bestV
	var out []checks.Finding
	for _, k := range bestCut.skipped {
		out = append(out, checks.Finding{Rule: checks.RTable.ID, Severity: checks.RTable.Severity, File: d.name,
			Line: lines[k].n, Message: fmt.Sprintf("%s %s的数字无法对应到表格的任何一行：「%s」",
				name, d.lineName(lines[k].n), strings.TrimSpace(lines[k].text))})
	}
	first, last := len(lines), -1
	for j, s := range bestS {
		span := bestCut.spans[j]
		if span[1] > span[0] {
			first, last = min(first, span[0]), max(last, span[1]-1)
		}
		if s.keys == nil {
			continue
		}
		out = append(out, readSlot(sink, d, name, lines, span, s)...)
	}
	for k := first; k <= last; k++ {
		d.lines[index[k]].Table = true
	}
	return out
}

// readSlot finds the texts of one row's values on the line of values among lines[span[0]:span[1]]; a row
// without such a line is blank.
func readSlot(sink *alignedGrid, d *document, table string, lines []alignedLine, span [2]int, s slot) []checks.Finding {
	file := d.name
	var out []checks.Finding
	var vl *alignedLine
	lineNo := 0
	for k := span[0]; k < span[1]; k++ {
		if lineNo == 0 {
			lineNo = lines[k].n
		}
		if len(lines[k].vals) > 0 {
			vl = &lines[k]
		}
	}
	texts := make([]string, len(s.keys))
	at := make([]int, len(s.keys))
	if vl == nil && d.cellLines && !printsCells(lines[span[0]:span[1]], len(s.keys)) {
		// A text of one cell a line prints a blank cell as a line of its own; a label without any is a row
		// whose numbers went elsewhere (pdftotext without -layout prints some columns apart), not a blank row.
		for _, k := range s.keys {
			sink.rejected = append(sink.rejected, rejectedCell{k, lineNo})
		}
		sink.add(s.keys, texts, lineNo, at)
		return []checks.Finding{{Rule: checks.RTable.ID, Severity: checks.RTable.Severity, File: file, Line: lineNo,
			Message: fmt.Sprintf("%s %s（%s）：行名后没有单元格，数值可能印在别处，此行未读取", table, d.lineName(lineNo), s.label)}}
	}
	if joined := joinedValues(lines[span[0]:span[1]], len(s.keys)); joined != nil {
		for i, v := range joined {
			texts[i], at[i] = v.text, v.line
		}
		sink.add(s.keys, texts, lines[span[0]].n, at)
		return nil
	}
	if vl != nil {
		lineNo = vl.n
		cols, problem := columns(vl.vals, vl.cells, len(s.keys), lines[:span[0]])
		if c := tabColumns(vl, len(s.keys)); problem != "" && c != nil {
			cols, problem = c, ""
		}
		if problem != "" {
			if c := regionColumns(vl, lines, s.keys); c != nil {
				cols, problem = c, ""
			}
		}
		if problem != "" {
			out = append(out, checks.Finding{Rule: checks.RTable.ID, Severity: checks.RTable.Severity, File: file,
				Line: vl.n, Message: fmt.Sprintf("%s %s（%s）：%s；读到「%s」，此行数值未采用", table, d.lineName(vl.n),
					s.label, problem, valueTexts(vl.vals))})
		}
		placed := make([]bool, len(s.keys))
		for i, c := range cols {
			if c >= 0 {
				texts[c], at[c] = vl.vals[i].text, vl.vals[i].line
				placed[c] = true
			}
		}
		for c, ok := range placed {
			if problem != "" && !ok {
				sink.rejected = append(sink.rejected, rejectedCell{s.keys[c], vl.n})
			}
		}
	}
	sink.add(s.keys, texts, lineNo, at)
	return out
}

// joinedValues returns the numbers of a row spread over several lines, in reading order, when there are
// exactly ncols of them; nil when the row has one line of numbers or a count that does not fit.
func joinedValues(lines []alignedLine, ncols int) []token {
	var out []token
	withValues := 0
	for _, l := range lines {
		if len(l.vals) > 0 {
			withValues++
			out = append(out, l.vals...)
		}
	}
	if withValues < 2 || len(out) != ncols {
		return nil
	}
	return out
}

// attachUnits gives a unit printed on its own back to its number: a narrow cell "75394432.52元" comes out of
// pdftotext as "元" at the end of the row's line and the number alone on the next line, under it. Without
// this the number would be read in the column's default unit (万元), ten thousand times too large.
func attachUnits(lines []alignedLine) {
	for i := 0; i+1 < len(lines); i++ {
		l, next := &lines[i], &lines[i+1]
		if len(l.toks) < 2 || len(next.vals) != 1 || !unitWord[l.toks[len(l.toks)-1].text] {
			continue
		}
		u, v := l.toks[len(l.toks)-1], next.vals[0]
		if !strings.ContainsAny(v.text, "0123456789") || strings.ContainsAny(v.text, "元") ||
			v.x1 < u.x0-8 || v.x0 > u.x1+4 {
			continue
		}
		*l = parseAligned(l.n, strings.TrimRight(strings.TrimSuffix(strings.TrimRight(l.text, " \t"), u.text), " \t"))
		*next = parseAligned(next.n, next.text+u.text)
	}
}

// unitWord lists the units that a narrow cell may print apart from its number.
var unitWord = map[string]bool{"元": true, "万元": true}

// valueTexts lists the values of a line as read, for a message.
func valueTexts(vals []token) string {
	texts := make([]string, len(vals))
	for i, v := range vals {
		texts[i] = v.text
	}
	return strings.Join(texts, " ")
}
