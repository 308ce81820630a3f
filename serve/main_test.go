package serve_test

import (
	"os"
	"testing"
)

// mkdirTemp makes a directory for a store shared by the tests; TestMain
// removes it.
func mkdirTemp() (string, error) {
	dir, err := os.MkdirTemp("", "privaudit-serve-test-")
	if err == nil {
		dirs = append(dirs, dir)
	}
	return dir, err
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range []*fixture{small, big} {
		if f != nil {
			f.st.Close()
		}
	}
	for _, d := range dirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}
