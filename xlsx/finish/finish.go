// Package finish is the last step of every workbook nianbao writes: excelize writes its package through
// the zip writer here (File.SetZipWriter), which corrects the parts every other reader needs corrected
// (content types first, real zip dates, prefixed core properties, 8-digit colours, real dimensions,
// ascending columns, autoFilter refs, cached formula values) and fills marked cells with a copy of their
// own format. It also names the parts of a package (SheetParts) and drops hostile zip entries.
package finish

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"time"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

// Options says what Write does to a package besides what it does to every package.
type Options struct {
	// Fresh marks a workbook we created from nothing: its creation date is now (excelize's blank workbook
	// says 2006-09-16). An annotated copy keeps the creation date of the file it copies.
	Fresh bool
	// Cached gives the cached value of a formula cell (has says whether the cell has one already): a
	// float64 or a string, or false to keep the cell as it is (without a value, the opening application
	// computes it).
	Cached func(sheet, ref string, has bool) (any, bool)
	// Marks fills cells: sheet → cell → ARGB colour. Each marked cell gets a copy of its own cell format
	// (font, borders, number format, alignment, protection, exactly as the style part has them) with a
	// solid fill of that colour, built in the style part itself (see styles.go).
	Marks map[string]map[string]string
	// Rows writes, for a sheet by name, rows that follow the ones excelize wrote: they go into the sheet's
	// zip entry as it is compressed, before </sheetData>, and are never held in memory. The sheet keeps the
	// dimension it declares, which the rows must fill (the writer of the rows answers for that), and takes
	// no marks or cached values among them. It serves the summary's list sheets of tens of thousands of rows.
	Rows map[string]func(io.Writer) error
}

// Write writes the package of f to w, written by excelize through the finisher, which writes the zip
// straight to w as it goes (excelize's own buffer of the whole package stays empty). On an error w may
// hold part of a package: the path functions write through a temporary file (internal/fsx), a download
// is aborted.
func Write(f *excelize.File, w io.Writer, opt Options) error {
	var fz *finisher
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter {
		fz = &finisher{out: w, opt: opt, now: time.Now()}
		return fz
	})
	defer f.SetZipWriter(func(out io.Writer) excelize.ZipWriter { return zip.NewWriter(out) })
	buf, err := f.WriteToBuffer()
	if err == nil && fz != nil {
		err = fz.err
	}
	if err == nil && buf.Len() > 0 { // excelize rewrites its buffer only for parts beyond 4 GB or a password
		err = errors.New("excelize wrote to the package outside the finisher")
	}
	if err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

// finisher is the zip writer excelize writes a package through (File.SetZipWriter), so that every
// package we write opens cleanly in every reader we know (issue 16): [Content_Types].xml first and every
// entry dated now (excelize leaves the invalid MS-DOS date 1980-00-00); docProps/core.xml with prefixed
// elements and real dates (finishCore); colours of 8 hex digits and the marked cells' formats
// (styles.go); each worksheet with its real dimension, ascending <col> elements, an autoFilter
// ref without "$" and the cached values of its formula cells (finishSheet). Parts are kept until Close,
// when the workbook's sheet names are known, and compressed once. A part beyond StreamFrom (a summary's
// streamed 明细 sheet) is compressed as it comes, holding back only its tail for the autoFilter ref: the
// stream writer declares its dimension and columns itself (xlsx/summary_detail.go).
type finisher struct {
	out   io.Writer
	opt   Options
	now   time.Time
	parts []*zipPart
	err   error
}

// StreamFrom is the size from which a part is compressed as it arrives; HoldBack is the tail kept back
// for the autoFilter ref. They are variables only so that a test can send a small workbook down that
// path (xlsx's TestBigPartsStreamed); nothing else changes them.
var (
	StreamFrom = 8 << 20
	HoldBack   = 64 << 10
)

// zipPart is one zip entry: its bytes while small, or its compressed bytes once big.
type zipPart struct {
	name string
	data []byte
	big  *bytes.Buffer // compressed
	fw   *flate.Writer
	crc  uint32
	size uint64
	// A big part's declared dimension, the extent of its cells (columns and rows from, to), and whether
	// it holds formulas.
	dim   string
	ext   [4]int
	whole bool
}

// Create starts the next part.
func (fz *finisher) Create(name string) (io.Writer, error) {
	fz.closeBig()
	p := &zipPart{name: name}
	fz.parts = append(fz.parts, p)
	return &partWriter{fz: fz, p: p}, nil
}

// AddFS is not used by excelize's writer.
func (fz *finisher) AddFS(fs.FS) error { return errors.New("xlsx/finish: AddFS not supported") }

type partWriter struct {
	fz *finisher
	p  *zipPart
}

func (w *partWriter) Write(b []byte) (int, error) {
	p := w.p
	p.data = append(p.data, b...)
	if w.fz.opt.Marks == nil && len(p.data) > StreamFrom+HoldBack {
		if p.fw == nil {
			// Only a sheet that declares a dimension and ascending columns is compressed as it comes; the
			// dimension is checked against its cells at the end.
			head := p.data
			if sd := bytes.Index(head, []byte("<sheetData")); sd >= 0 {
				head = head[:sd]
			}
			m := reDimension.Find(head)
			if m == nil || bytes.Equal(m, []byte(`<dimension ref="A1"`)) || !bytes.Equal(sortCols(head), head) {
				return len(b), nil
			}
			p.dim = string(m[len(`<dimension ref="`) : len(m)-1])
			p.big = &bytes.Buffer{}
			p.fw, _ = flate.NewWriter(p.big, flate.DefaultCompression)
		}
		n := len(p.data) - HoldBack
		p.scan(n)
		if err := p.compress(p.data[:n]); err != nil {
			return 0, err
		}
		p.data = append(p.data[:0], p.data[n:]...)
	}
	return len(b), nil
}

// scan notes the extent of the cells that start before n, and whether a formula cell is among them
// (then the part is finished whole after all, for its cached values).
func (p *zipPart) scan(n int) {
	chunk := p.data[:n]
	if bytes.Contains(chunk, []byte("<f>")) || bytes.Contains(chunk, []byte("<f ")) {
		p.whole = true
	}
	for i := 0; ; {
		j := bytes.Index(chunk[i:], []byte(`<c r="`))
		if j < 0 {
			return
		}
		start := i + j + len(`<c r="`)
		q := bytes.IndexByte(p.data[start:], '"')
		if q < 0 {
			return
		}
		if c, r, ok := cellCoords(p.data[start : start+q]); ok {
			if p.ext[0] == 0 || c < p.ext[0] {
				p.ext[0] = c
			}
			if p.ext[1] == 0 || r < p.ext[1] {
				p.ext[1] = r
			}
			p.ext[2], p.ext[3] = max(p.ext[2], c), max(p.ext[3], r)
		}
		i = start
	}
}

func (p *zipPart) compress(b []byte) error {
	p.crc = crc32.Update(p.crc, crc32.IEEETable, b)
	p.size += uint64(len(b))
	_, err := p.fw.Write(b)
	return err
}

// inflate turns a big part back into its bytes, for a part that needs finishing whole after all.
func (p *zipPart) inflate() error {
	data, err := io.ReadAll(flate.NewReader(bytes.NewReader(p.big.Bytes())))
	p.data, p.big = data, nil
	return err
}

// closeBig ends the compression of the last part if it became big: its tail gets the autoFilter fix.
func (fz *finisher) closeBig() {
	if len(fz.parts) == 0 {
		return
	}
	p := fz.parts[len(fz.parts)-1]
	if p.fw == nil {
		return
	}
	p.scan(len(p.data))
	if err := p.compress(fixAutoFilter(p.data)); err != nil && fz.err == nil {
		fz.err = err
	}
	if err := p.fw.Close(); err != nil && fz.err == nil {
		fz.err = err
	}
	p.data, p.fw = nil, nil
	if p.whole || p.dim != model.RangeRef(p.ext[0], p.ext[1], p.ext[2], p.ext[3]) {
		if err := p.inflate(); err != nil && fz.err == nil {
			fz.err = err
		}
	}
}

// Close finishes the parts and writes the package.
func (fz *finisher) Close() error {
	fz.closeBig()
	if fz.err != nil {
		return fz.err
	}
	data := map[string][][]byte{}
	var order []*zipPart
	for _, p := range fz.parts {
		if p.big == nil {
			data[p.name] = [][]byte{p.data}
		}
		if p.name == "[Content_Types].xml" {
			order = append([]*zipPart{p}, order...)
		} else {
			order = append(order, p)
		}
	}
	names, err := SheetParts(func(name string) ([]byte, error) {
		if d, ok := data[name]; ok {
			return d[0], nil
		}
		return nil, fmt.Errorf("part %s missing", name)
	})
	if err != nil {
		return err
	}
	var st *styleSheet
	if d, ok := data["xl/styles.xml"]; ok {
		st = parseStyles(d[0])
	}
	// Sheets first: the style part must know which formats the marked cells need.
	for _, p := range order {
		if name, ok := names[p.name]; ok && p.big == nil {
			data[p.name] = finishSheet(p.data, name, fz.opt, st)
		}
	}
	if d, ok := data["docProps/core.xml"]; ok {
		data["docProps/core.xml"] = [][]byte{finishCore(d[0], fz.opt.Fresh, fz.now)}
	}
	if st != nil {
		data["xl/styles.xml"] = [][]byte{st.bytes()}
	}
	zw := zip.NewWriter(fz.out)
	// Rows parts are tens of megabytes of repetitive XML: flate level 2 compresses them six times as fast as
	// zip's level 5, for a fifth more bytes. Every other part keeps level 5 (and packages without rows
	// zip's own pooled compressor).
	level := 5
	if len(fz.opt.Rows) > 0 {
		zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, level) })
	}
	used := 0
	for _, p := range order {
		if rows := fz.opt.Rows[names[p.name]]; rows != nil && names[p.name] != "" {
			d := data[p.name]
			if p.big != nil || len(d) != 3 {
				return fmt.Errorf("sheet %s: no room for its rows", names[p.name])
			}
			level = 2
			w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: fz.now})
			level = 5
			if err != nil {
				return err
			}
			if _, err := w.Write(d[0]); err != nil {
				return err
			}
			if _, err := w.Write(d[1]); err != nil {
				return err
			}
			if err := rows(w); err != nil {
				return err
			}
			if _, err := w.Write(d[2]); err != nil {
				return err
			}
			used++
			continue
		}
		if p.big != nil {
			h := &zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: p.crc,
				UncompressedSize64: p.size, CompressedSize64: uint64(p.big.Len())}
			Dated(h, fz.now)
			w, err := zw.CreateRaw(h)
			if err != nil {
				return err
			}
			if _, err := w.Write(p.big.Bytes()); err != nil {
				return err
			}
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: fz.now})
		if err != nil {
			return err
		}
		for _, b := range data[p.name] {
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
	}
	if used != len(fz.opt.Rows) {
		return fmt.Errorf("rows for %d sheets, %d of them in the package", len(fz.opt.Rows), used)
	}
	return zw.Close()
}

// Dated sets the modification time of a zip entry, also in the MS-DOS fields that zip.Writer.CreateRaw
// (unlike CreateHeader) leaves as they are.
func Dated(h *zip.FileHeader, t time.Time) {
	h.Modified = t
	//lint:ignore SA1019 CreateRaw writes the MS-DOS fields as given and ignores Modified
	h.ModifiedTime = uint16(t.Hour()<<11 | t.Minute()<<5 | t.Second()>>1)
	//lint:ignore SA1019 as above
	h.ModifiedDate = uint16((t.Year()-1980)<<9 | int(t.Month())<<5 | t.Day())
}

// ReadPart inflates one part of a package.
func ReadPart(zf *zip.File) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}
