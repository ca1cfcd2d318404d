package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"nianbao/model"
	"nianbao/web/season"
	"nianbao/web/store"
	"nianbao/xlsx/read"
)

// maxRosterBytes bounds an uploaded roster or previous-year summary.
const maxRosterBytes = 64 << 20

// firstFile reads the first part named "file" of a multipart request, and the value of a few small fields.
func firstFile(w http.ResponseWriter, r *http.Request, limit int64) (name string, data []byte, fields map[string]string, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, limit+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, nil, errors.New("请求应为 multipart/form-data，文件放在字段 file 中")
	}
	fields = map[string]string{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return name, data, fields, nil
		}
		if err != nil {
			return "", nil, nil, fmt.Errorf("上传中断或过大：%v", err)
		}
		if part.FormName() == "file" && data == nil {
			name = cleanName(part.FileName())
			data, err = readAllLimit(part, limit)
			if err != nil {
				return "", nil, nil, err
			}
		} else if part.FileName() == "" {
			b, _ := io.ReadAll(io.LimitReader(part, 256))
			fields[part.FormName()] = strings.TrimSpace(string(b))
		}
		part.Close()
	}
}

func readAllLimit(p *multipart.Part, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(p, limit+1))
	if err != nil {
		return nil, fmt.Errorf("上传中断：%v", err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("文件超过 %s", size(limit))
	}
	return data, nil
}

func (s *Server) apiRoster(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	roster, info, err := s.store.Roster(ws.Year)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	units := []model.RosterUnit{}
	if roster != nil {
		units = roster.Units
	}
	writeJSON(w, http.StatusOK, map[string]any{"roster": info, "units": units})
}

// apiPutRoster takes a roster file (.xlsx or UTF-8 .csv) read by read.ReadRosterBytes, as the CLI reads it.
func (s *Server) apiPutRoster(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	name, data, _, err := firstFile(w, r, maxRosterBytes)
	if err != nil || data == nil {
		if err == nil {
			err = errors.New("没有收到名单文件：请把文件放在字段 file 中")
		}
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	sha, err := s.store.PutBlob(data)
	if err != nil {
		httpError(w, http.StatusInternalServerError, "无法保存名单："+err.Error())
		return
	}
	roster, err := read.ReadRosterBytes(name, data, s.opt.Limits) // .csv by its extension, else a workbook
	if err != nil {
		httpError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	s.setRoster(w, ws, roster, name, sha)
}

// apiPutUnits replaces the roster by units edited on the page: {"units":[{"Code":…,"Name":…,"Parent":…,"Category":…}]}.
func (s *Server) apiPutUnits(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	var body struct{ Units []model.RosterUnit }
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<20))
	if err := dec.Decode(&body); err != nil {
		httpError(w, http.StatusBadRequest, `名单数据格式不对：应为 {"units":[{"Code":"单位代码","Name":"单位名称","Parent":"上级单位代码","Category":"类别"}]}，各项均为文字`)
		return
	}
	roster := &model.Roster{}
	for i, u := range body.Units {
		u := model.RosterUnit{Code: strings.TrimSpace(u.Code), Name: strings.TrimSpace(u.Name),
			Parent: strings.TrimSpace(u.Parent), Category: strings.TrimSpace(u.Category), Row: i + 2}
		if u.Code == "" && u.Name == "" && u.Parent == "" && u.Category == "" {
			continue
		}
		roster.Units = append(roster.Units, u)
	}
	if len(roster.Units) == 0 {
		httpError(w, http.StatusUnprocessableEntity, "名单中没有任何单位")
		return
	}
	s.setRoster(w, ws, roster, "网页中编辑的名单", "")
}

func (s *Server) setRoster(w http.ResponseWriter, ws *season.Season, roster *model.Roster, name, sha string) {
	if problems := roster.Problems(); len(problems) > 0 {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
			"error":    fmt.Sprintf("名单“%s”有 %d 处问题，请改正后再上传", name, len(problems)),
			"problems": problems})
		return
	}
	ws.Lock()
	err := s.store.SetRoster(ws.Year, roster, name, sha, store.ActorClerk) // only the clerk reaches the roster (unitRules)
	ws.Unlock()
	if err != nil {
		httpError(w, http.StatusInternalServerError, "无法保存名单："+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"units": len(roster.Units), "name": name})
}

// apiPutPrevious sets the source of last year's reports: field source = none | workspace, or a file
// (last year's summary, or one workbook). Every file of the year is checked again with it.
func (s *Server) apiPutPrevious(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	name, data, fields, err := firstFile(w, r, maxRosterBytes)
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	setting := season.PreviousNone
	switch {
	case data != nil:
		sha, err := s.store.PutBlob(data)
		if err != nil {
			httpError(w, http.StatusInternalServerError, err.Error())
			return
		}
		setting = season.PreviousFile + sha
	case fields["source"] == "workspace":
		setting = season.PreviousWorkspace
	case fields["source"] == "none" || fields["source"] == "":
	default:
		httpError(w, http.StatusBadRequest, "source 应为 none 或 workspace，或上传上一年度的汇总表")
		return
	}
	ws.Lock()
	defer ws.Unlock()
	old, err := s.store.Setting(ws.Year, store.SettingPrevious)
	if err == nil {
		err = s.store.SetSetting(ws.Year, store.SettingPrevious, setting)
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	ws.ForgetPrevious()
	if err := ws.Recheck(); err != nil {
		s.store.SetSetting(ws.Year, store.SettingPrevious, old)
		ws.ForgetPrevious()
		ws.Recheck()
		httpError(w, http.StatusUnprocessableEntity, fmt.Sprintf("无法使用上一年度数据%s：%v", quoted(name), err))
		return
	}
	act := map[string]string{season.PreviousNone: "取消跨年度核对", season.PreviousWorkspace: "设置跨年度核对：与上一年度工作区核对"}[setting]
	if act == "" {
		act = "设置跨年度核对：使用上传的上一年度数据" + quoted(name)
	}
	if err := s.store.LogAct(ws.Year, store.ActorClerk, act, 0, ""); err != nil {
		httpError(w, http.StatusInternalServerError, "无法记录日志："+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"previous": setting, "name": name})
}

func quoted(name string) string {
	if name == "" {
		return ""
	}
	return "“" + name + "”"
}

// version finds the {id} version of a route, answering 404 itself.
func (s *Server) version(w http.ResponseWriter, r *http.Request, ws *season.Season) (*store.Version, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var v *store.Version
	if err == nil {
		v, err = s.store.Version(ws.Year, id)
	}
	if err != nil || v == nil {
		httpError(w, http.StatusNotFound, "找不到这个文件")
		return nil, false
	}
	return v, true
}

// apiCopyRoster copies last year's roster into the year (POST /api/{year}/roster/copy-previous).
func (s *Server) apiCopyRoster(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	prev, info, err := s.store.Roster(ws.Year - 1)
	if err != nil {
		httpError(w, http.StatusInternalServerError, "无法读取名单："+err.Error())
		return
	}
	if prev == nil {
		httpError(w, http.StatusNotFound, fmt.Sprintf("%d年度的工作区还没有名单，无法复制", ws.Year-1))
		return
	}
	s.setRoster(w, ws, prev, fmt.Sprintf("%d年度的名单（%s）", ws.Year-1, info.Name), info.SHA256)
}
