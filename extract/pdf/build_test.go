package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"
	"time"

	lpdf "github.com/ledongthuc/pdf"
	"github.com/stretchr/testify/require"

	"nianbao/extract/pdf/crypt"
)

// A tiny PDF writer for tests: numbered objects, a classic cross-reference table and a trailer. It writes
// what real writers write (and what hostile files pretend to be) byte by byte.

type pdfFile struct {
	objs    []string // object i+1
	trailer string   // extra trailer entries
	version string
}

// add appends an object and returns its number.
func (f *pdfFile) add(body string) int {
	f.objs = append(f.objs, body)
	return len(f.objs)
}

// stream returns a stream object body; deflate compresses it.
func stream(dict, data string, deflate bool) string {
	if deflate {
		var b bytes.Buffer
		w := zlib.NewWriter(&b)
		w.Write([]byte(data))
		w.Close()
		data = b.String()
		dict += " /Filter /FlateDecode"
	}
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

func (f *pdfFile) bytes() []byte {
	var b bytes.Buffer
	v := f.version
	if v == "" {
		v = "1.4"
	}
	fmt.Fprintf(&b, "%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n", v)
	offs := make([]int, len(f.objs))
	for i, o := range f.objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(f.objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(f.objs)+1, f.trailer, x)
	return b.Bytes()
}

// onePage returns a file with one A4 page whose content is content and whose font F1 is the object font
// (added by the caller after the first four objects), and the object numbers used.
func onePage(content string, fontObj string, extra ...string) []byte {
	f := &pdfFile{}
	f.add("<< /Type /Catalog /Pages 2 0 R >>")
	f.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	f.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>")
	f.add(stream("", content, true))
	f.add(fontObj)
	for _, e := range extra {
		f.add(e)
	}
	return f.bytes()
}

// simpleFont is a Helvetica-like simple font whose digits and letters are 500 units wide.
const simpleFont = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 126 /Widths [" +
	"250 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 " +
	"500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 " +
	"500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 " +
	"500 500 500 500 500 500 500 500 500 500 500 500 500 500 500] >>"

// text shows s with F1 at (x, y) in size pt.
func text(x, y, size float64, s string) string {
	return fmt.Sprintf("BT /F1 %g Tf %g %g Td (%s) Tj ET\n", size, x, y, s)
}

// ruled draws a table's grid lines as stroked lines: vertical lines at xs from y0 to y1, horizontal ones at
// ys from x0 to x1.
func ruled(xs, ys []float64) string {
	var b strings.Builder
	b.WriteString("0.5 w\n")
	for _, x := range xs {
		fmt.Fprintf(&b, "%g %g m %g %g l S\n", x, ys[len(ys)-1], x, ys[0])
	}
	for _, y := range ys {
		fmt.Fprintf(&b, "%g %g m %g %g l S\n", xs[0], y, xs[len(xs)-1], y)
	}
	return b.String()
}

// testReader opens a file the way Read does and interprets single pages, for tests of positions.
type testReader struct {
	rd   *reader
	refs []pageRef
}

func openForTest(t *testing.T, data []byte) *testReader {
	t.Helper()
	data, err := crypt.Decrypt(data, DefaultLimits().StreamBytes)
	require.NoError(t, err)
	data, err = prepare(data, DefaultLimits())
	require.NoError(t, err)
	r, err := lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	rd := &reader{r: r, lim: DefaultLimits(), fonts: map[string]*font{}, deadline: time.Now().Add(time.Minute)}
	refs, err := rd.pages()
	require.NoError(t, err)
	return &testReader{rd: rd, refs: refs}
}

func (tr *testReader) page(t *testing.T, i int) *page {
	t.Helper()
	pg, err := tr.rd.run(tr.refs[i], i+1)
	require.NoError(t, err)
	return pg
}
