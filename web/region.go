package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"nianbao/summary"
	"nianbao/web/season"
	"nianbao/web/store"
)

// maxRegion bounds the region's name, in characters.
const maxRegion = 60

// RegionInfo is the answer to GET and PUT /api/{year}/region.
type RegionInfo struct {
	// Region is the name set for the year, "" when unset; Default the name the roster gives
	// (summary.RegionName, "" without a roster); Name the one the summary uses.
	Region  string `json:"region"`
	Default string `json:"default"`
	Name    string `json:"name"`
}

func (s *Server) regionInfo(year int) (*RegionInfo, error) {
	set, err := s.store.Setting(year, store.SettingRegion)
	if err != nil {
		return nil, err
	}
	roster, _, err := s.store.Roster(year)
	if err != nil {
		return nil, err
	}
	info := &RegionInfo{Region: set, Name: set}
	if roster != nil {
		info.Default = summary.RegionName(roster)
	}
	if info.Name == "" {
		info.Name = info.Default
	}
	return info, nil
}

func (s *Server) apiRegion(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	info, err := s.regionInfo(ws.Year)
	if err != nil {
		httpError(w, http.StatusInternalServerError, "无法读取设置："+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, info)
}

// apiPutRegion sets the region's name of a year (PUT /api/{year}/region, JSON {"region": "示例市"}; ""
// goes back to the default).
func (s *Server) apiPutRegion(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	var body struct {
		Region *string `json:"region"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&body); err != nil || body.Region == nil {
		httpError(w, http.StatusBadRequest, "请求的格式不对：应为 JSON {\"region\": \"汇总范围名称\"}，空文字表示按名单默认")
		return
	}
	name := strings.TrimSpace(*body.Region)
	if msg := badRegion(name); msg != "" {
		httpError(w, http.StatusUnprocessableEntity, msg)
		return
	}
	act := "汇总范围名称改为按名单默认"
	if name != "" {
		act = "汇总范围名称设为“" + name + "”"
	}
	ws.Lock()
	err := s.store.SetSettingAs(ws.Year, store.SettingRegion, name, store.ActorClerk, act)
	ws.Unlock()
	if err != nil {
		httpError(w, http.StatusInternalServerError, "无法保存设置："+err.Error())
		return
	}
	s.apiRegion(w, r, ws)
}

// badRegion says what is wrong with a region's name, "" when nothing.
func badRegion(name string) string {
	if n := utf8.RuneCountInString(name); n > maxRegion {
		return fmt.Sprintf("汇总范围名称过长（%d 字），最多 %d 字", n, maxRegion)
	}
	for _, r := range name {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return "汇总范围名称中不能有换行、制表符等控制字符"
		}
	}
	return ""
}
