package web

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"nianbao/checks"
	"nianbao/locate"
	"nianbao/web/season"
	"nianbao/web/store"
	"nianbao/web/view"
	"nianbao/xlsx"
)

// sendSheet sends one sheet as a workbook, for the lists the page hands out as one sheet each: the
// findings, the units' links, the log (here) and the units to remind (reminders.go).
func sendSheet(w http.ResponseWriter, name string, grid locate.Grid) {
	sendFile(w, name, xlsxType, func(w io.Writer) error { return xlsx.WriteGridsTo(w, []locate.Grid{grid}) })
}

// downloadFindings sends every finding of the newest files and of the summary as one sheet.
func (s *Server) downloadFindings(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	ws.Lock()
	roster, _, err := s.store.Roster(ws.Year)
	var fs []checks.Finding
	if err == nil && roster != nil {
		res, _, berr := ws.Build(roster, false)
		err = berr
		if berr == nil {
			fs = res.Findings
		}
	} else if err == nil {
		_, files, rerr := ws.Results()
		err = rerr
		for _, f := range files {
			fs = append(fs, f.Findings...)
		}
	}
	ws.Unlock()
	if err != nil {
		httpError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	sendSheet(w, fmt.Sprintf("%d年度校验结果.xlsx", ws.Year), view.FindingsSheet(fs))
}

// downloadLinks sends every roster unit with its link (blank for a unit without one), to mail out.
func (s *Server) downloadLinks(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	infos, roster, err := s.linkInfos(r, ws, nil)
	if s.linkError(w, err) {
		return
	}
	by := map[string]LinkInfo{}
	for _, l := range infos {
		by[l.Code] = l
	}
	grid := locate.Grid{Name: "报送链接"}
	grid.Rows = append(grid.Rows, view.TextRow("单位代码", "单位名称", "上级单位代码", "类别", "报送链接", "生成时间", "说明"))
	for _, u := range roster.Units {
		l, ok := by[u.Code]
		note, created := "", ""
		switch {
		case !ok:
			note = "还没有生成链接"
		case l.URL == "":
			note = "链接仍有效，但数据文件夹中的链接密钥已更换，无法再次导出；如需重新发送请重新生成（原链接随即作废）"
		default:
			note = "请只发给本单位：凭此链接可报送本单位的文件、查看本单位的校验结果"
		}
		if ok {
			created = fmtLocal(store.ParseStamp(l.Created))
		}
		grid.Rows = append(grid.Rows, view.TextRow(u.Code, u.Name, u.Parent, u.Category, l.URL, created, note))
	}
	if n := s.linkNote(r); n != "" {
		grid.Rows = append(grid.Rows, view.TextRow(), view.TextRow(n))
	}
	sendSheet(w, fmt.Sprintf("%d年度报送链接.xlsx", ws.Year), grid)
}

// downloadLog sends the year's log as a sheet: time, actor, act, unit, version.
func (s *Server) downloadLog(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	entries, err := s.store.Log(ws.Year)
	if err != nil {
		httpError(w, http.StatusInternalServerError, "无法读取日志："+err.Error())
		return
	}
	grid := locate.Grid{Name: "操作记录"}
	grid.Rows = append(grid.Rows, view.TextRow("序号", "时间", "操作人", "操作", "单位", "文件编号"))
	for i, e := range entries {
		row := view.TextRow(fmt.Sprint(i+1), fmtLocal(e.At), e.Actor, e.Act, e.Unit, "")
		row[0].Str = false
		if e.Version != 0 {
			row[5] = locate.Cell{Text: fmt.Sprint(e.Version)}
		}
		grid.Rows = append(grid.Rows, row)
	}
	sendSheet(w, fmt.Sprintf("%d年度操作记录.xlsx", ws.Year), grid)
}

func fmtLocal(t time.Time) string { return t.Local().Format("2006-01-02 15:04:05") }
