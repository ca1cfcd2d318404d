package interop

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// value is a cell as the package holds it: what every reader should show.
type value struct {
	kind    string // "n" number, "s" text, "b" boolean, "e" error
	num     float64
	text    string
	formula string // without "="; "" for a plain value
	cached  bool   // a formula cell has a cached value
}

// sheet is one worksheet part, decoded.
type sheet struct {
	name, part, state string
	cells             map[string]value
	dimension         string
	extent            string // the range the cells really cover, "A1" when none
	colMins           []int
	autoFilter        string
}

// book is a package as written: its zip entries in order and its sheets decoded without any spreadsheet
// library's interpretation, the reference the readers are compared with.
type book struct {
	entries []*zip.File
	parts   map[string][]byte
	sheets  []*sheet
}

func readBook(p string) (*book, error) {
	zr, err := zip.OpenReader(p)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	b := &book{entries: zr.File, parts: map[string][]byte{}}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", zf.Name, err)
		}
		b.parts[zf.Name] = data
	}
	var wb struct {
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
			RID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(b.parts["xl/workbook.xml"], &wb); err != nil {
		return nil, fmt.Errorf("workbook.xml: %w", err)
	}
	if err := xml.Unmarshal(b.parts["xl/_rels/workbook.xml.rels"], &rels); err != nil {
		return nil, fmt.Errorf("workbook.xml.rels: %w", err)
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = t[1:]
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	strs, err := sharedStrings(b.parts["xl/sharedStrings.xml"])
	if err != nil {
		return nil, err
	}
	for _, s := range wb.Sheets {
		sh, err := decodeSheet(b.parts[targets[s.RID]], strs)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.Name, err)
		}
		sh.name, sh.part, sh.state = s.Name, targets[s.RID], s.State
		if sh.state == "" {
			sh.state = "visible"
		}
		b.sheets = append(b.sheets, sh)
	}
	return b, nil
}

// runs is the text of a string item: its <t> or the <t> of its rich-text runs.
type runs struct {
	T []string `xml:"t"`
	R []struct {
		T string `xml:"t"`
	} `xml:"r"`
}

func (r runs) text() string {
	s := strings.Join(r.T, "")
	for _, x := range r.R {
		s += x.T
	}
	return s
}

func sharedStrings(data []byte) ([]string, error) {
	if data == nil {
		return nil, nil
	}
	var sst struct {
		SI []runs `xml:"si"`
	}
	if err := xml.Unmarshal(data, &sst); err != nil {
		return nil, fmt.Errorf("sharedStrings.xml: %w", err)
	}
	out := make([]string, len(sst.SI))
	for i, si := range sst.SI {
		out[i] = si.text()
	}
	return out, nil
}

func decodeSheet(data []byte, strs []string) (*sheet, error) {
	var ws struct {
		Dimension struct {
			Ref string `xml:"ref,attr"`
		} `xml:"dimension"`
		Cols []struct {
			Min int `xml:"min,attr"`
		} `xml:"cols>col"`
		Rows []struct {
			Cells []struct {
				R  string  `xml:"r,attr"`
				T  string  `xml:"t,attr"`
				F  *string `xml:"f"`
				V  *string `xml:"v"`
				IS *runs   `xml:"is"`
			} `xml:"c"`
		} `xml:"sheetData>row"`
		AutoFilter struct {
			Ref string `xml:"ref,attr"`
		} `xml:"autoFilter"`
	}
	if err := xml.Unmarshal(data, &ws); err != nil {
		return nil, err
	}
	sh := &sheet{cells: map[string]value{}, dimension: ws.Dimension.Ref, autoFilter: ws.AutoFilter.Ref}
	for _, c := range ws.Cols {
		sh.colMins = append(sh.colMins, c.Min)
	}
	c1, r1, c2, r2 := 0, 0, 0, 0
	for _, row := range ws.Rows {
		for _, c := range row.Cells {
			col, r, err := excelize.CellNameToCoordinates(c.R)
			if err != nil {
				return nil, fmt.Errorf("cell %q: %w", c.R, err)
			}
			if c1 == 0 || col < c1 {
				c1 = col
			}
			if r1 == 0 || r < r1 {
				r1 = r
			}
			c2, r2 = max(c2, col), max(r2, r)
			v := value{}
			if c.F != nil {
				v.formula, v.cached = *c.F, c.V != nil
			}
			raw := ""
			if c.V != nil {
				raw = *c.V
			}
			switch c.T {
			case "", "n":
				if raw == "" {
					if v.formula == "" {
						continue // a formatted blank cell
					}
					v.kind = "n"
					break
				}
				x, err := strconv.ParseFloat(raw, 64)
				if err != nil {
					return nil, fmt.Errorf("cell %s: number %q", c.R, raw)
				}
				v.kind, v.num = "n", x
			case "s":
				i, err := strconv.Atoi(raw)
				if err != nil || i < 0 || i >= len(strs) {
					return nil, fmt.Errorf("cell %s: shared string %q", c.R, raw)
				}
				v.kind, v.text = "s", strs[i]
			case "str":
				v.kind, v.text = "s", raw
			case "inlineStr":
				v.kind = "s"
				if c.IS != nil {
					v.text = c.IS.text()
				}
			case "b":
				v.kind, v.num = "b", map[string]float64{"1": 1}[raw]
			case "e":
				v.kind, v.text = "e", raw
			default:
				return nil, fmt.Errorf("cell %s: type %q", c.R, c.T)
			}
			sh.cells[c.R] = v
		}
	}
	sh.extent = "A1"
	if c2 > 0 {
		a, _ := excelize.CoordinatesToCellName(c1, r1)
		b, _ := excelize.CoordinatesToCellName(c2, r2)
		sh.extent = a
		if a != b {
			sh.extent += ":" + b
		}
	}
	return sh, nil
}

// wellFormed decodes every token of an XML part.
func wellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
