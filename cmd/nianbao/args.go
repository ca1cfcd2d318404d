package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
)

// line is a command line as normalise understood it.
type line struct {
	// args is what the cli package parses: program, command, every flag as --name=value, then the arguments.
	args    []string
	cmd     *cli.Command // nil without a command
	help    bool         // -h, --help or `help [命令]`: print the help of cmd, or of the program
	version bool         // --version
	verbose bool         // --verbose: error messages add their technical cause
}

// normalise reads the command line before the cli package does, so that a clerk never meets its English:
// flags may come after the arguments (`check 收到/ --year 2024`, which Go's flag package would take for a
// file named "--year"), and an unknown flag, a missing or malformed value or a missing required flag is
// reported as a Chinese sentence naming the flag and an example. The command's flags are moved in front of
// its arguments; "--" ends the flags as usual.
func normalise(args []string) (line, error) {
	var l line
	rest := args[1:]
	for len(rest) > 0 && strings.HasPrefix(rest[0], "-") {
		switch rest[0] {
		case "-h", "--help", "-help":
			l.help = true
		case "-v", "--version", "-version":
			l.version = true
		default:
			return l, fail("没有选项 %s。全部命令和选项见：nianbao --help", rest[0])
		}
		rest = rest[1:]
	}
	if len(rest) == 0 {
		return l, nil
	}
	name := rest[0]
	if name == "help" || name == "h" {
		l.help = true
		if len(rest) == 1 {
			return l, nil
		}
		name, rest = rest[1], rest[1:]
	}
	if l.cmd = findCommand(name); l.cmd == nil {
		if _, err := os.Stat(name); err == nil {
			return l, fail("“%s”不是命令。要校验其中的文件，请用：nianbao check %s", name, name)
		}
		return l, fail("没有“%s”这个命令。可用的命令：%s；用法见：nianbao --help", name, commandNames())
	}
	l.args = []string{args[0], l.cmd.Name}
	var positional []string
	given := map[string]bool{}
	rest = rest[1:]
	for i := 0; i < len(rest); i++ {
		tok := rest[i]
		if tok == "--" {
			positional = append(positional, rest[i+1:]...)
			break
		}
		if len(tok) < 2 || tok[0] != '-' {
			positional = append(positional, tok)
			continue
		}
		fname, value, hasValue := strings.Cut(strings.TrimLeft(tok, "-"), "=")
		switch fname {
		case "h", "help":
			l.help = true
			continue
		}
		f := findFlag(l.cmd, fname)
		if f == nil {
			return l, fail("%s 没有选项 %s。全部选项见：nianbao %s --help", l.cmd.Name, flagName(fname), l.cmd.Name)
		}
		canon := f.Names()[0]
		if _, isBool := f.(*cli.BoolFlag); isBool {
			if hasValue {
				b, err := strconv.ParseBool(value)
				if err != nil {
					return l, fail("%s 不需要值：写 %s 即可", flagName(fname), flagName(fname))
				}
				value = strconv.FormatBool(b)
			} else {
				value = "true"
			}
		} else {
			if !hasValue {
				if i+1 >= len(rest) {
					return l, fail("%s 后面缺少%s，例如：%s", flagName(fname), placeholder(f), example(f))
				}
				i++
				value = rest[i]
			}
			v, err := checkValue(f, value)
			if err != nil {
				return l, fail("%s 的值“%s”不对：%v", flagName(fname), value, err)
			}
			value = v
		}
		given[canon] = true
		if canon == "verbose" {
			l.verbose = value == "true"
		}
		l.args = append(l.args, "--"+canon+"="+value)
	}
	if !l.help {
		if err := checkRequired(l.cmd, given); err != nil {
			return l, err
		}
	}
	if len(positional) > 0 {
		l.args = append(append(l.args, "--"), expandGlobs(positional)...)
	}
	return l, nil
}

// expandGlobs expands wildcards (年报/*.txt) that no shell expanded: cmd.exe and Explorer leave them to the
// program. A pattern that matches nothing, or a path that exists as written, stays as it is.
func expandGlobs(args []string) []string {
	var out []string
	for _, a := range args {
		if strings.ContainsAny(a, "*?[") {
			if _, err := os.Stat(a); err != nil {
				if m, _ := filepath.Glob(a); len(m) > 0 {
					out = append(out, m...)
					continue
				}
			}
		}
		out = append(out, a)
	}
	return out
}

// checkRequired names every required flag of cmd that is missing, with what it is for.
func checkRequired(cmd *cli.Command, given map[string]bool) error {
	var missing []cli.Flag
	for _, f := range cmd.Flags {
		if r, ok := f.(cli.RequiredFlag); ok && r.IsRequired() && !given[f.Names()[0]] {
			missing = append(missing, f)
		}
	}
	switch len(missing) {
	case 0:
		return nil
	case 1:
		f := missing[0]
		return fail("缺少必填的选项 %s：%s。例如：%s。用法见：nianbao %s --help",
			shortName(f), usageOf(f), example(f), cmd.Name)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "缺少 %d 个必填的选项：", len(missing))
	for _, f := range missing {
		fmt.Fprintf(&b, "\n  %s %s：%s", shortName(f), placeholder(f), usageOf(f))
	}
	fmt.Fprintf(&b, "\n用法见：nianbao %s --help", cmd.Name)
	return userError{msg: b.String()}
}

// shortName is the shortest name of a flag, as a clerk types it: -o rather than --output.
func shortName(f cli.Flag) string {
	name := f.Names()[0]
	for _, n := range f.Names() {
		if len(n) < len(name) {
			name = n
		}
	}
	return flagName(name)
}

var fullwidthDigits = strings.NewReplacer("０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5",
	"６", "6", "７", "7", "８", "8", "９", "9")

// checkValue validates the value of a flag that takes one and returns it as the cli package parses it;
// full-width digits are accepted, and durations may be written in Chinese (90秒, 2分钟, 1小时).
func checkValue(f cli.Flag, v string) (string, error) {
	switch f.(type) {
	case *cli.IntFlag, *cli.Int64Flag:
		s := fullwidthDigits.Replace(strings.TrimSpace(v))
		if _, err := strconv.ParseInt(s, 10, 64); err != nil {
			if f.Names()[0] == "year" {
				return "", fmt.Errorf("应为四位数字的年份，例如 --year %d", defaultYear())
			}
			return "", fmt.Errorf("应为整数，例如 %s", example(f))
		}
		return s, nil
	case *cli.DurationFlag:
		if d, ok := parseDuration(v); ok {
			return d.String(), nil
		}
		return "", fmt.Errorf("应为时长，例如 90秒、2分钟、1小时（或 90s、2m、1h）")
	}
	return v, nil
}

var chineseDuration = regexp.MustCompile(`^(\d+(?:\.\d+)?)\s*(秒钟|秒|分钟|分|小时|时)$`)

// parseDuration reads a Go duration ("2m", "90s") or a Chinese one ("2分钟", "90秒", "1小时").
func parseDuration(v string) (time.Duration, bool) {
	v = fullwidthDigits.Replace(strings.TrimSpace(v))
	if d, err := time.ParseDuration(v); err == nil && d >= 0 {
		return d, true
	}
	m := chineseDuration.FindStringSubmatch(v)
	if m == nil {
		return 0, false
	}
	n, _ := strconv.ParseFloat(m[1], 64)
	unit := map[string]time.Duration{"秒钟": time.Second, "秒": time.Second, "分钟": time.Minute, "分": time.Minute,
		"小时": time.Hour, "时": time.Hour}[m[2]]
	return time.Duration(n * float64(unit)), true
}

func findCommand(name string) *cli.Command {
	for _, c := range commands {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

func findFlag(cmd *cli.Command, name string) cli.Flag {
	for _, f := range cmd.Flags {
		for _, n := range f.Names() {
			if n == name {
				return f
			}
		}
	}
	return nil
}

func commandNames() string {
	var names []string
	for _, c := range commands {
		if !c.Hidden {
			names = append(names, c.Name)
		}
	}
	return strings.Join(names, "、")
}

// flagName writes a flag as the clerk types it: -o, --year.
func flagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}
