package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	lpdf "github.com/ledongthuc/pdf"
)

// Limits bound what one PDF may make the reader do. A real annual report is far inside all of them.
type Limits struct {
	// Pages is the most pages read.
	Pages int
	// StreamBytes is the most bytes one content stream may decompress to.
	StreamBytes int64
	// TotalBytes is the most bytes all streams of the file together may decompress to.
	TotalBytes int64
	// Ops is the most content-stream operators interpreted in the whole file.
	Ops int
	// Glyphs is the most characters kept from the whole file.
	Glyphs int
	// Time is the most time spent interpreting the pages.
	Time time.Duration
}

// DefaultLimits are the limits Read uses when given the zero Limits.
func DefaultLimits() Limits {
	return Limits{Pages: 500, StreamBytes: 64 << 20, TotalBytes: 256 << 20, Ops: 20_000_000,
		Glyphs: 2_000_000, Time: 20 * time.Second}
}

const (
	maxCMapBytes  = 4 << 20 // one ToUnicode or encoding CMap
	maxFormDepth  = 8       // nested form XObjects
	maxStateDepth = 256     // nested q … Q
	maxTreeNodes  = 20_000  // nodes of the page tree visited
	maxTreeDepth  = 64
)

// errLimit is wrapped by the errors of a file that exceeds a limit; its text is empty so that the Chinese
// message before it reads on its own.
var errLimit = errors.New("")

// reader holds one open file and the running totals the limits apply to.
type reader struct {
	r        *lpdf.Reader
	lim      Limits
	total    int64
	ops      int
	glyphs   int
	deadline time.Time
	fonts    map[string]*font
}

// stream returns the decoded content of a stream, at most limit bytes (and within the file's total).
// A stream the library cannot decode (an unknown filter, a corrupt deflate) is an error, not a panic.
func (rd *reader) stream(v lpdf.Value, limit int64) (data []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			data, err = nil, fmt.Errorf("stream: %v", p)
		}
	}()
	limit = min(limit, rd.lim.TotalBytes-rd.total)
	rc := v.Reader()
	defer rc.Close()
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(rc, limit+1))
	rd.total += n
	if n > limit {
		return nil, fmt.Errorf("数据流解压后超过 %d 字节%w", limit, errLimit)
	}
	if err != nil && buf.Len() == 0 {
		return nil, err
	}
	// A truncated deflate stream still gives the text before the damage, as other readers show it.
	return buf.Bytes(), nil
}

// pages returns the leaf page dictionaries in order, with their inherited resources, walking the page tree
// with bounds on its size and depth (a hostile tree may loop).
func (rd *reader) pages() (out []pageRef, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("page tree: %v", p)
		}
	}()
	root := rd.r.Trailer().Key("Root").Key("Pages")
	nodes := 0
	var walk func(n lpdf.Value, res, box lpdf.Value, depth int) error
	walk = func(n lpdf.Value, res, box lpdf.Value, depth int) error {
		nodes++
		if nodes > maxTreeNodes || depth > maxTreeDepth {
			return fmt.Errorf("页面目录过大或循环引用%w", errLimit)
		}
		if r := n.Key("Resources"); r.Kind() == lpdf.Dict {
			res = r
		}
		if b := n.Key("MediaBox"); b.Len() == 4 {
			box = b
		}
		kids := n.Key("Kids")
		if n.Key("Type").Name() == "Page" || kids.Kind() != lpdf.Array {
			if len(out) >= rd.lim.Pages {
				return fmt.Errorf("超过 %d 页%w", rd.lim.Pages, errLimit)
			}
			out = append(out, pageRef{v: n, res: res, box: box})
			return nil
		}
		for i := 0; i < kids.Len(); i++ {
			if err := walk(kids.Index(i), res, box, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root, lpdf.Value{}, lpdf.Value{}, 0); err != nil {
		return nil, err
	}
	return out, nil
}

// pageRef is one leaf of the page tree with what it inherits.
type pageRef struct {
	v, res, box lpdf.Value
}

// font returns the font named name in a Font resource dictionary, loaded once per file.
func (rd *reader) font(fonts lpdf.Value, name string) *font {
	v := fonts.Key(name)
	if v.Kind() != lpdf.Dict {
		return nil
	}
	// Values are not comparable; a font dictionary prints with the references it holds, which identify it.
	key := v.String()
	if f, ok := rd.fonts[key]; ok {
		return f
	}
	f := rd.loadFont(v)
	rd.fonts[key] = f
	return f
}
