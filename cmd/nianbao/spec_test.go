package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"nianbao/checks"
	"nianbao/model"
	"nianbao/templates"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), append([]string{"nianbao"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestSpecJSON(t *testing.T) {
	code, out, errs := run(t, "spec", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var docs []specDoc
	if err := json.Unmarshal([]byte(out), &docs); err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("%d versions", len(docs))
	}
	for i, v := range model.Versions {
		d := docs[i]
		if d.Version != int(v) || len(d.Tables) != 3 || len(d.Rules) != len(checks.All) {
			t.Errorf("%d: version %d, %d tables, %d rules", v, d.Version, len(d.Tables), len(d.Rules))
		}
		n := 0
		for _, tb := range d.Tables {
			for _, c := range tb.Cells {
				n++
				sc, ok := model.FormOf(v).Cell(c.Key)
				if !ok || sc.Row.Label != c.Row || sc.Col.Label != c.Column || c.Input != sc.Input() {
					t.Errorf("%d %s: does not match the form", v, c.Key)
				}
				if c.Ref == "" || templates.For(v).KeyAt(tb.Sheet, c.Ref) != c.Key {
					t.Errorf("%d %s: ref %q", v, c.Key, c.Ref)
				}
				if c.Input == (c.Formula != "") {
					t.Errorf("%d %s: input %v formula %q", v, c.Key, c.Input, c.Formula)
				}
			}
		}
		if n != len(model.FormOf(v).Cells()) {
			t.Errorf("%d: %d cells, form has %d", v, n, len(model.FormOf(v).Cells()))
		}
	}
	// one version: one object
	_, out, _ = run(t, "spec", "--json", "--version", "2019")
	var one map[string]any
	if err := json.Unmarshal([]byte(out), &one); err != nil || one["version"] != float64(2019) {
		t.Errorf("single version: %v %v", err, one["version"])
	}
}

func TestSpecText(t *testing.T) {
	code, out, _ := run(t, "spec", "--version", "2021")
	if code != 0 {
		t.Fatal(code)
	}
	for _, want := range []string{"2021版表格（国办公开办函〔2021〕30号", "D5    t3.new.person", "合计：=SUM(D5:I5)", "T3-1  错误", "R-10"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if strings.Contains(out, "2019版表格") {
		t.Error("text lists 2019 although --version 2021")
	}
	if code, _, errs := run(t, "spec", "--version", "2020"); code != 2 || !strings.Contains(errs, "应为 2019 或 2021") {
		t.Errorf("bad version: exit %d, %q", code, errs)
	}
}
