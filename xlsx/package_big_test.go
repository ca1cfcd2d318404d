package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
	"nianbao/summary"
	"nianbao/xlsx/finish"
)

// unzipAll returns every part of a package, inflated.
func unzipAll(t *testing.T, data []byte) (map[string][]byte, []string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	var names []string
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", zf.Name, err)
		}
		parts[zf.Name], names = b, append(names, zf.Name)
	}
	return parts, names
}

// TestBigPartsStreamed: a summary whose streamed sheets are compressed as they come (beyond finish.StreamFrom, here
// made small) is part for part the summary whose sheets were all finished whole: the stream writer's own
// dimension and column order are right, and the held-back tail gets the autoFilter fix. The summary's list
// sheets go through excelize's stream writer here (rowsThroughExcelize), as before rowWriter, so that
// they reach the finisher as big parts. Six units make 分级汇总, 报送情况 and each 明细 sheet 10 KB or more:
// past the 8 KB of StreamFrom and HoldBack here, so that each is compressed as it comes but for its held-back
// tail; the 校验 sheet, as big, holds formulas and is finished whole after all.
func TestBigPartsStreamed(t *testing.T) {
	rowsThroughExcelize = true
	defer func() { rowsThroughExcelize = false }()
	ros := &model.Roster{}
	var inputs []summary.Input
	for i := 0; i < 6; i++ {
		u := model.RosterUnit{Code: "u" + itoa(i), Name: "单位" + itoa(i), Row: i + 2}
		if i > 0 {
			u.Parent = "u0"
		}
		ros.Units = append(ros.Units, u)
		r := model.NewReport(model.Unit{Code: u.Code, Name: u.Name}, 2024, model.V2021)
		for j, c := range model.FormOf(model.V2021).Cells() {
			if c.Input() {
				r.Values[c.Key] = float64((i + j) % 5)
			}
		}
		r.ComputeTotals()
		inputs = append(inputs, summary.Input{Path: u.Code + ".xlsx", Report: r})
	}
	res, err := summary.Build(ros, inputs, summary.Options{Year: 2024, Tool: "test"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	whole, streamed := filepath.Join(dir, "whole.xlsx"), filepath.Join(dir, "streamed.xlsx")
	if err := WriteSummary(whole, res); err != nil {
		t.Fatal(err)
	}
	defer func(b, h int) { finish.StreamFrom, finish.HoldBack = b, h }(finish.StreamFrom, finish.HoldBack)
	finish.StreamFrom, finish.HoldBack = 4<<10, 4<<10
	if err := WriteSummary(streamed, res); err != nil {
		t.Fatal(err)
	}
	_, names := unzipAll(t, readFile(t, whole))
	b, _ := unzipAll(t, readFile(t, streamed))
	lists, formulas := 0, 0 // big parts: list sheets streamed, sheets with formulas finished whole after all
	for _, n := range names {
		if len(b[n]) <= finish.StreamFrom+finish.HoldBack {
			continue
		}
		switch {
		case bytes.Contains(b[n], []byte("<autoFilter")):
			lists++
		case bytes.Contains(b[n], []byte("<f>")) && strings.HasPrefix(n, "xl/worksheets/"):
			formulas++
		}
		// Finishing the part whole changes nothing: its dimension, columns and autoFilter are right.
		if got := finish.Sheet(b[n]); !bytes.Equal(got, b[n]) {
			t.Errorf("%s needed finishing after it was streamed", n)
		}
	}
	if lists < 5 || formulas < 1 { // 分级汇总, the three 明细 sheets, 报送情况; 校验
		t.Errorf("only %d list sheets and %d sheets with formulas took the streamed path", lists, formulas)
	}
	fa, err := excelize.OpenFile(whole)
	if err != nil {
		t.Fatal(err)
	}
	defer fa.Close()
	fb, err := excelize.OpenFile(streamed)
	if err != nil {
		t.Fatal(err)
	}
	defer fb.Close()
	for _, sheet := range fa.GetSheetList() {
		ra, _ := fa.GetRows(sheet)
		rb, _ := fb.GetRows(sheet)
		for i := range max(len(ra), len(rb)) {
			if i >= len(ra) || i >= len(rb) || !reflect.DeepEqual(ra[i], rb[i]) {
				t.Errorf("sheet %s reads differently when streamed, row %d", sheet, i+1)
				if i < len(ra) && i < len(rb) {
					t.Errorf("%q\n%q", ra[i], rb[i])
				}
				break
			}
		}
	}
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
