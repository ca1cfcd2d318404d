package annotate

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"nianbao/batch"
	"nianbao/internal/fsx"
	"nianbao/model"
	"nianbao/xlsx/read"
)

// Suffix ends the name of every annotated copy: "<original name>_校验结果.xlsx".
const Suffix = "_校验结果.xlsx"

// Name is the name of the annotated copy of a returned file: its whole name, extension included,
// then Suffix ("乙局.xls" → "乙局.xls_校验结果.xlsx"), so that the copies of 乙局.xlsx, 乙局.xls
// and 乙局.ods are told apart and sort next to their originals. The name is made safe for every system.
func Name(name string) string {
	return model.SafeName(filepath.Base(name)) + Suffix
}

// All writes an annotated copy into dir for every readable file with errors or warnings, and returns
// the paths written. Names are Name of the original names; two inputs with the same name (from
// two folders) get distinct copies. Inputs are only read: no copy is ever written over one of the files
// checked (files) nor over any of inputs (every input file of the run, when the caller knows more of them
// than files). The files LibreOffice converts before they are annotated are converted in one run
// (Convert).
func All(files []batch.File, dir string, inputs ...string) ([]string, error) {
	var guard inputSet
	for _, f := range files {
		guard.add(f.Path)
	}
	for _, p := range inputs {
		guard.add(p)
	}
	var todo []batch.File
	var paths, names []string
	for _, f := range files {
		if f.Report == nil || (f.Verdict != batch.Failed && f.Verdict != batch.Warned) {
			continue
		}
		todo = append(todo, f)
		paths, names = append(paths, f.Path), append(names, filepath.Base(f.Path))
	}
	conv, held := ConvertFiles(paths, names)
	used := map[string]bool{}
	var written []string
	for i, f := range todo {
		name := Name(f.Path)
		base := strings.TrimSuffix(name, Suffix)
		for i := 2; used[name] || guard.has(filepath.Join(dir, name)); i++ { // same name in two folders
			name = fmt.Sprintf("%s(%d)%s", base, i, Suffix)
		}
		used[name] = true
		dst := filepath.Join(dir, name)
		write := func() error { return conv.File(f.Path, dst, names[i], f.Findings) }
		if data := held[i]; data != nil { // read already for the LibreOffice run
			write = func() error {
				return fsx.WriteAtomicWith(dst, func(w io.Writer) error { return conv.To(w, names[i], data, f.Findings) })
			}
		}
		if err := write(); err != nil {
			return written, fmt.Errorf("%s: %s", filepath.Base(f.Path), read.Message(err))
		}
		written = append(written, dst)
	}
	return written, nil
}

// inputSet holds the input files of a run, by absolute path and by identity on disk (hard links, other
// spellings of a path), so that an output path can be checked against all of them.
type inputSet struct {
	paths map[string]bool
	infos []os.FileInfo
}

func (s *inputSet) add(p string) {
	if s.paths == nil {
		s.paths = map[string]bool{}
	}
	if abs, err := filepath.Abs(p); err == nil {
		s.paths[abs] = true
	}
	if st, err := os.Stat(p); err == nil {
		s.infos = append(s.infos, st)
	}
}

// has reports whether p is one of the inputs.
func (s *inputSet) has(p string) bool {
	if abs, err := filepath.Abs(p); err == nil && s.paths[abs] {
		return true
	}
	st, err := os.Stat(p)
	if err != nil {
		return false
	}
	for _, in := range s.infos {
		if os.SameFile(st, in) {
			return true
		}
	}
	return false
}
