package xlsx

import (
	"fmt"
	"math"
	"sort"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

// chartBars is how many units the chart shows.
const chartBars = 20

// chart writes the top units by 本年新收申请 and a bar chart of them, sized and scaled to print on one A4
// landscape page: the value axis ends at a round number above the largest bar, labels are dark, each bar
// carries its value.
func (sw *summaryWriter) chart(sheet string) error {
	f := sw.f
	key := treeKeys[0]
	type bar struct {
		name string
		v    float64
	}
	var bars []bar
	for _, u := range sw.res.Detail() {
		bars = append(bars, bar{u.Name, u.Report.Get(key)})
	}
	sort.SliceStable(bars, func(i, j int) bool { return bars[i].v > bars[j].v })
	bars = bars[:min(chartBars, len(bars))]
	c, _ := model.FormOf(sw.res.Version).Cell(key)
	title := fmt.Sprintf("%s%d年度本年新收政府信息公开申请数量（%s）前 %d 个单位", sw.res.Name, sw.res.Year, c.Col.Label, len(bars))
	if err := sw.setRow(sheet, 1, 1, sw.st.header, "单位名称", "本年新收申请"); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", "A", 30); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "B", "B", 12); err != nil {
		return err
	}
	for i, b := range bars {
		if err := sw.setRow(sheet, 1, i+2, sw.st.text, b.name); err != nil {
			return err
		}
		if err := sw.setRow(sheet, 2, i+2, sw.st.number, b.v); err != nil {
			return err
		}
	}
	if err := sw.onePage(sheet); err != nil {
		return err
	}
	if len(bars) == 0 {
		return sw.setRow(sheet, 1, 2, 0, "没有计入合计的单位，无图表。")
	}
	n := len(bars) + 1
	q := "'" + sheet + "'!"
	top := axisMax(bars[0].v)
	zero := 0.0
	dark := excelize.Font{Color: "000000", Size: 9}
	return f.AddChart(sheet, "D2", &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       q + "$B$1",
			Categories: fmt.Sprintf("%s$A$2:$A$%d", q, n),
			Values:     fmt.Sprintf("%s$B$2:$B$%d", q, n),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"2F5597"}},
			DataLabel:  excelize.ChartDataLabel{Font: dark},
		}},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title,
			Font: &excelize.Font{Color: "000000", Size: 12, Bold: true}}}},
		Legend:    excelize.ChartLegend{Position: "none"},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: dark},
		YAxis:     excelize.ChartAxis{Minimum: &zero, Maximum: &top, MajorGridLines: true, Font: dark},
		Dimension: excelize.ChartDimension{Width: 640, Height: uint(90 + 22*len(bars))},
	})
}

// axisMax is a round axis end above x with room for the value label: 1, 2 or 5 times a power of ten,
// in steps of which the axis reaches past x by at least 8%.
func axisMax(x float64) float64 {
	if x <= 0 {
		return 1
	}
	want := x * 1.08
	p := math.Pow(10, math.Floor(math.Log10(want)))
	for _, m := range []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if m*p >= want {
			return m * p
		}
	}
	return 10 * p
}

// onePage prints a small sheet on one A4 landscape page with the region and year in the page header.
func (sw *summaryWriter) onePage(sheet string) error {
	if err := sw.printSetup(sheet, 0, 0, nil, 0); err != nil {
		return err
	}
	one := 1
	return sw.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{FitToHeight: &one})
}
