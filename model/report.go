package model

import (
	"fmt"
	"math"
	"sort"
)

// Unit identifies the body a report belongs to.
type Unit struct {
	// Code is the unit code of the roster (统一社会信用代码 or a local code); may be empty.
	Code string `json:"code"`
	// Name is the unit's name as written in the report.
	Name string `json:"name"`
}

// Source says where a value was read: a workbook cell, or a line of a published text.
type Source struct {
	File  string `json:"file,omitempty"`
	Sheet string `json:"sheet,omitempty"`
	Cell  string `json:"cell,omitempty"`
	Line  int    `json:"line,omitempty"`
	// Text is the raw text of the cell or line fragment when it was not a plain number.
	Text string `json:"text,omitempty"`
}

// String renders the position for messages: "表三!D4" or "第12行".
func (s Source) String() string {
	switch {
	case s.Sheet != "" && s.Cell != "":
		return s.Sheet + "!" + s.Cell
	case s.Cell != "":
		return s.Cell
	case s.Line > 0:
		return fmt.Sprintf("第%d行", s.Line)
	}
	return ""
}

// Report is one unit's figures for one year: every value by cell key, and where it came from.
type Report struct {
	Unit Unit
	Year int
	// Version is the form version of the report as a whole (the version its year calls for, unless the
	// workbook says otherwise).
	Version Version
	// Tables gives the version each table was found in; a real report may mix a 2021 表二 with a 2019 表三.
	// Tables missing from the map were not found.
	Tables map[string]Version
	// Values holds every value by cell key. Totals hold what the report says (typed or computed), so that a
	// wrong total can be checked.
	Values map[string]float64
	// Sources gives where each value was read, by cell key.
	Sources map[string]Source
	// Covers lists the unit codes a summary report consolidates; empty for a single unit's report.
	Covers []string
}

// NewReport returns an empty report whose tables all follow version v.
func NewReport(unit Unit, year int, v Version) *Report {
	f := FormOf(v)
	n := len(f.byKey) // sized for a whole report, so that reading one never grows the maps
	r := &Report{Unit: unit, Year: year, Version: v, Tables: make(map[string]Version, len(f.Tables)),
		Values: make(map[string]float64, n), Sources: make(map[string]Source, n)}
	for _, t := range f.Tables {
		r.Tables[t.ID] = v
	}
	return r
}

// Table returns the spec of a table as this report has it, or nil if the table was not found.
func (r *Report) Table(id string) *Table {
	v, ok := r.Tables[id]
	if !ok {
		return nil
	}
	return TableOf(v, id)
}

// Cell returns the spec of a key as it exists in this report's version of its table.
func (r *Report) Cell(key string) (Cell, bool) {
	for id, v := range r.Tables {
		if len(key) > len(id) && key[:len(id)+1] == id+"." {
			return FormOf(v).Cell(key)
		}
	}
	return Cell{}, false
}

// Cells returns the spec of every cell of the report's tables, in reading order.
func (r *Report) Cells() []Cell {
	var all []Cell
	for _, t := range FormOf(V2021).Tables { // only for the order of table ids
		if tt := r.Table(t.ID); tt != nil {
			all = append(all, tt.Cells()...)
		}
	}
	return all
}

// Get returns a value; a missing value is 0.
func (r *Report) Get(key string) float64 { return r.Values[key] }

// Set stores a value and where it came from.
func (r *Report) Set(key string, v float64, src Source) {
	r.Values[key] = v
	r.Sources[key] = src
}

// ComputeTotals sets every total cell to the sum of its parts: how a total would read if the report
// were filled in our template, whatever its file says.
func (r *Report) ComputeTotals() {
	for _, c := range r.Cells() {
		if !c.Input() {
			r.Values[c.Key] = r.SumOf(c.Sum)
		}
	}
}

// SumOf adds the values of some keys, rounded to the precision of amounts.
func (r *Report) SumOf(keys []string) float64 {
	var s float64
	for _, k := range keys {
		s += r.Values[k]
	}
	return Round(s)
}

// Keys returns the keys that hold a value, sorted.
func (r *Report) Keys() []string {
	keys := make([]string, 0, len(r.Values))
	for k := range r.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Round rounds to 4 decimals: 0.0001 万元 is one 元, the finest amount in the tables. Counts are integers
// and stay as they are.
func Round(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// Sum adds reports cell by cell into a new report for unit u. All reports must have the same version of
// each table; the identities of the form are linear, so they hold on the sum when they hold on every part.
func Sum(u Unit, year int, v Version, reports ...*Report) (*Report, error) {
	out := NewReport(u, year, v)
	out.Sources = map[string]Source{} // a sum has no cells of its own: no room reserved for every key
	for _, r := range reports {
		for id, tv := range r.Tables {
			if want, ok := out.Tables[id]; ok && want != tv {
				return nil, fmt.Errorf("model: cannot sum %s of %q: version %d, summary has %d", id, r.Unit.Name, tv, want)
			}
		}
		for k, x := range r.Values {
			out.Values[k] += x
		}
		if len(r.Covers) > 0 {
			out.Covers = append(out.Covers, r.Covers...)
		} else if r.Unit.Code != "" {
			out.Covers = append(out.Covers, r.Unit.Code)
		}
	}
	for k, x := range out.Values {
		out.Values[k] = Round(x)
	}
	for id := range out.Tables { // every cell present, without building the list of cells
		if t := out.Table(id); t != nil {
			for _, c := range t.Cells() {
				if _, ok := out.Values[c.Key]; !ok {
					out.Values[c.Key] = 0
				}
			}
		}
	}
	return out, nil
}
