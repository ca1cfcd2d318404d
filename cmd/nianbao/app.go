package main

import (
	"context"
	"errors"
	"fmt"
	"io"

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

// userError is an error whose message is a Chinese sentence for the clerk.
type userError struct{ msg string }

func (e userError) Error() string { return e.msg }

// fail returns an error that main prints as it is, in Chinese, with exit code 2.
//
// Text arguments and errors are escaped (batch.Escape): a file name holding a newline or a terminal control
// sequence is shown as one visible line; the format's own line breaks stay.
func fail(format string, args ...any) error {
	for i, a := range args {
		switch x := a.(type) {
		case string:
			args[i] = batch.Escape(x)
		case error:
			args[i] = batch.Escape(x.Error())
		}
	}
	return userError{fmt.Sprintf(format, args...)}
}

// commands lists every subcommand; each lives in its own file.
var commands []*cli.Command

// Run runs the program with the given arguments and streams, and returns the exit code. Tests call it to
// run the whole program.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := &cli.App{
		Name:      "nianbao",
		Usage:     "政府信息公开工作年度报告：模板、校验、汇总",
		Reader:    stdin,
		Writer:    stdout,
		ErrWriter: stderr,
		Commands:  commands,
		// Errors are printed once, below, not by the cli package.
		ExitErrHandler: func(*cli.Context, error) {},
		HideVersion:    true,
	}
	err := app.RunContext(ctx, args)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errFindings):
		return exitFindings
	}
	var ue userError
	if errors.As(err, &ue) {
		fmt.Fprintln(stderr, "错误："+ue.msg)
	} else {
		fmt.Fprintln(stderr, "错误：", batch.Escape(err.Error()))
	}
	return exitFailed
}
