package read

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// sheetRef is one sheet of workbook.xml: its name, visibility and part.
type sheetRef struct {
	name  string
	state string // "", "visible", "hidden" or "veryHidden"
	part  string // "" for a sheet whose relationship is missing
	kind  string // worksheet, chartsheet, dialogsheet…, from the relationship type
}

// book is what workbook.xml and its relationships say.
type book struct {
	part   string
	sheets []sheetRef
	sst    string // shared strings part, "" when absent
}

// bookOf finds the workbook part through _rels/.rels (xl/workbook.xml when absent), its relationships and
// its sheets in order. The general reader and the fast path share it; only how they scan the parts
// differs: rels reads a relationships part (none when missing), sheets calls add with the name, state
// and relationship id of each <sheet> of the workbook part. norm turns a resolved part name into the form
// the reader looks parts up by.
func bookOf(rels func(name string) ([]rel, error), sheets func(part string, add func(name, state, id string)) error,
	norm func(string) string) (*book, error) {
	b := &book{part: "xl/workbook.xml"}
	pkgRels, err := rels("_rels/.rels")
	if err != nil {
		return nil, err
	}
	for _, r := range pkgRels {
		if strings.HasSuffix(r.typ, "/officeDocument") {
			b.part = norm(resolve("", r.target))
		}
	}
	wrels, err := rels(relsOf(b.part))
	if err != nil {
		return nil, err
	}
	targets := map[string]rel{}
	for _, r := range wrels {
		targets[r.id] = r
		if strings.HasSuffix(r.typ, "/sharedStrings") {
			b.sst = norm(resolve(b.part, r.target))
		}
	}
	err = sheets(b.part, func(name, state, id string) {
		s := sheetRef{name: name, state: state}
		if r, ok := targets[id]; ok {
			s.part = norm(resolve(b.part, r.target))
			s.kind = r.typ[strings.LastIndex(r.typ, "/")+1:]
		}
		b.sheets = append(b.sheets, s)
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// readBook lists the sheets of the package (bookOf), decoding its parts as XML.
func (p *pkg) readBook() (*book, error) {
	b, err := bookOf(p.readRels, p.readSheets, func(s string) string { return s })
	if err != nil {
		return nil, err
	}
	return b, b.checkNames(p)
}

// readSheets calls add for each <sheet> of the workbook part, within MaxSheets.
func (p *pkg) readSheets(part string, add func(name, state, id string)) error {
	if !p.has(part) {
		return p.corrupt("", "", "缺少工作簿部件 "+part+"（不是完整的 xlsx 文件）", nil)
	}
	d, done, err := p.decoder(part)
	if err != nil {
		return err
	}
	defer done()
	n := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return p.corrupt("", "", "工作簿部件不是有效的 XML", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || !isMain(se.Name, "sheet") {
			continue
		}
		if n++; n > p.lim.MaxSheets {
			return tooLarge(p.path, LimitSheets, overLimit(LimitSheets, fmt.Sprint(p.lim.MaxSheets), ""))
		}
		add(plainAttr(se, "name"), plainAttr(se, "state"), relID(se))
	}
}

// checkNames refuses empty and duplicate sheet names (Excel compares names case-insensitively), which
// would make "表三" ambiguous.
func (b *book) checkNames(p *pkg) error {
	seen := map[string]bool{}
	for _, s := range b.sheets {
		if strings.TrimSpace(s.name) == "" {
			return p.corrupt("", "", "有工作表没有名称", nil)
		}
		key := strings.ToLower(s.name)
		if seen[key] {
			return &FileError{Path: p.path, Sheet: s.name, Kind: ErrCorrupt,
				Msg: "工作簿中有两个同名工作表“" + s.name + "”，请改名或删除其中一个后重新提交"}
		}
		seen[key] = true
	}
	return nil
}

// readSST reads the shared strings: the <t> runs of each <si> joined, phonetic <rPh> runs skipped.
func (p *pkg) readSST(name string) ([]string, error) {
	if name == "" || !p.has(name) {
		return nil, nil
	}
	d, done, err := p.decoder(name)
	if err != nil {
		return nil, err
	}
	defer done()
	var (
		out  []string
		cur  strings.Builder
		inSI bool
		inT  bool
		skip int // depth inside <rPh>
		runs int // <t> runs so far
	)
	for {
		if err := p.tick(); err != nil {
			return nil, err
		}
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, p.corrupt("", "", "共享字符串表不是有效的 XML", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case skip > 0 || !isMain(t.Name, t.Name.Local) || t.Name.Local == "rPh":
				skip++ // phonetic runs, and elements of other namespaces with whatever they hold
			case t.Name.Local == "si" && inSI:
				return nil, p.corrupt("", "", "共享字符串表中有嵌套的字符串项", nil)
			case t.Name.Local == "si":
				// Each string costs memory even when empty.
				if len(out) >= p.lim.MaxStrings {
					return nil, tooLarge(p.path, LimitStrings, overLimit(LimitStrings, fmt.Sprint(p.lim.MaxStrings), "")+
						"（可能是恶意构造的文件）")
				}
				inSI = true
				cur.Reset()
			case t.Name.Local == "t":
				if runs++; runs > p.lim.MaxCells {
					return nil, tooLarge(p.path, LimitRuns, overLimit(LimitRuns, fmt.Sprint(p.lim.MaxCells), "")+
						"（可能是恶意构造的文件）")
				}
				inT = inSI
			}
		case xml.EndElement:
			switch {
			case skip > 0:
				skip--
			case t.Name.Local == "t":
				inT = false
			case t.Name.Local == "si":
				inSI = false
				if s := cur.String(); len(s) <= p.lim.MaxStringLen || utf8.RuneCountInString(s) <= p.lim.MaxStringLen {
					out = append(out, s)
				} else {
					return nil, p.sstTooLong(len(out) + 1)
				}
			}
		case xml.CharData:
			if inT && skip == 0 {
				cur.Write(t)
				if cur.Len() > 4*p.lim.MaxStringLen { // more than MaxStringLen runes whatever the text
					return nil, p.sstTooLong(len(out) + 1)
				}
			}
		}
	}
}

// sstTooLong is the ErrTooLarge error for the n-th (1-based) shared string.
func (p *pkg) sstTooLong(n int) error {
	return tooLarge(p.path, LimitStringLen, overLimit(LimitStringLen, fmt.Sprintf("%d 个字符", p.lim.MaxStringLen), "")+
		fmt.Sprintf("（共享字符串表第 %d 项）", n))
}
