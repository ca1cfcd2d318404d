package templates

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"nianbao/checks"
	"nianbao/model"
)

var refPattern = regexp.MustCompile(`(?:'([^']+)'!)?(\$?[A-Z]{1,3}\$?\d+)(?::(\$?[A-Z]{1,3}\$?\d+))?`)

// expand lists the keys a formula adds up, by reading its references back through KeyAt.
func expand(t *testing.T, w *Workbook, sheet, formula string) []string {
	t.Helper()
	var keys []string
	for _, m := range refPattern.FindAllStringSubmatch(formula, -1) {
		sh := sheet
		if m[1] != "" {
			sh = m[1]
		}
		to := m[3]
		if to == "" {
			to = m[2]
		}
		c1, r1, c2, r2, ok := ParseRange(m[2] + ":" + to)
		if !ok {
			t.Fatalf("bad reference in %q", formula)
		}
		for c := c1; c <= c2; c++ {
			for r := r1; r <= r2; r++ {
				k := w.KeyAt(sh, model.CellRef(c, r))
				if k == "" {
					t.Fatalf("formula %q refers to %s!%s, which holds no key", formula, sh, model.CellRef(c, r))
				}
				keys = append(keys, k)
			}
		}
	}
	return keys
}

func TestEveryKeyPlacedAndLabelled(t *testing.T) {
	for _, v := range model.Versions {
		w := For(v)
		for _, c := range model.FormOf(v).Cells() {
			t.Run(c.Key, func(t *testing.T) {
				p, ok := w.Place(c.Key)
				if !ok || p.Sheet != c.Table.Name {
					t.Fatalf("%d: key not placed in sheet %s: %+v", v, c.Table.Name, p)
				}
				if got := w.KeyAt(p.Sheet, p.Ref); got != c.Key {
					t.Errorf("KeyAt(%s) = %q", p.Ref, got)
				}
				if p.RowLabel.Text != c.Row.Label || p.ColLabel.Text != c.Col.Label {
					t.Errorf("labels %q / %q, want %q / %q", p.RowLabel.Text, p.ColLabel.Text, c.Row.Label, c.Col.Label)
				}
				col, row, _ := model.ParseRef(p.Ref)
				_, lrow, _ := model.ParseRef(p.RowLabel.Ref)
				hdr := p.ColLabel.Range
				if hdr == "" {
					hdr = p.ColLabel.Ref
				}
				hc1, _, hc2, hr2, _ := ParseRange(hdr)
				if col < hc1 || col > hc2 || hr2 >= row {
					t.Errorf("column header %s is not above %s", hdr, p.Ref)
				}
				if c.Table.ID == "t4" {
					// the row of 表四 is a header level above the column label
					if !InRange(model.CellRef(col, lrow), orRef(p.RowLabel)) || lrow >= row {
						t.Errorf("row header %s is not above %s", p.RowLabel.Ref, p.Ref)
					}
				} else if lrow != row && !InRange(model.CellRef(1, row), orRef(p.RowLabel)) && !InRange(model.CellRef(3, row), orRef(p.RowLabel)) {
					t.Errorf("row label %s is not on row %d", p.RowLabel.Ref, row)
				}
				if p.Range != "" {
					c1, r1, c2, r2, _ := ParseRange(p.Range)
					for cc := c1; cc <= c2; cc++ {
						for rr := r1; rr <= r2; rr++ {
							if w.KeyAt(p.Sheet, model.CellRef(cc, rr)) != c.Key {
								t.Errorf("merged value cell %s does not map to its key", model.CellRef(cc, rr))
							}
						}
					}
				}
			})
		}
	}
}

func orRef(l LabelCell) string {
	if l.Range != "" {
		return l.Range
	}
	return l.Ref
}

func TestTotalsSumTheirParts(t *testing.T) {
	for _, v := range model.Versions {
		w := For(v)
		form := model.FormOf(v)
		totals := 0
		for _, s := range w.Sheets {
			for _, p := range s.Cells {
				if p.Key == "" {
					continue
				}
				c, _ := form.Cell(p.Key)
				if c.Input() != (p.Formula == "") || c.Input() != (p.Style == Input) {
					t.Errorf("%d %s: input %v but formula %q style %d", v, p.Key, c.Input(), p.Formula, p.Style)
				}
				if c.Input() {
					continue
				}
				totals++
				got := expand(t, w, s.Name, p.Formula)
				if !slices.Equal(got, c.Sum) {
					t.Errorf("%d %s = %s adds %v, want %v", v, p.Key, p.Formula, got, c.Sum)
				}
			}
		}
		if totals == 0 {
			t.Fatalf("%d: no totals", v)
		}
	}
}

func TestCheckLinesFollowIdentities(t *testing.T) {
	for _, v := range model.Versions {
		w := For(v)
		var want []checks.Identity
		for _, tb := range model.FormOf(v).Tables {
			want = append(want, checks.Identities(tb)...)
		}
		if len(w.Checks) != len(want) {
			t.Fatalf("%d: %d check lines, want %d", v, len(w.Checks), len(want))
		}
		for i, l := range w.Checks {
			idn := want[i]
			if l.Identity.Rule.ID != idn.Rule.ID || l.Identity.Scope != idn.Scope || l.Row != 4+i {
				t.Errorf("line %d is %s %s at row %d", i, l.Identity.Rule.ID, l.Identity.Scope, l.Row)
			}
			for side, f := range map[string][]checks.Term{l.Left: idn.Left, l.Right: idn.Right} {
				var keys []string
				for _, term := range f {
					keys = append(keys, term.Key)
				}
				if got := expand(t, w, "", side); !slices.Equal(got, keys) && !(len(keys) == 0 && side == "0") {
					t.Errorf("%s %s: side %s adds %v, want %v", idn.Rule.ID, idn.Scope, side, got, keys)
				}
			}
			wantFail := Fail
			if idn.Rule.Severity != checks.Error {
				wantFail = Warn
			}
			if l.FailText != wantFail {
				t.Errorf("%s: fail text %s", idn.Rule.ID, l.FailText)
			}
		}
	}
}

// The merges of FORMAT.md §1, one row lower for the title row.
func TestOfficialMerges(t *testing.T) {
	tests := []struct {
		v     model.Version
		sheet string
		want  []string
	}{
		{model.V2021, "表三", []string{"A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A5:C5", "A6:C6", "A7:A28", "B7:C7", "B8:C8", "B9:B16", "B17:B19", "B20:B24", "B25:B27", "B28:C28", "A29:C29"}},
		{model.V2019, "表三", []string{"A2:C4", "A7:A26", "B25:C25", "B26:C26", "A27:C27"}},
		{model.V2021, "表四", []string{"A2:E2", "F2:O2", "A3:A4", "E3:E4", "F3:J3", "K3:O3"}},
		{model.V2019, "表四", []string{"A2:E2", "F2:O2", "A3:A4", "E3:E4", "F3:J3", "K3:O3"}},
		{model.V2021, "表二", []string{"A2:D2", "A6:D6", "B7:D7", "B8:D8", "A9:D9", "B10:D10", "B12:D12", "A13:D13", "B14:D14", "B15:D15"}},
		{model.V2019, "表二", []string{"A2:E2", "C3:D3", "C4:D4", "C5:D5", "A6:E6", "C7:D7", "A10:E10", "A14:E14", "B15:C15", "D15:E15", "B16:C16", "D16:E16", "A17:E17", "B18:C18", "D19:E19"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.sheet, tt.v), func(t *testing.T) {
			s := For(tt.v).Sheet(tt.sheet)
			for _, m := range tt.want {
				if !slices.Contains(s.Merges, m) {
					t.Errorf("%d %s: merge %s missing; have %v", tt.v, tt.sheet, m, s.Merges)
				}
			}
		})
	}
}

func TestMergesDoNotOverlap(t *testing.T) {
	for _, v := range model.Versions {
		for _, s := range For(v).Sheets {
			seen := map[string]string{}
			for _, m := range s.Merges {
				c1, r1, c2, r2, _ := ParseRange(m)
				for c := c1; c <= c2; c++ {
					for r := r1; r <= r2; r++ {
						if prev, dup := seen[model.CellRef(c, r)]; dup {
							t.Errorf("%d %s: %s in %s and %s", v, s.Name, model.CellRef(c, r), prev, m)
						}
						seen[model.CellRef(c, r)] = m
					}
				}
			}
			for _, p := range s.Cells {
				if m, in := seen[p.Ref]; in && !strings.HasPrefix(m, p.Ref+":") {
					t.Errorf("%d %s: cell %s hidden inside merge %s", v, s.Name, p.Ref, m)
				}
			}
		}
	}
}

func TestRefs(t *testing.T) {
	tests := []struct {
		refs []string
		want string
	}{
		{[]string{"D7", "D8", "D9"}, "SUM(D7:D9)"},
		{[]string{"D5"}, "D5"},
		{[]string{"D5", "E5", "F5", "D9"}, "SUM(D5:F5,D9)"},
		{nil, "0"},
		{[]string{"Z9", "AA9"}, "SUM(Z9:AA9)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := sumFormula("", tt.refs, nil); got != tt.want {
				t.Errorf("sumFormula(%v) = %s", tt.refs, got)
			}
		})
	}
	if got := sumFormula("表三", []string{"D5"}, []string{"D7", "D8"}); got != "'表三'!D5-SUM('表三'!D7:D8)" {
		t.Errorf("qualified: %s", got)
	}
	for _, ref := range []string{"A1", "Z9", "AA10", "XFD1048576"} {
		c, r, ok := model.ParseRef(ref)
		if !ok || model.CellRef(c, r) != ref {
			t.Errorf("model.ParseRef(%s) = %d %d %v", ref, c, r, ok)
		}
	}
	for _, bad := range []string{"", "A", "1", "A0", "ABCD1", "A1B"} {
		if _, _, ok := model.ParseRef(bad); ok {
			t.Errorf("model.ParseRef(%q) accepted", bad)
		}
	}
	if got := spread(3, 4); !slices.Equal(got, []int{1, 2, 1}) {
		t.Errorf("spread(3,4) = %v", got)
	}
}

func TestMetaRows(t *testing.T) {
	rows := Meta{Year: 2024, UnitCode: "001", UnitName: "某局"}.Rows(model.V2021)
	want := [][2]string{{"tool", "nianbao"}, {"kind", "template"}, {"spec", "1"}, {"form", "2021"},
		{"year", "2024"}, {"unit_code", "001"}, {"unit_name", "某局"}}
	if !slices.Equal(rows[:len(rows)-1], want) || rows[len(rows)-1] != [2]string{MetaDigest, Digest(MetaMap(want), nil, nil)} {
		t.Errorf("rows = %v", rows)
	}
	rows = Meta{Kind: "summary", Year: 2020, Covers: []string{"1", "2"}, Digest: "d"}.Rows(model.V2019)
	if rows[1][1] != "summary" || rows[3][1] != "2019" || rows[len(rows)-2] != [2]string{"covers", "1,2"} ||
		rows[len(rows)-1] != [2]string{MetaDigest, "d"} {
		t.Errorf("summary rows = %v", rows)
	}
}

// TestDigest: the digest changes with every meta key, every input value of the tables and every member
// value, and not with the order of members.
func TestDigest(t *testing.T) {
	meta := MetaMap(Meta{Kind: KindSummary, Year: 2024, UnitCode: "1", Covers: []string{"a", "b"}}.Rows(model.V2021))
	total := model.NewReport(model.Unit{}, 2024, model.V2021)
	a := model.NewReport(model.Unit{Code: "a"}, 2024, model.V2021)
	b := model.NewReport(model.Unit{Code: "b"}, 2024, model.V2021)
	key := model.FormOf(model.V2021).Table("t3").Cells()[0].Key
	a.Values[key], total.Values[key] = 3, 3
	members := []Member{{Code: "a", Report: a}, {Code: "b", Report: b}}
	d := Digest(meta, total, members)
	if d != Digest(meta, total, []Member{members[1], members[0]}) {
		t.Error("digest depends on member order")
	}
	if d == Digest(meta, nil, nil) {
		t.Error("figures not in the digest")
	}
	for _, k := range digestKeys {
		m := maps.Clone(meta)
		m[k] += "x"
		if Digest(m, total, members) == d {
			t.Errorf("meta key %s not in the digest", k)
		}
	}
	total.Values[key] = 4
	if Digest(meta, total, members) == d {
		t.Error("table value not in the digest")
	}
	total.Values[key] = 3
	b.Values[key] = 1
	if Digest(meta, total, members) == d {
		t.Error("member value not in the digest")
	}
}
