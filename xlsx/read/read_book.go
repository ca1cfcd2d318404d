package read

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"nianbao/xlsx/read/internal/ooxml"
)

// readBook lists the sheets of the package (ooxml.BookOf), decoding its parts as XML.
func (p *pkg) readBook() (*ooxml.Book, error) {
	b, err := ooxml.BookOf(p.readRels, p.readSheets, func(s string) string { return s })
	if err != nil {
		return nil, err
	}
	return b, checkNames(p, b)
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
func checkNames(p *pkg, b *ooxml.Book) error {
	seen := map[string]bool{}
	for _, s := range b.Sheets {
		if strings.TrimSpace(s.Name) == "" {
			return p.corrupt("", "", "有工作表没有名称", nil)
		}
		key := strings.ToLower(s.Name)
		if seen[key] {
			return &FileError{Path: p.path, Sheet: s.Name, Kind: ErrCorrupt,
				Msg: "工作簿中有两个同名工作表“" + s.Name + "”，请改名或删除其中一个后重新提交"}
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
