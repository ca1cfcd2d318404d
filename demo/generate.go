package demo

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"

	"nianbao/internal/office"
	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx"
)

// Mistakes the demo makes on purpose, as printed.
const (
	MistakeTotal     = "合计单元格被改成了错误的数"
	MistakeBalance   = "表三 一 + 二 ≠ （七）总计 + 四（差 1）"
	MistakeText      = "数字单元格里填了文字"
	MistakeForeign   = "自制表格（重新录入的表格，半角标点、“合计”）"
	MistakeFirst     = "第一次报送（有错误，已被修改后的文件替代）"
	MistakeCorrected = "修改后重新报送"
	MistakeLegacy    = "旧版 .xls 格式"
	MistakeOffRoster = "名单外的单位"
)

// File is one generated file of 收到/.
type File struct {
	Path string
	// Unit is the roster unit the file is for (the off-roster file's unit is not on the roster).
	Unit model.Unit
	// Mistake says what is wrong with it on purpose, "" for a correct file.
	Mistake string
}

// Plan is what Generate wrote.
type Plan struct {
	Roster *model.Roster
	Year   int
	// Files are the files of 收到/ in unit order.
	Files []File
	// Missing is the roster unit without a file.
	Missing model.Unit
	// Templates is the number of templates written.
	Templates int
}

// kind of file a unit sends.
type kind int

const (
	kindOK kind = iota
	kindMissing
	kindTotal
	kindBalance
	kindText
	kindForeign
	kindResubmit
	kindLegacy
)

// Generate writes the roster, one template per unit and the received files into opt.Dir.
func Generate(opt Options) (*Plan, error) {
	if err := opt.defaults(); err != nil {
		return nil, err
	}
	ros := roster(opt.Units)
	plan := &Plan{Roster: ros, Year: opt.Year}
	for _, d := range []string{TemplatesDir, ReceivedDir} {
		if err := os.MkdirAll(filepath.Join(opt.Dir, d), 0o755); err != nil {
			return nil, err
		}
	}
	if err := xlsx.WriteRoster(filepath.Join(opt.Dir, RosterFile), ros); err != nil {
		return nil, err
	}
	v := model.VersionForYear(opt.Year)
	fill, err := xlsx.NewTemplateFiller(xlsx.TemplateOptions{Year: opt.Year, Version: v})
	if err != nil {
		return nil, err
	}
	err = parallel(len(ros.Units), opt.Workers, func(i int) error {
		u := ros.Units[i]
		p := filepath.Join(opt.Dir, TemplatesDir, xlsx.UnitTemplateName(unitOf(u)))
		return fill.Write(p, unitOf(u), nil)
	})
	if err != nil {
		return nil, err
	}
	plan.Templates = len(ros.Units)

	kinds := assignKinds(len(ros.Units), opt.Seed, !opt.NoLegacy && office.Available())
	files := make([][]File, len(ros.Units))
	err = parallel(len(ros.Units), opt.Workers, func(i int) error {
		fs, err := writeUnit(opt, fill, ros, i, kinds[i])
		files[i] = fs
		return err
	})
	if err != nil {
		return nil, err
	}
	for i, fs := range files {
		if kinds[i] == kindMissing {
			plan.Missing = unitOf(ros.Units[i])
		}
		plan.Files = append(plan.Files, fs...)
	}
	off, err := writeOffRoster(opt, fill, ros)
	if err != nil {
		return nil, err
	}
	plan.Files = append(plan.Files, off)
	for i, f := range plan.Files { // received in order; a resubmission a day later
		t := received(opt.Year, i)
		if f.Mistake == MistakeCorrected {
			t = t.AddDate(0, 0, 1)
		}
		if err := os.Chtimes(f.Path, t, t); err != nil {
			return nil, err
		}
	}
	return plan, nil
}

// assignKinds says which kind of file each of n units sends: the mistakes go to units picked by seed
// (never the first, the region's government), the .xls file only with legacy; a region too small for every
// mistake gets only the missing unit.
func assignKinds(n int, seed int64, legacy bool) []kind {
	out := make([]kind, n)
	if n <= 1 {
		return out
	}
	perm := rand.New(rand.NewSource(seed)).Perm(n - 1)
	if n < minMistakeSet {
		out[perm[0]+1] = kindMissing
		return out
	}
	order := []kind{kindMissing, kindTotal, kindBalance, kindText, kindForeign, kindResubmit}
	if legacy {
		order = append(order, kindLegacy)
	}
	for j, k := range order {
		if j < len(perm) {
			out[perm[j]+1] = k
		}
	}
	return out
}

// scale is how busy a unit is: governments and city departments receive more applications.
func scale(u model.RosterUnit) float64 {
	switch {
	case u.Parent == "":
		return 4
	case u.Category == "政府":
		return 3
	case u.Category == "乡镇街道":
		return 0.3
	}
	return 1
}

// writeUnit writes the file(s) unit i sends.
// Templates are written by fill, made for the year's version.
func writeUnit(opt Options, fill *xlsx.TemplateFiller, ros *model.Roster, i int, k kind) ([]File, error) {
	u := ros.Units[i]
	rng := rand.New(rand.NewSource(opt.Seed*1_000_003 + int64(i)))
	r := figures(unitOf(u), opt.Year, rng, scale(u))
	dir := filepath.Join(opt.Dir, ReceivedDir)
	name := model.SafeName(u.Code + "_" + u.Name)
	path := filepath.Join(dir, name+".xlsx")
	v := r.Version
	tpl := func(p string, rep *model.Report) error { return fill.Write(p, unitOf(u), rep) }
	t3 := model.TableOf(v, "t3").Name
	ref := func(key string) string { return templates.For(v).Ref(key) }
	switch k {
	case kindMissing:
		return nil, nil
	case kindTotal:
		if err := tpl(path, r); err != nil {
			return nil, err
		}
		wrong := r.Get("t3.new.total") + 3
		return []File{{path, unitOf(u), MistakeTotal}}, xlsx.EditCells(path, path, []xlsx.Edit{{Sheet: t3, Ref: ref("t3.new.total"), Value: wrong}})
	case kindBalance:
		return []File{{path, unitOf(u), MistakeBalance}}, tpl(path, offByOne(r))
	case kindText:
		if err := tpl(path, r); err != nil {
			return nil, err
		}
		text := fmt.Sprintf("约%d件", int(r.Get("t3.new.business"))+2)
		return []File{{path, unitOf(u), MistakeText}}, xlsx.EditCells(path, path, []xlsx.Edit{{Sheet: t3, Ref: ref("t3.new.business"), Value: text}})
	case kindForeign:
		fr := *r
		fr.Unit.Code = ""
		p := filepath.Join(dir, model.SafeName(u.Name+"年报统计表")+".xlsx")
		return []File{{p, unitOf(u), MistakeForeign}}, WriteForeign(p, &fr)
	case kindResubmit:
		if err := tpl(path, offByOne(r)); err != nil {
			return nil, err
		}
		p2 := filepath.Join(dir, name+"（修改后）.xlsx")
		return []File{{path, unitOf(u), MistakeFirst}, {p2, unitOf(u), MistakeCorrected}}, tpl(p2, r)
	case kindLegacy:
		tmp, err := os.MkdirTemp("", "nianbao-demo-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		src := filepath.Join(tmp, name+".xlsx")
		if err := tpl(src, r); err != nil {
			return nil, err
		}
		out, err := office.Convert(context.Background(), src, dir, "xls")
		if err != nil { // LibreOffice failed: send the .xlsx instead
			return []File{{path, unitOf(u), ""}}, tpl(path, r)
		}
		return []File{{out, unitOf(u), MistakeLegacy}}, nil
	}
	return []File{{path, unitOf(u), ""}}, tpl(path, r)
}

// offByOne adds one application to 表三 一 自然人 without handling it: T3-1 fails by 1.
func offByOne(r *model.Report) *model.Report {
	c := *r
	c.Values = map[string]float64{}
	for k, x := range r.Values {
		c.Values[k] = x
	}
	c.Values["t3.new.person"]++
	c.ComputeTotals()
	return &c
}

// writeOffRoster writes the file of a unit that is not on the roster, named like one that is.
func writeOffRoster(opt Options, fill *xlsx.TemplateFiller, ros *model.Roster) (File, error) {
	name := Region + "档案馆"
	if len(ros.Units) > 1 { // a near miss of a roster name: suggested, never matched
		name = ros.Units[1].Name + "机关服务中心"
	}
	u := model.Unit{Code: "990001", Name: name}
	rng := rand.New(rand.NewSource(opt.Seed - 1))
	r := figures(u, opt.Year, rng, 1)
	p := filepath.Join(opt.Dir, ReceivedDir, xlsx.UnitTemplateName(u))
	err := fill.Write(p, u, r)
	return File{p, u, MistakeOffRoster}, err
}
