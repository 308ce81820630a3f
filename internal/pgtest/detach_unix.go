//go:build unix

package pgtest

import (
	"os/exec"
	"syscall"
)

// setDetached puts cmd in a process group of its own, so that a signal to
// the test process's group (Ctrl-C) does not end the watchdog before it
// cleans up.
func setDetached(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}
