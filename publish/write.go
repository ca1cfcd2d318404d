package publish

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"nianbao/internal/fsx"
	"nianbao/model"
)

// The output formats, chosen by the output's extension.
const (
	FormatDocx = "docx"
	FormatHTML = "html"
)

// FormatOf returns the output format of a file name (.docx, .html or .htm), or "" for any other name.
func FormatOf(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".docx":
		return FormatDocx
	case ".html", ".htm":
		return FormatHTML
	}
	return ""
}

// Write lays out r and writes it to w in a format (FormatDocx or FormatHTML).
func Write(w io.Writer, r *model.Report, format string) error {
	d, err := Build(r)
	if err != nil {
		return err
	}
	switch format {
	case FormatDocx:
		return WriteDocx(w, d)
	case FormatHTML:
		return WriteHTML(w, d)
	}
	return fmt.Errorf("不支持的输出格式“%s”，请用 .docx 或 .html", format)
}

// WriteFile writes r to path in the format its extension names, atomically: a failed write leaves no file.
func WriteFile(path string, r *model.Report) error {
	format := FormatOf(path)
	if format == "" {
		return fmt.Errorf("输出文件 %s 应为 .docx 或 .html", filepath.Base(path))
	}
	d, err := Build(r)
	if err != nil {
		return err
	}
	return fsx.WriteAtomicWith(path, func(w io.Writer) error {
		if format == FormatDocx {
			return WriteDocx(w, d)
		}
		return WriteHTML(w, d)
	})
}
