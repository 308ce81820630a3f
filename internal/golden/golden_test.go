package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, format)
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "x.txt")
	Check(t, path, []byte("hello world"), true, "make golden")
	rec := &recorder{TB: t}
	Check(rec, path, []byte("hello world"), false, "make golden")
	if len(rec.errors) != 0 {
		t.Fatalf("same content: %v", rec.errors)
	}
	Check(rec, path, []byte("hello there"), false, "make golden")
	if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], "differs") {
		t.Fatalf("different content: %v", rec.errors)
	}
	if b, err := os.ReadFile(path + ".got"); err != nil || string(b) != "hello there" {
		t.Errorf(".got file: %q, %v", b, err)
	}
	if d := FirstDiff([]byte("abcdef"), []byte("abcxef")); !strings.HasPrefix(d, "abcdef") {
		t.Errorf("FirstDiff = %q", d)
	}
}
