package office

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// hostileODS is a spreadsheet whose sheet shows a linked image and links a second sheet to a URL, both on
// the local HTTP server at base: opening it in a plain LibreOffice profile fetches them.
func hostileODS(t *testing.T, path, base string) {
	t.Helper()
	content := `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2">
<office:body><office:spreadsheet>
<table:table table:name="表三">
<table:shapes><draw:frame draw:name="p" svg:width="2cm" svg:height="2cm" svg:x="1cm" svg:y="1cm"><draw:image xlink:href="` + base + `/image.png" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></table:shapes>
<table:table-row><table:table-cell office:value-type="float" office:value="31"><text:p>31</text:p></table:table-cell></table:table-row>
</table:table>
<table:table table:name="链接">
<table:table-source xlink:type="simple" xlink:href="` + base + `/link.ods" table:table-name="Sheet1" table:mode="copy-all"/>
<table:table-row><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row>
</table:table>
</office:spreadsheet></office:body></office:document-content>`
	manifest := `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = zw.Create("META-INF/manifest.xml")
	w.Write([]byte(manifest))
	w, _ = zw.Create("content.xml")
	w.Write([]byte(content))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestConvertSendsNothing (issue 20 point 6): converting the hostile .ods sends no request to the local
// server, with the profile settings alone and with the network sandbox. A control conversion with a plain
// profile and no sandbox shows that the file does make LibreOffice fetch its links, so the test can fail.
func TestConvertSendsNothing(t *testing.T) {
	need(t)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		t.Logf("request %s %s", r.Method, r.URL.Path)
		w.WriteHeader(http.StatusNotFound)
	}))
	defer srv.Close()
	dir := t.TempDir()
	src := filepath.Join(dir, "hostile.ods")
	hostileODS(t, src, srv.URL)

	control := func() int32 {
		hits.Store(0)
		profile := t.TempDir()
		cmd := exec.Command(Binary(), "--headless", "--norestore", "--nolockcheck", "-env:UserInstallation="+fileURL(profile),
			"--convert-to", "xlsx", "--outdir", filepath.Join(dir, "control"), src)
		cmd.Env = append(os.Environ(), "HOME="+profile)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("control conversion: %v %s", err, out)
		}
		time.Sleep(200 * time.Millisecond)
		return hits.Load()
	}
	if n := control(); n == 0 {
		t.Fatal("control: a plain LibreOffice sent no request; the hostile file does not exercise the isolation")
	} else {
		t.Logf("control: a plain LibreOffice sent %d requests", n)
	}
	for _, sandbox := range []bool{false, true} {
		t.Run(fmt.Sprintf("sandbox=%v", sandbox), func(t *testing.T) {
			if sandbox && !Sandboxed() {
				t.Skip("no network namespace on this system (unshare -rn)")
			}
			defer forceSandbox(sandbox)()
			hits.Store(0)
			out, err := Convert(context.Background(), src, filepath.Join(dir, fmt.Sprint(sandbox)), "xlsx")
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(200 * time.Millisecond)
			if n := hits.Load(); n != 0 {
				t.Errorf("converting sent %d requests", n)
			}
			if st, err := os.Stat(out); err != nil || st.Size() == 0 {
				t.Errorf("no result: %v", err)
			}
		})
	}
}

// forceSandbox turns the sandbox layer on or off for a test and returns the restore function.
func forceSandbox(on bool) func() {
	Sandboxed()
	old := unshareBin
	if !on {
		unshareBin = ""
	}
	return func() { unshareBin = old }
}

// TestCleanupKillsAndRemoves: Cleanup during a conversion kills soffice's process group and removes the
// profile and every registered temp folder; the conversion fails at once.
func TestCleanupKillsAndRemoves(t *testing.T) {
	need(t)
	defer func() { live.Lock(); live.done = false; live.Unlock() }()
	dir := t.TempDir()
	src := filepath.Join(dir, "a.csv")
	os.WriteFile(src, []byte(strings.Repeat("1,2,3\n", 1000)), 0o644)
	tmp, err := TempDir("nianbao-test-")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(tmp, "copy.xls"), []byte("agency data"), 0o644)
	done := make(chan error, 1)
	go func() {
		_, err := Convert(context.Background(), src, filepath.Join(dir, "out"), "xlsx")
		done <- err
	}()
	var pid int
	var profiles []string
	for i := 0; i < 200 && pid == 0; i++ {
		time.Sleep(20 * time.Millisecond)
		live.Lock()
		for cmd := range live.procs {
			if cmd.Process != nil {
				pid = cmd.Process.Pid
			}
		}
		for d := range live.dirs {
			profiles = append(profiles, d)
		}
		live.Unlock()
	}
	if pid == 0 {
		t.Fatal("conversion never started")
	}
	Cleanup()
	select {
	case err := <-done:
		if err == nil {
			t.Error("conversion succeeded after Cleanup")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("conversion still running 10 s after Cleanup")
	}
	for _, d := range append(profiles, tmp) {
		if _, err := os.Stat(d); !os.IsNotExist(err) {
			t.Errorf("temp folder %s left behind", d)
		}
	}
	for i := 0; i < 50 && groupAlive(pid); i++ { // killed processes are reaped by init a moment later
		time.Sleep(40 * time.Millisecond)
	}
	if groupAlive(pid) {
		t.Errorf("soffice process group %d still alive", pid)
	}
	if _, err := TempDir("nianbao-test-"); err == nil {
		t.Error("TempDir works after Cleanup")
	}
}
