// Package golden compares test output with golden files, or rewrites them
// when a test runs with -update. Every per-format golden test of the
// project uses it.
package golden

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Check compares got with the golden file at path; with update it rewrites
// the file instead. On a difference it writes got beside the golden file
// (path + ".got", to diff) and says how to accept the change (hint, e.g.
// "make golden").
func Check(t testing.TB, path string, got []byte, update bool, hint string) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file missing (run %s to create it): %v", hint, err)
	}
	if bytes.Equal(got, want) {
		_ = os.Remove(path + ".got")
		return
	}
	gotPath := path + ".got"
	_ = os.WriteFile(gotPath, got, 0o644)
	t.Errorf("%s differs from the golden file (%d bytes, want %d); first difference near %q\ncompare with %s; run %s if the change is intended",
		path, len(got), len(want), FirstDiff(got, want), gotPath, hint)
}

// FirstDiff returns the text of a around the first byte where a and b
// differ.
func FirstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo, hi := max(0, i-40), min(len(a), i+40)
	return string(a[lo:hi])
}
