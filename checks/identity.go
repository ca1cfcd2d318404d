package checks

import (
	"nianbao/model"
)

// Term is one addend of an identity.
type Term struct {
	Key  string
	Name string // how the message names it: "一", "（七）总计", "自然人"
	Sign float64
	// Prev marks a value of last year's report (cross-year rules).
	Prev bool
}

// Op compares the two sides of an identity.
type Op int

// Comparisons.
const (
	Eq Op = iota // left = right
	Le           // left ≤ right
	Ge           // left ≥ right
)

// Identity is one instance of a rule: one column or row where it applies.
type Identity struct {
	Rule  Rule
	Table *model.Table
	// Scope names where the instance applies: "自然人列", "一、本年新收政府信息公开申请数量 行".
	Scope       string
	Left, Right []Term
	// LeftName and RightName, when set, name a side too long to spell out term by term.
	LeftName, RightName string
	Op                  Op
	// Blame is the key of the cell a failure is reported at.
	Blame string
}

func terms(t *model.Table, name func(model.Cell) string, keys ...string) []Term {
	out := make([]Term, len(keys))
	for i, k := range keys {
		c, _ := model.FormOf(t.Version).Cell(k)
		out[i] = Term{Key: k, Name: name(c), Sign: 1}
	}
	return out
}

func rowName(c model.Cell) string { return c.Row.Short }
func colName(c model.Cell) string { return c.Col.Short }

// sumIdentity is the identity "a total cell equals the sum of its parts" (tot.Sum), blamed on the total;
// rightName, when set, names the sum in messages ("（一）至（六）各项之和").
func sumIdentity(rule Rule, t *model.Table, scope string, name func(model.Cell) string, tot model.Cell, rightName string) Identity {
	return Identity{
		Rule: rule, Table: t, Scope: scope,
		Left: terms(t, name, tot.Key), Right: terms(t, name, tot.Sum...), RightName: rightName,
		Blame: tot.Key,
	}
}

// Identities returns every same-year identity instance of a table, in the order the 校验 sheet lists them.
func Identities(t *model.Table) []Identity {
	var out []Identity
	key := func(row, col string) string { return t.ID + "." + row + "." + col }
	switch t.ID {
	case "t3":
		b := t.Blocks[0]
		for _, c := range b.Cols {
			out = append(out, Identity{
				Rule: T3Balance, Table: t, Scope: c.Label + "列",
				Left:  terms(t, rowName, key("new", c.Key), key("carried", c.Key)),
				Right: terms(t, rowName, key("resulttotal", c.Key), key("carryover", c.Key)),
				Blame: key("carryover", c.Key),
			})
		}
		for _, c := range b.Cols {
			tot, _ := model.FormOf(t.Version).Cell(key(b.TotalRow, c.Key))
			if c.Key == b.TotalCol {
				tot.Sum = nil
				for _, r := range b.TotalOf {
					tot.Sum = append(tot.Sum, key(r, c.Key))
				}
			}
			out = append(out, sumIdentity(T3Results, t, c.Label+"列", rowName, tot, "（一）至（六）各项之和"))
		}
		for _, r := range b.Rows {
			tot, _ := model.FormOf(t.Version).Cell(key(r.Key, b.TotalCol))
			out = append(out, sumIdentity(T3RowTotal, t, r.Label+" 行", colName, tot, "自然人与法人或其他组织各列之和"))
		}
	case "t4":
		for i, r := range t.Blocks[0].Rows {
			tot, _ := model.FormOf(t.Version).Cell(key(r.Key, "total"))
			out = append(out, sumIdentity([]Rule{T4Review, T4Suit, T4After}[i], t, r.Label, colName, tot, ""))
		}
	case "t2":
		if t.Version == model.V2021 {
			for _, r := range []string{"rules", "normative"} {
				out = append(out, Identity{
					Rule: T2Issued, Table: t, Scope: rowLabel(t, r),
					Left: terms(t, colName, key(r, "issued")), Right: terms(t, colName, key(r, "valid")),
					Op: Le, Blame: key(r, "issued"),
				})
			}
			break
		}
		for _, r := range []string{"rules", "normative"} {
			out = append(out,
				Identity{
					Rule: T2Publish, Table: t, Scope: rowLabel(t, r),
					Left: terms(t, colName, key(r, "published")), Right: terms(t, colName, key(r, "made")),
					Op: Le, Blame: key(r, "published"),
				},
				Identity{
					Rule: T2Cumul, Table: t, Scope: rowLabel(t, r),
					Left: terms(t, colName, key(r, "published")), Right: terms(t, colName, key(r, "total")),
					Op: Le, Blame: key(r, "total"),
				})
		}
		for _, r := range []string{"license", "otherservice", "penalty", "coercion", "fees"} {
			out = append(out, Identity{
				Rule: T2Projects, Table: t, Scope: rowLabel(t, r),
				Left: terms(t, colName, key(r, "previous"), key(r, "change")), RightName: "0",
				Op: Ge, Blame: key(r, "change"),
			})
		}
	}
	return out
}

func rowLabel(t *model.Table, row string) string {
	for _, b := range t.Blocks {
		for _, r := range b.Rows {
			if r.Key == row {
				return r.Label
			}
		}
	}
	return row
}

// CrossYear returns the identities between this year's table and last year's version of it. Tables of
// different versions share only 表三's rows 二 and 四.
func CrossYear(cur, prev *model.Table) []Identity {
	var out []Identity
	key := func(row, col string) string { return cur.ID + "." + row + "." + col }
	switch {
	case cur.ID == "t3":
		for _, c := range cur.Blocks[0].Cols {
			out = append(out, Identity{
				Rule: XCarry, Table: cur, Scope: c.Label + "列",
				Left:  []Term{{Key: key("carried", c.Key), Name: "本年 二、上年结转", Sign: 1}},
				Right: []Term{{Key: key("carryover", c.Key), Name: "上年度 四、结转下年度继续办理", Sign: 1, Prev: true}},
				Blame: key("carried", c.Key),
			})
		}
	case cur.ID == "t2" && cur.Version == model.V2019 && prev.Version == model.V2019:
		for _, r := range []string{"license", "otherservice", "penalty", "coercion", "fees"} {
			out = append(out, Identity{
				Rule: XProjects, Table: cur, Scope: rowLabel(cur, r),
				Left: []Term{{Key: key(r, "previous"), Name: "本年 上一年项目数量", Sign: 1}},
				Right: []Term{
					{Key: key(r, "previous"), Name: "上年度 上一年项目数量", Sign: 1, Prev: true},
					{Key: key(r, "change"), Name: "上年度 本年增/减", Sign: 1, Prev: true},
				},
				Blame: key(r, "previous"),
			})
		}
	case cur.ID == "t2" && cur.Version == model.V2021 && prev.Version == model.V2021:
		for _, r := range []string{"rules", "normative"} {
			out = append(out, Identity{
				Rule: XValid, Table: cur, Scope: rowLabel(cur, r),
				Left: []Term{{Key: key(r, "valid"), Name: "本年 现行有效件数", Sign: 1}},
				Right: []Term{
					{Key: key(r, "valid"), Name: "上年度 现行有效件数", Sign: 1, Prev: true},
					{Key: key(r, "issued"), Name: "本年制发件数", Sign: 1},
					{Key: key(r, "repealed"), Name: "本年废止件数", Sign: -1},
				},
				Blame: key(r, "valid"),
			})
		}
	}
	return out
}
