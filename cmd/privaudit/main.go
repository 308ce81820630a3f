// Command privaudit audits a website for privacy compliance.
//
// It only wires the command line to the packages that do the work and maps
// their errors to exit codes (see exitcodes.go).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newRootCommand().ExecuteContext(ctx)
	stop()
	os.Exit(exitCode(err))
}

// exitCode prints err (one line on stderr) and returns the exit code for it.
func exitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil {
			fmt.Fprintln(os.Stderr, "privaudit: "+oneLine(ee.Err.Error()))
		}
		return ee.Code
	}
	// Errors from cobra itself (unknown flag or command, bad flag value).
	fmt.Fprintln(os.Stderr, "privaudit: "+oneLine(err.Error()))
	return ExitUsage
}
