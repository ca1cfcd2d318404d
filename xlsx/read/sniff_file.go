package read

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"
)

// SniffFile judges the file at path by its content: it reads the head, and for zip and CFB containers their
// directory, never the whole package. It returns ErrIO for unreadable files, ErrTooLarge above
// lim.MaxFileSize and ErrCorrupt for a zip whose directory cannot be read.
func SniffFile(path string, lim Limits) (Kind, error) {
	lim = lim.WithDefaults()
	f, size, err := openInput(path, lim)
	if err != nil {
		return Unknown, err
	}
	defer f.Close()
	return SniffReaderAt(path, f, size)
}

// openInput opens path for reading after checking that it is a regular file within the size limit.
func openInput(path string, lim Limits) (*os.File, int64, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, 0, fileErr(path, ErrIO, "无法读取文件（文件不存在或没有权限）", err)
	}
	if !st.Mode().IsRegular() {
		return nil, 0, fileErr(path, ErrIO, "不是普通文件（可能是文件夹）", nil)
	}
	if st.Size() > lim.MaxFileSize {
		return nil, 0, tooLarge(path, LimitFileSize, overLimit(LimitFileSize, mib(lim.MaxFileSize), mib(st.Size())))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fileErr(path, ErrIO, "无法读取文件（没有权限或被占用）", err)
	}
	return f, st.Size(), nil
}

// SniffReaderAt judges the size bytes of r, the content of the file called name, as SniffFile judges a
// file (without its size limit); name's extension only tells a WPS .et file from an .xls.
func SniffReaderAt(name string, r io.ReaderAt, size int64) (Kind, error) {
	return sniffReaderAt(name, r, size)
}

// sniffReaderAt is SniffReaderAt; errors name the file name.
func sniffReaderAt(path string, f io.ReaderAt, size int64) (Kind, error) {
	head := make([]byte, min(SniffHead, max(size, 0)))
	n, err := io.ReadFull(io.NewSectionReader(f, 0, size), head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Unknown, fileErr(path, ErrIO, "读取文件时出错", err)
	}
	head = head[:n]
	k := Sniff(head, size)
	switch k {
	case XLSX, XLSB, ODS, DOCX, PPTX, Zip:
		if !bytes.HasPrefix(head, magicZip) && !bytes.HasPrefix(head, magicZipEmpty) {
			return k, nil // an OpenDocument text sniffed as DOCX is not a zip here
		}
		zr, err := zip.NewReader(f, size)
		if err != nil {
			return k, fileErr(path, ErrCorrupt, "文件已损坏：压缩包不完整或格式错误，请重新保存后提交", err)
		}
		return zipKind(zr, k), nil
	case XLS, Encrypted:
		if !bytes.HasPrefix(head, magicCFB) {
			return k, nil
		}
		all, err := io.ReadAll(io.NewSectionReader(f, 0, size))
		if err != nil {
			return k, fileErr(path, ErrIO, "读取文件时出错", err)
		}
		k = cfbKind(all)
		if k == XLS && strings.EqualFold(filepath.Ext(path), ".et") {
			k = ET
		}
		return k, nil
	}
	return k, nil
}

// zipKind classifies a zip by its entries; fallback is the head's verdict.
func zipKind(zr *zip.Reader, fallback Kind) Kind {
	names := make(map[string]bool, len(zr.File))
	for _, f := range zr.File {
		names[strings.ToLower(f.Name)] = true
	}
	switch {
	case names["xl/workbook.xml"]:
		return XLSX
	case names["xl/workbook.bin"]:
		return XLSB
	case names["word/document.xml"]:
		return DOCX
	case names["ppt/presentation.xml"]:
		return PPTX
	case names["mimetype"] && names["content.xml"]:
		if fallback == ODS || fallback == DOCX {
			return fallback
		}
		return ODS
	}
	for n := range names {
		if strings.HasSuffix(n, "workbook.xml") && names["[content_types].xml"] {
			return XLSX // a workbook part under another folder; excelize resolves it through _rels/.rels
		}
	}
	if names["[content_types].xml"] {
		for n := range names {
			if strings.HasPrefix(n, "xl/") {
				return XLSX // a workbook missing its workbook part: reading says so
			}
		}
		return Unknown // an OOXML package of no known kind
	}
	return Zip
}

// cfbKind classifies a CFB compound document by the stream names of its directory entries.
func cfbKind(data []byte) Kind {
	names := cfbNames(data)
	switch {
	case names["encryptioninfo"] || names["encryptedpackage"]:
		return Encrypted
	case names["workbook"] || names["book"]:
		return XLS
	case names["worddocument"]:
		return DOCX
	case names["powerpoint document"]:
		return PPTX
	}
	return OLE
}

// cfbNames collects the (lower-cased) names of the directory entries found in data. Directory entries are
// 128-byte records on 128-byte boundaries after the 512-byte header: a UTF-16LE name of up to 31 characters,
// its byte length (terminator included) at offset 64 and the object type (1 storage, 2 stream, 5 root) at 66.
// Scanning every boundary instead of following the sector chains cannot be misled into a loop or out of
// bounds by a forged FAT, and a false positive needs a well-formed entry with that exact name.
func cfbNames(data []byte) map[string]bool {
	names := map[string]bool{}
	for p := 512; p+128 <= len(data); p += 128 {
		e := data[p : p+128]
		n := int(binary.LittleEndian.Uint16(e[64:66]))
		typ := e[66]
		if n < 4 || n > 64 || n%2 != 0 || typ != 1 && typ != 2 && typ != 5 {
			continue
		}
		u := make([]uint16, 0, n/2-1)
		ok := true
		for i := 0; i < n-2; i += 2 {
			c := binary.LittleEndian.Uint16(e[i : i+2])
			if c == 0 {
				ok = false
				break
			}
			u = append(u, c)
		}
		if ok && binary.LittleEndian.Uint16(e[n-2:n]) == 0 {
			names[strings.ToLower(string(utf16.Decode(u)))] = true
		}
	}
	return names
}
