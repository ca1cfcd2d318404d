package summary

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"nianbao/model"
)

// chainRoster is a roster that is one parent chain of n units: 1 ← 2 ← … ← n.
func chainRoster(t testing.TB, n int) *model.Roster {
	rows := [][]string{{"单位代码", "单位名称", "上级单位代码"}}
	for i := 1; i <= n; i++ {
		parent := ""
		if i > 1 {
			parent = fmt.Sprint(i - 1)
		}
		rows = append(rows, []string{fmt.Sprint(i), fmt.Sprintf("单位%d", i), parent})
	}
	r, err := model.ParseRoster(rows, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDeepChain (issue 20 point 8): a roster that is one deep parent chain, every unit reporting 1,
// gives every branch the number of units below it and the region the number of units; the roster's problems and the tree
// are computed in linear time (the time is logged; make bench measures, tests do not assert speed).
func TestDeepChain(t *testing.T) {
	// The old quadratic code took minutes at 20,000 (NIANBAO_CHAIN=20000 runs the size). 2,000 levels
	// reach the same code and verdicts; as nothing asserts speed, a larger chain only costs CPU.
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("NIANBAO_CHAIN")); err == nil && v > 1 {
		n = v
	}
	start := time.Now()
	r := chainRoster(t, n)
	if p := r.Problems(); len(p) > 0 {
		t.Fatalf("problems: %v", p[:min(3, len(p))])
	}
	inputs := make([]Input, n)
	for i := range inputs {
		code := fmt.Sprint(i + 1)
		inputs[i] = Input{Path: code + ".xlsx", Report: report(code, "单位"+code, 1)}
	}
	res, err := Build(r, inputs, Options{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d-deep chain: problems and build in %v", n, time.Since(start))
	if got := res.Total.Get("t3.new.person"); got != float64(n) {
		t.Errorf("region total %v, want %d", got, n)
	}
	for i, node := range res.Nodes {
		if node.Level != i || node.Units != n-i || node.Total.Get("t3.new.person") != float64(n-i) {
			t.Fatalf("node %d: level %d, units %d, total %v", i, node.Level, node.Units, node.Total.Get("t3.new.person"))
		}
	}
	// a cycle at the bottom of the chain is found, once
	r.Units[0].Parent = fmt.Sprint(n)
	if p := r.Problems(); len(p) != 1 {
		t.Errorf("cycle through the whole chain: %d problems", len(p))
	}
}
