package main

import (
	"strconv"
	"strings"
)

// Exit codes (documented in the README).
const (
	// ExitOK means the audit ran and passed the gate.
	ExitOK = 0
	// ExitGate means the gate failed: a finding at or above --fail-on, the score under --fail-under, or a check under its minimum score.
	ExitGate = 1
	// ExitUsage means a usage or configuration error.
	ExitUsage = 2
	// ExitSite means the site could not be audited.
	ExitSite = 3
	// ExitTimeout means --max-time ran out (the report covers what was fetched).
	ExitTimeout = 4
	// ExitInterrupted means the audit was interrupted (SIGINT or SIGTERM); the
	// report covers what was done by then (128 + SIGINT, as shells do).
	ExitInterrupted = 130
)

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

func usageError(err error) error { return &ExitError{Code: ExitUsage, Err: err} }

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
