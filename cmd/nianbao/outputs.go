package main

import (
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
