package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// prepareOutput checks, before any work starts, that the output file can be written: not a folder, not an
// existing file unless forced, its folder created when missing (and said so in the README), writable, and
// the file itself not open in Excel or WPS. Hours of checking never end in "cannot write".
func prepareOutput(path string, force bool) error {
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
