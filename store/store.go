package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// ErrNotFound is returned (wrapped) when the store has no such site, audit
// or policy version.
var ErrNotFound = errors.New("not found in the store")

// ErrNewerSchema is returned (wrapped in a *SchemaError) by Open when the
// store was written by a privaudit whose store schema has a newer major
// version than this one reads.
var ErrNewerSchema = errors.New("the store was written by a newer privaudit")

// SchemaError says that a store's schema is of a major version this
// privaudit cannot read. It unwraps to ErrNewerSchema.
type SchemaError struct {
	// Store is the major version of the store's schema; Reads the one
	// this privaudit reads.
	Store, Reads int
}

// Error implements error.
func (e *SchemaError) Error() string {
	return fmt.Sprintf("the store was written by a newer privaudit (store schema %d.x; this privaudit reads %d.x): upgrade privaudit", e.Store, e.Reads)
}

// Unwrap returns ErrNewerSchema.
func (e *SchemaError) Unwrap() error { return ErrNewerSchema }

// notFoundError is a not-found error with its own message.
type notFoundError struct{ msg string }

func (e *notFoundError) Error() string { return e.msg }
func (e *notFoundError) Unwrap() error { return ErrNotFound }

// notFound returns an error that unwraps to ErrNotFound.
func notFound(format string, args ...any) error {
	return &notFoundError{msg: fmt.Sprintf(format, args...)}
}

// Store is a history store of audits, in SQLite or PostgreSQL. Its methods
// are safe for concurrent use.
type Store struct {
	db       *sql.DB
	d        *dialect
	redacted string
}

// Kinds of store.
const (
	KindSQLite   = "sqlite"
	KindPostgres = "postgres"
)

// defaultConnectTimeout bounds a PostgreSQL connection attempt when the DSN
// sets no connect_timeout.
const defaultConnectTimeout = 10 * time.Second

// sqliteBusyTimeout is how long a SQLite writer waits for another writer
// (another goroutine or process) before it gives up.
const sqliteBusyTimeout = 10 * time.Second

// Open opens the store named by dsn: a file path or sqlite://PATH (an
// embedded SQLite database, created when missing; ":memory:" is one that
// lives as long as the Store, for tests), or postgres://... or
// postgresql://... (PostgreSQL). It connects, then brings the schema up to
// date (in one transaction, which two processes opening a fresh store at
// once do not both run). It refuses a store written by a newer major
// version of the schema (ErrNewerSchema). Its errors are one line and never
// show a password.
func Open(ctx context.Context, dsn string) (*Store, error) {
	kind, target, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	s := &Store{redacted: redactDSN(kind, dsn)}
	fail := func(err error) (*Store, error) {
		if s.db != nil {
			s.db.Close()
		}
		var se *SchemaError
		if errors.As(err, &se) {
			return nil, &openError{msg: fmt.Sprintf("opening store %s: %s", s.redacted, se.Error()), err: err}
		}
		return nil, newOpenError(dsn, s.redacted, err)
	}
	switch kind {
	case KindSQLite:
		s.d = sqliteDialect
		memory := target == ":memory:"
		if !memory {
			if err := checkSQLitePath(target); err != nil {
				return fail(err)
			}
		}
		db, err := sql.Open("sqlite", sqliteDSN(target))
		if err != nil {
			return fail(err)
		}
		// A few connections: WAL lets readers run beside the one writer.
		// An in-memory database lives in its one connection.
		conns := 8
		if memory {
			conns = 1
			db.SetConnMaxLifetime(0)
			db.SetConnMaxIdleTime(0)
		}
		db.SetMaxOpenConns(conns)
		db.SetMaxIdleConns(conns)
		s.db = db
	case KindPostgres:
		s.d = postgresDialect
		cfg, err := pgx.ParseConfig(target)
		if err != nil {
			return fail(err)
		}
		if cfg.ConnectTimeout == 0 {
			cfg.ConnectTimeout = defaultConnectTimeout
		}
		db := stdlib.OpenDB(*cfg)
		db.SetMaxOpenConns(10)
		db.SetMaxIdleConns(10)
		s.db = db
	}
	if err := s.db.PingContext(ctx); err != nil {
		if kind == KindSQLite {
			return fail(fmt.Errorf("opening the database: %w", err))
		}
		return fail(fmt.Errorf("connecting: %w", err))
	}
	if err := s.migrate(ctx); err != nil {
		return fail(err)
	}
	return s, nil
}

// Close closes the store.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("closing store %s: %w", s.redacted, err)
	}
	return nil
}

// Kind returns "sqlite" or "postgres".
func (s *Store) Kind() string { return s.d.kind }

// Redacted returns the store's DSN without its password, for messages.
func (s *Store) Redacted() string { return s.redacted }

// parseDSN returns the kind of store dsn names and what its driver opens:
// the file path for SQLite, the DSN itself for PostgreSQL.
func parseDSN(dsn string) (kind, target string, err error) {
	d := strings.TrimSpace(dsn)
	switch {
	case d == "":
		return "", "", errors.New("no store given: want a file path, sqlite://PATH or postgres://USER@HOST/DB")
	case hasSchemePrefix(d, "postgres://"), hasSchemePrefix(d, "postgresql://"):
		return KindPostgres, d, nil
	case hasSchemePrefix(d, "sqlite://"):
		p := d[len("sqlite://"):]
		if p == "" {
			return "", "", errors.New("store sqlite:// names no file: want sqlite://PATH")
		}
		return KindSQLite, p, nil
	}
	if scheme, _, ok := strings.Cut(d, "://"); ok && isScheme(scheme) {
		return "", "", fmt.Errorf("unsupported store %q: want a file path, sqlite://PATH or postgres://USER@HOST/DB", redactDSN("", d))
	}
	return KindSQLite, d, nil
}

// hasSchemePrefix reports whether s starts with prefix, ignoring case.
func hasSchemePrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// isScheme reports whether s is a URL scheme (not, say, a Windows drive
// or a path).
func isScheme(s string) bool {
	if len(s) < 2 {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.'):
		default:
			return false
		}
	}
	return true
}

// redactDSN returns dsn without its password.
func redactDSN(kind, dsn string) string {
	d := strings.TrimSpace(dsn)
	if kind == KindSQLite {
		return d
	}
	if u, err := url.Parse(d); err == nil && u.Scheme != "" {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
		q := u.Query()
		if q.Has("password") {
			q.Set("password", "xxxxx")
			u.RawQuery = q.Encode()
		}
		return u.String()
	}
	// Not a URL: drop whatever sits between "://user:" and "@".
	if i := strings.Index(d, "://"); i >= 0 {
		rest := d[i+3:]
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			if c := strings.Index(rest[:at], ":"); c >= 0 {
				return d[:i+3] + rest[:c] + ":xxxxx" + rest[at:]
			}
		}
	}
	return d
}

// dsnPassword returns the password dsn carries, if any.
func dsnPassword(dsn string) string {
	u, err := url.Parse(strings.TrimSpace(dsn))
	if err != nil {
		return ""
	}
	if p, ok := u.User.Password(); ok {
		return p
	}
	return u.Query().Get("password")
}

// openError is an error of Open: one line, without the password, wrapping
// the cause.
type openError struct {
	msg string
	err error
}

func (e *openError) Error() string { return e.msg }
func (e *openError) Unwrap() error { return e.err }

// newOpenError returns err as an error of Open on the store redacted
// names: one line, and without dsn's password.
func newOpenError(dsn, redacted string, err error) error {
	msg := err.Error()
	if d := strings.TrimSpace(dsn); d != "" && d != redacted {
		msg = strings.ReplaceAll(msg, d, redacted)
	}
	// A password too short to replace safely is only hidden where a DSN
	// shows it (the drivers redact their own messages).
	if p := dsnPassword(dsn); len(p) >= 4 {
		msg = strings.ReplaceAll(msg, p, "xxxxx")
		if e := url.QueryEscape(p); e != p {
			msg = strings.ReplaceAll(msg, e, "xxxxx")
		}
	}
	msg = strings.Join(strings.Fields(msg), " ")
	return &openError{msg: fmt.Sprintf("opening store %s: %s", redacted, msg), err: err}
}

// checkSQLitePath rejects what SQLite would report obscurely: a directory,
// a missing directory, a parent that is a file.
func checkSQLitePath(p string) error {
	if fi, err := os.Stat(p); err == nil {
		if fi.IsDir() {
			return errors.New("it is a directory: want a database file")
		}
		return nil
	}
	dir := filepath.Dir(p)
	fi, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("directory %s does not exist", dir)
		}
		return fmt.Errorf("cannot create the database file: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("cannot create the database file: %s is not a directory", dir)
	}
	return nil
}

// sqliteDSN returns modernc.org/sqlite's DSN for the database file p: WAL
// (readers beside one writer), a busy timeout (writers wait for each
// other), write transactions that take the lock when they begin (so that
// they wait instead of failing), foreign keys, and synchronous=NORMAL
// (safe in WAL mode).
func sqliteDSN(p string) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
	return "file:" + esc +
		"?_pragma=busy_timeout(" + fmt.Sprint(sqliteBusyTimeout.Milliseconds()) + ")" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(NORMAL)" +
		"&_txlock=immediate"
}
