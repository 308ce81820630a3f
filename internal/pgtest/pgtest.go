// Package pgtest gives tests a fresh, empty PostgreSQL database on a real
// server.
//
// The server is $PRIVAUDIT_TEST_POSTGRES (a DSN to a server where the user
// may create databases) when it is set. Otherwise the first DSN call of the
// test process starts a throwaway cluster: initdb and pg_ctl from PATH or
// /usr/lib/postgresql/*/bin, trust authentication, fsync off, a free
// loopback port; as root (which PostgreSQL refuses) it runs them as user
// postgres. The cluster is stopped and removed when the test process ends:
// call Stop from TestMain after m.Run to do it at once; a watchdog process
// does it within a second or two otherwise (when the tests crash or time
// out).
//
// When no server can be had, DSN skips the test, saying why, unless
// PRIVAUDIT_REQUIRE_POSTGRES=1 (as in CI), when it fails it.
//
//	func TestMain(m *testing.M) {
//		code := m.Run()
//		pgtest.Stop()
//		os.Exit(code)
//	}
package pgtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// Environment variables.
const (
	// EnvServer names a server to create test databases on.
	EnvServer = "PRIVAUDIT_TEST_POSTGRES"
	// EnvRequire, set to 1, fails the tests that cannot have a server
	// instead of skipping them.
	EnvRequire = "PRIVAUDIT_REQUIRE_POSTGRES"
)

var (
	once     sync.Once
	mu       sync.Mutex
	admin    *sql.DB // connected to the server's maintenance database
	adminDSN string
	errSetup error
	running  *cluster
)

// DSN returns the DSN of a new, empty database on a PostgreSQL server,
// dropped when the test ends. It skips the test when no server can be had
// (fails it when PRIVAUDIT_REQUIRE_POSTGRES=1).
func DSN(t testing.TB) string {
	t.Helper()
	once.Do(setup)
	if errSetup != nil {
		msg := fmt.Sprintf("PostgreSQL not available: %v; set %s or install postgresql", errSetup, EnvServer)
		if os.Getenv(EnvRequire) == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	name := "privaudit_test_" + randomHex(6)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: creating database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// WITH (FORCE) (PostgreSQL 13) ends the sessions a test left open.
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			if _, err2 := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name); err2 != nil {
				t.Errorf("pgtest: dropping database %s: %v", name, err)
			}
		}
	})
	dsn, err := withDatabase(adminDSN, name)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return dsn
}

// Stop stops and removes the throwaway cluster, if this process started
// one; DSN cannot be called after it. It is safe to call when there is
// none, and more than once.
func Stop() {
	once.Do(func() {}) // no cluster to start after Stop
	mu.Lock()
	defer mu.Unlock()
	if admin != nil {
		admin.Close()
	}
	if running != nil {
		running.stop()
		running = nil
	}
	admin = nil
	if errSetup == nil {
		errSetup = errors.New("pgtest.Stop was called")
	}
}

// setup finds or starts the server and connects to it.
func setup() {
	mu.Lock()
	defer mu.Unlock()
	dsn := os.Getenv(EnvServer)
	if dsn == "" {
		c, err := startCluster()
		if err != nil {
			errSetup = err
			return
		}
		running = c
		dsn = c.dsn
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		errSetup = fmt.Errorf("connecting to %s: %w", redact(dsn), err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		errSetup = fmt.Errorf("connecting to %s: %v", redact(dsn), oneLine(err))
		return
	}
	admin, adminDSN = db, dsn
}

// withDatabase returns dsn (a URL or keyword/value DSN) naming database
// name instead.
func withDatabase(dsn, name string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("parsing %s: %w", EnvServer, err)
		}
		u.Path = "/" + name
		return u.String(), nil
	}
	return dsn + " dbname=" + name, nil
}

// redact returns dsn without its password.
func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		return u.Redacted()
	}
	return "the server"
}

// oneLine returns err's message on one line.
func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// cluster is a throwaway PostgreSQL cluster.
type cluster struct {
	bin  string // directory of initdb and pg_ctl
	dir  string // holds data/, the log and the socket
	asPG bool   // run as user postgres (the process is root)
	dsn  string
	dog  *exec.Cmd
}

// findBin returns the directory of initdb and pg_ctl.
func findBin() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return versionOf(b) - versionOf(a) }) // newest first
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("initdb not found on PATH or in /usr/lib/postgresql/*/bin")
}

// versionOf returns the major version of /usr/lib/postgresql/N/bin.
func versionOf(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// startCluster initialises and starts a cluster in a new temporary
// directory.
func startCluster() (*cluster, error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	c := &cluster{bin: bin}
	parent := ""
	var pgUser *user.User
	if os.Geteuid() == 0 {
		pgUser, err = user.Lookup("postgres")
		if err != nil {
			return nil, errors.New("running as root, which PostgreSQL refuses, and there is no user postgres to run it as")
		}
		if _, err := exec.LookPath("runuser"); err != nil {
			return nil, errors.New("running as root, which PostgreSQL refuses, and runuser is missing")
		}
		c.asPG = true
		parent = "/tmp" // a directory user postgres can reach
	}
	// A short directory: the unix socket's path is limited to ~100 bytes.
	c.dir, err = os.MkdirTemp(parent, "pgtest-")
	if err != nil {
		return nil, fmt.Errorf("creating the cluster's directory: %w", err)
	}
	if c.asPG {
		uid, _ := strconv.Atoi(pgUser.Uid)
		gid, _ := strconv.Atoi(pgUser.Gid)
		if err := os.Chown(c.dir, uid, gid); err != nil {
			os.RemoveAll(c.dir)
			return nil, fmt.Errorf("handing the cluster's directory to user postgres: %w", err)
		}
	}
	data := filepath.Join(c.dir, "data")
	if out, err := c.run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(c.dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, lastLines(out, 3))
	}
	c.watch()
	var lastErr error
	for range 3 { // the free port may be taken meanwhile
		port, err := freePort()
		if err != nil {
			lastErr = err
			continue
		}
		opts := fmt.Sprintf("-h 127.0.0.1 -p %d -k %s -F -c max_connections=200 -c full_page_writes=off -c synchronous_commit=off", port, c.dir)
		out, err := c.run("pg_ctl", "-D", data, "-l", filepath.Join(c.dir, "log"), "-w", "-t", "60", "-o", opts, "start")
		if err == nil {
			c.dsn = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable&connect_timeout=10", port)
			return c, nil
		}
		log, _ := os.ReadFile(filepath.Join(c.dir, "log"))
		lastErr = fmt.Errorf("pg_ctl start: %v: %s %s", err, lastLines(out, 2), lastLines(log, 3))
	}
	c.stop()
	return nil, lastErr
}

// command returns the command running the cluster's program name, as user
// postgres when the process is root.
func (c *cluster) command(name string, args ...string) *exec.Cmd {
	prog := filepath.Join(c.bin, name)
	if c.asPG {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", prog}, args...)...)
	}
	return exec.Command(prog, args...)
}

// run runs a program of the cluster and returns its output.
func (c *cluster) run(name string, args ...string) ([]byte, error) {
	cmd := c.command(name, args...)
	cmd.Dir = c.dir
	return cmd.CombinedOutput()
}

// watch starts the watchdog: a shell that stops the cluster and removes
// its directory when this process has ended, however it ends.
func (c *cluster) watch() {
	stop := c.command("pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "stop")
	script := `while kill -0 "$1" 2>/dev/null; do sleep 1; done; shift; "$@" >/dev/null 2>&1; rm -rf "` + c.dir + `"`
	args := append([]string{"-c", script, "pgtest-watchdog", strconv.Itoa(os.Getpid())}, stop.Args...)
	dog := exec.Command("/bin/sh", args...)
	setDetached(dog)
	if err := dog.Start(); err == nil {
		c.dog = dog
		go dog.Wait() // reap it if this process outlives it
	}
}

// stop stops the cluster and removes its directory.
func (c *cluster) stop() {
	c.run("pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop")
	os.RemoveAll(c.dir)
	if c.dog != nil && c.dog.Process != nil {
		c.dog.Process.Kill()
	}
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// lastLines returns the last n non-empty lines of out, joined by " | ".
func lastLines(out []byte, n int) string {
	var lines []string
	for _, l := range bytes.Split(out, []byte("\n")) {
		if s := strings.TrimSpace(string(l)); s != "" {
			lines = append(lines, s)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
