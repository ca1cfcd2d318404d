package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// guideName is the name of the 使用说明 in every archive.
const guideName = "使用说明.txt"

// archiveName is nianbao-<version>-<os>-<arch>.zip for Windows, .tar.gz otherwise.
func archiveName(version, goos, goarch string) string {
	ext := ".tar.gz"
	if goos == "windows" {
		ext = ".zip"
	}
	return fmt.Sprintf("nianbao-%s-%s-%s%s", version, goos, goarch, ext)
}

// guideFor is the 使用说明 with its version, as the platform's text editor expects it: Windows Notepad
// gets CRLF lines and a UTF-8 byte order mark, Linux plain UTF-8.
func guideFor(guide []byte, version, goos string) []byte {
	text := strings.ReplaceAll(string(guide), "{{VERSION}}", version)
	if goos == "windows" {
		text = "\ufeff" + strings.ReplaceAll(text, "\n", "\r\n")
	}
	return []byte(text)
}

// pack writes the archive of one platform into out: a folder named like the archive holding the binary and
// the 使用说明. The archive is written under a temporary name and renamed, so dist/ never holds half of one.
func pack(out, bin, goos, goarch, version string, guide []byte) (string, error) {
	name := archiveName(version, goos, goarch)
	top := strings.TrimSuffix(strings.TrimSuffix(name, ".zip"), ".tar.gz")
	exe, err := os.ReadFile(bin)
	if err != nil {
		return "", err
	}
	entries := []entry{
		{top + "/" + filepath.Base(bin), exe, 0o755},
		{top + "/" + guideName, guideFor(guide, version, goos), 0o644},
	}
	var buf bytes.Buffer
	if goos == "windows" {
		err = writeZip(&buf, entries)
	} else {
		err = writeTarGz(&buf, entries)
	}
	if err != nil {
		return "", err
	}
	path := filepath.Join(out, name)
	tmp := path + ".part"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return "", err
	}
	return path, os.Rename(tmp, path)
}

type entry struct {
	name string
	data []byte
	mode os.FileMode
}

func writeZip(w io.Writer, entries []entry) error {
	zw := zip.NewWriter(w)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: time.Now()}
		h.SetMode(e.mode)
		// The UTF-8 flag, so that Windows Explorer shows 使用说明.txt rather than mojibake.
		h.Flags |= 0x800
		f, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := f.Write(e.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

func writeTarGz(w io.Writer, entries []entry) error {
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Mode: int64(e.mode), Size: int64(len(e.data)), ModTime: time.Now(),
			Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(e.data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// unpack extracts a .tar.gz or .zip into dir and returns the files written.
func unpack(archive, dir string) ([]string, error) {
	var files []string
	write := func(name string, mode os.FileMode, r io.Reader) error {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if !strings.HasPrefix(p, filepath.Clean(dir)+string(filepath.Separator)) {
			return fmt.Errorf("entry %q leaves the folder", name)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
		if err != nil {
			return err
		}
		if _, err := io.Copy(f, r); err != nil {
			f.Close()
			return err
		}
		files = append(files, p)
		return f.Close()
	}
	if strings.HasSuffix(archive, ".zip") {
		zr, err := zip.OpenReader(archive)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				return nil, err
			}
			err = write(f.Name, f.Mode(), rc)
			rc.Close()
			if err != nil {
				return nil, err
			}
		}
		return files, nil
	}
	in, err := os.Open(archive)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	gz, err := gzip.NewReader(in)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		if err := write(h.Name, os.FileMode(h.Mode), tr); err != nil {
			return nil, err
		}
	}
}

func hostIs(goos, goarch string) bool { return runtime.GOOS == goos && runtime.GOARCH == goarch }
