//go:build !unix

package pgtest

import "os/exec"

// setDetached does nothing where there are no process groups.
func setDetached(*exec.Cmd) {}
