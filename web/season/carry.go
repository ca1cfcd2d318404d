package season

import (
	"fmt"
	"io"
	"strings"

	"nianbao/batch"
	"nianbao/model"
	"nianbao/web/store"
	"nianbao/xlsx"
)

// Carry is last year's data a year's templates are pre-filled from, as `template --previous` does:
// each unit's 二、上年结转 from its own 四、结转下年度继续办理 of last year (xlsx.CarryOver), locked, with a
// note naming the source. It is the year's previous-year source (the setting "previous": last year's
// workspace or an uploaded summary); nil when none is set.
type Carry struct {
	prev   *batch.Previous
	source string
}

// Carried loads the previous-year source of the year for templates.
func (w *Season) Carried() (*Carry, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	p, err := w.previous()
	if err != nil || p == nil {
		return nil, err
	}
	src, err := w.store.Setting(w.Year, store.SettingPrevious)
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("%d年度工作区", w.Year-1)
	if strings.HasPrefix(src, PreviousFile) {
		name = fmt.Sprintf("上传的%d年度汇总表", w.Year-1)
	}
	return &Carry{prev: p, source: name}, nil
}

// last returns last year's own report of a unit, nil when it has none (a unit new on the roster) or only
// a summary made for it.
func (c *Carry) last(u model.Unit) *model.Report {
	if c == nil {
		return nil
	}
	return c.prev.Own(u)
}

// WriteUnitTemplate writes the template of a unit: from fill, or, when last year has the unit's report,
// in full with the carried-over cells fixed (the filler has no locked cells to fill).
func WriteUnitTemplate(w io.Writer, fill *xlsx.TemplateFiller, opt xlsx.TemplateOptions, u model.Unit, c *Carry) error {
	if last := c.last(u); last != nil {
		opt.Unit = u
		return xlsx.WriteTemplateTo(w, xlsx.CarryOver(opt, last, c.source))
	}
	if fill == nil {
		opt.Unit = u
		return xlsx.WriteTemplateTo(w, opt)
	}
	return fill.WriteTo(w, u, nil)
}
