package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"nianbao/internal/fsx"
)

// dataFolderName is the data folder of a double-click start, inside the user's documents folder; the
// 使用说明 of the release archives says so.
const dataFolderName = "年报数据"

func init() {
	register(func() *cli.Command {
		return &cli.Command{
			Name:  "start",
			Usage: "双击本程序时的做法：在浏览器中打开本地网页，数据保存在“文档”中的“年报数据”文件夹",
			Description: `与 nianbao serve --open --data 文档/年报数据 相同。已经在运行时，只在浏览器中打开正在运行的网页。
Windows 上双击 nianbao.exe、Linux 桌面上双击 nianbao（没有终端时）都会这样启动。`,
			Flags: pageFlags(),
			Action: func(c *cli.Context) error {
				docs, err := documentsFolder()
				if err != nil {
					return fail("找不到“文档”文件夹：%v；请用 nianbao serve --open --data 文件夹 启动", err)
				}
				return runServe(c, serveConfig{addr: defaultAddr, data: filepath.Join(docs, dataFolderName),
					open: true, clerk: true})
			},
		}
	})
}

// clerkStart is a double-click: `nianbao start`, with the window kept open at the end so that the clerk
// can read what happened.
func clerkStart(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer) int {
	code := Run(ctx, []string{"nianbao", "start"}, stdin, stdout, stderr)
	holdWindow(stdin, stdout, code != exitOK)
	return code
}

// runningFile, in the data folder, names the address of the page serving it while it runs, so that a second
// start opens the running page instead of failing on the busy port or opening the database twice.
const runningFile = "nianbao-running.json"

type running struct {
	URL   string `json:"url"`
	Token string `json:"token"`
	PID   int    `json:"pid"`
}

// findRunning returns the page already serving the data folder, if one answers there.
func findRunning(dir string) (running, bool) {
	var r running
	b, err := os.ReadFile(filepath.Join(dir, runningFile))
	if err != nil || json.Unmarshal(b, &r) != nil || r.URL == "" {
		return r, false
	}
	req, err := http.NewRequest("GET", r.URL+"api/years", nil)
	if err != nil {
		return r, false
	}
	req.Header.Set("Authorization", "Bearer "+r.Token)
	resp, err := (&http.Client{Timeout: 3 * time.Second}).Do(req)
	if err != nil {
		return r, false
	}
	defer resp.Body.Close()
	var years struct {
		Years []int `json:"years"`
	}
	return r, resp.StatusCode == http.StatusOK && json.NewDecoder(resp.Body).Decode(&years) == nil
}

// markRunning writes the running file and returns a function that removes it, unless another start has
// replaced it since.
func markRunning(dir string, r running) func() {
	b, _ := json.Marshal(r)
	path := filepath.Join(dir, runningFile)
	if fsx.WriteAtomic(path, b) != nil {
		return func() {}
	}
	return func() {
		var now running
		if b, err := os.ReadFile(path); err == nil && json.Unmarshal(b, &now) == nil && now.PID == r.PID {
			os.Remove(path)
		}
	}
}

// announceRunning tells the clerk that the page runs already and opens it.
func announceRunning(c *cli.Context, cfg serveConfig, r running) error {
	out := c.App.Writer
	fmt.Fprintf(out, "年报网页已经在运行：%s\n数据文件夹：%s\n", r.URL, cfg.data)
	if cfg.open {
		if err := openBrowser(r.URL); err != nil {
			fmt.Fprintln(out, "无法自动打开浏览器，请手动打开上面的网址。")
		} else {
			fmt.Fprintln(out, "已在浏览器中打开。")
		}
	}
	return nil
}
