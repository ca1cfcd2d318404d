package main

import (
	"errors"
	"fmt"
	"io/fs"
	"nianbao/batch"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"unicode"
)

// userError is an error whose message is a Chinese sentence for the clerk; cause, when set, is the technical
// error behind it, printed only with --verbose.
type userError struct {
	msg   string
	cause error
}

func (e userError) Error() string { return e.msg }

// fail returns an error that Run prints as it is, in Chinese, with exit code 2. Error arguments are
// described in Chinese (describe); the first of them is kept as the technical cause for --verbose. Text
// arguments are escaped (batch.Escape): a file name holding a newline or a terminal control sequence is
// shown as one visible line; the format's own line breaks stay.
func fail(format string, args ...any) error {
	var cause error
	for i, a := range args {
		switch x := a.(type) {
		case error:
			if cause == nil {
				cause = x
			}
			args[i] = batch.Escape(describe(x))
		case string:
			args[i] = batch.Escape(x)
		}
	}
	return userError{msg: fmt.Sprintf(format, args...), cause: cause}
}

// tempName matches the temporary files of an atomic write (".汇总.xlsx.123456.tmp"), which a clerk never
// created and must never read about.
var tempName = regexp.MustCompile(`^\.(.+)\.\d+\.tmp$`)

// goPrefix matches the package prefixes of errors from below ("batch: ", "fsx: write 汇总.xlsx: ").
var goPrefix = regexp.MustCompile(`\b(?:batch|fsx|xlsx|read|summary|collect|model|web|extract|locate|templates|checks|demo|office|excelize|zip|flate|csv): (?:[a-z]+ [^:：\s]+: )?`)

// describe turns an error from the packages below into a Chinese sentence: file-system errors by what
// happened to which file, a file open in Excel or WPS by how to fix it; Go package prefixes and temporary
// file names are dropped. An error with no Chinese in it becomes a general sentence; --verbose shows it.
func describe(err error) string {
	var ue userError
	if errors.As(err, &ue) {
		return ue.msg
	}
	msg := err.Error()
	var inner error
	var said string
	var le *os.LinkError
	var pe *fs.PathError
	switch {
	case errors.As(err, &le):
		inner, said = le, describeOS(le.New, le.Err, true)
	case errors.As(err, &pe):
		inner, said = pe, describeOS(pe.Path, pe.Err, false)
	}
	if inner != nil {
		before, _, found := strings.Cut(msg, inner.Error())
		before = strings.TrimRight(goPrefix.ReplaceAllString(before, ""), " :：")
		if !found || !hasHan(before) {
			return said
		}
		return before + "：" + said
	}
	msg = goPrefix.ReplaceAllString(msg, "")
	if !hasHan(msg) {
		return "程序内部出错（加 --verbose 可看到技术原因）"
	}
	return msg
}

// describeOS says in Chinese what an operating-system error on path means.
func describeOS(path string, err error, rename bool) string {
	name := filepath.Base(path)
	if m := tempName.FindStringSubmatch(name); m != nil {
		name, path = m[1], filepath.Join(filepath.Dir(path), m[1])
	}
	if fileInUse(err, rename) {
		return fmt.Sprintf("请先在 Excel/WPS 中关闭 %s 再重试", name)
	}
	var errno syscall.Errno
	errors.As(err, &errno)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		dir := filepath.Dir(path)
		if _, serr := os.Stat(dir); serr != nil {
			return fmt.Sprintf("文件夹“%s”不存在", dir)
		}
		return fmt.Sprintf("找不到“%s”", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("没有权限读写“%s”（请换一个文件夹，或请管理员开放权限）", path)
	case errors.Is(err, fs.ErrExist):
		return fmt.Sprintf("“%s”已存在", path)
	case errno == syscall.ENOSPC:
		return "磁盘空间不足，请清理磁盘或换一个位置"
	case errno == syscall.EROFS:
		return fmt.Sprintf("“%s”所在的磁盘是只读的，请换一个位置", path)
	case errno == syscall.ENOTDIR:
		return fmt.Sprintf("“%s”中有一级不是文件夹", path)
	case errno == syscall.EISDIR:
		return fmt.Sprintf("“%s”是文件夹，不是文件", path)
	case errno == syscall.ENAMETOOLONG:
		return fmt.Sprintf("“%s”的文件名太长", name)
	}
	return fmt.Sprintf("无法读写“%s”（加 --verbose 可看到技术原因）", path)
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// missingInput says that an input given on the command line does not exist, with the current folder when
// the path is relative ("找不到文件夹“收到”（当前文件夹：D:\年报）").
func missingInput(arg string, cause error) error {
	name := strings.TrimRight(arg, `/\`)
	if name == "" {
		name = arg
	}
	kind := "文件"
	if name != arg || filepath.Ext(name) == "" {
		kind = "文件夹"
	}
	if filepath.IsAbs(name) {
		return userError{msg: fmt.Sprintf("找不到%s“%s”", kind, name), cause: cause}
	}
	wd, _ := os.Getwd()
	return userError{msg: fmt.Sprintf("找不到%s“%s”（当前文件夹：%s）。请检查名称，或写出完整路径", kind, name, wd), cause: cause}
}

// checkInputs refuses, before any work, an input path that does not exist or cannot be read.
func checkInputs(args []string) error {
	for _, a := range args {
		if _, err := os.Stat(a); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return missingInput(a, err)
			}
			return fail("无法读取“%s”：%v", a, err)
		}
	}
	return nil
}
