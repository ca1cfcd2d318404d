package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"

	"nianbao/checks"
	"nianbao/xlsx/read"
)

// Input is one file of a batch: the name its result, findings and messages show, and its content.
type Input struct {
	// Name is the file's path for the CLI, the clerk's file name for the web page.
	Name string
	// Open returns the file's content; nil means the file at Name. It is called once, by the worker that
	// checks the file, so that a batch holds at most one file per worker in memory.
	Open func() ([]byte, error)
}

// Files are the inputs of the files at paths.
func Files(paths []string) []Input {
	out := make([]Input, len(paths))
	for i, p := range paths {
		out[i] = Input{Name: p}
	}
	return out
}

// load returns the content of the input and its SHA-256 in hex. A file on disk larger than lim.MaxFileSize
// is hashed while streaming and not kept: the error says it is too large.
func (in Input) load(lim read.Limits) (data []byte, sum string, err error) {
	if in.Open != nil {
		if data, err = in.Open(); err != nil {
			return nil, "", &read.FileError{Path: in.Name, Kind: read.ErrIO, Msg: "无法读取文件：" + err.Error(), Err: err}
		}
		h := sha256.Sum256(data)
		return data, hex.EncodeToString(h[:]), nil
	}
	data, sum, err = readFile(in.Name, lim)
	if err == nil && data == nil {
		_, err = read.Open(in.Name, lim) // the limit it exceeds, in the words of the reader
		if err == nil {
			err = &read.FileError{Path: in.Name, Kind: read.ErrIO, Msg: "文件在读取时发生了变化，请重新提交"}
		}
	}
	return data, sum, err
}

// UnreadableFile is the result of a file that could not be read (verdict 无法读取): one R-7 error saying why.
// name is the file as the batch names it, sum its SHA-256 in hex when known, msg the clerk's sentence.
func UnreadableFile(name, sum, msg string) File {
	return File{Path: name, PathBytes: pathBytes(name), SHA256: sum, Verdict: Unreadable, Values: map[string]float64{},
		Findings: []checks.Finding{{Rule: checks.RFile.ID, Severity: checks.Error, File: name, Message: msg}}}
}

// readFile reads the whole file and returns its SHA-256; data is nil (and the hash taken while streaming)
// when the file is larger than the limits allow.
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

// hashFile returns the SHA-256 of a file in hex.
func hashFile(path string) (string, error) {
	_, sum, err := readFile(path, read.Limits{MaxFileSize: 1})
	return sum, err
}
