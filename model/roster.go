package model

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// RosterUnit is one unit of a roster: a body that reports, and the unit above it.
type RosterUnit struct {
	// Code is the unit code (单位代码), unique in the roster.
	Code string
	// Name is the unit's name (单位名称).
	Name string
	// Parent is the code of the unit above (上级单位代码); "" for a top unit.
	Parent string
	// Category is the optional 类别 (部门, 乡镇, 下级政府…).
	Category string
	// Row is the 1-based row (line of a CSV file) the unit was read from.
	Row int
}

// Roster is the list of units an office collects reports from, as a tree by Parent.
type Roster struct {
	Units []RosterUnit
}

// Roster column headers, matched with Normalize; the first name of each is the official one.
var rosterHeaders = map[string][]string{
	"code":     {"单位代码", "代码", "统一社会信用代码", "机构代码"},
	"name":     {"单位名称", "名称", "单位", "机构名称"},
	"parent":   {"上级单位代码", "上级代码", "上级单位"},
	"category": {"类别", "单位类别", "类型"},
}

// headerSearchRows is how many leading rows may precede the header row (a title, a note).
const headerSearchRows = 10

// ParseRoster reads a roster from rows of cell texts (a CSV file or the first sheet of a workbook):
// the header row, found among the first rows by the column names 单位代码, 单位名称, 上级单位代码 and the
// optional 类别, then one unit per row; blank rows are skipped. lines gives the 1-based source row of each
// row; nil means row i is row i+1. The error, in Chinese, says what is missing.
func ParseRoster(rows [][]string, lines []int) (*Roster, error) {
	line := func(i int) int {
		if lines != nil {
			return lines[i]
		}
		return i + 1
	}
	for h := 0; h < len(rows) && h < headerSearchRows; h++ {
		cols := map[string]int{}
		for j, text := range rows[h] {
			for field, names := range rosterHeaders {
				if _, seen := cols[field]; seen {
					continue
				}
				for _, n := range names {
					if Normalize(text) == Normalize(n) {
						cols[field] = j
						break
					}
				}
			}
		}
		_, hasCode := cols["code"]
		_, hasName := cols["name"]
		if !hasCode || !hasName {
			continue
		}
		if _, ok := cols["parent"]; !ok {
			return nil, fmt.Errorf("名单第%d行是表头，但缺少“上级单位代码”列（顶层单位该列留空）", line(h))
		}
		r := &Roster{}
		get := func(row []string, field string) string {
			j, ok := cols[field]
			if !ok || j >= len(row) {
				return ""
			}
			return strings.TrimSpace(row[j])
		}
		for i := h + 1; i < len(rows); i++ {
			u := RosterUnit{Code: get(rows[i], "code"), Name: get(rows[i], "name"), Parent: get(rows[i], "parent"),
				Category: get(rows[i], "category"), Row: line(i)}
			if u.Code == "" && u.Name == "" && u.Parent == "" && u.Category == "" {
				continue
			}
			r.Units = append(r.Units, u)
		}
		if len(r.Units) == 0 {
			return nil, errors.New("名单中没有任何单位")
		}
		return r, nil
	}
	return nil, errors.New("名单中找不到表头：需要“单位代码”“单位名称”“上级单位代码”三列（“类别”可选）")
}

// ReadRosterCSV reads a roster from a CSV file in UTF-8, with or without a byte order mark.
func ReadRosterCSV(in io.Reader) (*Roster, error) {
	data, err := io.ReadAll(io.LimitReader(in, 64<<20))
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, errors.New("名单文件不是 UTF-8 编码（可能是 GBK）：请在 Excel 中另存为“CSV UTF-8”，或直接使用 .xlsx 名单")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var rows [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("名单第%d行格式有误：%v", pe.Line, pe.Err)
			}
			return nil, err
		}
		l, _ := cr.FieldPos(0)
		rows, lines = append(rows, rec), append(lines, l)
	}
	return ParseRoster(rows, lines)
}

// Unit returns the unit with a code.
func (r *Roster) Unit(code string) (RosterUnit, bool) {
	for _, u := range r.Units {
		if u.Code == code {
			return u, true
		}
	}
	return RosterUnit{}, false
}

// Children returns the units directly under a code ("" for the top units), in roster order.
func (r *Roster) Children(code string) []RosterUnit {
	var out []RosterUnit
	for _, u := range r.Units {
		if u.Parent == code {
			out = append(out, u)
		}
	}
	return out
}

// Problems checks the roster and returns, in Chinese with row numbers, every blank code or name,
// duplicate code, unknown parent and cycle of parents. An empty result means the roster is usable.
func (r *Roster) Problems() []string {
	var out []string
	first := map[string]int{}
	codes := make(map[string]bool, len(r.Units))
	for _, u := range r.Units {
		codes[u.Code] = true
	}
	for _, u := range r.Units {
		switch {
		case u.Code == "":
			out = append(out, fmt.Sprintf("第%d行：单位代码为空（单位名称「%s」）", u.Row, u.Name))
		case first[u.Code] != 0:
			out = append(out, fmt.Sprintf("第%d行：单位代码「%s」与第%d行重复", u.Row, u.Code, first[u.Code]))
		default:
			first[u.Code] = u.Row
		}
		if u.Name == "" {
			out = append(out, fmt.Sprintf("第%d行：单位名称为空（单位代码「%s」）", u.Row, u.Code))
		}
		if u.Parent != "" && u.Parent == u.Code {
			out = append(out, fmt.Sprintf("第%d行：单位「%s」的上级单位代码是它自己", u.Row, u.Code))
		} else if u.Parent != "" {
			if _, ok := codes[u.Parent]; !ok {
				out = append(out, fmt.Sprintf("第%d行：上级单位代码「%s」不在名单中", u.Row, u.Parent))
			}
		}
	}
	// Cycles: one walk up from every unit not yet seen, each unit visited once (linear in the roster: a
	// 20,000-deep chain is cheap); each cycle is reported once, at the row of its first unit in roster order.
	parent := map[string]string{}
	index := map[string]int{}
	for i, u := range r.Units {
		if _, dup := parent[u.Code]; !dup && u.Code != "" {
			parent[u.Code], index[u.Code] = u.Parent, i
		}
	}
	const (
		onPath = 1
		done   = 2
	)
	state := make(map[string]int8, len(parent))
	var cycles [][]string
	for _, u := range r.Units {
		var path []string
		pos := map[string]int{}
		for c := u.Code; c != ""; c = parent[c] {
			if _, ok := parent[c]; !ok || state[c] == done {
				break
			}
			if state[c] == onPath {
				if cyc := path[pos[c]:]; len(cyc) >= 2 {
					cycles = append(cycles, cyc)
				}
				break
			}
			state[c], pos[c] = onPath, len(path)
			path = append(path, c)
		}
		for _, c := range path {
			state[c] = done
		}
	}
	type found struct {
		first int
		path  []string
	}
	var fs []found
	for _, cyc := range cycles {
		start := cyc[0]
		for _, c := range cyc {
			if index[c] < index[start] {
				start = c
			}
		}
		path := []string{start}
		for c := parent[start]; c != start; c = parent[c] {
			path = append(path, c)
		}
		fs = append(fs, found{index[start], path})
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].first < fs[j].first })
	for _, f := range fs {
		u := r.Units[f.first]
		out = append(out, fmt.Sprintf("第%d行：上级关系形成循环（%s → %s）", u.Row, strings.Join(f.path, " → "), u.Code))
	}
	return out
}
