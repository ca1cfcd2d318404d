package web

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strings"
	"time"

	"nianbao/model"
	"nianbao/summary"
	"nianbao/web/season"
	"nianbao/web/store"
	"nianbao/xlsx"
	"nianbao/xlsx/annotate"
)

// Progress of a roster unit in the round trip (StatusRow.Progress).
const (
	ProgressMissing  = "未报送"
	ProgressReported = "已报送"
	ProgressReturned = "已退回"
)

// toReturn lists the versions that count for roster units and have errors, in roster order, with the
// names of their return copies: the unit's template name with the annotated suffix, unique.
func (s *Server) toReturn(ws *season.Season) ([]*store.Version, []string, error) {
	roster, _, err := s.store.Roster(ws.Year)
	if err != nil {
		return nil, nil, err
	}
	if roster == nil {
		return nil, nil, errNoRoster
	}
	ws.Lock()
	res, vs, err := ws.Build(roster, false)
	ws.Unlock()
	if err != nil {
		return nil, nil, err
	}
	bySHA := map[string]*store.Version{}
	for _, v := range vs {
		bySHA[v.SHA256] = v
	}
	var out []*store.Version
	var names []string
	used := map[string]bool{}
	for _, u := range res.Units {
		v := bySHA[u.SHA256]
		if !u.OnRoster || u.Status != summary.Failed || u.Via != "" || v == nil {
			continue
		}
		base := strings.TrimSuffix(xlsx.UnitTemplateName(model.Unit{Code: u.Code, Name: u.Name}), ".xlsx")
		name := base + annotate.Suffix
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s_%d%s", base, n, annotate.Suffix)
		}
		used[strings.ToLower(name)] = true
		out, names = append(out, v), append(names, name)
	}
	return out, names, nil
}

// downloadReturns sends the annotated copies of every roster unit whose file has errors as one zip, and
// marks those units 已退回.
func (s *Server) downloadReturns(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	vs, names, err := s.toReturn(ws)
	switch {
	case errors.Is(err, errNoRoster):
		httpError(w, http.StatusNotFound, "还没有上传名单：退回件按名单中的单位命名")
		return
	case err != nil:
		httpError(w, http.StatusUnprocessableEntity, err.Error())
		return
	case len(vs) == 0:
		httpError(w, http.StatusNotFound, "没有需要退回的单位：采用的文件都没有错误")
		return
	}
	sent := false
	sendFile(w, fmt.Sprintf("%d年度退回件.zip", ws.Year), "application/zip", func(out io.Writer) error {
		zw := zip.NewWriter(out)
		for i, v := range vs {
			data, err := os.ReadFile(s.store.BlobPath(v.SHA256))
			if err != nil {
				return fmt.Errorf("文件“%s”已不在数据文件夹中", v.Name)
			}
			hw, err := zw.CreateHeader(&zip.FileHeader{Name: names[i], Method: zip.Deflate, Modified: time.Now()})
			if err != nil {
				return err
			}
			if err := annotate.To(hw, v.Name, data, v.File.Findings); err != nil {
				return fmt.Errorf("%s：%v", v.Name, err)
			}
		}
		if err := zw.Close(); err != nil {
			return err
		}
		sent = true
		return nil
	})
	if sent {
		if err := s.store.MarkReturned(ws.Year, vs, store.ActorClerk); err != nil {
			log.Printf("web: marking returns of %d: %v", ws.Year, err)
		}
	}
}

// errNoRoster is returned where a roster is needed and none was uploaded.
var errNoRoster = errors.New("no roster")
