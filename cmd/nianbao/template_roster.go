package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"nianbao/batch"
	"nianbao/model"
	"nianbao/xlsx"
	"nianbao/xlsx/read"
)

// writeRosterTemplates is `template --roster`: one template per unit of the roster into the folder o.output,
// of version v; with o.previous, the units summed last year get their carry-over pre-filled and locked.
func writeRosterTemplates(out, errw io.Writer, o templateOptions, v model.Version) error {
	if err := checkInputs([]string{o.roster}); err != nil {
		return err
	}
	roster, err := read.ReadRoster(o.roster)
	if err != nil {
		return fail("%v", err)
	}
	if problems := roster.Problems(); len(problems) > 0 {
		return fail("名单 %s 有 %d 处问题，请改正后再生成：\n  %s", o.roster, len(problems), strings.Join(problems, "\n  "))
	}
	if err := prepareFolder(o.output); err != nil {
		return err
	}
	var prev *batch.Previous
	if o.previous != "" {
		if prev, err = loadPrevious(o.previous, batch.Options{Year: o.year, Limits: read.DefaultLimits()}); err != nil {
			return err
		}
	}
	rosterAbs, _ := filepath.Abs(o.roster)
	paths := rosterPaths(o.output, roster)
	for i, p := range paths {
		if abs, _ := filepath.Abs(p); abs == rosterAbs {
			return fail("第%d行单位的模板文件 %s 与名单文件相同，请换一个输出目录", roster.Units[i].Row, p)
		}
		if err := checkTarget(p, o.force); err != nil {
			return err
		}
	}
	fill, err := xlsx.NewTemplateFiller(xlsx.TemplateOptions{Year: o.year, Version: v})
	if err != nil {
		return fail("无法生成模板：%v", err)
	}
	carried := 0
	for i, u := range roster.Units {
		unit := model.Unit{Code: u.Code, Name: u.Name}
		var last *model.Report
		if prev != nil {
			last = prev.Own(unit)
		}
		if last != nil { // the filler has no locked cells: pre-filled from last year, written in full
			carried++
			err = xlsx.WriteTemplate(paths[i], xlsx.CarryOver(xlsx.TemplateOptions{Year: o.year, Version: v, Unit: unit}, last, filepath.Base(o.previous)))
		} else {
			err = fill.Write(paths[i], unit, nil)
		}
		if err != nil {
			return fail("无法写入 %s：%v（已生成 %d 个）", paths[i], err, i)
		}
		if stderrIsTerminal(errw) {
			fmt.Fprintf(errw, "\r已生成 %d/%d", i+1, len(paths))
		}
	}
	if stderrIsTerminal(errw) {
		fmt.Fprintln(errw)
	}
	fmt.Fprintf(out, "已为 %d 个单位生成模板（%d年度，%d版表格），保存在 %s\n", len(paths), o.year, v, o.output)
	if prev != nil {
		fmt.Fprintf(out, "其中 %d 个单位已按上一年度数据预填“二、上年结转”并锁定；%d 个单位没有上年数据（名单中的新单位，或上年未计入汇总），需自行填写。\n",
			carried, len(paths)-carried)
	}
	return nil
}

// rosterPaths are the files of the units' templates in dir, named by xlsx.UnitTemplateNames.
func rosterPaths(dir string, r *model.Roster) []string {
	names := xlsx.UnitTemplateNames(r)
	for i, n := range names {
		names[i] = filepath.Join(dir, n)
	}
	return names
}

// stderrIsTerminal reports whether w is a terminal, where progress is shown.
func stderrIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isTerminal(f)
}
