package batch

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"nianbao/checks"
	"nianbao/xlsx/read"
)

// WriteText prints the document for clerks: one block per file with its verdict and findings (errors first),
// then one closing line with the counts. Infos are listed only when verbose is set; their number is always
// shown.
func WriteText(w io.Writer, d Document, verbose bool) error {
	var b strings.Builder
	var missing []string
	for _, f := range d.Files {
		writeFileText(&b, f, verbose)
		if f.NoPrevious {
			missing = append(missing, f.Unit.Name)
		}
	}
	writeDoubleText(&b, d.Double)
	writeClosingText(&b, d.Skipped, missing, d.Stats)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeFileText renders one file's block: its verdict, what it is, and its findings, each consequence
// indented under its fault ("因此：…"), explained warnings as 已说明 with their explanation.
func writeFileText(b *strings.Builder, f File, verbose bool) {
	fmt.Fprintf(b, "【%s】%s", f.Verdict, Escape(f.Path))
	var about []string
	if f.Unit.Name != "" {
		about = append(about, Escape(f.Unit.Name))
	}
	if f.Unit.Code != "" {
		about = append(about, "代码 "+Escape(f.Unit.Code))
	}
	if f.Year > 0 {
		about = append(about, fmt.Sprintf("%d年度", f.Year))
	}
	if f.Version > 0 {
		about = append(about, fmt.Sprintf("%d版格式", f.Version))
	}
	switch {
	case f.Summary && f.Refused:
		about = append(about, "标明为汇总表，未采用")
	case f.Summary:
		about = append(about, fmt.Sprintf("汇总表，含 %d 个单位", len(f.Covers)))
	}
	if len(about) > 0 {
		fmt.Fprintf(b, "（%s）", strings.Join(about, "，"))
	}
	b.WriteString("\n")
	fs := append([]checks.Finding(nil), f.Findings...)
	checks.Sort(fs)
	// A consequence of several faults is listed under each of them, naming the others.
	faults := map[string]checks.Finding{}
	extra := map[string][]checks.Finding{}
	for _, x := range fs {
		if x.Fault() {
			faults[x.ID] = x
		}
		for _, id := range x.AlsoBecause() {
			extra[id] = append(extra[id], x)
		}
	}
	consequence := func(x checks.Finding, under string) {
		var others []string
		for _, id := range x.BecauseAll {
			if o, ok := faults[id]; ok && id != under {
				others = append(others, strings.TrimSpace(where(o)))
			}
		}
		note := ""
		if len(others) > 0 {
			note = "（也因 " + strings.Join(others, "、") + " 的问题）"
		}
		fmt.Fprintf(b, "      因此：%s%s%s\n", where(x), Escape(x.Message), note)
	}
	hidden := 0
	shown := true     // whether the fault of the consequences that follow is shown
	current := ""     // the fault whose consequences follow
	flush := func() { // the consequences listed under another fault that also follow from current
		if shown {
			for _, x := range extra[current] {
				consequence(x, current)
			}
		}
	}
	for _, x := range fs {
		if x.Fault() {
			flush()
			current = x.ID
		}
		switch {
		case !x.Fault():
			if shown {
				consequence(x, x.Because)
			}
		case x.Severity == checks.Info && !verbose:
			hidden++
			shown = false
		case x.Explained():
			shown = true
			fmt.Fprintf(b, "  已说明 %s%s\n      说明：%s\n", where(x), Escape(x.Message), Escape(x.Explanation))
		default:
			shown = true
			fmt.Fprintf(b, "  %s %s%s\n", x.Severity, where(x), Escape(x.Message))
		}
	}
	flush()
	if hidden > 0 {
		fmt.Fprintf(b, "  另有 %d 条提示（加 --verbose 显示）\n", hidden)
	}
}

// writeDoubleText renders the double countings found across files, if any.
func writeDoubleText(b *strings.Builder, double []checks.Finding) {
	if len(double) == 0 {
		return
	}
	b.WriteString("【重复汇总】\n")
	for _, f := range double {
		b.WriteString("  错误 " + f.Rule + " " + Escape(f.Message) + "\n")
	}
}

// writeClosingText renders what follows the files: the skipped files, the units without last year's data
// and the closing line with the counts.
func writeClosingText(b *strings.Builder, skipped, missing []string, s Stats) {
	if len(skipped) > 0 {
		b.WriteString("跳过的文件（不是工作簿，未校验）：\n")
		for _, p := range skipped {
			fmt.Fprintf(b, "  %s%s\n", Escape(p), what(p))
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(b, "以下 %d 个单位没有找到上年度数据，未做跨年度核对：%s\n", len(missing), Escape(strings.Join(missing, "、")))
	}
	fmt.Fprintf(b, "共 %d 个文件：通过 %d，有警告 %d，有错误 %d，无法读取 %d", s.Files, s.Passed, s.Warned, s.Failed, s.Unreadable)
	if s.Skipped > 0 {
		fmt.Fprintf(b, "；跳过 %d 个非报表文件", s.Skipped)
	}
	fmt.Fprintf(b, "。错误 %d 条，警告 %d 条，提示 %d 条", s.Errors, s.Warnings, s.Infos)
	if s.Explained > 0 {
		fmt.Fprintf(b, "，已说明的警告 %d 条", s.Explained)
	}
	if s.Consequences > 0 {
		fmt.Fprintf(b, "；另有 %d 条由这些问题引起，列在各条之下", s.Consequences)
	}
	b.WriteString("。\n")
}

// where renders a finding's position: "表三!J28 " or "第12行 ", or nothing.
func where(f checks.Finding) string {
	switch {
	case f.Sheet != "" && f.Cell != "":
		return Escape(f.Sheet) + "!" + Escape(f.Cell) + " "
	case f.Line > 0:
		return fmt.Sprintf("第%d行 ", f.Line)
	}
	return ""
}

// what says in a few words what a skipped file is, when it can be looked at.
func what(path string) string {
	name := filepath.Base(path)
	if strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".~lock.") {
		return "：Office 打开文件时产生的临时锁定文件"
	}
	k, err := read.SniffFile(path, read.Limits{})
	if err != nil {
		return ""
	}
	return "：" + k.Verdict()
}
