package extract

import (
	"fmt"

	"nianbao/checks"
	"nianbao/model"
)

// setCell reads the text printed for one cell of column-aligned text into r, the way locate.Read reads a grid
// cell: the value with its source (the raw text kept when it was not a plain number), a 提示 for every
// conversion and for a blank input cell read as 0, an error for text that is not a number.
func setCell(r *model.Report, key string, kind model.Kind, text string, src model.Source) []checks.Finding {
	p := model.ParseValue(kind, text)
	if p.Note != "" || p.Problem != "" {
		src.Text = text
	}
	r.Set(key, p.Value, src)
	c, _ := r.Cell(key)
	where := c.Table.Name + " " + c.Label()
	switch {
	case p.Problem != "":
		return []checks.Finding{checks.At(checks.RUnread, r, key, fmt.Sprintf("%s：%s", where, p.Problem))}
	case p.Note != "":
		return []checks.Finding{checks.At(checks.RText, r, key, fmt.Sprintf("%s：%s", where, p.Note))}
	case p.Blank && c.Input():
		return []checks.Finding{checks.At(checks.RBlank, r, key, fmt.Sprintf("%s：空白，按 0 计", where))}
	}
	return nil
}
