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
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"nianbao/web"
)

// shutdownTimeout bounds the wait for running requests when the server stops: longer than the server's
// read timeout (web.DefaultReadTimeout), so that a slow upload is cut off by that first.
const shutdownTimeout = 4 * time.Minute

func init() {
	register(func() *cli.Command {
		return &cli.Command{
			Name:      "serve",
			Usage:     "在本机打开网页：上传名单和各单位交回的文件，查看报送情况，下载退回件和汇总表",
			UsageText: "nianbao serve [--addr 127.0.0.1:8080] [--data 文件夹] [--open]",
			Description: `数据（数据库和收到的原文件）保存在 --data 文件夹中，重新启动后一切都在。
默认只允许本机访问；--addr 为其他地址时，每个请求都要带启动时显示的访问令牌。
其他系统可以调用网页的接口（见 README“本地网页 serve”一节），请求头带 Authorization: Bearer <访问令牌>。
按 Ctrl-C 停止：会等进行中的上传处理完再退出。`,
			Flags: append([]cli.Flag{
				&cli.StringFlag{Name: "addr", Value: defaultAddr, Usage: "监听地址（主机:端口）"},
				&cli.StringFlag{Name: "data", Value: "nianbao-data", Usage: "数据文件夹"},
				&cli.BoolFlag{Name: "open", Usage: "启动后用默认浏览器打开网页"},
			}, pageFlags()...),
			Action: func(c *cli.Context) error {
				return runServe(c, serveConfig{addr: c.String("addr"), data: c.String("data"), open: c.Bool("open")})
			},
		}
	})
}

// pageFlags are the flags of the page shared by serve and start: token, upload limits, reading limits.
func pageFlags() []cli.Flag {
	return append([]cli.Flag{
		&cli.StringFlag{Name: "token", Usage: "访问令牌（默认每次启动随机生成）"},
		&cli.Int64Flag{Name: "max-upload-mb", Value: web.DefaultMaxUploadBytes >> 20, Usage: "一次上传的总大小上限（MB，含压缩包解压后）"},
		&cli.IntFlag{Name: "max-upload-files", Value: web.DefaultMaxFiles, Usage: "一次上传的文件数上限（含压缩包内的文件）"},
	}, limitFlags()...)
}

// defaultAddr is where the page listens unless --addr says otherwise.
const defaultAddr = "127.0.0.1:8080"

// serveConfig is what serve and start (a double-click) run.
type serveConfig struct {
	addr, data string
	open       bool
	// clerk marks a double-click start: Chinese lines for a clerk, and another port when 8080 is taken.
	clerk bool
}

func runServe(c *cli.Context, cfg serveConfig) error {
	if r, ok := findRunning(cfg.data); ok {
		return announceRunning(c, cfg, r)
	}
	out := c.App.Writer
	if _, port, err := net.SplitHostPort(cfg.addr); err != nil || !validPort(port) {
		return fail("监听地址“%s”不对：应为 主机:端口，例如 127.0.0.1:8080", cfg.addr)
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil && cfg.clerk {
		// Port 8080 is taken by another program: any free port will do for a clerk.
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		return fail("无法在 %s 上启动网页：端口可能已被占用，可换一个，如 --addr 127.0.0.1:8081", cfg.addr)
	}
	loopback := web.IsLoopback(cfg.addr)
	srv, err := web.New(web.Options{Dir: cfg.data, Loopback: loopback, Token: c.String("token"),
		Limits: limits(c), MaxUploadBytes: c.Int64("max-upload-mb") << 20, MaxFiles: c.Int("max-upload-files"),
		Tool: toolName()})
	if err != nil {
		ln.Close()
		return fail("无法打开数据文件夹 %s：%v", cfg.data, err)
	}
	defer srv.Close()
	// A client must send its headers within 10 s and its whole request, an upload included, within 3
	// minutes (web.Default…Timeout): a slow or stalled client cannot hold a connection, nor delay
	// shutdown, for longer.
	hs := srv.HTTPServer()
	url := "http://" + ln.Addr().String() + "/"
	unmark := markRunning(cfg.data, running{URL: url, Token: srv.Token(), PID: os.Getpid()})
	defer unmark()
	data := cfg.data
	if abs, err := filepath.Abs(data); err == nil {
		data = abs
	}
	switch {
	case cfg.clerk:
		fmt.Fprintf(out, "网页已启动：%s\n请在浏览器中使用（如果没有自动打开，请把上面的网址复制到浏览器）。\n", url)
		fmt.Fprintf(out, "数据文件夹：%s（名单、收到的文件和校验结果都保存在这里，重新启动后一切都在）\n%s\n", data, stopHint)
	case loopback:
		fmt.Fprintf(out, "网页已启动：%s\n仅本机可以访问。数据文件夹：%s\n", url, data)
	default:
		url += "?token=" + srv.Token()
		fmt.Fprintf(out, "网页已启动：%s\n其他电脑访问时请使用上面的完整网址（含访问令牌）。数据文件夹：%s\n", url, data)
	}
	if !cfg.clerk {
		fmt.Fprintf(out, "访问令牌（其他系统调用接口时使用）：%s\n按 Ctrl-C 停止。\n", srv.Token())
	}
	if cfg.open {
		if err := openBrowser(url); err != nil {
			fmt.Fprintln(c.App.ErrWriter, "无法自动打开浏览器，请手动打开上面的网址。")
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

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n >= 0 && n <= 65535
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
