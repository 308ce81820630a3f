package store

import (
	"path/filepath"
	"syscall"
)

// readOnlyFS reports whether the file p is on a file system mounted
// read-only.
func readOnlyFS(p string) bool {
	var st syscall.Statfs_t
	if err := syscall.Statfs(filepath.Dir(p), &st); err != nil {
		return false
	}
	const stRdonly = 0x1 // ST_RDONLY
	return st.Flags&stRdonly != 0
}
