package read

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"nianbao/locate"
)

// readHTML reads a web page (often an OA export saved as .xls) into one grid per <table>, named 表格1,
// 表格2… in page order. colspan/rowspan keep the text in the top-left cell and blank the rest; Excel's
// x:num attribute gives the raw number. A page without a non-empty table is ErrNotWorkbook.
func readHTML(ctx context.Context, path string, r io.ReaderAt, size int64, lim Limits) (*Workbook, error) {
	data, err := io.ReadAll(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, fileErr(path, ErrIO, "读取文件时出错", err)
	}
	grids, err := htmlTables(ctx, path, DecodeHTML(data), lim)
	if err != nil {
		return nil, err
	}
	if len(grids) == 0 {
		return nil, fileErr(path, ErrNotWorkbook, "这是网页（HTML）文件，其中没有表格，不是 Excel 工作簿", nil)
	}
	return &Workbook{Path: path, Kind: HTML, Grids: grids, Hidden: map[string]bool{}}, nil
}

// DecodeHTML returns a web page as UTF-8: by its BOM, else by its <meta charset> (or http-equiv
// Content-Type), else as UTF-8 when valid, else as GB18030 (Chinese pages saved by older systems without a
// declaration). A declared UTF-8 or windows-1252 (the web's default) that the bytes contradict falls back
// to GB18030 too: OA systems often write a declaration that their GBK pages do not follow. It is the one
// charset rule of the project's HTML readers: pages saved as .xls here, published pages in extract.
func DecodeHTML(data []byte) io.Reader {
	var enc encoding.Encoding
	e, name, certain := charset.DetermineEncoding(data, "") // certain only for a BOM
	switch {
	case certain, name != "utf-8" && name != "windows-1252": // a BOM, or a declared charset
		enc = e
	case utf8.Valid(data):
		enc = unicode.UTF8
	default:
		enc = simplifiedchinese.GB18030
	}
	return enc.NewDecoder().Reader(bytes.NewReader(data))
}

// htmlTable is a table being read.
type htmlTable struct {
	slot    int // index in the page order of tables
	rows    [][]locate.Cell
	covered map[[2]int]bool // positions taken by rowspans from rows above
	inRow   bool
	cell    *strings.Builder // text of the open cell, nil outside cells
	cellAt  [2]int
	raw     string // x:num of the open cell
	str     bool
}

// htmlTables tokenizes the page and returns its non-empty tables.
func htmlTables(ctx context.Context, path string, r io.Reader, lim Limits) ([]locate.Grid, error) {
	z := html.NewTokenizer(r)
	var (
		stack  []*htmlTable
		done   []*htmlTable
		slots  int
		budget = lim.MaxCells
		skip   string // inside <script> or <style>
	)
	over := func(limit, max string) error { return tooLarge(path, limit, overLimit(limit, max, "")) }
	for n := 1; ; n++ {
		if n&4095 == 0 && ctx.Err() != nil {
			return nil, timeoutErr(path, lim)
		}
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() == io.EOF {
				break
			}
			return nil, fileErr(path, ErrCorrupt, "网页文件无法读取", z.Err())
		}
		tok := z.Token()
		var t *htmlTable
		if len(stack) > 0 {
			t = stack[len(stack)-1]
		}
		if skip != "" {
			if tt == html.EndTagToken && tok.Data == skip {
				skip = ""
			}
			continue
		}
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			switch tok.Data {
			case "script", "style":
				if tt == html.StartTagToken {
					skip = tok.Data
				}
			case "table":
				if len(stack) >= 64 {
					return nil, fileErr(path, ErrCorrupt, "网页中的表格嵌套过深", nil)
				}
				stack = append(stack, &htmlTable{slot: slots, covered: map[[2]int]bool{}})
				slots++
			case "tr":
				if t != nil {
					t.endCell()
					if len(t.rows) >= lim.MaxRows {
						return nil, over(LimitRows, fmt.Sprint(lim.MaxRows))
					}
					t.rows = append(t.rows, nil)
					t.inRow = true
				}
			case "td", "th":
				if t == nil {
					continue
				}
				t.endCell()
				if !t.inRow {
					t.rows = append(t.rows, nil)
					t.inRow = true
				}
				if err := t.startCell(tok, &budget); err != nil {
					return nil, over(LimitCells, fmt.Sprint(lim.MaxCells))
				}
			case "br", "p", "div":
				if t != nil && t.cell != nil && t.cell.Len() > 0 {
					t.cell.WriteByte('\n')
				}
			}
		case html.EndTagToken:
			switch {
			case t == nil:
			case tok.Data == "table":
				t.endCell()
				stack = stack[:len(stack)-1]
				done = append(done, t)
			case tok.Data == "tr":
				t.endCell()
				t.inRow = false
			case tok.Data == "td" || tok.Data == "th":
				t.endCell()
			}
		case html.TextToken:
			if t != nil && t.cell != nil {
				t.cell.WriteString(tok.Data)
				if t.cell.Len() > 4*lim.MaxStringLen {
					return nil, over(LimitStringLen, fmt.Sprintf("%d 个字符", lim.MaxStringLen))
				}
			}
		}
	}
	for len(stack) > 0 { // tables left open at the end of the page
		t := stack[len(stack)-1]
		t.endCell()
		stack = stack[:len(stack)-1]
		done = append(done, t)
	}
	return gridsOf(done, slots), nil
}

// startCell opens a cell at the next free position of the current row and reserves its spans.
func (t *htmlTable) startCell(tok html.Token, budget *int) error {
	r := len(t.rows) - 1
	c := len(t.rows[r])
	for t.covered[[2]int{r, c}] {
		c++
	}
	colspan, rowspan := span(tok, "colspan"), span(tok, "rowspan")
	if *budget -= colspan * rowspan; *budget < 0 {
		return errBudget
	}
	for dr := 0; dr < rowspan; dr++ {
		for dc := 0; dc < colspan; dc++ {
			if dr > 0 || dc > 0 {
				t.covered[[2]int{r + dr, c + dc}] = true
			}
		}
	}
	for len(t.rows[r]) < c+colspan {
		t.rows[r] = append(t.rows[r], locate.Cell{})
	}
	t.cell, t.cellAt = &strings.Builder{}, [2]int{r, c}
	t.raw, t.str = "", false
	for _, a := range tok.Attr {
		switch a.Key {
		case "x:num":
			t.raw = strings.TrimSpace(a.Val)
		case "x:str":
			t.str = true
		}
	}
	return nil
}

// endCell stores the open cell's text, whitespace collapsed.
func (t *htmlTable) endCell() {
	if t.cell == nil {
		return
	}
	text := strings.Join(strings.FieldsFunc(t.cell.String(), func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\r' || r == '\u00a0'
	}), " ")
	lines := strings.Split(text, "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	text = strings.TrimSpace(strings.Join(lines, "\n"))
	if t.raw != "" {
		if _, err := strconv.ParseFloat(t.raw, 64); err == nil {
			text = t.raw
		}
	}
	t.rows[t.cellAt[0]][t.cellAt[1]] = locate.Cell{Text: text, Str: t.str}
	t.cell = nil
}

// span reads a colspan/rowspan attribute: 1 when absent or invalid, at most 1000.
func span(tok html.Token, key string) int {
	for _, a := range tok.Attr {
		if a.Key == key {
			n, err := strconv.Atoi(strings.TrimSpace(a.Val))
			if err != nil || n < 1 {
				return 1
			}
			return min(n, 1000)
		}
	}
	return 1
}

// gridsOf orders the finished tables by slot and keeps those with some text.
func gridsOf(done []*htmlTable, slots int) []locate.Grid {
	bySlot := make([]*htmlTable, slots)
	for _, t := range done {
		bySlot[t.slot] = t
	}
	var out []locate.Grid
	for _, t := range bySlot {
		if t == nil || !hasText(t.rows) {
			continue
		}
		out = append(out, locate.Grid{Name: fmt.Sprintf("表格%d", len(out)+1), Rows: t.rows})
	}
	return out
}

func hasText(rows [][]locate.Cell) bool {
	for _, row := range rows {
		for _, c := range row {
			if c.Text != "" {
				return true
			}
		}
	}
	return false
}

var errBudget = fmt.Errorf("cell budget exhausted")
