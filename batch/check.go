package batch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"nianbao/checks"
	"nianbao/locate"
	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx/read"
	"nianbao/xlsx/read/fast"
)

// Options say how to check a batch.
type Options struct {
	// Year is the report year being collected; 0 takes each file's own year.
	Year int
	// Limits bound what one file may cost to read.
	Limits read.Limits
	// Previous returns last year's report of a unit, or nil; nil Previous skips the cross-year rules.
	Previous func(model.Unit) *model.Report
	// PreviousSummary returns last year's summary made for a unit, or nil; a summary is checked against it
	// (against Previous when nil).
	PreviousSummary func(model.Unit) *model.Report
	// Workers is the number of files read at once; 0 means one per CPU.
	Workers int
	// KeepSources keeps, in the reports Check returns, where each value was read (model.Report.Sources).
	// Without it Check drops them once a file's findings are made (the findings keep their cells), so that
	// the results of tens of thousands of files stay small; CheckFile always keeps them.
	KeepSources bool
	// Progress, when set, is called after each file with the files done so far, the total and the files
	// with errors so far.
	Progress func(done, total, failed int)
	// Each, when set, receives every file's result as soon as it and all files before it are done, in the
	// order given, and Check returns nil instead of keeping every result: the memory of a run stays flat in
	// the number of files. Calls are never concurrent.
	Each func(File)
}

// Extensions of the files a directory walk picks up.
var Extensions = map[string]bool{".xlsx": true, ".xlsm": true, ".xls": true, ".et": true, ".ods": true, ".xlsb": true}

// Collect expands the arguments into the files to check: files are taken as given, directories are walked
// for workbooks (Extensions); everything else found in a directory is returned as skipped. An unreadable
// argument is an error.
func Collect(args []string) (files, skipped []string, err error) { return CollectOf(args, Extensions) }

// CollectOf is Collect for the files whose extension, in lower case, exts holds. Lock files of an open
// office suite (~$…, .~lock.…) are skipped; skipped is sorted, files are in the order of the arguments and,
// within a folder, of their paths.
func CollectOf(args []string, exts map[string]bool) (files, skipped []string, err error) {
	for _, a := range args {
		info, err := os.Stat(a)
		if err != nil {
			return nil, nil, fmt.Errorf("batch: %w", err)
		}
		if !info.IsDir() {
			files = append(files, a)
			continue
		}
		err = filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			name := d.Name()
			switch {
			case strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".~lock."):
				skipped = append(skipped, p) // lock files of an open office suite
			case exts[strings.ToLower(filepath.Ext(name))]:
				files = append(files, p)
			default:
				skipped = append(skipped, p)
			}
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("batch: %w", err)
		}
	}
	sort.Strings(skipped)
	return files, skipped, nil
}

// CheckFile reads and checks the file at path, as CheckInput does.
func CheckFile(path string, opt Options) File { return CheckInput(Input{Name: path}, opt) }

// CheckInput reads and checks one file. It never panics and never fails: a file that cannot be read, or
// whose reading takes longer than opt.Limits.Timeout, gets the verdict 无法读取 with an R-7 finding saying why.
func CheckInput(in Input, opt Options) (out File) {
	path := in.Name
	defer func() {
		if p := recover(); p != nil { // a bug of ours on a strange file: that file fails, the batch goes on
			out = UnreadableFile(path, out.SHA256, fmt.Sprintf("文件“%s”：读取时发生内部错误（%v），请将此文件提供给技术支持", filepath.Base(path), p))
		}
	}()
	data, sum, err := in.load(opt.Limits)
	out.SHA256 = sum
	if err != nil {
		return UnreadableFile(path, sum, read.Message(err))
	}
	var wb *read.Workbook
	var src locate.Source
	var pre *locate.Prepared
	if fastPath {
		wb, src, pre = readFast(path, data, opt.Limits)
	}
	if wb == nil {
		wb, err = read.OpenBytes(context.Background(), path, data, opt.Limits) // bounded by opt.Limits.Timeout
	}
	data = nil
	if err != nil {
		return UnreadableFile(path, sum, read.Message(err))
	}
	if pre == nil {
		src = locate.Source{Name: filepath.Base(path), Grids: wb.Grids, Meta: wb.Meta, Hidden: wb.Hidden}
		pre = locate.Prepare(src)
	}
	return checkRead(path, sum, wb, src, pre, opt)
}

// checkRead checks a file read into wb (src and pre its source and prepared layout); it changes none of them.
func checkRead(path, sum string, wb *read.Workbook, src locate.Source, pre *locate.Prepared, opt Options) File {
	out := File{Path: path, PathBytes: pathBytes(path), SHA256: sum, Format: wb.Kind.String()}
	r, fs := pre.Read(src, opt.Year)
	var prev *model.Report
	if opt.Previous != nil {
		if wb.Meta["kind"] == "summary" && opt.PreviousSummary != nil {
			prev = opt.PreviousSummary(r.Unit)
		} else {
			prev = opt.Previous(r.Unit)
		}
		out.NoPrevious = prev == nil
	}
	members, refused, vfs := verifyMeta(src.Grids, wb.Details, r, wb.Meta)
	fs = append(fs, vfs...)
	fs = checks.Analyze(r, prev, fs)
	checks.Explain(fs, pre.Explanations(src))
	for i := range fs {
		fs[i].File = path
	}
	if fs == nil {
		fs = []checks.Finding{} // JSON: "findings": [] for a clean file
	}
	out.Report, out.Unit, out.Year, out.Version = r, r.Unit, r.Year, r.Version
	meta, _, _ := templates.ParseMeta(wb.Meta)
	out.Summary, out.Covers, out.Members, out.Refused = meta.IsSummary(), r.Covers, members, refused
	if refused {
		out.Covers = nil // a summary that does not prove itself stands for no unit
	}
	out.Values = r.Values
	out.Findings = fs
	out.Verdict = VerdictOf(fs)
	return out
}

// fastPath routes our own template workbooks through fast.ReadTemplate; tests turn it off to compare.
var fastPath = true

// readFast is the fast path for our own templates and summaries, checked like any other file: the
// workbook, its source and its prepared layout, or a nil workbook when the file is for the general reader.
func readFast(path string, data []byte, lim read.Limits) (*read.Workbook, locate.Source, *locate.Prepared) {
	wb, _ := fast.ReadTemplate(path, data, lim)
	if wb == nil {
		wb, _ = fast.ReadSummary(path, data, lim) // its detail sheets scanned into wb.Details
	}
	if wb == nil {
		return nil, locate.Source{}, nil
	}
	src := locate.Source{Name: filepath.Base(path), Grids: wb.Grids, Meta: wb.Meta, Hidden: wb.Hidden}
	pre := locate.Prepare(src)
	if !pre.Template() {
		return nil, locate.Source{}, nil
	}
	return wb, src, pre
}

// Check checks the files at paths in parallel, as CheckInputs does.
func Check(paths []string, opt Options) []File { return CheckInputs(Files(paths), opt) }

// CheckInputs checks inputs in parallel, opt.Workers at a time, and returns their results in the order
// given, or, when opt.Each is set, hands them to it in that order and returns nil. It is the one worker
// pool of the project: the CLI and the web page both check through it.
func CheckInputs(paths []Input, opt Options) []File {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	var out []File
	if opt.Each == nil {
		out = make([]File, len(paths))
	}
	// With Each, at most ahead files are checked past the first one not yet delivered, so that one slow
	// file cannot make the others pile up.
	ahead := max(64, 16*workers)
	window := make(chan struct{}, ahead)
	pending := map[int]File{}
	next := 0
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done, failed := 0, 0
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				f := CheckInput(paths[i], opt)
				if !opt.KeepSources && f.Report != nil {
					f.Report.Sources = nil
				}
				mu.Lock()
				done++
				if f.Verdict == Failed || f.Verdict == Unreadable {
					failed++
				}
				if opt.Progress != nil {
					opt.Progress(done, len(paths), failed)
				}
				if opt.Each == nil {
					out[i] = f
				} else {
					pending[i] = f
					for g, ok := pending[next]; ok; g, ok = pending[next] {
						delete(pending, next)
						next++
						opt.Each(g)
						<-window
					}
				}
				mu.Unlock()
			}
		}()
	}
	for i := range paths {
		if opt.Each != nil {
			window <- struct{}{}
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if opt.Year == 0 && opt.Each == nil {
		markOddYears(out)
	}
	return out
}

// pathBytes is File.PathBytes: the path's bytes when they are not valid UTF-8, else nil.
func pathBytes(path string) []byte {
	if utf8.ValidString(path) {
		return nil
	}
	return []byte(path)
}
