package read

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"nianbao/xlsx/read/internal/ooxml"
)

// pkg is an opened xlsx package whose zip directory passed the limits.
type pkg struct {
	path  string // the file as given to Open, for errors
	zr    *zip.Reader
	parts map[string]*zip.File // by lower-cased name without leading "/"
	lim   Limits
	ctx   context.Context // done: reading stops with ErrTimeout
	steps int             // tokens read since ctx was last looked at
}

// tick counts one XML token and, every few thousand, returns the ErrTimeout error once p.ctx is done.
func (p *pkg) tick() error {
	if p.steps++; p.steps&4095 != 0 || p.ctx == nil || p.ctx.Err() == nil {
		return nil
	}
	return timeoutErr(p.path, p.lim)
}

// openPkg checks the zip directory against the limits before anything is inflated: number of entries,
// each entry's declared size and their total, duplicate names. archive/zip refuses to inflate more bytes
// than an entry declares and verifies its CRC at the end, so the declared sizes bound every read.
func openPkg(path string, r io.ReaderAt, size int64, lim Limits) (*pkg, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fileErr(path, ErrCorrupt, "文件已损坏：压缩包不完整或格式错误，请重新保存后提交", err)
	}
	if len(zr.File) > lim.MaxParts {
		return nil, tooLarge(path, LimitParts,
			overLimit(LimitParts, fmt.Sprint(lim.MaxParts), fmt.Sprint(len(zr.File))))
	}
	p := &pkg{path: path, zr: zr, parts: make(map[string]*zip.File, len(zr.File)), lim: lim}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.UncompressedSize64 > uint64(lim.MaxUnzipSize) || total > uint64(lim.MaxUnzipSize) {
			return nil, tooLarge(path, LimitUnzipSize, overLimit(LimitUnzipSize, mib(lim.MaxUnzipSize), "")+
				"（可能是压缩炸弹）")
		}
		name := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if _, dup := p.parts[name]; dup {
			return nil, fileErr(path, ErrCorrupt, "文件已损坏：压缩包中有重名条目 "+f.Name, nil)
		}
		p.parts[name] = f
	}
	return p, nil
}

// has reports whether the package holds the named part.
func (p *pkg) has(name string) bool {
	_, ok := p.parts[strings.ToLower(strings.TrimPrefix(name, "/"))]
	return ok
}

// decoder opens the named part for streaming XML; close must be called. The returned check function
// reports a damaged part (bad checksum, truncated data) once the decoder has reached its end.
func (p *pkg) decoder(name string) (d *xml.Decoder, closeFn func(), err error) {
	f, ok := p.parts[strings.ToLower(strings.TrimPrefix(name, "/"))]
	if !ok {
		return nil, nil, fileErr(p.path, ErrCorrupt, "文件已损坏：缺少部件 "+name, nil)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, fileErr(p.path, ErrCorrupt, "文件已损坏：无法解压部件 "+name, err)
	}
	return newDecoder(rc), func() { rc.Close() }, nil
}

// corrupt is the ErrCorrupt error for a part (or sheet) that cannot be parsed.
func (p *pkg) corrupt(sheet, cell, what string, err error) *FileError {
	return &FileError{Path: p.path, Sheet: sheet, Cell: cell, Kind: ErrCorrupt, Err: err,
		Msg: "文件已损坏：" + what + "，请用 Excel 或 WPS 打开后另存为 .xlsx 再提交"}
}

// readRels reads a relationships part; a missing part gives no relationships.
func (p *pkg) readRels(name string) ([]ooxml.Rel, error) {
	if !p.has(name) {
		return nil, nil
	}
	d, done, err := p.decoder(name)
	if err != nil {
		return nil, err
	}
	defer done()
	var out []ooxml.Rel
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, p.corrupt("", "", "部件 "+name+" 不是有效的 XML", err)
		}
		if se, ok := tok.(xml.StartElement); ok && isPkgRel(se.Name, "Relationship") {
			if len(out) >= p.lim.MaxParts {
				return nil, tooLarge(p.path, LimitParts, overLimit(LimitParts, fmt.Sprint(p.lim.MaxParts), ""))
			}
			if plainAttr(se, "TargetMode") == "External" {
				continue
			}
			out = append(out, ooxml.Rel{ID: plainAttr(se, "Id"), Type: plainAttr(se, "Type"), Target: plainAttr(se, "Target")})
		}
	}
}
