package read

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestReadRosterXLSX(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	rows := [][]any{
		{"2024年度名单"},
		{},
		{"序号", "单位名称", "单位代码", "上级单位代码", "类别"},
		{1, "某区政府办公室", 100, nil, "本级"},
		{2, "某区财政局", "0101", 100, "部门"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "名单.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	r, err := ReadRoster(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Units) != 2 || r.Units[0].Code != "100" || r.Units[1].Code != "0101" || r.Units[1].Parent != "100" ||
		r.Units[1].Row != 5 || r.Units[0].Category != "本级" {
		t.Errorf("units %+v", r.Units)
	}
	if p := r.Problems(); len(p) != 0 {
		t.Errorf("problems %v", p)
	}

	csvPath := filepath.Join(dir, "名单.csv")
	os.WriteFile(csvPath, []byte("单位代码,单位名称,上级单位代码\n1,甲,\n"), 0o644)
	if r, err := ReadRoster(csvPath); err != nil || len(r.Units) != 1 {
		t.Errorf("csv: %v %v", r, err)
	}
	bad := filepath.Join(dir, "坏.xlsx")
	os.WriteFile(bad, []byte("not a zip"), 0o644)
	if _, err := ReadRoster(bad); err == nil || !strings.Contains(err.Error(), "坏.xlsx") {
		t.Errorf("bad file: %v", err)
	}
}
