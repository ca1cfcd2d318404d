package web

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"nianbao/batch"
	"nianbao/internal/fsx"
	"nianbao/model"
)

// extOf returns the extension of an uploaded file name when it is one of the workbook extensions the CLI
// picks up (or .csv, .htm, .html, .txt), lower-cased; otherwise "". Only this fixed extension, never the
// name itself, reaches the file system: LibreOffice and the .et sniffing look at it.
func extOf(name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case batch.Extensions[ext], ext == ".csv", ext == ".htm", ext == ".html", ext == ".txt":
		return ext
	}
	return ""
}

// materialize puts a stored file into a fresh temp folder as base+ext (base is ours, never a client's
// text) and returns its path and a cleanup function.
func (s *Store) materialize(sha, base, ext string) (string, func(), error) {
	dir, err := os.MkdirTemp("", "nianbao-web-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	dst := filepath.Join(dir, base+ext)
	if err := os.Link(s.BlobPath(sha), dst); err != nil {
		if err := fsx.CopyNew(s.BlobPath(sha), dst); err != nil {
			cleanup()
			return "", nil, err
		}
	}
	return dst, cleanup, nil
}

// checkStored checks a stored file exactly as `nianbao check` checks the same file, and gives the result
// the clerk's file name: in the path, in every finding and message, and in the sources of the report.
func (s *Store) checkStored(sha, name string, opt batch.Options) batch.File {
	base := "f" + sha[:16]
	path, cleanup, err := s.materialize(sha, base, extOf(name))
	if err != nil {
		f := batch.CheckFile(s.BlobPath(sha)+".missing", opt) // the verdict of an unreadable file, as the CLI gives it
		f.SHA256 = sha
		rename(&f, f.Path, name)
		return f
	}
	defer cleanup()
	f := batch.CheckFile(path, opt)
	rename(&f, path, name)
	return f
}

// rename replaces the temp path of a checked file by the clerk's name everywhere it shows.
func rename(f *batch.File, path, name string) {
	tmpBase := filepath.Base(path)
	fix := func(s string) string {
		if s == path || s == tmpBase {
			return name
		}
		return strings.ReplaceAll(strings.ReplaceAll(s, path, name), tmpBase, name)
	}
	f.Path = name
	for i := range f.Findings {
		f.Findings[i].File = fix(f.Findings[i].File)
		f.Findings[i].Message = fix(f.Findings[i].Message)
	}
	for _, r := range f.Units() {
		fixSources(r, fix)
	}
}

func fixSources(r *model.Report, fix func(string) string) {
	for k, src := range r.Sources {
		src.File = fix(src.File)
		r.Sources[k] = src
	}
}

// checkAll checks stored versions in parallel with the same options and returns their full results.
func (s *Store) checkAll(vs []*Version, opt batch.Options) []batch.File {
	out := make([]batch.File, len(vs))
	workers := opt.Workers
	if workers <= 0 {
		workers = 4
	}
	jobs := make(chan int)
	done := make(chan struct{})
	for w := 0; w < workers; w++ {
		go func() {
			for i := range jobs {
				out[i] = s.checkStored(vs[i].SHA256, vs[i].Name, opt)
			}
			done <- struct{}{}
		}()
	}
	for i := range vs {
		jobs <- i
	}
	close(jobs)
	for w := 0; w < workers; w++ {
		<-done
	}
	return out
}

// previousFolder lays stored files out as last year's folder, named by their order so that a later file
// of one unit wins as it does in a folder walk, and loads it with batch.LoadPrevious.
func (s *Store) previousFolder(vs []*Version, opt batch.Options) (*batch.Previous, error) {
	dir, err := os.MkdirTemp("", "nianbao-prev-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	for i, v := range vs {
		ext := extOf(v.Name)
		if ext == "" || !batch.Extensions[ext] {
			ext = ".xlsx"
		}
		dst := filepath.Join(dir, fmt.Sprintf("%06d%s", i, ext))
		if err := os.Link(s.BlobPath(v.SHA256), dst); err != nil {
			if err := fsx.CopyNew(s.BlobPath(v.SHA256), dst); err != nil {
				return nil, err
			}
		}
	}
	return batch.LoadPrevious(dir, opt)
}
