// Package cli is privaudit's command line: the cobra commands, their flags
// (each also a key of .privaudit.yaml), the wiring to the runner (package
// audit) and the mapping of errors to exit codes. cmd/privaudit only calls
// Run, as trivy's and golangci-lint's mains do.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/privaudit/privaudit/internal/textutil"
)

// Exit codes (documented in the README).
const (
	// ExitOK means the audit ran and passed the gate.
	ExitOK = 0
	// ExitGate means the gate failed: a finding at or above --fail-on, the
	// score under --fail-under, or a check under its minimum score.
	ExitGate = 1
	// ExitUsage means a usage or configuration error.
	ExitUsage = 2
	// ExitSite means the site could not be audited.
	ExitSite = 3
	// ExitTimeout means --max-time ran out (the report covers what was fetched).
	ExitTimeout = 4
	// ExitInterrupted means the audit was interrupted (SIGINT or SIGTERM);
	// the report covers what was done by then (128 + SIGINT, as shells do).
	ExitInterrupted = 130
)

// Run executes the command line args (without the program's name) and
// returns the exit code; errors are printed on stderr as one line.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	// Errors that are not an ExitError come from cobra itself (unknown
	// flag or command, bad flag value): usage errors.
	ee := &ExitError{Code: ExitUsage, Err: err}
	errors.As(err, &ee)
	if ee.Err != nil {
		fmt.Fprintln(stderr, "privaudit: "+textutil.OneLine(ee.Err.Error(), 0))
	}
	return ee.Code
}

// Main is Run for the privaudit binary: it also tunes the garbage
// collector for the audit the command line asks for (see tuneGC), which a
// program or test that calls Run does not want.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	tuneMemory = true
	return Run(ctx, args, stdout, stderr)
}

// ExitError carries an exit code up to main. Err, when set, is printed.
type ExitError struct {
	Code int
	Err  error
}

// Error returns the message of the wrapped error.
func (e *ExitError) Error() string {
	if e.Err == nil {
		return "exit status " + strconv.Itoa(e.Code)
	}
	return e.Err.Error()
}

// Unwrap returns the wrapped error.
func (e *ExitError) Unwrap() error { return e.Err }

// usage makes err a usage error (exit 2); nil stays nil.
func usageError(err error) error {
	if err == nil {
		return nil
	}
	return &ExitError{Code: ExitUsage, Err: err}
}
