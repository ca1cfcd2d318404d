package main

import (
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/model"
	"nianbao/xlsx"
)

// returned writes a filled 2024 workbook as an agency returns it; off adds to 四、结转下年度继续办理 / 自然人.
func returned(t *testing.T, dir, name string, off float64) string {
	t.Helper()
	r := model.NewReport(model.Unit{Code: "A1", Name: name}, 2024, model.V2021)
	for k, v := range map[string]float64{
		"t3.new.person": 5, "t3.carried.person": 1, "t3.open.person": 4, "t3.carryover.person": 2 + off,
		"t4.review.upheld": 1, "t2.license.decisions": 3,
	} {
		r.Set(k, v, model.Source{})
	}
	r.ComputeTotals()
	path := filepath.Join(dir, name+".xlsx")
	require.NoError(t, xlsx.WriteTemplate(path, xlsx.TemplateOptions{Year: 2024, Unit: r.Unit, Report: r}))
	return path
}

func sum(t *testing.T, path string) [32]byte {
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return sha256.Sum256(b)
}

func TestCheckExitCodes(t *testing.T) {
	dir := t.TempDir()
	good := returned(t, dir, "甲局", 0)
	code, out, _ := run(t, "check", "--year", "2024", good)
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "【通过】")
	assert.Contains(t, out, "共 1 个文件：通过 1，有警告 0，有错误 0，无法读取 0")

	bad := returned(t, dir, "乙局", 2)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "说明.txt"), []byte("附件"), 0o644))
	before := sum(t, bad)
	ann := filepath.Join(t.TempDir(), "退回")
	code, out, errOut := run(t, "check", "--year", "2024", "--annotate", ann, dir)
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "【有错误】"+bad)
	assert.Contains(t, out, "错误 表三!D29 表三 自然人列：一 + 二 = 5 + 1 = 6，但 （七）总计 + 四 = 4 + 4 = 8，相差 2")
	assert.Contains(t, out, "跳过 1 个非报表文件")
	assert.Contains(t, errOut, "已生成退回件")
	assert.FileExists(t, filepath.Join(ann, "乙局.xlsx_校验结果.xlsx"))
	assert.NoFileExists(t, filepath.Join(ann, "甲局.xlsx_校验结果.xlsx"), "files that pass get no annotated copy")
	assert.Equal(t, before, sum(t, bad))

	code, out, _ = run(t, "check", "--json", bad)
	assert.Equal(t, 1, code)
	var doc struct {
		Tool   string `json:"tool"`
		Schema int    `json:"schema"`
		Valid  bool   `json:"valid"`
		Stats  struct{ Files, Failed, Errors, Consequences int }
		Files  []struct {
			Path, SHA256, Verdict string
			Unit                  struct{ Code, Name string }
			Year                  int
			Version               int
			Values                map[string]float64
			Findings              []struct {
				ID, Rule, Severity, Sheet, Cell, Key, Row, Column, Message, Because string
				Expected, Actual                                                    *float64
				Difference                                                          float64
				Cells                                                               []string
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, "nianbao", doc.Tool)
	assert.Equal(t, 1, doc.Schema)
	assert.False(t, doc.Valid)
	assert.Equal(t, 1, doc.Stats.Errors, "one fault: the 总计 column's T3-1 follows from the 自然人 column's")
	assert.Equal(t, 1, doc.Stats.Consequences)
	f := doc.Files[0]
	assert.Equal(t, "有错误", f.Verdict)
	assert.Equal(t, "乙局", f.Unit.Name)
	assert.Equal(t, 2021, f.Version)
	assert.Equal(t, 4.0, f.Values["t3.carryover.person"])
	assert.Equal(t, 5.0, f.Values["t3.new.total"])
	assert.Len(t, f.SHA256, 64)
	assert.Equal(t, "T3-1", f.Findings[0].Rule)
	assert.Equal(t, "自然人", f.Findings[0].Column)
	assert.Nil(t, f.Findings[0].Expected, "several cells may be wrong: none is told what it should hold")
	assert.Equal(t, 2.0, f.Findings[0].Difference)
	assert.Contains(t, f.Findings[0].Cells, "表三!D29")
	assert.Equal(t, "F1", f.Findings[0].ID)
	assert.Equal(t, "F1", f.Findings[1].Because)
}

func TestCheckCannotRun(t *testing.T) {
	code, _, errOut := run(t, "check", filepath.Join(t.TempDir(), "不存在"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "错误：找不到文件夹“"+filepath.Join(os.TempDir()))
	code, _, errOut = run(t, "check")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "请指定要校验的文件或文件夹")
	code, _, _ = run(t, "check", "--year", "99", t.TempDir())
	assert.Equal(t, 2, code)
	code, _, errOut = run(t, "check", "--nosuchflag", t.TempDir())
	assert.Equal(t, 2, code, errOut)
}
