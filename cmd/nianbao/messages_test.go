package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// What must never reach a clerk: Go package prefixes, temporary file names, English sentences (three
// English words in a row), and the cli package's own texts.
var (
	goPrefixSeen = regexp.MustCompile(`\b(?:batch|fsx|xlsx|read|summary|collect|model|web|extract|locate|templates|checks|open|stat|rename|write|mkdir)\b: `)
	tempSeen     = regexp.MustCompile(`\.tmp\b|nianbao-probe`)
	englishSeen  = regexp.MustCompile(`[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}`)
	cliSeen      = regexp.MustCompile(`Incorrect Usage|show help|\(default:|Required flag|command options|GLOBAL OPTIONS|USAGE:|\d+m\d+s`)
)

func clerkReadable(t *testing.T, what, s string) {
	t.Helper()
	for _, re := range []*regexp.Regexp{goPrefixSeen, tempSeen, englishSeen, cliSeen} {
		if m := re.FindString(s); m != "" {
			t.Errorf("%s shows %q to a clerk:\n%s", what, m, s)
		}
	}
}

// TestClerkMessages walks the errors a new user meets first (issue 14) and asserts the exact Chinese
// message and exit code of each.
func TestClerkMessages(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	dir := t.TempDir()
	in := filepath.Join(dir, "收到 2024")
	require.NoError(t, os.Mkdir(in, 0o755))
	returned(t, in, "甲局", 0)
	roster := filepath.Join(dir, "名单.csv")
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("单位代码,单位名称,上级单位代码\r\nA1,甲局,\r\n"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(roster, gbk, 0o644))
	existing := filepath.Join(dir, "已有.xlsx")
	require.NoError(t, os.WriteFile(existing, []byte("x"), 0o644))
	aFile := filepath.Join(dir, "文件")
	require.NoError(t, os.WriteFile(aFile, nil, 0o644))
	y := defaultYear()

	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"folder missing", []string{"check", "收到/"}, 2,
			"找不到文件夹“收到”（当前文件夹：" + wd + "）。请检查名称，或写出完整路径"},
		{"file missing", []string{"check", "乙局.xlsx"}, 2,
			"找不到文件“乙局.xlsx”（当前文件夹：" + wd + "）。请检查名称，或写出完整路径"},
		{"absolute folder missing", []string{"check", filepath.Join(dir, "没有") + "/"}, 2,
			"找不到文件夹“" + filepath.Join(dir, "没有") + "”"},
		{"required flag", []string{"summary", "--year", "2024", "-o", filepath.Join(dir, "汇总.xlsx"), in}, 2,
			"缺少必填的选项 --roster：单位名单（.xlsx，或 Excel/WPS 另存的 .csv）。例如：--roster 名单.xlsx。用法见：nianbao summary --help"},
		{"required flags", []string{"summary", in}, 2,
			"缺少 3 个必填的选项：\n  --roster 名单文件：单位名单（.xlsx，或 Excel/WPS 另存的 .csv）\n  --year 年份：报告年度，如 2024\n  -o 文件：汇总表输出文件（.xlsx）\n用法见：nianbao summary --help"},
		{"year with 年", []string{"check", "--year", "2024年", in}, 2,
			fmt.Sprintf("--year 的值“2024年”不对：应为四位数字的年份，例如 --year %d", y)},
		{"year out of range", []string{"check", "--year", "99", in}, 2, "--year 99 不是有效的报告年度"},
		{"integer", []string{"check", "--workers", "四", in}, 2, "--workers 的值“四”不对：应为整数，例如 --workers 4"},
		{"duration", []string{"check", "--timeout", "两分钟", in}, 2,
			"--timeout 的值“两分钟”不对：应为时长，例如 90秒、2分钟、1小时（或 90s、2m、1h）"},
		{"value missing", []string{"check", in, "--year"}, 2, fmt.Sprintf("--year 后面缺少年份，例如：--year %d", y)},
		{"switch with value", []string{"check", "--json=maybe", in}, 2, "--json 不需要值：写 --json 即可"},
		{"unknown flag", []string{"check", "--nosuchflag", in}, 2, "check 没有选项 --nosuchflag。全部选项见：nianbao check --help"},
		{"unknown global flag", []string{"--frob"}, 2, "没有选项 --frob。全部命令和选项见：nianbao --help"},
		{"unknown command", []string{"chek", in}, 2,
			"没有“chek”这个命令。可用的命令：" + commandNames() + "；用法见：nianbao --help"},
		{"folder as command", []string{in}, 2, "“" + in + "”不是命令。要校验其中的文件，请用：nianbao check " + in},
		{"no input", []string{"check"}, 2, "请指定要校验的文件或文件夹，例如：nianbao check 收到/"},
		{"output exists", []string{"roster", "-o", existing}, 2, "文件 " + existing + " 已存在；如需覆盖请加 --force"},
		{"output folder is a file", []string{"summary", "--roster", roster, "--year", "2024", "-o", filepath.Join(aFile, "汇总.xlsx"), in}, 2,
			"“" + aFile + "”是一个文件，不是文件夹；请换一个输出位置"},
		{"output not .xlsx", []string{"summary", "--roster", roster, "--year", "2024", "-o", filepath.Join(dir, "汇总.xls"), in}, 2,
			"输出文件 " + filepath.Join(dir, "汇总.xls") + " 应以 .xlsx 结尾"},
		{"roster missing", []string{"summary", "--roster", "名单.xlsx", "--year", "2024", "-o", filepath.Join(dir, "汇总.xlsx"), in}, 2,
			"找不到文件“名单.xlsx”（当前文件夹：" + wd + "）。请检查名称，或写出完整路径"},
		{"previous missing", []string{"check", "--previous", "2023年/", in}, 2,
			"找不到文件夹“2023年”（当前文件夹：" + wd + "）。请检查名称，或写出完整路径"},
		{"bad address", []string{"serve", "--addr", "本机"}, 2, "监听地址“本机”不对：应为 主机:端口，例如 127.0.0.1:8080"},
		{"annotate into a file", []string{"check", "--annotate", aFile, in}, 2, "“" + aFile + "”是一个文件，不是文件夹；请换一个输出位置"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, tt.args...)
			assert.Equal(t, tt.code, code, errs)
			assert.Equal(t, "错误："+tt.want+"\n", errs)
			assert.Empty(t, out, "nothing on stdout when the command cannot run")
			clerkReadable(t, tt.name, errs)
		})
	}
}

func TestVerboseCause(t *testing.T) {
	code, _, errs := run(t, "check", "--verbose", "收到/")
	assert.Equal(t, 2, code)
	wd, _ := os.Getwd()
	assert.Equal(t, "错误：找不到文件夹“收到”（当前文件夹："+wd+"）。请检查名称，或写出完整路径\n"+
		"技术原因：stat 收到/: no such file or directory\n", errs)
}

func TestNoWorkbooks(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "说明.docx"), []byte("x"), 0o644)
	code, _, errs := run(t, "check", dir)
	assert.Equal(t, 0, code)
	assert.Equal(t, "提示：没有找到要校验的工作簿（.et .ods .xls .xlsb .xlsm .xlsx），跳过了 1 个其他文件。\n", errs)
}

// TestFlagsAfterArguments: `check 收到/ --year 2024` means what it says, and a folder with a space and
// Chinese characters works; output folders that do not exist are created before the work starts.
func TestFlagsAfterArguments(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "收到 2024")
	require.NoError(t, os.Mkdir(in, 0o755))
	returned(t, in, "甲局", 0)
	code, out, errs := run(t, "check", in+"/", "--year", "2024", "--quiet")
	assert.Equal(t, 0, code, errs)
	assert.Contains(t, out, "【通过】")
	code, _, errs = run(t, "check", in, "--year", "2023")
	assert.Equal(t, 1, code, "the year after the folder is applied: %s", errs)

	roster := filepath.Join(dir, "名单.csv")
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("单位代码,单位名称,上级单位代码\r\nA1,甲局,\r\n"))
	require.NoError(t, os.WriteFile(roster, gbk, 0o644))
	target := filepath.Join(dir, "新 文件夹", "二级", "汇总.xlsx")
	code, out, errs = run(t, "summary", in, "--roster", roster, "--year", "2024", "-o", target)
	assert.Equal(t, 0, code, errs)
	assert.Contains(t, out, "应报 1，已报 1（通过 1")
	assert.FileExists(t, target)
	clerkReadable(t, "summary", out+errs)
}

// TestHelpIsChinese: the program's and every command's help is Chinese, with Chinese defaults.
func TestHelpIsChinese(t *testing.T) {
	code, out, _ := run(t)
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "每个命令的用法：nianbao 命令 --help")
	clerkReadable(t, "help", out)
	for _, c := range commands {
		for _, args := range [][]string{{c.Name, "--help"}, {"help", c.Name}, {c.Name, "-h"}} {
			code, out, errs := run(t, args...)
			assert.Equal(t, 0, code, errs)
			assert.True(t, strings.HasPrefix(out, "nianbao "+c.Name+"："), out)
			assert.Contains(t, out, "-h, --help")
			clerkReadable(t, strings.Join(args, " "), out)
		}
	}
	_, out, _ = run(t, "check", "--help")
	assert.Contains(t, out, "--timeout 时长           单个文件处理时间上限（默认 2 分钟）")
	_, out, _ = run(t, "summary", "--help")
	assert.Contains(t, out, "--year 年份              报告年度，如 2024（必填）")
	code, out, _ = run(t, "--version")
	assert.Equal(t, 0, code)
	assert.Regexp(t, `^nianbao 版本 \S+.*（linux|windows|darwin|[a-z0-9]+/`, out)
}

func TestChineseDurations(t *testing.T) {
	for in, want := range map[string]string{"90秒": "1m30s", "2分钟": "2m0s", "1小时": "1h0m0s", "２分": "2m0s", "45s": "45s"} {
		d, ok := parseDuration(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, d.String(), in)
	}
	assert.Equal(t, "2 分钟", durationText(2*60e9))
	assert.Equal(t, "1 小时 30 分钟", durationText(90*60e9))
	assert.Equal(t, "1.5 秒", durationText(1.5e9))
}

// TestDescribe: errors from the packages below are described without their Go prefixes and temp names.
func TestDescribe(t *testing.T) {
	dir := t.TempDir()
	tmp := filepath.Join(dir, "没有", ".汇总.xlsx.1187329636.tmp")
	err := fmt.Errorf("fsx: write 汇总.xlsx: %w", &fs.PathError{Op: "open", Path: tmp, Err: syscall.ENOENT})
	assert.Equal(t, "文件夹“"+filepath.Join(dir, "没有")+"”不存在", describe(err))
	err = fmt.Errorf("batch: %w", &fs.PathError{Op: "stat", Path: "收到", Err: syscall.EACCES})
	assert.Equal(t, "没有权限读写“收到”（请换一个文件夹，或请管理员开放权限）", describe(err))
	err = fmt.Errorf("无法读取名单 名单.csv：%w", &fs.PathError{Op: "open", Path: "名单.csv", Err: syscall.ENOSPC})
	assert.Equal(t, "无法读取名单 名单.csv：磁盘空间不足，请清理磁盘或换一个位置", describe(err))
	assert.Equal(t, "程序内部出错（加 --verbose 可看到技术原因）", describe(errors.New("xlsx: unexpected EOF")))
	assert.Equal(t, "表三 有问题", describe(errors.New("batch: 表三 有问题")))
	ue := fail("无法写入 %s：%v", "汇总.xlsx", err)
	assert.Equal(t, "无法写入 汇总.xlsx：无法读取名单 名单.csv：磁盘空间不足，请清理磁盘或换一个位置", ue.Error())
	assert.ErrorIs(t, ue.(userError).cause, syscall.ENOSPC)
}

// TestWindowsFileInUse: the Windows error codes of a workbook open in Excel or WPS, classified on every
// system (the Windows build uses the same function).
func TestWindowsFileInUse(t *testing.T) {
	rename := &os.LinkError{Op: "rename", Old: "a.tmp", New: "汇总.xlsx", Err: syscall.Errno(5)}
	assert.True(t, windowsFileInUse(rename, true), "access denied replacing an open workbook")
	assert.False(t, windowsFileInUse(&fs.PathError{Op: "open", Path: "x", Err: syscall.Errno(5)}, false),
		"access denied opening a file is a permission problem")
	assert.True(t, windowsFileInUse(&fs.PathError{Op: "open", Path: "x", Err: syscall.Errno(32)}, false))
	assert.True(t, windowsFileInUse(fmt.Errorf("fsx: %w", &fs.PathError{Op: "write", Path: "x", Err: syscall.Errno(33)}), false))
	assert.False(t, windowsFileInUse(&fs.PathError{Op: "open", Path: "x", Err: syscall.Errno(2)}, false))
	assert.False(t, windowsFileInUse(errors.New("other"), true))
}

// TestFlagTypesKnown: normalise validates the values of these flag types in Chinese; a flag of another type
// would reach the cli package's English parse errors.
func TestFlagTypesKnown(t *testing.T) {
	for _, c := range commands {
		for _, f := range c.Flags {
			switch f.(type) {
			case *cli.BoolFlag, *cli.IntFlag, *cli.Int64Flag, *cli.StringFlag, *cli.DurationFlag:
			default:
				t.Errorf("%s --%s is a %T: add its value check to checkValue", c.Name, f.Names()[0], f)
			}
		}
	}
}
