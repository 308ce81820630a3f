package store_test

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/internal/pgtest"
	"github.com/privaudit/privaudit/store"
)

// Item: keyword/value DSNs are PostgreSQL's, and their passwords are
// redacted.
func TestKeywordValueDSNKindAndRedaction(t *testing.T) {
	for _, tc := range []struct{ dsn, kind, redacted string }{
		{"host=127.0.0.1 user=u password=secret dbname=x", "postgres", "host=127.0.0.1 user=u password=xxxxx dbname=x"},
		{"  dbname = x host=db password = 'se cret \\' q' sslmode=disable", "postgres", "dbname = x host=db password = xxxxx sslmode=disable"},
		{"password=se\\ cret host=h", "postgres", "password=xxxxx host=h"},
		{"user=u sslpassword=keypass sslkey=/k", "postgres", "user=u sslpassword=xxxxx sslkey=/k"},
		{"host=h password='unterminated secret", "postgres", "host=h password=xxxxx"},
		{"host=h password=", "postgres", "host=h password=xxxxx"},
		{"service=history", "postgres", "service=history"},
		{"application_name=privaudit host=/var/run/postgresql", "postgres", "application_name=privaudit host=/var/run/postgresql"},
		{"postgres://u:secret@h/x?sslpassword=keypass", "postgres", "postgres://u:xxxxx@h/x?sslpassword=xxxxx"},
		{"POSTGRESQL://u:secret@h/x", "postgres", "postgresql://u:xxxxx@h/x"},
		// Not keyword/value: a file name with "=" in it.
		{"history.db", "sqlite", "history.db"},
		{"my=history.db", "sqlite", "my=history.db"},
		{"./host=x.db", "sqlite", "./host=x.db"},
		{"sqlite://host=x.db", "sqlite", "sqlite://host=x.db"},
		{"hostname=x", "sqlite", "hostname=x"},
	} {
		kind, redacted := store.KindAndRedacted(tc.dsn)
		if kind != tc.kind || redacted != tc.redacted {
			t.Errorf("%q: kind %q, redacted %q; want %q, %q", tc.dsn, kind, redacted, tc.kind, tc.redacted)
		}
	}
}

// keywordValue returns the keyword/value form of a postgres:// DSN, with
// a password added.
func keywordValue(t *testing.T, dsn, password string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	kv := []string{"host=" + u.Hostname(), "port=" + u.Port(), "dbname=" + strings.TrimPrefix(u.Path, "/"), "user=" + u.User.Username()}
	if password != "" {
		kv = append(kv, "password='"+strings.ReplaceAll(password, "'", `\'`)+"'")
	}
	for k, vs := range u.Query() {
		kv = append(kv, k+"="+vs[0])
	}
	return strings.Join(kv, " ")
}

func TestKeywordValueDSN(t *testing.T) {
	ctx := context.Background()
	t.Chdir(t.TempDir()) // where a SQLite file of that name would be made
	// A real server (it trusts the test user: the password is not asked).
	dsn := keywordValue(t, pgtest.DSN(t), "s3cret pass'word")
	st := open(t, dsn)
	if st.Kind() != store.KindPostgres || strings.Contains(st.Redacted(), "s3cret") || !strings.Contains(st.Redacted(), "password=xxxxx") {
		t.Errorf("Kind, Redacted = %s, %s", st.Kind(), st.Redacted())
	}
	save(t, st, "example.org", audit{day: 0, score: 42})
	if rep, err := st.Latest(ctx, "example.org", false); err != nil || rep.Score != 42 {
		t.Errorf("Latest = %v, %v", rep, err)
	}
	openReadOnly(t, dsn)

	// No server there: the error names the store without its password.
	for _, bad := range []string{
		"host=127.0.0.1 port=1 user=u password=s3cret-pass dbname=x connect_timeout=2",
		"host=127.0.0.1 port=1 user=u password='s3cret pass' dbname=x connect_timeout=2",
		"host=127.0.0.1 port=1 password='s3cret-pass",
		"host=127.0.0.1 port=1 dbname=x password=s3cret-pass connect_timeout=bogus",
	} {
		_, err := store.Open(ctx, bad)
		if err == nil {
			t.Errorf("Open(%q) succeeded", bad)
			continue
		}
		t.Logf("%s -> %v", bad, err)
		if msg := err.Error(); strings.Contains(msg, "s3cret") || !strings.HasPrefix(msg, "opening store host=127.0.0.1 port=1 ") || strings.Contains(msg, "\n") {
			t.Errorf("Open(%q) = %q, want one line naming the store without the password", bad, msg)
		}
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("keyword/value DSNs made files: %v", entries)
	}
}

// Item: --store file:x.db is a SQLite URI, taken as given.
func TestSQLiteFileURI(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Chdir(dir)
	pragma := func(st *store.Store, name string) string {
		t.Helper()
		var v string
		if err := store.DB(st).QueryRowContext(ctx, `PRAGMA `+name).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	st := open(t, "file:x.db")
	if st.Kind() != store.KindSQLite || st.Redacted() != "file:x.db" {
		t.Errorf("Kind, Redacted = %s, %s", st.Kind(), st.Redacted())
	}
	save(t, st, "example.org", audit{day: 0, score: 42})
	if _, err := os.Stat(filepath.Join(dir, "x.db")); err != nil {
		t.Errorf("file:x.db did not make x.db: %v", err)
	}
	if got := pragma(st, "journal_mode"); got != "wal" {
		t.Errorf("journal_mode = %s, want wal", got)
	}
	ro := openReadOnly(t, "file:x.db")
	if rep, err := ro.Latest(ctx, "example.org", false); err != nil || rep.Score != 42 {
		t.Errorf("Latest = %v, %v", rep, err)
	}
	// Read-only whatever the URI's mode says.
	rw := openReadOnly(t, "file:x.db?mode=rwc")
	checkSaveFails(t, rw, "example.org")

	// The URI's query is kept, the store's settings added.
	st = open(t, "file:y.db?cache=private&_pragma=user_version(7)")
	if got := pragma(st, "user_version"); got != "7" {
		t.Errorf("user_version = %s, want 7 (the URI's _pragma)", got)
	}
	if got, fk := pragma(st, "journal_mode"), pragma(st, "foreign_keys"); got != "wal" || fk != "1" {
		t.Errorf("journal_mode, foreign_keys = %s, %s; want wal, 1", got, fk)
	}
	// A setting of the URI wins over the store's.
	st = open(t, "file:z.db?_pragma=synchronous(FULL)")
	if got := pragma(st, "synchronous"); got != "2" {
		t.Errorf("synchronous = %s, want 2 (FULL, as the URI says)", got)
	}
	// Absolute, with and without an authority; escaped.
	sub := filepath.Join(dir, "a dir")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, uri := range []string{
		"file:" + filepath.Join(sub, "abs.db"),
		"file://" + filepath.Join(sub, "abs2.db"),
		"file://localhost" + strings.ReplaceAll(filepath.Join(sub, "abs3.db"), " ", "%20"),
	} {
		open(t, uri)
	}
	for _, name := range []string{"abs.db", "abs2.db", "abs3.db"} {
		if _, err := os.Stat(filepath.Join(sub, name)); err != nil {
			t.Errorf("no %s: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "file:x.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a file named file:x.db was made: %v", err)
	}
	for _, tc := range []struct{ dsn, want string }{
		{"file:" + filepath.Join(dir, "missing", "x.db"), "does not exist"},
		{"file://otherhost/x.db", "names host"},
		{"file:", "names no file"},
	} {
		if _, err := store.Open(ctx, tc.dsn); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Open(%s) = %v, want it to say %q", tc.dsn, err, tc.want)
		}
	}
	// An in-memory database named as a URI.
	mem := open(t, "file::memory:")
	save(t, mem, "example.org", audit{day: 0, score: 1})
	if _, err := mem.Latest(ctx, "example.org", false); err != nil {
		t.Errorf("file::memory: Latest: %v", err)
	}
}
