package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"nianbao/checks"
	"nianbao/model"
	"nianbao/templates"
)

func init() {
	register(func() *cli.Command {
		return &cli.Command{
			Name:  "spec",
			Usage: "列出表格规格：每个单元格的键、行列名称、模板中的位置、合计公式，以及全部校验规则",
			Description: "不指定 --version 时列出 2019 版和 2021 版。--json 输出机器可读的 JSON：" +
				"指定版本时为一个对象，否则为两个对象组成的数组。",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "version", Usage: "表格版本：2019 或 2021"},
				&cli.BoolFlag{Name: "json", Usage: "输出 JSON"},
			},
			Action: func(c *cli.Context) error {
				versions := model.Versions
				if s := c.String("version"); s != "" {
					v, err := model.ParseVersion(s)
					if err != nil {
						return fail("表格版本“%s”不对：应为 2019 或 2021", s)
					}
					versions = []model.Version{v}
				}
				return runSpec(c.App.Writer, versions, c.Bool("json"), c.IsSet("version"))
			},
		}
	})
}

// specDoc is the JSON form of one version's spec.
type specDoc struct {
	Version  int           `json:"version"`
	Document string        `json:"document"`
	Tables   []specTable   `json:"tables"`
	Rules    []checks.Rule `json:"rules"`
}

type specTable struct {
	ID    string     `json:"id"`
	Name  string     `json:"name"`
	Title string     `json:"title"`
	Sheet string     `json:"sheet"`
	Cells []specCell `json:"cells"`
}

type specCell struct {
	Key    string `json:"key"`
	Row    string `json:"row"`
	Column string `json:"column"`
	// Ref is the A1 cell in the template sheet.
	Ref string `json:"ref"`
	// Range is the merged range of the cell, when it is merged ("C4:D4").
	Range string `json:"range,omitempty"`
	Input bool   `json:"input"`
	Kind  string `json:"kind"`
	// Formula is the template formula of a total, without "=".
	Formula string   `json:"formula,omitempty"`
	Sum     []string `json:"sum,omitempty"`
}

func specOf(v model.Version) specDoc {
	layout := templates.For(v)
	doc := specDoc{Version: int(v), Document: templates.Document(v), Rules: checks.All}
	for _, t := range model.FormOf(v).Tables {
		st := specTable{ID: t.ID, Name: t.Name, Title: t.Title, Sheet: t.Name}
		sheet := layout.Sheet(t.Name)
		for _, c := range t.Cells() {
			ref := layout.Ref(c.Key)
			p, _ := sheet.Cell(ref)
			st.Cells = append(st.Cells, specCell{Key: c.Key, Row: c.Row.Label, Column: c.Col.Label, Ref: ref, Range: p.Range,
				Input: c.Input(), Kind: c.Kind.String(), Formula: p.Formula, Sum: c.Sum})
		}
		doc.Tables = append(doc.Tables, st)
	}
	return doc
}

func runSpec(w io.Writer, versions []model.Version, asJSON, single bool) error {
	var docs []specDoc
	for _, v := range versions {
		docs = append(docs, specOf(v))
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if single {
			return enc.Encode(docs[0])
		}
		return enc.Encode(docs)
	}
	for i, d := range docs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		years := "2019、2020年度"
		if d.Version == int(model.V2021) {
			years = "2021年度起"
		}
		fmt.Fprintf(w, "%d版表格（%s，适用于%s）\n", d.Version, d.Document, years)
		for _, t := range d.Tables {
			fmt.Fprintf(w, "\n%s %s（工作表“%s”）\n", t.Name, t.Title, t.Sheet)
			for _, c := range t.Cells {
				what := "填报：" + c.Kind
				if !c.Input {
					what = "合计：=" + c.Formula
				}
				fmt.Fprintf(w, "  %-5s %-28s %s / %s  [%s]\n", c.Ref, c.Key, c.Row, c.Column, what)
			}
		}
		fmt.Fprintln(w, "\n校验规则")
		for _, r := range d.Rules {
			fmt.Fprintf(w, "  %-5s %s  %s\n", r.ID, r.Severity, r.Description)
		}
	}
	return nil
}
