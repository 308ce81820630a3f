package cli

import (
	"fmt"
	"os"
	"testing"
)

// TestMain gives the tests an empty data cache: what update-db downloaded
// on this machine must not change what they see.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "privaudit-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Setenv("PRIVAUDIT_CACHE", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
