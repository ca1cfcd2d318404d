package biff

import (
	"encoding/binary"
	"math"
	"strconv"
	"unicode/utf16"

	"nianbao/locate"
	"nianbao/xlsx/read/book"
)

// errText names BIFF error codes as Excel shows them.
var errText = map[byte]string{0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
	0x24: "#NUM!", 0x2A: "#N/A"}

// sheetReader holds the state of one worksheet substream.
type sheetReader struct {
	s       *book.Sheet
	g       *globals
	bl      *book.Builder
	shared  map[[2]int][]byte // SHRFMLA: master cell → (range, tokens), stored as the record data
	pending *[2]int           // the formula cell whose string result the next STRING record holds
}

// readSheet reads the substream starting at r's position (its BOF) up to the matching EOF.
func readSheet(r *reader, s *book.Sheet, g *globals, bl *book.Builder) error {
	sr := &sheetReader{s: s, g: g, bl: bl}
	depth, prev := 0, uint16(0)
	for {
		rec, ok, err := r.next()
		if err != nil {
			return err
		}
		if !ok {
			return book.Corrupt(s.Name, "", "工作表数据缺少 EOF 记录", nil)
		}
		switch rec.id {
		case rBOF:
			depth++ // the sheet's own BOF, then those of embedded charts, whose records are skipped
			prev = rBOF
			continue
		case rEOF:
			if depth--; depth == 0 {
				return nil
			}
			prev = rEOF
			continue
		}
		if depth != 1 {
			if depth == 0 {
				return book.Corrupt(s.Name, "", "工作表不以 BOF 记录开头", nil)
			}
			continue
		}
		if rec.id == rContinue { // goes on with a record not read here (drawings, text boxes), or with nothing
			if prev == rBOF {
				return book.Corrupt(s.Name, "", "CONTINUE 记录前没有可接续的记录", nil)
			}
			continue
		}
		prev = rec.id
		if err := sr.record(r, rec); err != nil {
			return err
		}
	}
}

// record handles one record of the worksheet.
func (sr *sheetReader) record(r *reader, rec record) error {
	d := rec.data
	if rec.id != rString && rec.id != 0x0221 && rec.id != 0x0236 { // ARRAY and TABLE may come between
		sr.pending = nil
	}
	switch rec.id {
	case rNumber:
		if len(d) < 14 {
			return sr.short(rec)
		}
		return sr.put(d, locate.Cell{Text: book.Number(math.Float64frombits(binary.LittleEndian.Uint64(d[6:])))})
	case rRK:
		if len(d) < 10 {
			return sr.short(rec)
		}
		return sr.put(d, locate.Cell{Text: book.Number(rk(u32(d, 6)))})
	case rMulRK:
		if len(d) < 6 {
			return sr.short(rec)
		}
		row, col := u16(d, 0), u16(d, 2)
		for off := 4; off+6 <= len(d)-2; off += 6 {
			if err := sr.putAt(row, col, locate.Cell{Text: book.Number(rk(u32(d, off+2)))}); err != nil {
				return err
			}
			col++
		}
	case rLabelSST:
		if len(d) < 10 {
			return sr.short(rec)
		}
		i := int(u32(d, 6))
		if i >= len(sr.g.sst) {
			return book.Corrupt(sr.s.Name, book.CellName(u16(d, 0), u16(d, 2)), "共享字符串编号无效", nil)
		}
		return sr.put(d, locate.Cell{Text: sr.g.sst[i], Str: true})
	case rLabel, rRString:
		s, ok := longString(d, 6)
		if !ok {
			return sr.short(rec)
		}
		return sr.put(d, locate.Cell{Text: s, Str: true})
	case rBoolErr:
		if len(d) < 8 {
			return sr.short(rec)
		}
		return sr.put(d, locate.Cell{Text: boolErr(d[6], d[7] != 0), Str: d[7] != 0})
	case rFormula:
		return sr.formula(r, rec)
	case rShrFmla:
		// handled when its FORMULA is read (it follows the range's first cell)
	case rString:
		if sr.pending == nil {
			return nil
		}
		segs, err := r.continued(rec)
		if err != nil {
			return err
		}
		s, ok := continuedString(segs)
		if !ok {
			return sr.short(rec)
		}
		rc := *sr.pending
		sr.pending = nil
		if len([]rune(s)) > sr.bl.Lim.MaxStringLen {
			e := book.TooLarge(sr.s.Name, book.LimitStringLen, strconv.Itoa(sr.bl.Lim.MaxStringLen)+" 个字符")
			e.Cell = book.CellName(rc[0], rc[1])
			return e
		}
		row := sr.s.Rows[rc[0]]
		row[rc[1]].Text = s
	case rMergedCells:
		n := u16(d, 0)
		for i := 0; i < n && 2+8*i+8 <= len(d); i++ {
			o := 2 + 8*i
			m := book.Range{R1: u16(d, o), R2: u16(d, o+2), C1: u16(d, o+4), C2: u16(d, o+6)}
			if m.R2 < m.R1 || m.C2 < m.C1 {
				return book.Corrupt(sr.s.Name, "", "合并单元格范围无效", nil)
			}
			if err := sr.bl.Spend(sr.s.Name, 1); err != nil { // a hostile file may list many
				return err
			}
			sr.s.Merges = append(sr.s.Merges, m)
		}
	case rColInfo:
		if len(d) >= 6 {
			first, last := u16(d, 0), min(u16(d, 2), 255)
			for c := first; c <= last; c++ {
				if sr.s.ColWidths == nil {
					sr.s.ColWidths = map[int]float64{}
				}
				sr.s.ColWidths[c] = float64(u16(d, 4)) / 256
			}
		}
	}
	return nil
}

// put stores cell at the row and column of a cell record's first four bytes.
func (sr *sheetReader) put(d []byte, cell locate.Cell) error {
	return sr.putAt(u16(d, 0), u16(d, 2), cell)
}

func (sr *sheetReader) putAt(row, col int, cell locate.Cell) error {
	if err := sr.bl.Put(sr.s, row, col, cell); err != nil {
		return err
	}
	return nil
}

func (sr *sheetReader) short(rec record) error {
	cell := ""
	if len(rec.data) >= 4 {
		cell = book.CellName(u16(rec.data, 0), u16(rec.data, 2))
	}
	return book.Corrupt(sr.s.Name, cell, "单元格记录不完整", nil)
}

// rk decodes an RK number: a 30-bit integer or the high 30 bits of a double, optionally divided by 100.
func rk(v uint32) float64 {
	var f float64
	if v&2 != 0 {
		f = float64(int32(v) >> 2)
	} else {
		f = math.Float64frombits(uint64(v&0xFFFFFFFC) << 32)
	}
	if v&1 != 0 {
		f /= 100
	}
	return f
}

// boolErr renders a BOOLERR value or a formula's boolean/error result as the .xlsx reader shows it.
func boolErr(v byte, isErr bool) string {
	if isErr {
		if s, ok := errText[v]; ok {
			return s
		}
		return "#N/A"
	}
	if v != 0 {
		return "TRUE"
	}
	return "FALSE"
}

// continuedString reads the XLUnicodeString of a STRING record that may go on in CONTINUE records.
func continuedString(segs [][]byte) (string, bool) {
	r := &segReader{segs: segs}
	n, ok1 := r.u16()
	f, ok2 := r.byte_()
	if !ok1 || !ok2 {
		return "", false
	}
	u, ok := r.chars(n, f&1 != 0)
	return string(utf16.Decode(u)), ok
}
