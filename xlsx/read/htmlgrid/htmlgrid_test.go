package htmlgrid

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"nianbao/locate"
)

func gridTexts(p *Page) map[string][][]string {
	out := map[string][][]string{}
	for _, g := range p.Grids {
		out[g.Name] = locate.Texts(g.Rows)
	}
	return out
}

// TestPage: grids in the order tables start, nested ones as their own grids and not in the cell's text,
// spans spread, empty tables dropped, and the text outside tables in lines with a line per outermost table.
func TestPage(t *testing.T) {
	t.Parallel()
	page := `<html><head><title>某局 2024 年报</title><style>td{color:red}</style></head><body>
<p>一、总体情况</p>说明文字<br>第二行
<table><tr><td rowspan="2">项目</td><td>甲<br>乙</td></tr><tr><td><table><tr><td>内层</td></tr></table>12</td></tr></table>
<div>二、<b>其他</b></div><table><tr><td></td></tr></table><script>var x = "<table><tr><td>no</td></tr></table>";</script>
<table><tr><td x:num="1234.5">1,234.50</td><td colspan=2>&nbsp;宽&nbsp;</td></tr></table></body></html>`
	p, err := Read(context.Background(), []byte(page), Limits{MaxCells: 100})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][][]string{
		"表格1": {{"项目", "甲\n乙"}, {"", "12"}},
		"表格2": {{"内层"}},
		"表格3": {{"1234.5", "宽", ""}},
	}
	if got := gridTexts(p); !reflect.DeepEqual(got, want) {
		t.Errorf("grids %q, want %q", got, want)
	}
	wantLines := []Line{{"某局 2024 年报", -1}, {"一、总体情况", -1}, {"说明文字", -1}, {"第二行", -1}, {"表格1", 0},
		{"二、其他", -1}, {"表格3", 2}}
	if !reflect.DeepEqual(p.Lines, wantLines) {
		t.Errorf("lines %+v, want %+v", p.Lines, wantLines)
	}
}

// utf16le encodes s as UTF-16 little endian with a byte order mark.
func utf16le(s string) []byte {
	out := []byte{0xff, 0xfe}
	for _, r := range utf16.Encode([]rune(s)) {
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

// TestCharset: BOM, then <meta charset>, then UTF-8 when valid, else GB18030.
func TestCharset(t *testing.T) {
	t.Parallel()
	gbk := []byte("<table><tr><td>\xca\xd5\xb5\xbd</td></tr></table>") // 收到 in GBK
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"utf-8 bom", append([]byte("\xef\xbb\xbf"), "<table><tr><td>收到</td></tr></table>"...), "收到"},
		{"utf-16le bom", utf16le("<table><tr><td>收到</td></tr></table>"), "收到"},
		{"gbk undeclared", gbk, "收到"},
		{"gbk declared utf-8", append([]byte(`<meta charset="utf-8">`), gbk...), "收到"},
		{"big5 declared", []byte("<meta charset=\"big5\"><table><tr><td>\xa6\xac\xa8\xec</td></tr></table>"), "收到"},
		{"utf-8 undeclared", []byte("<table><tr><td>收到</td></tr></table>"), "收到"},
	} {
		p, err := Read(context.Background(), tc.data, Limits{MaxCells: 10})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(p.Grids) != 1 || p.Grids[0].Rows[0][0].Text != tc.want {
			t.Errorf("%s: grids %v, want one cell %q", tc.name, gridTexts(p), tc.want)
		}
	}
}

// TestLimits: cells, rows, text and nesting are bounded; a span larger than the budget is one cell; a
// cancelled context stops the reader.
func TestLimits(t *testing.T) {
	t.Parallel()
	many := "<table>" + strings.Repeat("<tr><td>1</td><td>2</td></tr>", 60) + "</table>"
	var le *LimitError
	if _, err := Read(context.Background(), []byte(many), Limits{MaxCells: 100}); !errors.As(err, &le) || le.Limit != "cells" {
		t.Errorf("120 cells with MaxCells 100: %v", err)
	}
	if _, err := Read(context.Background(), []byte(many), Limits{MaxCells: 1000, MaxRows: 50}); !errors.As(err, &le) || le.Limit != "rows" {
		t.Errorf("60 rows with MaxRows 50: %v", err)
	}
	long := "<table><tr><td>" + strings.Repeat("字", 100) + "</td></tr></table>"
	if _, err := Read(context.Background(), []byte(long), Limits{MaxCells: 10, MaxText: 200}); !errors.As(err, &le) || le.Limit != "text" {
		t.Errorf("300 bytes of text with MaxText 200: %v", err)
	}
	deep := strings.Repeat("<table><tr><td>", maxDepth+1)
	if _, err := Read(context.Background(), []byte(deep), Limits{MaxCells: 1000}); !errors.Is(err, ErrNesting) {
		t.Errorf("tables nested %d deep: %v", maxDepth+1, err)
	}
	huge := `<table><tr><td colspan="99999999" rowspan="99999999">x</td><td>y</td></tr></table>`
	p, err := Read(context.Background(), []byte(huge), Limits{MaxCells: 1000})
	if err != nil || !reflect.DeepEqual(gridTexts(p)["表格1"], [][]string{{"x", "y"}}) {
		t.Errorf("a span beyond the budget: %v, %q", err, gridTexts(p))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, []byte(strings.Repeat(many, 100)), Limits{MaxCells: 1 << 20}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
