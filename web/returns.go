package web

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"time"

	"nianbao/web/season"
	"nianbao/web/store"
	"nianbao/xlsx/annotate"
)

// downloadReturns sends the annotated copies of every roster unit whose file has errors as one zip, and
// marks those units 已退回.
func (s *Server) downloadReturns(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	vs, names, err := ws.ToReturn()
	switch {
	case errors.Is(err, season.ErrNoRoster):
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
		paths, sentAs := make([]string, len(vs)), make([]string, len(vs))
		for i, v := range vs {
			paths[i], sentAs[i] = s.store.BlobPath(v.SHA256), v.Name
		}
		conv, held := annotate.ConvertFiles(paths, sentAs) // the others are read as they are written
		zw := zip.NewWriter(out)
		for i, v := range vs {
			data := held[i]
			if data == nil {
				var err error
				if data, err = s.store.ReadBlob(v.SHA256); err != nil {
					return fmt.Errorf("文件“%s”已不在数据文件夹中", v.Name)
				}
			}
			hw, err := zw.CreateHeader(&zip.FileHeader{Name: names[i], Method: zip.Deflate, Modified: time.Now()})
			if err != nil {
				return err
			}
			if err := conv.To(hw, v.Name, data, v.File.Findings); err != nil {
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
