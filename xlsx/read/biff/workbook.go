// Package biff reads the values and layout of Excel 97–2003 (.xls) and WPS (.et) workbooks, BIFF8 in a
// compound file, from untrusted bytes into book.Sheets whose cells hold the texts the .xlsx reader gives for
// LibreOffice's .xlsx conversion of the same file. KindEncrypted workbooks (FILEPASS) and BIFF5 and older are
// reported, not read; every count in the file is checked against the limits and the stream before use.
package biff

import (
	"bytes"
	"errors"
	"strconv"

	"nianbao/xlsx/read/book"
	"nianbao/xlsx/read/cfb"
)

// Messages shared with the .xlsx reader and the read package.
const (
	// MsgEncrypted is the verdict on a password-protected workbook, the same as for an encrypted .xlsx.
	MsgEncrypted = "文件已加密，请去除密码后重新提交"
	// MsgOld is the verdict on a BIFF5 or older workbook that nothing else could read.
	MsgOld = "这是 Excel 95 或更早版本的 .xls 文件，本程序无法直接读取，请用 Excel 或 WPS 打开后另存为 .xlsx 再提交"
)

// sheetInfo is one BOUNDSHEET record.
type sheetInfo struct {
	name  string
	state string
	pos   int // stream offset of the sheet's BOF
	kind  byte
}

// globals is what the workbook globals substream gives the sheets.
type globals struct {
	sst    []string
	sheets []sheetInfo
	xti    [][2]int // EXTERNSHEET: (supbook, first sheet) per reference
}

// Read reads the workbook in data (a whole .xls/.et file) within lim.
func Read(data []byte, lim book.Limits) (*book.Book, error) {
	if len(data) >= 4 && data[1] <= 0x08 && data[0] == 0x09 && data[1]&1 == 0 && data[2] < 32 && data[3] == 0 {
		// a bare BIFF2–BIFF4 stream (BOF 0x0009/0x0209/0x0409), no compound file around it
		return nil, &book.Error{Kind: book.KindUnsupported, Msg: MsgOld, Err: errors.New("biff: bare BIFF stream")}
	}
	f, err := cfb.Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, book.Corrupt("", "", "复合文档结构无效", err)
	}
	ws, ok, err := f.Stream("Workbook")
	if err != nil {
		return nil, book.Corrupt("", "", "工作簿数据流无法读出", err)
	}
	if !ok {
		if _, old, _ := f.Stream("Book"); old {
			return nil, &book.Error{Kind: book.KindUnsupported, Msg: MsgOld, Err: errors.New("biff: BIFF5 Book stream")}
		}
		return nil, book.Corrupt("", "", "文件中没有工作簿数据", errors.New("biff: no Workbook stream"))
	}
	return readStream(ws, lim)
}

// readStream reads a BIFF8 Workbook stream.
func readStream(ws []byte, lim book.Limits) (*book.Book, error) {
	r := &reader{s: ws}
	bof, ok, err := r.next()
	if err != nil || !ok || bof.id&0xFF != 0x09 {
		return nil, book.Corrupt("", "", "工作簿数据流不以 BOF 记录开头", err)
	}
	if bof.id != rBOF || u16(bof.data, 0) != 0x0600 {
		return nil, &book.Error{Kind: book.KindUnsupported, Msg: MsgOld,
			Err: errors.New("biff: BOF version " + strconv.Itoa(u16(bof.data, 0)))}
	}
	b := &book.Book{}
	var g globals
	prev := uint16(rBOF)
	for {
		rec, ok, err := r.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, book.Corrupt("", "", "工作簿全局数据缺少 EOF 记录", nil)
		}
		parent := prev
		prev = rec.id
		switch rec.id {
		case rEOF:
			return readSheets(ws, b, &g, lim)
		case rFilePass:
			return nil, &book.Error{Kind: book.KindEncrypted, Msg: MsgEncrypted, Err: errors.New("biff: FILEPASS")}
		case rDateMode:
			b.Date1904 = u16(rec.data, 0) == 1
		case rContinue: // goes on with a record not read here (drawings, text boxes), or with nothing
			if parent == rBOF {
				return nil, book.Corrupt("", "", "CONTINUE 记录前没有可接续的记录", nil)
			}
			prev = parent
		case rBoundSheet:
			if len(g.sheets) >= lim.MaxSheets {
				return nil, book.TooLarge("", book.LimitSheets, strconv.Itoa(lim.MaxSheets))
			}
			name, ok := shortString(rec.data, 6)
			if len(rec.data) < 6 || !ok {
				return nil, book.Corrupt("", "", "工作表目录记录不完整", nil)
			}
			state := [...]string{book.Visible, book.Hidden, book.VeryHidden, book.VeryHidden}[rec.data[4]&3]
			g.sheets = append(g.sheets, sheetInfo{name: name, state: state, pos: int(u32(rec.data, 0)), kind: rec.data[5]})
		case rSST:
			segs, err := r.continued(rec)
			if err != nil {
				return nil, err
			}
			if g.sst, err = readSST(segs, lim); err != nil {
				return nil, err
			}
		case rExternSheet:
			n := u16(rec.data, 0)
			for i := 0; i < n && 2+6*i+6 <= len(rec.data); i++ {
				g.xti = append(g.xti, [2]int{u16(rec.data, 2+6*i), u16(rec.data, 4+6*i)})
			}
		}
	}
}

// readSheets reads every sheet listed in the globals but Visual Basic modules: chart and macro sheets are
// read too (a chart sheet holds no cells), as LibreOffice keeps them as sheets.
func readSheets(ws []byte, b *book.Book, g *globals, lim book.Limits) (*book.Book, error) {
	bl := book.NewBuilder(lim)
	for _, si := range g.sheets {
		if si.kind == 6 {
			continue
		}
		s := &book.Sheet{Name: si.name, State: si.state}
		if si.pos < 0 || si.pos >= len(ws) {
			return nil, book.Corrupt(si.name, "", "工作表的位置超出了数据流", nil)
		}
		if si.kind == 2 { // a chart sheet: its substream's numbers are the chart's data cache, not cells
			b.Sheets = append(b.Sheets, s)
			continue
		}
		if err := readSheet(&reader{s: ws, pos: si.pos}, s, g, bl); err != nil {
			if e, ok := err.(*book.Error); ok && e.Sheet == "" {
				e.Sheet = si.name
			}
			return nil, err
		}
		if err := bl.ApplyMerges(s); err != nil {
			return nil, err
		}
		b.Sheets = append(b.Sheets, s)
	}
	return b, nil
}
