package checks

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/model"
)

// TestConsequenceOfTwoFaults: a wrong 本年新收 in the 自然人 column and a wrong 上年结转 in the 商业企业
// column are two faults; the 总计 column's T3-1, the sum of the two columns' identities, follows from both
// and names both (because_all), listed under the first.
func TestConsequenceOfTwoFaults(t *testing.T) {
	r := consistent()
	r.Values["t3.new.person"]++
	r.Values["t3.carried.business"] = 2
	r.Sources["t3.new.person"] = model.Source{Sheet: "表三", Cell: "D5"}
	r.Sources["t3.carried.business"] = model.Source{Sheet: "表三", Cell: "E6"}
	r.ComputeTotals()
	fs := Analyze(r, nil, nil)
	var faults, cons []Finding
	for _, f := range fs {
		if f.Fault() {
			faults = append(faults, f)
		} else {
			cons = append(cons, f)
		}
	}
	require.Len(t, faults, 2, "%+v", fs)
	require.Len(t, cons, 1, "%+v", fs)
	c := cons[0]
	assert.Equal(t, "t3.carryover.total", c.Key)
	assert.ElementsMatch(t, []string{faults[0].ID, faults[1].ID}, c.BecauseAll)
	assert.Equal(t, c.Because, c.BecauseAll[0], "because is the fault it is listed under")
	assert.Equal(t, faults[0].ID, c.Because, "listed under the first fault")
	assert.Equal(t, []string{faults[1].ID}, c.AlsoBecause())
	assert.Equal(t, "（也因 "+faults[1].ID+"）", c.AlsoNote())
	assert.Equal(t, 2, Count(fs).Errors)
	assert.Equal(t, 1, Count(fs).Consequences)

	data, err := json.Marshal(c)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"because_all":["`+faults[0].ID+`","`+faults[1].ID+`"]`)

	// Renumbering (as batch does after adding findings in front) keeps every id pointing to its fault.
	moved := append([]Finding{{ID: "X", Rule: "R-13", Severity: Warning}}, fs...)
	Renumber(moved)
	for _, f := range moved {
		if !f.Fault() {
			assert.Equal(t, []string{"F2", "F4"}, f.BecauseAll) // X, fault, its consequence, fault
			assert.Equal(t, "F2", f.Because)
		}
	}
}

// TestConsequenceOfOneFault has no because_all: one fault, one id.
func TestConsequenceOfOneFault(t *testing.T) {
	r := consistent()
	r.Values["t3.new.person"]++
	r.ComputeTotals()
	for _, f := range Analyze(r, nil, nil) {
		assert.Nil(t, f.BecauseAll, "%+v", f)
		assert.Empty(t, f.AlsoNote())
	}
}
