package store

import (
	"database/sql"
	"time"
)

// DB returns the store's database, for tests that inspect or tamper with
// the tables.
func DB(s *Store) *sql.DB { return s.db }

// Q returns query with the store's placeholders.
func Q(s *Store, query string) string { return s.d.q(query) }

// TimeScanner scans a stored time into *t.
func TimeScanner(t *time.Time) sql.Scanner { return timeScanner{t} }

// KindAndRedacted returns the kind of store dsn names ("" when none) and
// dsn as messages show it.
func KindAndRedacted(dsn string) (kind, redacted string) {
	kind, _, _ = parseDSN(dsn)
	return kind, redactDSN(kind, dsn)
}

// AddMigration appends a migration step, as a newer privaudit would have,
// until restore is called.
func AddMigration(stmts ...string) (restore func()) {
	n := len(migrations)
	migrations = append(migrations[:n:n], stmts)
	return func() { migrations = migrations[:n] }
}
