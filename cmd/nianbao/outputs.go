package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// maxNameBytes is the longest file name most file systems accept (255 bytes; a Chinese character takes 3).
const maxNameBytes = 255

// outputName refuses an output file name the file system cannot hold, with a sentence instead of Go's
// "file name too long".
func outputName(path string) error {
	if n := len(filepath.Base(path)); n > maxNameBytes {
		return fail("输出文件名过长（%d 字节，最多 %d 字节，一个汉字占 3 字节）：%s，请换一个较短的文件名", n, maxNameBytes, path)
	}
	return nil
}

// prepareOutput checks, before any work starts, that the output file can be written: not a folder, not an
// existing file unless forced, its folder created when missing (and said so in the README), writable, and
// the file itself not open in Excel or WPS. Hours of checking never end in "cannot write".
func prepareOutput(path string, force bool) error {
	if err := outputName(path); err != nil {
		return err
	}
	if err := checkTarget(path, force); err != nil {
		return err
	}
	if err := prepareFolder(filepath.Dir(path)); err != nil {
		return err
	}
	if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fail("无法写入 %s：%v", path, err)
	}
	return nil
}

// checkTarget refuses to write over an existing file unless forced, and never over a directory.
func checkTarget(path string, force bool) error {
	if err := outputName(path); err != nil {
		return err
	}
	st, err := os.Stat(path)
	switch {
	case err != nil:
		return nil
	case st.IsDir():
		return fail("%s 是一个目录，不能作为输出文件", path)
	case !force:
		return fail("文件 %s 已存在；如需覆盖请加 --force", path)
	}
	return nil
}

// prepareFolder creates an output folder when it is missing and checks that files can be written in it.
func prepareFolder(dir string) error {
	st, err := os.Stat(dir)
	switch {
	case err == nil && !st.IsDir():
		return fail("“%s”是一个文件，不是文件夹；请换一个输出位置", dir)
	case err != nil:
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fail("无法创建文件夹“%s”：%v", dir, err)
		}
	}
	probe, err := os.CreateTemp(dir, ".nianbao-probe-*")
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return userError{msg: "没有权限在文件夹“" + dir + "”中写入文件，请换一个文件夹", cause: err}
		}
		return userError{msg: "无法在文件夹“" + dir + "”中写入文件（加 --verbose 可看到技术原因）", cause: err}
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

// insideInput returns the input folder of args that out is, or lies in; "" when none. Both are compared as
// absolute paths with symbolic links resolved as far as they exist, so that "." and "./收到/../收到" match.
func insideInput(out string, args []string) string {
	o := resolved(out)
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() {
			continue
		}
		in := resolved(a)
		if o == in || strings.HasPrefix(o, in+string(filepath.Separator)) {
			return a
		}
	}
	return ""
}

// resolved is the absolute, cleaned form of p with the symbolic links of its longest existing prefix
// resolved.
func resolved(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	rest := ""
	for cur := abs; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}
