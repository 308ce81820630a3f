// Command privaudit audits a website for privacy compliance.
//
// It only wires the command line to the packages that do the work and maps
// their errors to exit codes (see exitcodes.go).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first signal asks for a clean stop (the report is written); a
	// second one kills as usual.
	context.AfterFunc(ctx, stop)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line args and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	return exitCode(root.ExecuteContext(ctx), stderr)
}

// exitCode prints err (one line on stderr) and returns the exit code for it.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil {
			fmt.Fprintln(stderr, "privaudit: "+oneLine(ee.Err.Error()))
		}
		return ee.Code
	}
	// Errors from cobra itself (unknown flag or command, bad flag value).
	fmt.Fprintln(stderr, "privaudit: "+oneLine(err.Error()))
	return ExitUsage
}
