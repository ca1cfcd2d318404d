package web

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// slowServer serves a fresh store on a loopback port through HTTPServer with short read timeouts.
func slowServer(t *testing.T) (*http.Server, string, chan error) {
	t.Helper()
	srv, err := New(Options{Dir: t.TempDir(), Loopback: true, Token: testToken, Tool: testTool,
		ReadHeaderTimeout: 300 * time.Millisecond, ReadTimeout: 800 * time.Millisecond, IdleTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.HTTPServer()
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	t.Cleanup(func() { hs.Close(); srv.Close() })
	return hs, ln.Addr().String(), served
}

// dripUpload opens a connection and starts an upload whose body it then sends one byte every 50 ms, until
// the server closes the connection or stop is closed. It returns the connection's first response line (""
// when the server closed it without answering) and when the connection ended.
func dripUpload(t *testing.T, addr string, stop <-chan struct{}) <-chan string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	fmt.Fprintf(c, "POST /api/%d/submissions HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: multipart/form-data; boundary=XX\r\nContent-Length: 1000000\r\n\r\n"+
		"--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"慢.xlsx\"\r\n\r\n", testYear, addr, testToken)
	answer := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(c).ReadString('\n')
		answer <- strings.TrimSpace(line)
	}()
	go func() {
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, err := c.Write([]byte("P")); err != nil {
					return
				}
			}
		}
	}()
	return answer
}

// TestSlowClientCutOff: a client that sends its upload body slowly (it never stops sending, so no idle
// timeout applies) is cut off once the read timeout is over, not served for as long as it keeps sending.
func TestSlowClientCutOff(t *testing.T) {
	t.Parallel()
	_, addr, _ := slowServer(t)
	stop := make(chan struct{})
	defer close(stop)
	start := time.Now()
	answer := dripUpload(t, addr, stop)
	select {
	case line := <-answer:
		if took := time.Since(start); took < 700*time.Millisecond {
			t.Fatalf("cut off after %v, before the read timeout", took)
		}
		if line != "" && !strings.Contains(line, " 400 ") && !strings.Contains(line, " 408 ") {
			t.Errorf("a cut-off upload should be answered 400/408 or closed, got %q", line)
		}
	case <-time.After(20 * time.Second): // 25× the timeout: slow machines included
		t.Fatal("a client dripping its body was not cut off")
	}
}

// TestShutdownNotBlockedBySlowClient: shutting down while a slow upload is in progress returns once the
// read timeout has cut it off, not after the client decides to finish.
func TestShutdownNotBlockedBySlowClient(t *testing.T) {
	t.Parallel()
	hs, addr, served := slowServer(t)
	stop := make(chan struct{})
	defer close(stop)
	answer := dripUpload(t, addr, stop)
	time.Sleep(200 * time.Millisecond) // the upload is being read
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := time.Now()
	if err := hs.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown blocked by a slow client: %v after %v", err, time.Since(start))
	}
	if err := <-served; err != http.ErrServerClosed {
		t.Fatalf("serve: %v", err)
	}
	select {
	case <-answer:
	case <-time.After(5 * time.Second):
		t.Fatal("the slow client's connection is still open after shutdown")
	}
}
