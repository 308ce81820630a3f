package browser

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"time"
)

// sysProcAttr puts Chromium in a process group of its own, which its
// helper processes join, and has the kernel kill it if privaudit dies.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// killGroup kills Chromium's process group: Chromium and its helpers.
func killGroup(p *os.Process) {
	_ = syscall.Kill(-p.Pid, syscall.SIGKILL)
	_ = p.Kill()
}

// killLeftovers kills the processes that still run with the profile
// directory dir (a helper that left the group, or forked as its parent
// died; crashpad, which starts a session of its own), looking again until
// none has been found for a few passes.
func killLeftovers(dir string) error {
	deadline := time.Now().Add(killWait)
	for quiet := 0; quiet < 3; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			return fmt.Errorf("chromium processes of %s still running", dir)
		}
		if len(profilePIDs(dir, true)) == 0 {
			quiet++
		} else {
			quiet = 0
		}
	}
	return nil
}

// profilePIDs returns the processes whose command line names the profile
// directory dir or a path in it, killing them when kill is set. Chromium's
// helpers rewrite their command line (one string, arguments separated by
// spaces), so the path is looked for as a word or a word's start.
func profilePIDs(dir string, kill bool) []int {
	want := []byte(dir)
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		cmdline, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err != nil || !hasWord(cmdline, want) {
			continue
		}
		pids = append(pids, pid)
		if kill {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
	return pids
}

// hasWord reports whether s holds the path w, followed by the end, a NUL,
// a space or a slash.
func hasWord(s, w []byte) bool {
	for {
		i := bytes.Index(s, w)
		if i < 0 {
			return false
		}
		s = s[i+len(w):]
		if len(s) == 0 || s[0] == 0 || s[0] == ' ' || s[0] == '/' {
			return true
		}
	}
}
