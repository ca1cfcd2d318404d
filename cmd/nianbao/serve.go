package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"nianbao/web"
)

// readTimeout bounds reading one request, upload included (the largest upload over a slow network);
// shutdownTimeout bounds the wait for running requests when the server stops.
const (
	readTimeout     = 3 * time.Minute
	shutdownTimeout = 4 * time.Minute
)

func init() {
	commands = append(commands, &cli.Command{
		Name:      "serve",
		Usage:     "在本机打开网页：上传名单和各单位交回的文件，查看报送情况，下载退回件和汇总表",
		UsageText: "nianbao serve [--addr 127.0.0.1:8080] [--data 文件夹] [--open]",
		Description: `数据（数据库和收到的原文件）保存在 --data 文件夹中，重新启动后一切都在。
默认只允许本机访问；--addr 为其他地址时，每个请求都要带启动时显示的访问令牌。
其他系统可以调用网页的接口（见 README“本地网页 serve”一节），请求头带 Authorization: Bearer <访问令牌>。
按 Ctrl-C 停止：会等进行中的上传处理完再退出。`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", Usage: "监听地址（主机:端口）"},
			&cli.StringFlag{Name: "data", Value: "nianbao-data", Usage: "数据文件夹"},
			&cli.BoolFlag{Name: "open", Usage: "启动后用默认浏览器打开网页"},
			&cli.StringFlag{Name: "token", Usage: "访问令牌（默认每次启动随机生成）"},
			&cli.Int64Flag{Name: "max-upload-mb", Value: web.DefaultMaxUploadBytes >> 20, Usage: "一次上传的总大小上限（MB，含压缩包解压后）"},
			&cli.IntFlag{Name: "max-upload-files", Value: web.DefaultMaxFiles, Usage: "一次上传的文件数上限（含压缩包内的文件）"},
		}, limitFlags()...),
		Action: runServe,
	})
}

func runServe(c *cli.Context) error {
	addr := c.String("addr")
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fail("无法在 %s 上启动网页：%v（端口可能已被占用，可换一个，如 --addr 127.0.0.1:8081）", addr, err)
	}
	loopback := web.IsLoopback(addr)
	srv, err := web.New(web.Options{Dir: c.String("data"), Loopback: loopback, Token: c.String("token"),
		Limits: limits(c), MaxUploadBytes: c.Int64("max-upload-mb") << 20, MaxFiles: c.Int("max-upload-files"),
		Tool: toolName()})
	if err != nil {
		ln.Close()
		return fail("%v", err)
	}
	defer srv.Close()
	// A client must send its headers within 10 s and its whole request, an upload included, within
	// readTimeout: a slow or stalled client cannot hold a connection, nor delay shutdown, for longer.
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: readTimeout,
		IdleTimeout: 2 * time.Minute}
	url := "http://" + ln.Addr().String() + "/"
	out := c.App.Writer
	if loopback {
		fmt.Fprintf(out, "网页已启动：%s\n仅本机可以访问。数据文件夹：%s\n", url, c.String("data"))
	} else {
		url += "?token=" + srv.Token()
		fmt.Fprintf(out, "网页已启动：%s\n其他电脑访问时请使用上面的完整网址（含访问令牌）。数据文件夹：%s\n", url, c.String("data"))
	}
	fmt.Fprintf(out, "访问令牌（其他系统调用接口时使用）：%s\n按 Ctrl-C 停止。\n", srv.Token())
	if c.Bool("open") {
		if err := openBrowser(url); err != nil {
			fmt.Fprintf(c.App.ErrWriter, "无法自动打开浏览器（%v），请手动打开上面的网址。\n", err)
		}
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		return fail("网页服务意外停止：%v", err)
	case <-ctx.Done():
	}
	fmt.Fprintln(out, "正在停止：等待进行中的上传处理完毕……")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		hs.Close()
		return fail("停止时仍有请求在 %v 内未完成，已强制断开", shutdownTimeout)
	}
	fmt.Fprintln(out, "已停止。")
	return nil
}

// openBrowser opens a URL in the default browser of the system.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}
