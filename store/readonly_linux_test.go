//go:build linux

package store_test

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/privaudit/privaudit/store"
)

// roMountEnv tells the test process that TestOpenReadOnlyOnReadOnlyMount
// started it, in a mount namespace of its own, to read the store in the
// directory it names once it is mounted read-only.
const roMountEnv = "PRIVAUDIT_STORE_TEST_RO_DIR"

// TestOpenReadOnlyOnReadOnlyMount reads a store on a read-only file system,
// where not even root can write: the directory is bind-mounted read-only
// in a mount namespace of a child process (so that nothing outlives it).
func TestOpenReadOnlyOnReadOnlyMount(t *testing.T) {
	if os.Getenv(roMountEnv) != "" {
		t.Skip("in the child process")
	}
	if os.Geteuid() != 0 {
		t.Skip("bind-mounting a directory read-only needs root (TestOpenReadOnlyReadOnlyFiles covers a read-only directory)")
	}
	dir := t.TempDir()
	for _, sub := range []string{"idle", "writing"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
		st, err := store.Open(context.Background(), filepath.Join(dir, sub, "history.db"))
		if err != nil {
			t.Fatal(err)
		}
		save(t, st, "example.org", audit{day: 0, score: 40, findings: []string{"a"}}, audit{day: 1, score: 50, findings: []string{"b"}})
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
	}
	// A write-ahead log without its shared memory: a writer may have
	// committed into it, a store that cannot be read without creating
	// the shared memory.
	if err := os.WriteFile(filepath.Join(dir, "writing", "history.db-wal"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestReadOnlyMountChild$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), roMountEnv+"="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
	out, err := cmd.CombinedOutput()
	t.Logf("child:\n%s", out)
	switch {
	case err != nil && errors.Is(err, syscall.EPERM), strings.Contains(string(out), "--- SKIP: TestReadOnlyMountChild"):
		t.Skip("cannot bind-mount read-only here")
	case err != nil:
		t.Fatalf("the child failed: %v", err)
	case !strings.Contains(string(out), "--- PASS: TestReadOnlyMountChild"):
		t.Fatal("the child did not run the test")
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "idle"))
	for _, e := range entries {
		if e.Name() != "history.db" {
			t.Errorf("%s is in the directory", e.Name())
		}
	}
}

// TestReadOnlyMountChild is the child of TestOpenReadOnlyOnReadOnlyMount.
func TestReadOnlyMountChild(t *testing.T) {
	dir := os.Getenv(roMountEnv)
	if dir == "" {
		t.Skip("run by TestOpenReadOnlyOnReadOnlyMount")
	}
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("bind mount: %v", err)
	}
	if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("remounting read-only: %v", err)
	}
	path := filepath.Join(dir, "idle", "history.db")
	if err := os.WriteFile(filepath.Join(dir, "probe"), nil, 0o644); !errors.Is(err, syscall.EROFS) {
		t.Fatalf("writing into the read-only mount: %v, want EROFS", err)
	}
	if f, err := os.OpenFile(path, os.O_WRONLY, 0); !errors.Is(err, syscall.EROFS) {
		f.Close()
		t.Fatalf("opening the store for writing: %v, want EROFS", err)
	}
	for _, dsn := range []string{path, "sqlite://" + path, "file:" + path} {
		ro := openReadOnly(t, dsn)
		readAll(t, ro, "example.org")
		checkSaveFails(t, ro, "example.org")
	}
	_, err := store.Open(context.Background(), path)
	t.Logf("Open (read-write): %v", err)
	// With a write-ahead log SQLite cannot open its shared memory: a
	// clear error, not a read that would ignore the log.
	writing := filepath.Join(dir, "writing", "history.db")
	st, err := store.OpenReadOnly(context.Background(), writing)
	if err == nil {
		st.Close()
		t.Fatalf("OpenReadOnly of %s with a write-ahead log and no shared memory succeeded", writing)
	}
	t.Logf("OpenReadOnly with a write-ahead log: %v", err)
	if msg := err.Error(); !strings.Contains(msg, "history.db-shm") || !strings.Contains(msg, "write-ahead log") || strings.Contains(msg, "\n") {
		t.Errorf("OpenReadOnly with a write-ahead log: %q, want it to say why, on one line", msg)
	}
}

// nobodyEnv tells the test process that TestOpenReadOnlyAsAnotherUser
// started it, as user nobody, to read the stores in the directory it
// names.
const nobodyEnv = "PRIVAUDIT_STORE_TEST_NOBODY_DIR"

// TestOpenReadOnlyAsAnotherUser reads a store in a directory and a file
// that the user may not write (chmod, which does not stop root: the test
// runs itself again as user nobody).
func TestOpenReadOnlyAsAnotherUser(t *testing.T) {
	if os.Getenv(nobodyEnv) != "" {
		t.Skip("in the child process")
	}
	if os.Geteuid() != 0 {
		t.Skip("running as another user needs root (TestOpenReadOnlyReadOnlyFiles runs as this one)")
	}
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// ro: a file no one may write; rw: one its owner (root) may.
	for _, sub := range []string{"ro", "rw"} {
		sdir := filepath.Join(dir, sub)
		if err := os.Mkdir(sdir, 0o755); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(sdir, "history.db")
		st, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		save(t, st, "example.org", audit{day: 0, score: 40, findings: []string{"a"}}, audit{day: 1, score: 50, findings: []string{"b"}})
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		mode := os.FileMode(0o644)
		if sub == "ro" {
			mode = 0o444
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(sdir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(sdir, 0o755) })
	}
	// The test binary, where nobody may run it.
	bin := filepath.Join(dir, "store.test")
	if err := copyFile(os.Args[0], bin, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^TestReadOnlyAsNobodyChild$", "-test.v", "-test.count=1")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), nobodyEnv+"="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	t.Logf("child:\n%s", out)
	switch {
	case err != nil && errors.Is(err, syscall.EPERM):
		t.Skip("cannot run as nobody here")
	case err != nil:
		t.Fatalf("the child failed: %v", err)
	case !strings.Contains(string(out), "--- PASS: TestReadOnlyAsNobodyChild"):
		t.Fatal("the child did not run the test")
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "ro"))
	for _, e := range entries {
		if e.Name() != "history.db" {
			t.Errorf("%s is in the directory", e.Name())
		}
	}
}

// TestReadOnlyAsNobodyChild is the child of TestOpenReadOnlyAsAnotherUser.
func TestReadOnlyAsNobodyChild(t *testing.T) {
	dir := os.Getenv(nobodyEnv)
	if dir == "" {
		t.Skip("run by TestOpenReadOnlyAsAnotherUser")
	}
	if os.Geteuid() == 0 {
		t.Fatal("running as root")
	}
	path := filepath.Join(dir, "ro", "history.db")
	if f, err := os.OpenFile(path, os.O_WRONLY, 0); !errors.Is(err, os.ErrPermission) {
		f.Close()
		t.Fatalf("opening the store for writing: %v, want a permission error", err)
	}
	ro := openReadOnly(t, path)
	readAll(t, ro, "example.org")
	checkSaveFails(t, ro, "example.org")
	// A file its owner may write meanwhile: a clear error rather than
	// reads that could miss what the owner writes.
	rw := filepath.Join(dir, "rw", "history.db")
	st, err := store.OpenReadOnly(context.Background(), rw)
	if err == nil {
		st.Close()
		t.Fatalf("OpenReadOnly of %s (writable by its owner, in a directory nobody may not write) succeeded", rw)
	}
	t.Logf("OpenReadOnly of a file its owner may write: %v", err)
	if !strings.Contains(err.Error(), "another process may write the file meanwhile") {
		t.Errorf("OpenReadOnly of a file its owner may write: %v, want it to say why", err)
	}
}

// copyFile copies the file from to a new file to of mode perm.
func copyFile(from, to string, perm os.FileMode) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
