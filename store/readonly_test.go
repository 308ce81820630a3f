package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/privaudit/privaudit/internal/pgtest"
	"github.com/privaudit/privaudit/store"
)

// openReadOnly opens the store dsn read-only, closed when the test ends.
func openReadOnly(t testing.TB, dsn string) *store.Store {
	t.Helper()
	return opened(t, "OpenReadOnly", store.OpenReadOnly, dsn)
}

// readAll runs the reading queries on a store of one audited site.
func readAll(t testing.TB, st *store.Store, site string) {
	t.Helper()
	ctx := context.Background()
	if rep, err := st.Latest(ctx, site, false); err != nil || rep.Score == 0 {
		t.Errorf("Latest = %v, %v", rep, err)
	}
	list, err := st.Audits(ctx, site, time.Time{}, 0)
	if err != nil || len(list) == 0 {
		t.Fatalf("Audits = %v, %v", list, err)
	}
	if sites, err := st.Sites(ctx, 5); err != nil || len(sites) == 0 {
		t.Errorf("Sites = %v, %v", sites, err)
	}
	if series, err := st.CheckScores(ctx, site, 0); err != nil || len(series) == 0 {
		t.Errorf("CheckScores = %v, %v", series, err)
	}
	if _, err := st.Changes(ctx, list[0].ID); err != nil {
		t.Errorf("Changes: %v", err)
	}
	if _, err := st.PolicyVersions(ctx, site); err != nil {
		t.Errorf("PolicyVersions: %v", err)
	}
	if _, err := st.Earlier(ctx, site, 30); err != nil {
		t.Errorf("Earlier: %v", err)
	}
}

// checkSaveFails checks that Save on a read-only store fails, clearly,
// and that the database refuses writes too.
func checkSaveFails(t testing.TB, st *store.Store, site string) {
	t.Helper()
	ctx := context.Background()
	_, err := st.Save(ctx, audit{day: 9, score: 1}.build(site), nil)
	if !errors.Is(err, store.ErrReadOnly) || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("Save on a read-only store: %v, want ErrReadOnly", err)
	}
	if _, err := store.DB(st).ExecContext(ctx, `DELETE FROM audits`); err == nil {
		t.Error("the read-only store's database deleted the audits")
	}
}

// Item: OpenReadOnly reads a store without writing it.
func TestOpenReadOnly(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		rw := open(t, dsn)
		save(t, rw, "example.org", audit{day: 0, score: 40, findings: []string{"a"}}, audit{day: 1, score: 50, findings: []string{"b"}})
		ro := openReadOnly(t, dsn)
		if !ro.ReadOnly() || rw.ReadOnly() || ro.Kind() != rw.Kind() || ro.Redacted() != rw.Redacted() {
			t.Errorf("ReadOnly, Kind, Redacted = %v %s %s; read-write store: %v %s %s",
				ro.ReadOnly(), ro.Kind(), ro.Redacted(), rw.ReadOnly(), rw.Kind(), rw.Redacted())
		}
		readAll(t, ro, "example.org")
		checkSaveFails(t, ro, "example.org")
		if list, err := rw.Audits(ctx, "", time.Time{}, 0); err != nil || len(list) != 2 {
			t.Errorf("after the read-only store's attempts: %d audits, %v; want 2", len(list), err)
		}
		// It sees what is saved meanwhile.
		save(t, rw, "example.org", audit{day: 2, score: 60})
		if rep, err := ro.Latest(ctx, "example.org", false); err != nil || rep.Score != 60 {
			t.Errorf("Latest after a save by another = %v, %v", rep, err)
		}
	})
}

func TestOpenReadOnlyReadOnlyFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "history.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	save(t, st, "example.org", audit{day: 0, score: 40}, audit{day: 1, score: 50})
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	ro := openReadOnly(t, path)
	readAll(t, ro, "example.org")
	checkSaveFails(t, ro, "example.org")
	ro.Close()
	// Nothing was written beside the file (as root, the permissions do not
	// stop writes: TestOpenReadOnlyOnReadOnlyMount has a file that cannot
	// be written).
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "history.db" && !strings.HasPrefix(e.Name(), "history.db-") {
			t.Errorf("OpenReadOnly left %s in the directory", e.Name())
		}
	}
}

func TestOpenReadOnlyNoStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.db")
	for _, tc := range []struct{ dsn, want string }{
		{missing, "no such store: " + missing + " does not exist"},
		{"sqlite://" + missing, "no such store"},
		{filepath.Join(dir, "no", "such.db"), "no such store"},
		{empty, "is not a privaudit store (no schema_version table): run an audit with --store to create it"},
		{pgtest.DSN(t), "is not a privaudit store (no schema_version table): run an audit with --store to create it"},
	} {
		st, err := store.OpenReadOnly(ctx, tc.dsn)
		if err == nil {
			st.Close()
			t.Errorf("OpenReadOnly(%s) succeeded", tc.dsn)
			continue
		}
		t.Logf("%s -> %v", tc.dsn, err)
		if !errors.Is(err, store.ErrNoStore) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("OpenReadOnly(%s) = %v, want ErrNoStore saying %q", tc.dsn, err, tc.want)
		}
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenReadOnly created %s: %v", missing, err)
	}
	if fi, err := os.Stat(empty); err != nil || fi.Size() != 0 {
		t.Errorf("OpenReadOnly wrote %s: %v", empty, err)
	}
}

func TestOpenReadOnlyNewerMajor(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st := open(t, dsn)
		stampNewerMajor(t, st)
		if _, err := store.OpenReadOnly(ctx, dsn); !errors.Is(err, store.ErrNewerSchema) {
			t.Errorf("OpenReadOnly of a store of a newer major: %v, want ErrNewerSchema", err)
		}
		// A newer minor is read.
		if _, err := store.DB(st).ExecContext(ctx, store.Q(st, `UPDATE schema_version SET major = ? WHERE version = 99`), store.SchemaMajor); err != nil {
			t.Fatal(err)
		}
		openReadOnly(t, dsn)
	})
}

func TestOpenReadOnlyOlderSchema(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st := open(t, dsn)
		save(t, st, "example.org", audit{day: 0, score: 40})
		var version int
		if err := store.DB(st).QueryRowContext(ctx, `SELECT max(version) FROM schema_version`).Scan(&version); err != nil {
			t.Fatal(err)
		}
		// This privaudit has a step more than the store.
		restore := store.AddMigration(`CREATE TABLE newer_step (x INTEGER)`)
		defer restore()
		ro := openReadOnly(t, dsn)
		readAll(t, ro, "example.org")
		var after int
		if err := store.DB(st).QueryRowContext(ctx, `SELECT max(version) FROM schema_version`).Scan(&after); err != nil || after != version {
			t.Errorf("OpenReadOnly migrated the store: version %d to %d (%v)", version, after, err)
		}
		// An older store that lacks a column the queries read.
		if _, err := store.DB(st).ExecContext(ctx, `ALTER TABLE policy_aspects RENAME COLUMN aspect TO aspect_before`); err != nil {
			t.Fatal(err)
		}
		_, err := store.OpenReadOnly(ctx, dsn)
		if err == nil || !strings.Contains(err.Error(), "run `privaudit audit --store` on it once to migrate it") || strings.Contains(err.Error(), "\n") {
			t.Errorf("OpenReadOnly of a store that lacks a column: %v, want it to say to migrate the store", err)
		}
		t.Log(err)
	})
}
