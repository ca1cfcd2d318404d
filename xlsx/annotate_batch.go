package xlsx

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"nianbao/batch"
	"nianbao/model"
	"nianbao/xlsx/read"
)

// AnnotatedSuffix ends the name of every annotated copy: "<original name>_校验结果.xlsx".
const AnnotatedSuffix = "_校验结果.xlsx"

// AnnotatedName is the name of the annotated copy of a returned file: its whole name, extension included,
// then AnnotatedSuffix ("乙局.xls" → "乙局.xls_校验结果.xlsx"), so that the copies of 乙局.xlsx, 乙局.xls
// and 乙局.ods are told apart and sort next to their originals. The name is made safe for every system.
func AnnotatedName(name string) string {
	return model.SafeName(filepath.Base(name)) + AnnotatedSuffix
}

// AnnotateAll writes an annotated copy into dir for every readable file with errors or warnings, and returns
// the paths written. Names are AnnotatedName of the original names; two inputs with the same name (from
// two folders) get distinct copies. Inputs are only read.
func AnnotateAll(files []batch.File, dir string) ([]string, error) {
	used := map[string]bool{}
	var written []string
	for _, f := range files {
		if f.Report == nil || (f.Verdict != batch.Failed && f.Verdict != batch.Warned) {
			continue
		}
		name := AnnotatedName(f.Path)
		base := strings.TrimSuffix(name, AnnotatedSuffix)
		for i := 2; used[name] || sameFile(filepath.Join(dir, name), f.Path); i++ { // same name in two folders
			name = fmt.Sprintf("%s(%d)%s", base, i, AnnotatedSuffix)
		}
		used[name] = true
		dst := filepath.Join(dir, name)
		if err := AnnotateFile(f.Path, dst, filepath.Base(f.Path), f.Findings); err != nil {
			return written, fmt.Errorf("%s: %s", filepath.Base(f.Path), read.Message(err))
		}
		written = append(written, dst)
	}
	return written, nil
}

// sameFile reports whether two paths name one existing file, so that no output ever replaces an input.
func sameFile(a, b string) bool {
	ia, err1 := os.Stat(a)
	ib, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(ia, ib)
}
