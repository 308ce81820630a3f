package pgtest_test

import (
	"context"
	"database/sql"
	"os"
	"testing"

	"github.com/privaudit/privaudit/internal/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

func TestDSNGivesFreshEmptyDatabases(t *testing.T) {
	ctx := context.Background()
	dsn1, dsn2 := pgtest.DSN(t), pgtest.DSN(t)
	if dsn1 == dsn2 {
		t.Fatalf("two calls gave the same database %s", dsn1)
	}
	for _, dsn := range []string{dsn1, dsn2} {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var tables int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'`).Scan(&tables); err != nil {
			t.Fatalf("querying %s: %v", dsn, err)
		}
		if tables != 0 {
			t.Errorf("%s has %d tables, want none", dsn, tables)
		}
		if _, err := db.ExecContext(ctx, `CREATE TABLE t (x INTEGER)`); err != nil {
			t.Fatalf("creating a table in %s: %v", dsn, err)
		}
	}
}

func TestDatabaseDroppedAfterTest(t *testing.T) {
	var dsn string
	t.Run("uses", func(t *testing.T) { dsn = pgtest.DSN(t) })
	if dsn == "" {
		t.Skip("no server")
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.PingContext(context.Background()); err == nil {
		t.Errorf("database %s still exists after its test", dsn)
	}
}
