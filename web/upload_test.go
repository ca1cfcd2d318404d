package web

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"nianbao/batch"
	"nianbao/internal/testbook"
	"nianbao/web/store"
	"nianbao/xlsx/read"
)

type zipEntry struct {
	name string
	data []byte
	gbk  bool
}

func zipOf(t *testing.T, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.gbk {
			n, err := simplifiedchinese.GBK.NewEncoder().String(e.name)
			if err != nil {
				t.Fatal(err)
			}
			h.Name, h.NonUTF8 = n, true
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	zw.Close()
	return buf.Bytes()
}

func postBytes(t *testing.T, s *testServer, name string, data []byte) (int, SubmitDocument, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(data)
	mw.Close()
	code, body := s.do("POST", fmt.Sprintf("/api/%d/submissions", testYear), &buf, mw.FormDataContentType())
	var doc SubmitDocument
	json.Unmarshal(body, &doc)
	return code, doc, string(body)
}

// TestZipUploads: a zip is unpacked in memory: workbooks are checked (GBK names decoded), other entries
// skipped, a bomb entry and a lying entry get 无法读取 without being inflated, too many entries are refused.
func TestZipUploads(t *testing.T) {
	paths := received(t)
	a, _ := os.ReadFile(paths[0])
	b, _ := os.ReadFile(paths[1])
	bomb := bytes.Repeat([]byte{0}, 3<<20) // 3 MiB of zeros: a few KiB compressed, over the 1 MiB limit below
	tests := []struct {
		name       string
		zip        []byte
		code       int
		files      int
		unreadable int
		skipped    int
		names      []string
	}{
		{"workbooks and junk", zipOf(t, zipEntry{name: "收到/" + filepath.Base(paths[0]), data: a},
			zipEntry{name: "说明.txt", data: []byte("hi")}, zipEntry{name: "__MACOSX/._x.xlsx", data: []byte("x")},
			zipEntry{name: "~$lock.xlsx", data: []byte("x")}), http.StatusOK, 1, 0, 2, []string{filepath.Base(paths[0])}},
		{"GBK names", zipOf(t, zipEntry{name: "单位报表.xlsx", data: b, gbk: true}), http.StatusOK, 1, 0, 0, []string{"单位报表.xlsx"}},
		{"bomb entry", zipOf(t, zipEntry{name: "bomb.xlsx", data: bomb}, zipEntry{name: "ok.xlsx", data: a}), http.StatusOK, 2, 1, 0, nil},
		{"not a zip", []byte("PK garbage"), http.StatusOK, 1, 1, 0, nil},
		{"too many entries", zipOf(t, zipEntry{name: "1.xlsx", data: a}, zipEntry{name: "2.xlsx", data: a},
			zipEntry{name: "3.xlsx", data: a}, zipEntry{name: "4.xlsx", data: a}), http.StatusRequestEntityTooLarge, 0, 0, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t, "", Options{Loopback: true, MaxFileBytes: 1 << 20, MaxFiles: 3})
			code, doc, body := postBytes(t, s, "收件.zip", tc.zip)
			if code != tc.code {
				t.Fatalf("status: want %d, got %d %s", tc.code, code, body)
			}
			if code != http.StatusOK {
				if !strings.Contains(body, "最多上传 3 个文件") {
					t.Errorf("message: %s", body)
				}
				return
			}
			if doc.Stats.Files != tc.files || doc.Stats.Unreadable != tc.unreadable || doc.Stats.Skipped != tc.skipped {
				t.Errorf("stats: %+v", doc.Stats)
			}
			for i, n := range tc.names {
				if doc.Files[i].Path != n {
					t.Errorf("name: want %s, got %s", n, doc.Files[i].Path)
				}
			}
			for _, f := range doc.Files {
				if f.Verdict == batch.Unreadable && (len(f.Findings) == 0 || f.Findings[0].Message == "") {
					t.Errorf("%s: unreadable without a message", f.Path)
				}
			}
		})
	}
}

// TestBadFiles: every bad file gets its verdict and a Chinese message naming it, as in the CLI.
func TestBadFiles(t *testing.T) {
	s := newTestServer(t, "", Options{Loopback: true, MaxFileBytes: 1 << 20})
	tests := []struct{ name, data, want string }{
		{"空文件.xlsx", "", "空文件.xlsx"},
		{"文本.xlsx", "这不是表格", "文本.xlsx"},
		{"../../etc/passwd.xlsx", "x", "passwd.xlsx"},
		{"大文件.xlsx", strings.Repeat("x", 2<<20), "超过上传限制"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, doc, body := postBytes(t, s, tc.name, []byte(tc.data))
			if code != http.StatusOK || len(doc.Files) != 1 {
				t.Fatalf("%d %s", code, body)
			}
			f := doc.Files[0]
			if f.Verdict != batch.Unreadable || len(f.Findings) == 0 || !strings.Contains(f.Findings[0].Message, tc.want) {
				t.Errorf("want 无法读取 naming %q, got %s %+v", tc.want, f.Verdict, f.Findings)
			}
			if strings.Contains(body, s.dir) || strings.Contains(body, os.TempDir()+"/nianbao") {
				t.Errorf("answer leaks a server path: %s", body)
			}
		})
	}
	entries, _ := os.ReadDir(filepath.Join(s.dir, "files"))
	for _, e := range entries {
		if !store.IsSHA(e.Name()) {
			t.Errorf("stored file not named by its digest: %s", e.Name())
		}
	}
}

// TestRosterUpload: a roster with problems is refused with every problem; a good one replaces the old.
func TestRosterUpload(t *testing.T) {
	s := newTestServer(t, "", Options{Loopback: true})
	bad := "单位代码,单位名称,上级单位代码\n1,示例市,\n2,甲局,1\n2,乙局,9\n"
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", "名单.csv")
	w.Write([]byte(bad))
	mw.Close()
	code, body := s.do("PUT", fmt.Sprintf("/api/%d/roster", testYear), &buf, mw.FormDataContentType())
	var res struct {
		Error    string
		Problems []string
	}
	json.Unmarshal(body, &res)
	if code != http.StatusUnprocessableEntity || len(res.Problems) < 2 || !strings.Contains(res.Error, "名单.csv") {
		t.Fatalf("%d %s", code, body)
	}
	s.putRoster(filepath.Join(demoRegion(t), "名单.xlsx"))
	var st Status
	s.getJSON(fmt.Sprintf("/api/%d/status", testYear), &st)
	if st.Counts == nil || st.Counts.Expected != 24 || st.Counts.Missing != 24 {
		t.Errorf("counts: %+v", st.Counts)
	}
}

// TestUploadTimeout: the server's time limit bounds each uploaded file as --timeout does on the command
// line: a workbook within every other limit but slow to read gets 无法读取 with the message naming the
// limit and the clerk's file name, and no server path.
func TestUploadTimeout(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, "", Options{Loopback: true, Limits: read.Limits{Timeout: time.Millisecond}})
	code, doc, body := postBytes(t, s, "慢.xlsx", testbook.Rows(20000, 2))
	if code != http.StatusOK || len(doc.Files) != 1 {
		t.Fatalf("%d %s", code, body)
	}
	f := doc.Files[0]
	want := "文件“慢.xlsx”：处理超时：处理时间不得超过 1ms"
	if f.Verdict != batch.Unreadable || len(f.Findings) != 1 || !strings.HasPrefix(f.Findings[0].Message, want) {
		t.Errorf("want 无法读取 with %q, got %s %+v", want, f.Verdict, f.Findings)
	}
	if strings.Contains(body, s.dir) {
		t.Errorf("answer leaks a server path: %s", body)
	}
}
