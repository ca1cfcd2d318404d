package model

import (
	"slices"
	"strings"
	"testing"
)

func TestReadRosterCSV(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		units    []RosterUnit
		problems []string
		err      string
	}{
		{
			name: "bom, title row, quoted newline, blank row",
			in: "\ufeff某市2024年度报送单位名单,,,\n" +
				" 单位 代码 ,单位名称,上级单位代码,类别\n" +
				"001,某市政府办公室,,本级\n" +
				"\n" +
				"002,\"某市\n财政局\",001,部门\n" +
				"003,某镇,001,乡镇\n",
			units: []RosterUnit{
				{Code: "001", Name: "某市政府办公室", Category: "本级", Row: 3},
				{Code: "002", Name: "某市\n财政局", Parent: "001", Category: "部门", Row: 5},
				{Code: "003", Name: "某镇", Parent: "001", Category: "乡镇", Row: 7},
			},
		},
		{
			name: "columns in another order, no category",
			in:   "上级单位代码,单位名称,单位代码\n,甲,A\nA,乙,B\n",
			units: []RosterUnit{
				{Code: "A", Name: "甲", Row: 2},
				{Code: "B", Name: "乙", Parent: "A", Row: 3},
			},
		},
		{
			name: "problems",
			in: "单位代码,单位名称,上级单位代码\n" +
				"A,甲,\n" +
				"A,甲二,\n" +
				",无代码,A\n" +
				"C,,A\n" +
				"D,丁,Z\n" +
				"E,戊,F\n" +
				"F,己,E\n" +
				"G,庚,G\n",
			problems: []string{
				"第3行：单位代码「A」与第2行重复",
				"第4行：单位代码为空（单位名称「无代码」）",
				"第5行：单位名称为空（单位代码「C」）",
				"第6行：上级单位代码「Z」不在名单中",
				"第9行：单位「G」的上级单位代码是它自己",
				"第7行：上级关系形成循环（E → F → E）",
			},
		},
		{name: "no header", in: "代号,名字\n1,甲\n", err: "找不到表头"},
		{name: "no parent column", in: "单位代码,单位名称\n1,甲\n", err: "缺少“上级单位代码”列"},
		{name: "gbk", in: "\xb5\xa5\xce\xbb\xb4\xfa\xc2\xeb,x\n", err: "不是 UTF-8"},
		{name: "empty", in: "单位代码,单位名称,上级单位代码\n,,\n", err: "没有任何单位"},
		{name: "bad quote", in: "单位代码,单位名称,上级单位代码\n1,\"甲\"x\",\n", units: []RosterUnit{{Code: "1", Name: "甲\"x", Row: 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ReadRosterCSV(strings.NewReader(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.units != nil && !slices.Equal(r.Units, tt.units) {
				t.Errorf("units = %+v\nwant   %+v", r.Units, tt.units)
			}
			if got := r.Problems(); !slices.Equal(got, tt.problems) {
				t.Errorf("problems =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.problems, "\n"))
			}
		})
	}
}

func TestRosterTree(t *testing.T) {
	r, err := ParseRoster([][]string{{"单位代码", "单位名称", "上级单位代码"}, {"1", "市", ""}, {"2", "局", "1"}, {"3", "镇", "1"}, {"4", "村", "3"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range r.Children("1") {
		names = append(names, u.Name)
	}
	if !slices.Equal(names, []string{"局", "镇"}) || len(r.Children("")) != 1 {
		t.Errorf("children %v", names)
	}
	if u, ok := r.Unit("4"); !ok || u.Row != 5 || u.Parent != "3" {
		t.Errorf("unit 4 = %+v", u)
	}
	if p := r.Problems(); len(p) != 0 {
		t.Errorf("problems %v", p)
	}
}
