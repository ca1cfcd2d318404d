package finish

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
)

// hostileName reports a zip entry name that would leave the folder it is unpacked into, or that tools
// read differently: absolute, with a drive letter, with backslashes, or with a ".." segment. A returned file
// may hold such entries; the annotated copy we write must not carry them on.
func hostileName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.ContainsRune(name, '\\') ||
		len(name) >= 2 && name[1] == ':' {
		return true
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == ".." {
			return true
		}
	}
	return false
}

// DropHostileEntries returns the package without its hostile entries (hostileName), copying the others
// as they are, compressed; data itself when it has none.
func DropHostileEntries(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	bad := false
	for _, f := range zr.File {
		bad = bad || hostileName(f.Name)
	}
	if !bad {
		return data, nil
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if hostileName(f.Name) {
			continue
		}
		raw, err := f.OpenRaw()
		if err != nil {
			return nil, err
		}
		h := f.FileHeader
		w, err := zw.CreateRaw(&h)
		if err != nil {
			return nil, err
		}
		if _, err := io.Copy(w, raw); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
