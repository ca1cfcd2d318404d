package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"nianbao/checks"
	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx/read"
)

// Options say how to check a batch.
type Options struct {
	// Year is the report year being collected; 0 takes each file's own year.
	Year int
	// Limits bound what one file may cost to read.
	Limits read.Limits
	// Previous returns last year's report of a unit, or nil; nil Previous skips the cross-year rules.
	Previous func(model.Unit) *model.Report
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
// for workbooks; everything else found in a directory is returned as skipped. An unreadable argument is an
// error.
func Collect(args []string) (files, skipped []string, err error) {
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
			case Extensions[strings.ToLower(filepath.Ext(name))]:
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

// CheckFile reads and checks one file. It never panics and never fails: a file that cannot be read gets
// the verdict 无法读取 with an R-7 finding saying why.
func CheckFile(path string, opt Options) (out File) {
	out = File{Path: path, Values: map[string]float64{}, Findings: []checks.Finding{}}
	if !utf8.ValidString(path) {
		out.PathBytes = []byte(path)
	}
	defer func() {
		if p := recover(); p != nil { // a bug of ours on a strange file: that file fails, the batch goes on
			out.Report, out.Values = nil, map[string]float64{}
			out.Verdict = Unreadable
			out.Findings = []checks.Finding{{Rule: checks.RFile.ID, Severity: checks.Error, File: path,
				Message: fmt.Sprintf("文件“%s”：读取时发生内部错误（%v），请将此文件提供给技术支持", filepath.Base(path), p)}}
		}
	}()
	data, sum, err := readFile(path, opt.Limits)
	out.SHA256 = sum
	var wb *read.Workbook
	var src Source
	var pre *prepared
	if err == nil && data != nil && fastPath { // the fast path for our own templates, checked like any other file
		if wb, _ = read.ReadTemplate(path, data, opt.Limits); wb != nil {
			src = Source{Name: filepath.Base(path), Grids: wb.Grids, Meta: wb.Meta, Hidden: wb.Hidden}
			if pre = prepare(src); !pre.ok {
				wb, pre = nil, nil
			}
		}
	}
	data = nil
	if err == nil && wb == nil {
		wb, err = read.Open(path, opt.Limits)
	}
	if err != nil {
		out.Verdict = Unreadable
		out.Findings = append(out.Findings, checks.Finding{Rule: checks.RFile.ID, Severity: checks.Error,
			File: path, Message: read.Message(err)})
		return out
	}
	out.Format = wb.Kind.String()
	if pre == nil {
		src = Source{Name: filepath.Base(path), Grids: wb.Grids, Meta: wb.Meta, Hidden: wb.Hidden}
		pre = prepare(src)
	}
	r, fs := readReport(src, opt.Year, pre)
	var prev *model.Report
	if opt.Previous != nil {
		prev = opt.Previous(r.Unit)
		out.NoPrevious = prev == nil
	}
	fs = append(fs, checks.Run(r, prev)...)
	members, refused, vfs := verifyMeta(src.Grids, r, wb.Meta)
	fs = append(fs, vfs...)
	for i := range fs {
		fs[i].File = path
	}
	checks.Sort(fs)
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

// fastPath routes our own template workbooks through read.ReadTemplate; tests turn it off to compare.
var fastPath = true

// readFile reads the whole file and returns its SHA-256; data is nil (and the hash taken while streaming)
// when the file is larger than the limits allow, so that Open reports it.
func readFile(path string, lim read.Limits) (data []byte, sum string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", &read.FileError{Path: path, Kind: read.ErrIO, Msg: "无法打开文件：" + err.Error(), Err: err}
	}
	defer f.Close()
	h := sha256.New()
	maxSize := lim.MaxFileSize
	if maxSize <= 0 {
		maxSize = read.DefaultLimits().MaxFileSize
	}
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() <= maxSize {
		data = make([]byte, st.Size())
		if _, err := io.ReadFull(f, data); err == nil {
			if n, _ := f.Read(make([]byte, 1)); n == 0 { // the file did not grow meanwhile
				h.Write(data)
				return data, hex.EncodeToString(h.Sum(nil)), nil
			}
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, "", &read.FileError{Path: path, Kind: read.ErrIO, Msg: "读取文件失败：" + err.Error(), Err: err}
		}
		data = nil
	}
	if _, err := io.Copy(h, f); err != nil {
		return nil, "", &read.FileError{Path: path, Kind: read.ErrIO, Msg: "读取文件失败：" + err.Error(), Err: err}
	}
	return nil, hex.EncodeToString(h.Sum(nil)), nil
}

// Check checks files in parallel and returns their results in the order given, or, when opt.Each is set,
// hands them to it in that order and returns nil.
func Check(paths []string, opt Options) []File {
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
				f := CheckFile(paths[i], opt)
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
	return out
}

// hashFile returns the SHA-256 of a file in hex.
func hashFile(path string) (string, error) {
	_, sum, err := readFile(path, read.Limits{MaxFileSize: 1})
	return sum, err
}
