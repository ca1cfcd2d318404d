package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"nianbao/batch"
)

// Exit codes, decided here only.
const (
	exitOK       = 0 // no file has errors
	exitFindings = 1 // some file has errors or could not be read
	exitFailed   = 2 // the command itself could not run
)

// errFindings is returned by a command whose inputs have errors: the output was written, the exit code is 1.
var errFindings = errors.New("findings")

// makers build every subcommand afresh; each registers itself from its own file. Every run gets commands
// of its own: the cli package writes into a command and its flags while it parses and runs them, and tests
// run the program in parallel.
var makers []func() *cli.Command

// commands holds one built copy of every subcommand, for looking up names, flags and help; it is never run.
var commands []*cli.Command

// register adds a subcommand.
func register(build func() *cli.Command) {
	makers = append(makers, build)
	commands = append(commands, build())
}

// freshCommands builds the commands for one run, with our own help and usage errors.
func freshCommands() []*cli.Command {
	cs := make([]*cli.Command, len(makers))
	for i, m := range makers {
		c := m()
		c.HideHelp, c.HideHelpCommand = true, true
		c.OnUsageError = usageError
		cs[i] = c
	}
	return cs
}

// Run runs the program with the given arguments and streams, and returns the exit code. Tests call it to
// run the whole program. Without arguments it prints the help, or, when no terminal is attached (a
// double-click), starts the local web page (see start.go).
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) <= 1 && detached(stdin, stdout) {
		return clerkStart(ctx, stdin, stdout, stderr)
	}
	l, err := normalise(args)
	if err != nil {
		report(stderr, err, false)
		return exitFailed
	}
	switch {
	case l.version:
		printVersion(stdout)
		return exitOK
	case l.help && l.cmd != nil:
		commandHelp(stdout, l.cmd)
		return exitOK
	case l.cmd == nil:
		appHelp(stdout)
		return exitOK
	}
	app := &cli.App{
		Name:      "nianbao",
		Usage:     "政府信息公开工作年度报告：模板、校验、汇总",
		Reader:    stdin,
		Writer:    stdout,
		ErrWriter: stderr,
		Commands:  freshCommands(),
		// Errors are printed once, below, not by the cli package.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError:   usageError,
		HideVersion:    true,
		HideHelp:       true,
	}
	err = app.RunContext(ctx, l.args)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errFindings):
		return exitFindings
	}
	report(stderr, err, l.verbose)
	return exitFailed
}

// report prints an error for the clerk: "错误：" and a Chinese sentence, then with --verbose the technical
// cause.
func report(w io.Writer, err error, verbose bool) {
	fmt.Fprintln(w, "错误："+describe(err)) // describe escapes what came from files (batch.Escape)
	var ue userError
	if verbose && errors.As(err, &ue) && ue.cause != nil {
		fmt.Fprintln(w, "技术原因："+batch.Escape(ue.cause.Error()))
	} else if verbose && !errors.As(err, &ue) {
		fmt.Fprintln(w, "技术原因："+batch.Escape(err.Error()))
	}
}

// usageError replaces the cli package's own usage errors, which normalise should have caught first.
func usageError(c *cli.Context, err error, _ bool) error {
	name := "nianbao"
	if c.Command != nil && c.Command.Name != "" {
		name += " " + c.Command.Name
	}
	msg := strings.TrimSpace(err.Error())
	if !hasHan(msg) {
		msg = "选项写得不对"
	}
	return userError{msg: fmt.Sprintf("%s。用法见：%s --help", msg, name), cause: err}
}
