package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SchemaMajor is the major version of the store schema this code reads and
// writes. A new major (a change that older code would misread) makes older
// privaudits refuse the store; a new minor (a new step: tables, columns or
// indexes older code can ignore) does not.
const SchemaMajor = 1

// migrations are the numbered steps of the schema: step i brings a store to
// version i+1. Steps are only ever appended. Each statement is written once
// with the type placeholders of dialect.types.
var migrations = [][]string{
	// 1: the tables of the package documentation.
	{
		`CREATE TABLE sites (
			site TEXT NOT NULL PRIMARY KEY,
			origin TEXT NOT NULL,
			first_seen {TIME} NOT NULL
		)`,
		`CREATE TABLE audits (
			id {ID},
			site TEXT NOT NULL REFERENCES sites (site),
			origin TEXT NOT NULL,
			target TEXT NOT NULL,
			started_at {TIME} NOT NULL,
			duration_ms BIGINT NOT NULL,
			tool_version TEXT NOT NULL,
			mode TEXT NOT NULL,
			score {REAL} NOT NULL,
			grade TEXT NOT NULL,
			complete {BOOL} NOT NULL,
			error TEXT NOT NULL,
			gate_passed {BOOL},
			findings INTEGER NOT NULL,
			findings_new INTEGER NOT NULL,
			findings_fixed INTEGER NOT NULL,
			policy_hash TEXT NOT NULL,
			policy_changed {BOOL} NOT NULL,
			policy_last_updated TEXT NOT NULL,
			report {BLOB} NOT NULL
		)`,
		`CREATE INDEX audits_site_started_at ON audits (site, started_at, id)`,
		`CREATE INDEX audits_started_at ON audits (started_at)`,
		`CREATE TABLE check_results (
			audit_id BIGINT NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
			ordinal INTEGER NOT NULL,
			check_id TEXT NOT NULL,
			name TEXT NOT NULL,
			status TEXT NOT NULL,
			score {REAL},
			weight {REAL} NOT NULL,
			severity TEXT NOT NULL,
			findings INTEGER NOT NULL,
			PRIMARY KEY (audit_id, ordinal)
		)`,
		`CREATE INDEX check_results_check_id ON check_results (check_id)`,
		`CREATE TABLE findings (
			audit_id BIGINT NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
			check_id TEXT NOT NULL,
			fingerprint TEXT NOT NULL,
			severity TEXT NOT NULL,
			url TEXT NOT NULL,
			subject TEXT NOT NULL,
			message TEXT NOT NULL
		)`,
		`CREATE INDEX findings_audit_id ON findings (audit_id)`,
		`CREATE TABLE cookies (
			audit_id BIGINT NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
			name TEXT NOT NULL,
			domain TEXT NOT NULL,
			category TEXT NOT NULL,
			explained {BOOL} NOT NULL,
			first_party {BOOL} NOT NULL
		)`,
		`CREATE INDEX cookies_audit_id ON cookies (audit_id)`,
		`CREATE TABLE third_parties (
			audit_id BIGINT NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
			host TEXT NOT NULL,
			service TEXT NOT NULL,
			category TEXT NOT NULL,
			requires_disclosure {BOOL} NOT NULL,
			disclosed {BOOL} NOT NULL
		)`,
		`CREATE INDEX third_parties_audit_id ON third_parties (audit_id)`,
		`CREATE TABLE policy_texts (
			hash TEXT NOT NULL PRIMARY KEY,
			text TEXT NOT NULL,
			url TEXT NOT NULL,
			language TEXT NOT NULL,
			words INTEGER NOT NULL,
			last_updated TEXT NOT NULL,
			first_seen {TIME} NOT NULL
		)`,
		`CREATE TABLE policy_aspects (
			hash TEXT NOT NULL REFERENCES policy_texts (hash) ON DELETE CASCADE,
			aspect TEXT NOT NULL,
			PRIMARY KEY (hash, aspect)
		)`,
	},
}

// migrationLock is the PostgreSQL advisory lock key that serialises
// migrations ("privaudit" in ASCII, truncated to 63 bits).
const migrationLock int64 = 0x7072697661756469

// schemaState reads the store's schema version and major, both 0 when the
// store is new. q is the database or a transaction.
func (s *Store) schemaState(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (version, major int, err error) {
	var v, m sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT MAX(version), MAX(major) FROM schema_version`).Scan(&v, &m); err != nil {
		return 0, 0, err
	}
	return int(v.Int64), int(m.Int64), nil
}

// migrate brings the schema up to date. A store already up to date (or of
// a newer minor version) is only read; otherwise the missing steps run in
// one transaction that holds the store's write lock (SQLite: BEGIN
// IMMEDIATE; PostgreSQL: an advisory lock), so that two processes opening a
// fresh store at once run them once.
func (s *Store) migrate(ctx context.Context) error {
	// The common case: nothing to do, and no write lock to wait for.
	if version, major, err := s.schemaState(ctx, s.db); err == nil {
		if major > SchemaMajor {
			return &SchemaError{Store: major, Reads: SchemaMajor}
		}
		if version >= len(migrations) {
			return nil
		}
	} else if ctx.Err() != nil {
		return fmt.Errorf("reading the schema version: %w", ctx.Err())
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrating the schema: %w", err)
	}
	defer tx.Rollback()
	if s.d.kind == KindPostgres {
		if _, err := tx.ExecContext(ctx, s.d.q(`SELECT pg_advisory_xact_lock(?)`), migrationLock); err != nil {
			return fmt.Errorf("migrating the schema: locking: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, s.d.ddl(`CREATE TABLE IF NOT EXISTS schema_version (
		version INTEGER NOT NULL PRIMARY KEY,
		major INTEGER NOT NULL,
		applied_at {TIME} NOT NULL
	)`)); err != nil {
		return fmt.Errorf("migrating the schema: %w", err)
	}
	version, major, err := s.schemaState(ctx, tx)
	if err != nil {
		return fmt.Errorf("reading the schema version: %w", err)
	}
	if major > SchemaMajor {
		return &SchemaError{Store: major, Reads: SchemaMajor}
	}
	if version >= len(migrations) {
		return nil // another process migrated it meanwhile
	}
	now := s.d.time(time.Now())
	for v := version + 1; v <= len(migrations); v++ {
		for _, stmt := range migrations[v-1] {
			if _, err := tx.ExecContext(ctx, s.d.ddl(stmt)); err != nil {
				return fmt.Errorf("migrating the schema to version %d: %w", v, err)
			}
		}
		if _, err := tx.ExecContext(ctx, s.d.q(`INSERT INTO schema_version (version, major, applied_at) VALUES (?, ?, ?)`), v, SchemaMajor, now); err != nil {
			return fmt.Errorf("migrating the schema to version %d: %w", v, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrating the schema: %w", err)
	}
	return nil
}

// readColumns are the columns of each table that the store's queries
// read: a store whose schema is older than this code's must have them to
// be read without migrating it.
var readColumns = [][2]string{
	{"audits", auditCols + ", report"},
	{"check_results", "audit_id, ordinal, check_id, status, score"},
	{"findings", "audit_id, check_id, fingerprint, severity, url, subject, message"},
	{"cookies", "audit_id, name, domain"},
	{"third_parties", "audit_id, host"},
	{"policy_texts", "hash, text, url, language, words, last_updated"},
	{"policy_aspects", "hash, aspect"},
}

// checkReadable checks, for OpenReadOnly, that the store can be read
// without changing it: it has the store's schema, of a major version this
// code reads, and (when its schema is older than this code's) the columns
// the queries read.
func (s *Store) checkReadable(ctx context.Context) error {
	version, major, err := s.schemaState(ctx, s.db)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("reading the schema version: %w", ctx.Err())
		}
		if has, herr := s.hasTable(ctx, "schema_version"); herr == nil && !has {
			return &openError{msg: "it is not a privaudit store (no schema_version table): run an audit with --store to create it", err: ErrNoStore}
		}
		return fmt.Errorf("reading the schema version: %w", err)
	}
	if major > SchemaMajor {
		return &SchemaError{Store: major, Reads: SchemaMajor}
	}
	if version == 0 {
		return &openError{msg: "it is not a privaudit store (its schema_version table is empty): run an audit with --store to create it", err: ErrNoStore}
	}
	if version >= len(migrations) {
		return nil
	}
	// An older schema: readable if what the queries read is there.
	for _, tc := range readColumns {
		rows, err := s.db.QueryContext(ctx, `SELECT `+tc[1]+` FROM `+tc[0]+` WHERE 1 = 0`)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("reading the schema: %w", ctx.Err())
			}
			return fmt.Errorf("its schema (version %d) is older than this privaudit's (version %d) and lacks what it reads (table %s: %v): run `privaudit audit --store` on it once to migrate it",
				version, len(migrations), tc[0], err)
		}
		rows.Close()
	}
	return nil
}

// hasTable reports whether the store has the table.
func (s *Store) hasTable(ctx context.Context, table string) (bool, error) {
	query := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`
	if s.d.kind == KindPostgres {
		query = `SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = ? AND schemaname = ANY (current_schemas(false))`
	}
	var n int
	err := s.db.QueryRowContext(ctx, s.d.q(query), table).Scan(&n)
	return n > 0, err
}

// errNoRows tells sql.ErrNoRows from other errors.
func errNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
