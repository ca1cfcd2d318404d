package store

import (
	"encoding/json"
	"reflect"
	"testing"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/model"
)

// A list's head of a stored result is the result without its values and findings: every other field
// of batch.File comes through.
func TestResultHeadDropsTheBulk(t *testing.T) {
	f := batch.File{Path: "甲.xlsx", PathBytes: []byte{0xff}, SHA256: "ab", Verdict: batch.Failed,
		Unit: model.Unit{Code: "001", Name: "甲"}, Year: 2024, Version: model.V2021, Summary: true, Refused: true,
		Covers: []string{"002"}, Values: map[string]float64{"t3.new.person": 3},
		Findings: []checks.Finding{{Rule: "R1", Message: "错"}}, NoPrevious: true, Format: "xlsx"}
	data, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	var h resultHead
	if err := json.Unmarshal(data, &h); err != nil {
		t.Fatal(err)
	}
	want := f
	want.Values, want.Findings = nil, nil
	if !reflect.DeepEqual(h.File, want) {
		t.Errorf("head %+v, want %+v", h.File, want)
	}
}
