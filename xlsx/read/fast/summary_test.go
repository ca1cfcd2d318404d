package fast_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"testing"

	"nianbao/model"
	"nianbao/summary"
	"nianbao/xlsx"
	"nianbao/xlsx/read"
	"nianbao/xlsx/read/fast"
)

// testSummary writes the summary of n units with figures that differ from unit to unit.
func testSummary(t *testing.T, n int) []byte {
	t.Helper()
	ros := &model.Roster{Units: []model.RosterUnit{{Code: "R", Name: "测试市人民政府办公室", Row: 2}}}
	var inputs []summary.Input
	for i := 1; i <= n; i++ {
		u := model.RosterUnit{Code: fmt.Sprintf("U%04d", i), Name: fmt.Sprintf("测试市第%d局", i), Parent: "R", Row: i + 2}
		ros.Units = append(ros.Units, u)
		r := model.NewReport(model.Unit{Code: u.Code, Name: u.Name}, 2024, model.V2021)
		r.Values["t3.new.person"], r.Values["t3.open.person"] = float64(i%7+1), float64(i%7+1)
		r.Values["t2.rules.valid"], r.Values["t4.review.upheld"] = float64(i%11), float64(i%3)
		r.ComputeTotals()
		inputs = append(inputs, summary.Input{Path: u.Code + ".xlsx", Report: r})
	}
	res, err := summary.Build(ros, inputs, summary.Options{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := xlsx.WriteSummaryTo(&b, res); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// shared40 is the summary of 40 units both tests read, written once per test binary (excelize under -race
// costs a second a summary).
var shared40 struct {
	once sync.Once
	data []byte
}

func summary40(t *testing.T) []byte {
	t.Helper()
	shared40.once.Do(func() { shared40.data = testSummary(t, 40) })
	if shared40.data == nil {
		t.Fatal("the shared summary could not be written (see the test that wrote it first)")
	}
	return shared40.data
}

// sameDetails compares two readings of detail sheets, a blank cell (NaN) equal to a blank cell.
func sameDetails(a, b []read.Detail) error {
	if len(a) != len(b) {
		return fmt.Errorf("%d sheets, want %d", len(a), len(b))
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Sheet != y.Sheet || strings.Join(x.Keys, ",") != strings.Join(y.Keys, ",") || len(x.Rows) != len(y.Rows) {
			return fmt.Errorf("%s: %d keys, %d rows; want %s, %d keys, %d rows", x.Sheet, len(x.Keys), len(x.Rows), y.Sheet, len(y.Keys), len(y.Rows))
		}
		for j := range x.Rows {
			r, s := x.Rows[j], y.Rows[j]
			if r.Row != s.Row || r.Code != s.Code || r.Name != s.Name || len(r.Values) != len(s.Values) {
				return fmt.Errorf("%s row %d: %d %q %q, want %d %q %q", x.Sheet, j, r.Row, r.Code, r.Name, s.Row, s.Code, s.Name)
			}
			for k := range r.Values {
				if math.Float64bits(r.Values[k]) != math.Float64bits(s.Values[k]) {
					return fmt.Errorf("%s %s %s: %v, want %v", x.Sheet, r.Code, x.Keys[k], r.Values[k], s.Values[k])
				}
			}
		}
	}
	return nil
}

// TestDetailsInPieces reads the detail sheets of a summary we write and of the old layout inflated in
// pieces of every size from smaller than a row (the window grows) to the whole part: the same units and
// values each time, and every unit of the summary is there with its figures.
func TestDetailsInPieces(t *testing.T) {
	old, err := os.ReadFile("../../../testdata/summaries/old-layout-2024.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
	}{{"current", summary40(t)}, {"old layout", old}} {
		whole, ok := fast.ReadSummary(c.name, c.data, read.DefaultLimits())
		if !ok || len(whole.Details) != 3 {
			t.Fatalf("%s: the summary fast path declined it (%v)", c.name, ok)
		}
		for _, w := range []int{16, 100, 777, 4096, 1 << 16} {
			restore := fast.SetDetailWindow(w)
			got, ok := fast.ReadSummary(c.name, c.data, read.DefaultLimits())
			restore()
			if !ok {
				t.Errorf("%s, window %d: declined", c.name, w)
				continue
			}
			if err := sameDetails(got.Details, whole.Details); err != nil {
				t.Errorf("%s, window %d: %v", c.name, w, err)
			}
		}
	}
	wb, _ := fast.ReadSummary("current", summary40(t), read.DefaultLimits())
	for _, d := range wb.Details {
		if len(d.Rows) != 40 {
			t.Errorf("%s: %d rows, want 40", d.Sheet, len(d.Rows))
		}
		if d.Sheet != "表三明细" {
			continue
		}
		col := -1
		for k, key := range d.Keys {
			if key == "t3.new.person" {
				col = k
			}
		}
		for i, r := range d.Rows {
			if want := float64((i+1)%7 + 1); col < 0 || r.Code != fmt.Sprintf("U%04d", i+1) || r.Values[col] != want {
				t.Fatalf("row %d: %s t3.new.person %v, want U%04d %v", i, r.Code, r.Values, i+1, want)
			}
		}
	}
}

// TestDetailsDamaged declines a summary whose detail sheet is cut short, longer than its entry says, fails
// its checksum, whatever the window, or hides a cell from the general reader.
func TestDetailsDamaged(t *testing.T) {
	data := summary40(t)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	// the part of 表三明细, the largest
	var part *zip.File
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/worksheets/") && (part == nil || f.UncompressedSize64 > part.UncompressedSize64) {
			part = f
		}
	}
	rc, err := part.Open()
	if err != nil {
		t.Fatal(err)
	}
	xml, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	rewrite := func(edit func(name string, body []byte) []byte) []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for _, f := range zr.File {
			body := xml
			if f != part {
				r, _ := f.Open()
				body, _ = io.ReadAll(r)
			}
			w, _ := zw.Create(f.Name)
			w.Write(edit(f.Name, body))
		}
		zw.Close()
		return b.Bytes()
	}
	if _, ok := fast.ReadSummary("same", rewrite(func(_ string, b []byte) []byte { return b }), read.DefaultLimits()); !ok {
		t.Fatal("the rewritten package itself is declined")
	}
	cut := rewrite(func(name string, b []byte) []byte {
		if name == part.Name {
			return b[:len(b)/2] // still ends inside a row
		}
		return b
	})
	// a damaged entry: the central directory's checksum of the detail part no longer matches its data
	bad := append([]byte(nil), rewrite(func(_ string, b []byte) []byte { return b })...)
	zb, _ := zip.NewReader(bytes.NewReader(bad), int64(len(bad)))
	for _, f := range zb.File {
		if f.Name == part.Name {
			off, _ := f.DataOffset()
			bad[off+int64(f.CompressedSize64)/2] ^= 0x55
		}
	}
	for _, w := range []int{64, 1 << 20} {
		restore := fast.SetDetailWindow(w)
		for name, d := range map[string][]byte{"cut": cut, "flipped byte": bad} {
			if _, ok := fast.ReadSummary(name, d, read.DefaultLimits()); ok {
				t.Errorf("window %d: a summary with a %s detail sheet was read", w, name)
			}
		}
		restore()
	}
	// A cell inside a processing instruction after the last row, which encoding/xml (and so the general
	// reader) skips, is declined: read whole, or in pieces where the instruction starts the last piece.
	at := bytes.LastIndex(xml, []byte("</row>")) + len("</row>")
	hidden := rewrite(func(name string, b []byte) []byte {
		if name == part.Name {
			return append(append(append([]byte(nil), b[:at]...), `<?xml <c r="A999" t="inlineStr"><is><t>FAKE</t></is></c> ?>`...), b[at:]...)
		}
		return b
	})
	for _, w := range []int{at + 10, 1 << 20} {
		restore := fast.SetDetailWindow(w)
		if _, ok := fast.ReadSummary("hidden", hidden, read.DefaultLimits()); ok {
			t.Errorf("window %d: a detail sheet with a cell in a processing instruction was read", w)
		}
		restore()
	}
}
