// Package fsx holds the two file operations every output of nianbao relies on: writing a file so that no
// reader ever sees half of it, and copying an input without ever replacing an existing file.
package fsx

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"nianbao/internal/office"
)

// WriteAtomic writes data to path through a temporary file in the same directory, synced, then renamed over
// path: a reader sees the old file or the new one, never half of one, and a failed write leaves no trace.
func WriteAtomic(path string, data []byte) error {
	return WriteAtomicWith(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteAtomicWith is WriteAtomic for a writer: write streams the content into the temporary file (buffered),
// and only when it returns nil is the file synced and renamed over path.
//
// While it lives the temporary file is registered with the cleanup registry of internal/office, so that the
// CLI's signal handler (office.Cleanup on Ctrl-C or SIGTERM) removes it with LibreOffice's temp folders: an
// interrupted `summary -o` leaves neither half a file nor a hidden copy beside it.
func WriteAtomicWith(path string, write func(io.Writer) error) error {
	return writeAtomic(path, 0o644, write)
}

// WritePrivate is WriteAtomic for a secret: the file is readable and writable by its owner only, from the
// moment it exists (the temporary file is made so, and keeps that mode when renamed over path).
func WritePrivate(path string, data []byte) error {
	return writeAtomic(path, 0o600, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomic is WriteAtomicWith giving the file the permissions perm.
func writeAtomic(path string, perm os.FileMode, write func(io.Writer) error) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("fsx: write %s: is a directory", path)
	}
	tmp, untrack, err := createTemp(filepath.Dir(path), tempPattern(path))
	if err != nil {
		return fmt.Errorf("fsx: write %s: %w", filepath.Base(path), err)
	}
	defer untrack()
	name := tmp.Name()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(name, perm)
	}
	if err == nil {
		err = os.Rename(name, path)
	}
	if err != nil {
		os.Remove(name)
		return fmt.Errorf("fsx: write %s: %w", filepath.Base(path), err)
	}
	return nil
}

// CopyNew copies src to dst, which must not exist yet.
func CopyNew(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return WriteNew(dst, in)
}

// WriteNew writes what r holds to dst, which must not exist yet; a failed write removes dst.
func WriteNew(dst string, r io.Reader) error {
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	return out.Close()
}

// createTemp is os.CreateTemp(dir, pattern) with the file registered for removal on a signal before it
// exists, so that no moment is left in which a signal would leave it behind.
func createTemp(dir, pattern string) (*os.File, func(), error) {
	prefix, suffix, _ := strings.Cut(pattern, "*")
	for range 100 {
		b := make([]byte, 6)
		rand.Read(b)
		name := filepath.Join(dir, prefix+hex.EncodeToString(b)+suffix)
		untrack, ok := office.Track(name)
		if !ok {
			return nil, nil, errors.New("the program is stopping")
		}
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			return f, untrack, nil
		}
		untrack()
		if !os.IsExist(err) {
			return nil, nil, err
		}
	}
	return nil, nil, errors.New("no free temporary file name")
}

// tempPattern names the temp file of an atomic write: beside the target, hidden, recognisable, and short
// enough for the file system whatever the length of the target's name (255 bytes at most; a Chinese
// character takes 3).
func tempPattern(path string) string {
	base := filepath.Base(path)
	if len(base) > 120 {
		return ".nianbao-*.tmp"
	}
	return "." + base + ".*.tmp"
}
