package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// chromiumChildren returns the processes under pid whose command names
// Chromium.
func chromiumChildren(pid int) []int {
	parent := map[int]int{}
	cmdline := map[int]string{}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		p, err := strconv.Atoi(filepath.Base(d))
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join(d, "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		s := string(stat)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		fields := strings.Fields(s[i+1:])
		if len(fields) < 2 {
			continue
		}
		pp, _ := strconv.Atoi(fields[1])
		parent[p] = pp
		cl, _ := os.ReadFile(filepath.Join(d, "cmdline"))
		cmdline[p] = string(cl)
	}
	var out []int
	for p := range parent {
		for q := parent[p]; q > 1; q = parent[q] {
			if q == pid {
				if strings.Contains(cmdline[p], "chrom") {
					out = append(out, p)
				}
				break
			}
		}
	}
	return out
}

// alive reports whether a process exists (and is not a zombie).
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || !strings.HasPrefix(strings.TrimSpace(s[i+1:]), "Z")
}

// procInfo returns a process's parent and command line (arguments
// separated by spaces), or zero values when it is gone.
func procInfo(pid int) (ppid int, cmdline string) {
	d := "/proc/" + strconv.Itoa(pid)
	stat, err := os.ReadFile(d + "/stat")
	if err != nil {
		return 0, ""
	}
	s := string(stat)
	if i := strings.LastIndexByte(s, ')'); i >= 0 {
		if fields := strings.Fields(s[i+1:]); len(fields) >= 2 {
			ppid, _ = strconv.Atoi(fields[1])
		}
	}
	cl, _ := os.ReadFile(d + "/cmdline")
	return ppid, strings.ReplaceAll(string(cl), "\x00", " ")
}
