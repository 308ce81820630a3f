//go:build !linux

package browser

import (
	"os"
	"syscall"
)

// sysProcAttr is Linux's only.
func sysProcAttr() *syscall.SysProcAttr { return nil }

// killGroup kills Chromium, whose helpers exit with it.
func killGroup(p *os.Process) { _ = p.Kill() }

// killLeftovers has no process table to read outside Linux.
func killLeftovers(string) error { return nil }

// profilePIDs has no process table to read outside Linux.
func profilePIDs(string, bool) []int { return nil }
