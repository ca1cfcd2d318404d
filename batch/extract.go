package batch

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"nianbao/checks"
	"nianbao/extract"
	"nianbao/model"
	"nianbao/xlsx/read"
)

// ExtractFile reads a published report (text, PDF text, HTML, Word or PDF) and checks it, giving the same File a
// checked workbook gives: values, findings (reading, prose, every table identity and, with opt.Previous,
// the cross-year rules) and a verdict. Like CheckFile it never panics and never fails: a file that cannot
// be read gets the verdict 无法读取 with an R-7 finding saying why. opt.Limits and opt.Workers are not used.
func ExtractFile(path string, opt Options) (out File) {
	out = File{Path: path, Values: map[string]float64{}, Findings: []checks.Finding{}}
	defer func() {
		if p := recover(); p != nil {
			out = UnreadableFile(path, out.SHA256, fmt.Sprintf("文件“%s”：读取时发生内部错误（%v），请将此文件提供给技术支持", filepath.Base(path), p))
		}
	}()
	sum, err := hashFile(path)
	if err != nil {
		return UnreadableFile(path, "", read.Message(err))
	}
	res, err := extract.File(path)
	if err != nil {
		return UnreadableFile(path, sum, extractMessage(path, err))
	}
	return Extracted(path, sum, res, opt)
}

// Extracted turns what extract read from one published report into a checked File. path names the file in
// findings, sum is its SHA-256 in hex. When the report's title gives no year, opt.Year (if set) is taken as
// its year; when both are known and differ, an R-6 error says so.
func Extracted(path, sum string, res *extract.Result, opt Options) File {
	r := res.Report
	if r.Year == 0 && opt.Year > 0 {
		r.Year = opt.Year
		r.Version = model.VersionForYear(opt.Year)
	}
	var prev *model.Report
	if opt.Previous != nil {
		prev = opt.Previous(r.Unit)
	}
	fs := res.Audit(prev)
	if opt.Year > 0 && r.Year > 0 && r.Year != opt.Year {
		fs = append(fs, checks.At(checks.RYear, nil, "",
			fmt.Sprintf("报告标题中的年度为 %d 年，本次核对的是 %d 年度", r.Year, opt.Year)))
	}
	for i := range fs {
		fs[i].File = path
	}
	if fs == nil {
		fs = []checks.Finding{}
	}
	return File{Path: path, SHA256: sum, Verdict: VerdictOf(fs), Unit: r.Unit, Year: r.Year,
		Version: r.Version, Values: r.Values, Findings: fs, Report: r, Format: res.Format}
}

// extractMessage says in Chinese why extract could not read a file.
func extractMessage(path string, err error) string {
	name := filepath.Base(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("文件“%s”不存在", name)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("文件“%s”无权读取", name)
	case errors.Is(err, extract.ErrTooLarge):
		return fmt.Sprintf("文件“%s”超过 %d MB，不像是一份年度报告", name, extract.MaxSize>>20)
	case errors.Is(err, extract.ErrTooManyCells):
		return fmt.Sprintf("文件“%s”的表格超过 %d 个单元格（或网页超过 %d 个元素），不像是一份年度报告，未读取",
			name, extract.MaxCells, extract.MaxElements)
	}
	return fmt.Sprintf("文件“%s”无法作为年度报告读取：%v", name, err)
}

// IsWorkbook tells whether a file is read as a workbook (CheckFile) rather than as a published report
// (ExtractFile): by its extension first, then by its content. A web page saved as .xls is a workbook; a
// .html, .txt or .docx file, or a file of unknown extension that holds text, HTML or Word, is a publication.
func IsWorkbook(path string) bool {
	if Extensions[strings.ToLower(filepath.Ext(path))] {
		return true
	}
	k, err := read.SniffFile(path, read.DefaultLimits())
	if err != nil {
		return false
	}
	switch k {
	case read.XLSX, read.Encrypted, read.XLS, read.ET, read.ODS, read.XLSB, read.XMLSS:
		return true
	}
	return false
}
