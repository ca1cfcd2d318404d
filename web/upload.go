package web

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"nianbao/batch"
	"nianbao/model"
	"nianbao/web/season"
	"nianbao/web/store"
)

// errTooMany and errTooLarge are answered with 413.
var (
	errTooMany  = errors.New("too many files")
	errTooLarge = errors.New("upload too large")
)

// uploadInfo is the answer for one file of an upload that was recorded as version v (dup: received
// before, as v); a summary received again keeps its kind. (A unit's link never records a summary.)
func uploadInfo(name string, v *store.Version, dup bool, kind, msg string) UploadInfo {
	info := UploadInfo{Name: name, SHA256: v.SHA256, Version: v.ID, Duplicate: dup, Verdict: v.Verdict,
		Kind: kind, Message: msg}
	if dup {
		info.DuplicateOf = v.Name
		if v.File.Summary {
			info.Kind = season.KindSummary
		}
	}
	if kind == season.KindOtherYear {
		info.Year = v.File.Year
	}
	return info
}

// uploadAnswer is the answer to an upload, for the clerk and a unit alike: what became of each file
// (recorded as vs[i], dups[i] when received before, with its kind and message; refused before it was
// checked when ups[i].Rejected says why, a unit's file of another unit with kind KindNotOwn) and the batch
// document of their results, in upload order.
func uploadAnswer(ups []season.Upload, vs []*store.Version, dups []bool, kinds, msgs, skipped []string) SubmitDocument {
	doc := SubmitDocument{Uploads: []UploadInfo{}}
	var files []batch.File
	for i, up := range ups {
		switch {
		case up.Rejected != "":
			f := rejectedFile(up)
			files = append(files, f)
			doc.Uploads = append(doc.Uploads, UploadInfo{Name: up.Name, Verdict: f.Verdict, Kind: kinds[i], Message: msgs[i]})
		default:
			files = append(files, vs[i].File)
			doc.Uploads = append(doc.Uploads, uploadInfo(up.Name, vs[i], dups[i], kinds[i], msgs[i]))
		}
	}
	doc.Document = batch.NewDocument(files, skipped)
	return doc
}

// receive reads the files of an upload request and the year's roster, both kinds of submission (the
// clerk's and a unit's) alike; on false the request has been answered with a Chinese message.
func (s *Server) receive(w http.ResponseWriter, r *http.Request, ws *season.Season) (ups []season.Upload, skipped []string, roster *model.Roster, ok bool) {
	ups, skipped, err := s.readUploads(w, r)
	switch {
	case errors.Is(err, errTooMany):
		httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("一次最多上传 %d 个文件（压缩包内的文件也计算在内），请分批上传", s.opt.MaxFiles))
		return nil, nil, nil, false
	case errors.Is(err, errTooLarge):
		httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("一次上传的文件总大小不能超过 %s，请分批上传", size(s.opt.MaxUploadBytes)))
		return nil, nil, nil, false
	case err != nil:
		httpError(w, http.StatusBadRequest, err.Error())
		return nil, nil, nil, false
	case len(ups) == 0 && len(skipped) == 0:
		httpError(w, http.StatusBadRequest, "没有收到文件：请把文件放在字段 file 中")
		return nil, nil, nil, false
	}
	roster, _, err = s.store.Roster(ws.Year)
	if err != nil {
		httpError(w, http.StatusInternalServerError, "无法读取名单："+err.Error())
		return nil, nil, nil, false
	}
	return ups, skipped, roster, true
}

// readUploads reads the multipart parts named "file" (each optionally preceded by a "modified" part with
// the file's modification time in milliseconds since 1970, as browsers give it) and unpacks .zip files in
// memory, within the server's limits. skipped lists what a zip held besides workbooks.
func (s *Server) readUploads(w http.ResponseWriter, r *http.Request) (ups []season.Upload, skipped []string, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxUploadBytes)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, errors.New("请求应为 multipart/form-data，文件放在字段 file 中")
	}
	var modified time.Time
	var total int64
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, nil, errTooLarge
			}
			return nil, nil, fmt.Errorf("上传中断或格式不对：%v", err)
		}
		switch part.FormName() {
		case "modified":
			b, _ := io.ReadAll(io.LimitReader(part, 32))
			if ms, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && ms > 0 {
				modified = time.UnixMilli(ms)
			}
		case "file":
			up, err := s.readPart(part)
			if err != nil {
				return nil, nil, err
			}
			up.Modified, modified = modified, time.Time{}
			if strings.EqualFold(path.Ext(up.Name), ".zip") && up.Rejected == "" {
				inner, skip, err := s.unzip(up, &total)
				if err != nil {
					return nil, nil, err
				}
				ups, skipped = append(ups, inner...), append(skipped, skip...)
			} else {
				total += int64(len(up.Data))
				ups = append(ups, up)
			}
			if len(ups) > s.opt.MaxFiles {
				return nil, nil, errTooMany
			}
			if total > s.opt.MaxUploadBytes {
				return nil, nil, errTooLarge
			}
		}
		part.Close()
	}
	return ups, skipped, nil
}

func (s *Server) readPart(part *multipart.Part) (season.Upload, error) {
	up := season.Upload{Name: cleanName(part.FileName())}
	limit := s.opt.MaxFileBytes
	if strings.EqualFold(path.Ext(up.Name), ".zip") {
		limit = s.opt.MaxUploadBytes
	}
	data, err := io.ReadAll(io.LimitReader(part, limit+1))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return up, errTooLarge
		}
		return up, fmt.Errorf("上传中断：%v", err)
	}
	if int64(len(data)) > limit {
		io.Copy(io.Discard, part)
		up.Rejected = fmt.Sprintf("文件“%s”超过上传限制（每个文件最大 %s），未保存", up.Name, size(limit))
		return up, nil
	}
	up.Data = data
	return up, nil
}

// unzip unpacks the workbooks of a zip in memory. Entry sizes are checked as declared and as read (a zip
// may lie), entries count towards the file limit and their unpacked bytes towards the upload limit.
func (s *Server) unzip(z season.Upload, total *int64) (ups []season.Upload, skipped []string, err error) {
	zr, err := zip.NewReader(bytes.NewReader(z.Data), int64(len(z.Data)))
	if err != nil {
		return []season.Upload{{Name: z.Name, Modified: z.Modified,
			Rejected: fmt.Sprintf("压缩包“%s”无法打开（文件损坏或不是 zip 格式）", z.Name)}}, nil, nil
	}
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		full := entryName(f)
		name := cleanName(full)
		label := z.Name + "/" + full
		base := path.Base(strings.ReplaceAll(full, "\\", "/"))
		switch {
		case strings.HasPrefix(full, "__MACOSX/") || strings.HasPrefix(base, "._"):
			continue
		case strings.HasPrefix(base, "~$") || strings.HasPrefix(base, ".~lock."):
			skipped = append(skipped, label)
			continue
		case !batch.Extensions[strings.ToLower(path.Ext(name))]:
			skipped = append(skipped, label)
			continue
		}
		if len(ups)+1 > s.opt.MaxFiles {
			return nil, nil, errTooMany
		}
		up := season.Upload{Name: name, Modified: f.Modified}
		if f.Modified.IsZero() {
			up.Modified = z.Modified
		}
		if f.UncompressedSize64 > uint64(s.opt.MaxFileBytes) {
			up.Rejected = fmt.Sprintf("压缩包“%s”中的文件“%s”解压后超过 %s，未保存", z.Name, name, size(s.opt.MaxFileBytes))
			ups = append(ups, up)
			continue
		}
		rc, err := f.Open()
		if err != nil {
			up.Rejected = fmt.Sprintf("压缩包“%s”中的文件“%s”无法解压：%v", z.Name, name, err)
			ups = append(ups, up)
			continue
		}
		data, err := io.ReadAll(io.LimitReader(rc, s.opt.MaxFileBytes+1))
		rc.Close()
		switch {
		case int64(len(data)) > s.opt.MaxFileBytes:
			up.Rejected = fmt.Sprintf("压缩包“%s”中的文件“%s”解压后超过 %s，未保存", z.Name, name, size(s.opt.MaxFileBytes))
		case err != nil:
			up.Rejected = fmt.Sprintf("压缩包“%s”中的文件“%s”无法解压：%v", z.Name, name, err)
		default:
			up.Data = data
			*total += int64(len(data))
			if *total > s.opt.MaxUploadBytes {
				return nil, nil, errTooLarge
			}
		}
		ups = append(ups, up)
	}
	return ups, skipped, nil
}

// entryName decodes a zip entry name: zips made on Chinese Windows store GBK names without the UTF-8 flag.
func entryName(f *zip.File) string {
	if !f.NonUTF8 || utf8.ValidString(f.Name) {
		return f.Name
	}
	if s, err := simplifiedchinese.GB18030.NewDecoder().String(f.Name); err == nil {
		return s
	}
	return f.Name
}

// cleanName keeps the last element of a client's file name, made safe for display and for a download
// name; it is never used as a path.
func cleanName(raw string) string {
	raw = strings.ReplaceAll(raw, "\\", "/")
	base := path.Base(raw)
	if base == "." || base == "/" {
		base = ""
	}
	ext := path.Ext(base)
	if len(ext) > 8 || strings.ContainsAny(ext, " ") {
		ext = ""
	}
	stem := strings.TrimSuffix(base, ext)
	out := model.SafeName(stem)
	if len(ext) > 1 {
		out += "." + strings.ToLower(model.SafeName(ext[1:]))
	}
	return out
}

// rejectedFile is the check result of a file that was not taken, with its verdict as the CLI would give.
func rejectedFile(up season.Upload) batch.File {
	return batch.UnreadableFile(up.Name, "", up.Rejected)
}

func size(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
