package web

import (
	"archive/zip"
	"fmt"
	"io"
	"log"
	"mime"
	"net/http"
	"os"
	"time"

	"nianbao/batch"
	"nianbao/model"
	"nianbao/web/season"
	"nianbao/web/store"
	"nianbao/xlsx"
	"nianbao/xlsx/annotate"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// sendFile answers with a download named name that write writes straight into the response. The headers
// go out with the first byte: a failure before it is an error answer; a failure after it aborts the
// response, so that the browser reports a failed download instead of keeping half a file.
func sendFile(w http.ResponseWriter, name, ctype string, write func(io.Writer) error) {
	d := &download{w: w, name: name, ctype: ctype}
	if err := write(d); err != nil {
		if !d.started {
			httpError(w, http.StatusInternalServerError, fmt.Sprintf("无法生成“%s”：%v", name, err))
			return
		}
		panic(http.ErrAbortHandler)
	}
	d.start()
}

// download is the response of a download; its first write sends the headers.
type download struct {
	w           http.ResponseWriter
	name, ctype string
	started     bool
}

func (d *download) start() {
	if !d.started {
		d.started = true
		attach(d.w, d.name, d.ctype)
		d.w.WriteHeader(http.StatusOK)
	}
}

func (d *download) Write(p []byte) (int, error) {
	d.start()
	return d.w.Write(p)
}

// attach sets the headers of a download named name (UTF-8 names per RFC 6266).
func attach(w http.ResponseWriter, name, ctype string) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "no-store")
}

func (s *Server) downloadBlankRoster(w http.ResponseWriter, r *http.Request) {
	sendFile(w, "名单.xlsx", xlsxType, func(w io.Writer) error { return xlsx.WriteRosterTo(w, nil) })
}

// downloadTemplate sends the blank template of the year, or with ?unit=CODE the template pre-filled for a
// roster unit.
func (s *Server) downloadTemplate(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	opt := xlsx.TemplateOptions{Year: ws.Year, Version: model.VersionForYear(ws.Year)}
	name := fmt.Sprintf("%d年度报表模板.xlsx", ws.Year)
	if code := r.URL.Query().Get("unit"); code != "" {
		roster, _, err := s.store.Roster(ws.Year)
		if err != nil || roster == nil {
			httpError(w, http.StatusNotFound, "还没有上传名单")
			return
		}
		u, ok := roster.Unit(code)
		if !ok {
			httpError(w, http.StatusNotFound, fmt.Sprintf("名单中没有单位代码“%s”", code))
			return
		}
		unit := model.Unit{Code: u.Code, Name: u.Name}
		c, err := ws.Carried()
		if err != nil {
			httpError(w, http.StatusUnprocessableEntity, err.Error())
			return
		}
		sendFile(w, xlsx.UnitTemplateName(unit), xlsxType, func(w io.Writer) error { return season.WriteUnitTemplate(w, nil, opt, unit, c) })
		return
	}
	sendFile(w, name, xlsxType, func(w io.Writer) error { return xlsx.WriteTemplateTo(w, opt) })
}

// downloadTemplates sends one pre-filled template per roster unit as a zip, named as `nianbao template
// --roster` names them.
func (s *Server) downloadTemplates(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	roster, _, err := s.store.Roster(ws.Year)
	if err != nil || roster == nil {
		httpError(w, http.StatusNotFound, "还没有上传名单")
		return
	}
	opt := xlsx.TemplateOptions{Year: ws.Year, Version: model.VersionForYear(ws.Year)}
	fill, err := xlsx.NewTemplateFiller(opt)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	c, err := ws.Carried()
	if err != nil {
		httpError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	names := xlsx.UnitTemplateNames(roster)
	sendFile(w, fmt.Sprintf("%d年度各单位模板.zip", ws.Year), "application/zip", func(out io.Writer) error {
		zw := zip.NewWriter(out)
		for i, u := range roster.Units {
			hw, err := zw.CreateHeader(&zip.FileHeader{Name: names[i], Method: zip.Deflate, Modified: time.Now()})
			if err != nil {
				return err
			}
			if err := season.WriteUnitTemplate(hw, fill, opt, model.Unit{Code: u.Code, Name: u.Name}, c); err != nil {
				return err
			}
		}
		return zw.Close()
	})
}

// downloadSummary sends the summary workbook, written by xlsx.WriteSummary from the same summary.Build
// as `nianbao summary`; ?include_invalid=1 is its --include-invalid.
func (s *Server) downloadSummary(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	roster, _, err := s.store.Roster(ws.Year)
	if err != nil || roster == nil {
		httpError(w, http.StatusNotFound, "还没有上传名单：汇总需要名单")
		return
	}
	ws.Lock()
	res, _, err := ws.Build(roster, r.URL.Query().Get("include_invalid") == "1")
	ws.Unlock()
	if err != nil {
		httpError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	sendFile(w, fmt.Sprintf("%d年度汇总.xlsx", ws.Year), xlsxType, func(w io.Writer) error { return xlsx.WriteSummaryTo(w, res) })
}

// downloadOriginal sends a received file byte for byte.
func (s *Server) downloadOriginal(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	v, ok := s.version(w, r, ws)
	if !ok {
		return
	}
	f, err := os.Open(s.store.BlobPath(v.SHA256))
	if err != nil {
		httpError(w, http.StatusNotFound, store.ErrNoBlob.Error())
		return
	}
	defer f.Close()
	attach(w, v.Name, "application/octet-stream")
	io.Copy(w, f)
}

// downloadAnnotated sends the annotated copy of a received file, as `nianbao check --annotate` writes it.
func (s *Server) downloadAnnotated(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	v, ok := s.version(w, r, ws)
	if !ok {
		return
	}
	if v.Verdict == batch.Unreadable {
		httpError(w, http.StatusUnprocessableEntity, "此文件无法读取，没有带批注的副本："+firstMessage(v.File))
		return
	}
	data, err := s.store.ReadBlob(v.SHA256)
	if err != nil {
		httpError(w, http.StatusNotFound, err.Error())
		return
	}
	name := annotate.Name(v.Name)
	sent := false
	sendFile(w, name, xlsxType, func(w io.Writer) error {
		err := annotate.To(w, v.Name, data, v.File.Findings) // the sheet names the clerk's file
		sent = err == nil
		return err
	})
	if sent && v.Verdict == batch.Failed && v.Withdrawn == nil {
		if err := s.store.MarkReturned(ws.Year, []*store.Version{v}, actorOf(r)); err != nil {
			log.Printf("web: marking the return of %d: %v", v.ID, err)
		}
	}
}

func firstMessage(f batch.File) string {
	if len(f.Findings) > 0 {
		return f.Findings[0].Message
	}
	return ""
}
