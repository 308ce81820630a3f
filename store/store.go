package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/privaudit/privaudit/scope"
	"modernc.org/sqlite" // the "sqlite" database/sql driver (registered on import), for its errors
)

// ErrNotFound is returned (wrapped) when the store has no such site, audit
// or policy version.
var ErrNotFound = errors.New("not found in the store")

// ErrNewerSchema is returned (wrapped in a *SchemaError) by Open when the
// store was written by a privaudit whose store schema has a newer major
// version than this one reads.
var ErrNewerSchema = errors.New("the store was written by a newer privaudit")

// ErrReadOnly is returned (wrapped) by Save on a store opened with
// OpenReadOnly.
var ErrReadOnly = errors.New("the store was opened read-only")

// ErrNoStore is returned (wrapped) by OpenReadOnly when there is no store to
// read: a SQLite file that does not exist (OpenReadOnly does not create
// one), or a database without the store's schema.
var ErrNoStore = errors.New("no such store")

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
	readOnly bool
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

// Open opens the store named by dsn: a file path, sqlite://PATH or a
// SQLite URI file:PATH?QUERY (an embedded SQLite database, created when
// missing; ":memory:" is one that lives as long as the Store, for tests),
// or postgres://... or postgresql://... or a keyword/value DSN such as
// "host=db user=privaudit dbname=history" (PostgreSQL; a DSN is taken as
// one when its first word is a libpq keyword followed by "="). It
// connects, then brings the schema up to date (in one transaction, which
// two processes opening a fresh store at once do not both run). It refuses
// a store written by a newer major version of the schema (ErrNewerSchema).
// Its errors are one line and never show a password.
func Open(ctx context.Context, dsn string) (*Store, error) {
	return open(ctx, dsn, false)
}

// OpenReadOnly opens the store named by dsn (as Open does) for the
// commands that only read it. It neither creates nor migrates anything:
// SQLite is opened with mode=ro and without changing its journal mode (a
// file or directory the process may not write is fine), PostgreSQL with
// default_transaction_read_only=on. It returns ErrNoStore (wrapped) when
// the SQLite file does not exist or the database has no store schema yet,
// ErrNewerSchema as Open does, and an error that says to migrate the
// store when its schema is older than this privaudit's and lacks a column
// that the queries read. Save on the Store returns ErrReadOnly.
func OpenReadOnly(ctx context.Context, dsn string) (*Store, error) {
	return open(ctx, dsn, true)
}

// open opens the store dsn, read-only or not.
func open(ctx context.Context, dsn string, readOnly bool) (*Store, error) {
	kind, target, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	s := &Store{redacted: redactDSN(kind, dsn), readOnly: readOnly}
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
		f, err := parseSQLiteTarget(target)
		if err != nil {
			return fail(err)
		}
		if !f.memory {
			if err := checkSQLitePath(f.path, readOnly); err != nil {
				return fail(err)
			}
		}
		db, err := openSQLite(ctx, f, readOnly)
		if err != nil {
			return fail(err)
		}
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
		if readOnly {
			cfg.RuntimeParams["default_transaction_read_only"] = "on"
		}
		db := stdlib.OpenDB(*cfg)
		db.SetMaxOpenConns(10)
		db.SetMaxIdleConns(10)
		s.db = db
	}
	if kind == KindPostgres {
		if err := s.db.PingContext(ctx); err != nil {
			return fail(fmt.Errorf("connecting: %w", err))
		}
	}
	if readOnly {
		err = s.checkReadable(ctx)
	} else {
		err = s.migrate(ctx)
	}
	if err != nil {
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

// ReadOnly reports whether the store was opened with OpenReadOnly.
func (s *Store) ReadOnly() bool { return s.readOnly }

// parseDSN returns the kind of store dsn names and what its driver opens:
// the file path or file: URI for SQLite, the DSN itself for PostgreSQL.
func parseDSN(dsn string) (kind, target string, err error) {
	d := strings.TrimSpace(dsn)
	switch {
	case d == "":
		return "", "", errors.New("no store given: want a file path, sqlite://PATH or postgres://USER@HOST/DB")
	case hasSchemePrefix(d, "postgres://"), hasSchemePrefix(d, "postgresql://"):
		// pgx only knows the lower-case schemes.
		scheme, rest, _ := strings.Cut(d, "://")
		return KindPostgres, strings.ToLower(scheme) + "://" + rest, nil
	case isKeywordValueDSN(d):
		return KindPostgres, d, nil
	case hasSchemePrefix(d, "sqlite://"):
		p := d[len("sqlite://"):]
		if p == "" {
			return "", "", errors.New("store sqlite:// names no file: want sqlite://PATH")
		}
		return KindSQLite, p, nil
	case hasSchemePrefix(d, "file:"):
		return KindSQLite, d, nil
	}
	if scheme, _, ok := strings.Cut(d, "://"); ok && scope.IsScheme(scheme) {
		return "", "", fmt.Errorf("unsupported store %q: want a file path, sqlite://PATH or postgres://USER@HOST/DB", redactDSN("", d))
	}
	return KindSQLite, d, nil
}

// hasSchemePrefix reports whether s starts with prefix, ignoring case.
func hasSchemePrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// libpqKeywords are the keywords of a libpq keyword/value connection
// string (and pgx's few more): a DSN that starts with one of them and "="
// is a PostgreSQL DSN, not a file name.
var libpqKeywords = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "database": true, "user": true,
	"password": true, "passfile": true, "require_auth": true, "channel_binding": true,
	"connect_timeout": true, "client_encoding": true, "options": true, "application_name": true,
	"fallback_application_name": true, "keepalives": true, "keepalives_idle": true,
	"keepalives_interval": true, "keepalives_count": true, "tcp_user_timeout": true,
	"replication": true, "gssencmode": true, "sslmode": true, "sslnegotiation": true,
	"requiressl": true, "sslcompression": true, "sslcert": true, "sslkey": true,
	"sslkeylogfile": true, "sslpassword": true, "sslcertmode": true, "sslrootcert": true,
	"sslcrl": true, "sslcrldir": true, "sslsni": true, "requirepeer": true,
	"ssl_min_protocol_version": true, "ssl_max_protocol_version": true,
	"min_protocol_version": true, "max_protocol_version": true, "krbsrvname": true,
	"krbspn": true, "gsslib": true, "gssdelegation": true, "service": true, "servicefile": true,
	"target_session_attrs": true, "load_balance_hosts": true,
}

// isKeywordValueDSN reports whether d is a libpq keyword/value DSN
// ("host=db dbname=history"): its first word is a libpq keyword followed
// by "=" (spaces around it allowed).
func isKeywordValueDSN(d string) bool {
	d = strings.TrimLeft(d, kvSpace)
	i := strings.IndexAny(d, "="+kvSpace)
	if i <= 0 || !libpqKeywords[strings.ToLower(d[:i])] {
		return false
	}
	return strings.HasPrefix(strings.TrimLeft(d[i:], kvSpace), "=")
}

// kvSpace is what separates the words of a keyword/value DSN.
const kvSpace = " \t\n\r\v\f"

// kvPair is a keyword and its value in a keyword/value DSN; the value as
// written (quoted, escaped) runs from start to end in the DSN.
type kvPair struct {
	key, value string
	start, end int
}

// parseKeywordValue splits a keyword/value DSN as libpq (and pgx) do:
// keyword = value, the value bare (with backslash escapes) or in single
// quotes. ok is false when the DSN is malformed; pairs are those read
// before, and rest is where the malformed part starts.
func parseKeywordValue(d string) (pairs []kvPair, rest int, ok bool) {
	i := 0
	skip := func() {
		for i < len(d) && strings.IndexByte(kvSpace, d[i]) >= 0 {
			i++
		}
	}
	for skip(); i < len(d); skip() {
		rest = i
		eq := strings.IndexByte(d[i:], '=')
		if eq < 0 {
			return pairs, rest, false
		}
		key := strings.Trim(d[i:i+eq], kvSpace)
		if key == "" || strings.ContainsAny(key, kvSpace) {
			return pairs, rest, false
		}
		i += eq + 1
		skip()
		start := i
		var v strings.Builder
		if i < len(d) && d[i] == '\'' {
			i++
			for ; i < len(d) && d[i] != '\''; i++ {
				if d[i] == '\\' {
					i++
					if i == len(d) {
						break
					}
				}
				v.WriteByte(d[i])
			}
			if i >= len(d) {
				return pairs, rest, false // unterminated quote
			}
			i++
		} else {
			for ; i < len(d) && strings.IndexByte(kvSpace, d[i]) < 0; i++ {
				if d[i] == '\\' {
					i++
					if i == len(d) {
						break
					}
				}
				v.WriteByte(d[i])
			}
		}
		pairs = append(pairs, kvPair{key: strings.ToLower(key), value: v.String(), start: start, end: min(i, len(d))})
	}
	return pairs, len(d), true
}

// isPasswordKey reports whether a keyword/value DSN's keyword (or a URL's
// query parameter) holds a secret.
func isPasswordKey(k string) bool {
	k = strings.ToLower(k)
	return k == "password" || k == "sslpassword"
}

// redactKeywordValue returns a keyword/value DSN with its passwords
// replaced by xxxxx. Past a malformed part, it drops everything from a
// password keyword on.
func redactKeywordValue(d string) string {
	pairs, rest, ok := parseKeywordValue(d)
	var b strings.Builder
	last := 0
	for _, p := range pairs {
		if isPasswordKey(p.key) {
			b.WriteString(d[last:p.start])
			b.WriteString("xxxxx")
			last = p.end
		}
	}
	if ok {
		b.WriteString(d[last:])
		return b.String()
	}
	b.WriteString(d[last:rest])
	tail := d[rest:]
	if i := strings.Index(strings.ToLower(tail), "password"); i >= 0 {
		tail = tail[:i] + "password=xxxxx"
	}
	b.WriteString(tail)
	return b.String()
}

// redactDSN returns dsn without its password.
func redactDSN(kind, dsn string) string {
	d := strings.TrimSpace(dsn)
	if kind == KindSQLite {
		return d
	}
	if kind == KindPostgres && isKeywordValueDSN(d) {
		return redactKeywordValue(d)
	}
	if u, err := url.Parse(d); err == nil && u.Scheme != "" {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
		q := u.Query()
		redacted := false
		for k := range q {
			if isPasswordKey(k) {
				q.Set(k, "xxxxx")
				redacted = true
			}
		}
		if redacted {
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

// dsnPasswords returns the passwords dsn carries, as given and as written
// in it (escaped, quoted).
func dsnPasswords(dsn string) []string {
	d := strings.TrimSpace(dsn)
	var out []string
	if isKeywordValueDSN(d) {
		pairs, _, _ := parseKeywordValue(d)
		for _, p := range pairs {
			if isPasswordKey(p.key) {
				raw := strings.Trim(d[p.start:p.end], "'")
				out = append(out, p.value, raw)
			}
		}
		return out
	}
	u, err := url.Parse(d)
	if err != nil {
		return nil
	}
	if p, ok := u.User.Password(); ok {
		out = append(out, p, url.QueryEscape(p), url.PathEscape(p))
	}
	for k, vs := range u.Query() {
		if isPasswordKey(k) {
			for _, p := range vs {
				out = append(out, p, url.QueryEscape(p))
			}
		}
	}
	return out
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
	for _, p := range dsnPasswords(dsn) {
		if len(p) >= 4 {
			msg = strings.ReplaceAll(msg, p, "xxxxx")
		}
	}
	// pgx writes one line per attempt (TLS, then plain), often the same:
	// each distinct line once.
	var lines []string
	for _, l := range strings.Split(msg, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" && !slices.Contains(lines, l) {
			lines = append(lines, l)
		}
	}
	var b strings.Builder
	for i, l := range lines {
		switch {
		case i == 0:
		case strings.HasSuffix(lines[i-1], ":"):
			b.WriteString(" ")
		default:
			b.WriteString("; ")
		}
		b.WriteString(l)
	}
	msg = b.String()
	return &openError{msg: fmt.Sprintf("opening store %s: %s", redacted, msg), err: err}
}

// sqliteTarget is the SQLite database a store DSN names.
type sqliteTarget struct {
	// path is the database file's path; memory is true for an in-memory
	// database (which has none).
	path   string
	memory bool
	// uri is the file: URI as given, without its query and fragment, ""
	// for a plain path; query is the URI's query.
	uri, query string
}

// parseSQLiteTarget reads a SQLite target of parseDSN: a path, or a
// file: URI (file:PATH, file:///PATH, file://localhost/PATH, with a query
// SQLite reads: mode, cache, vfs, ... and the driver's _pragma).
func parseSQLiteTarget(target string) (sqliteTarget, error) {
	if target == ":memory:" {
		return sqliteTarget{path: target, memory: true}, nil
	}
	if !hasSchemePrefix(target, "file:") {
		return sqliteTarget{path: target}, nil
	}
	rest := target[len("file:"):]
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest = rest[:i]
	}
	raw, query, _ := strings.Cut(rest, "?")
	p := raw
	if strings.HasPrefix(p, "//") {
		host, path, _ := strings.Cut(p[2:], "/")
		if host != "" && !strings.EqualFold(host, "localhost") {
			return sqliteTarget{}, fmt.Errorf("the file: URI names host %q: want file:PATH or file:///PATH", host)
		}
		p = "/" + path
	}
	path, err := url.PathUnescape(p)
	if err != nil {
		return sqliteTarget{}, fmt.Errorf("reading the file: URI: %w", err)
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return sqliteTarget{}, fmt.Errorf("reading the file: URI's query: %w", err)
	}
	if path == "" {
		return sqliteTarget{}, errors.New("the file: URI names no file: want file:PATH")
	}
	memory := path == ":memory:" || q.Get("mode") == "memory" || q.Get("vfs") == "memdb"
	return sqliteTarget{path: path, memory: memory, uri: "file:" + raw, query: query}, nil
}

// checkSQLitePath rejects what SQLite would report obscurely: a directory,
// a missing directory, a parent that is a file; and, for a store opened
// read-only, a missing file (which read-only SQLite does not create).
func checkSQLitePath(p string, readOnly bool) error {
	if fi, err := os.Stat(p); err == nil {
		if fi.IsDir() {
			return errors.New("it is a directory: want a database file")
		}
		return nil
	} else if readOnly {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%w: %s does not exist (an audit with --store creates it)", ErrNoStore, p)
		}
		return fmt.Errorf("cannot read the database file: %w", err)
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

// openSQLite opens and reaches the SQLite database t. Read-only, a
// database in WAL mode (as Open leaves it) needs its shared-memory file
// (PATH-shm) beside it, which SQLite creates when missing; where it cannot
// (a directory this process may not write, a read-only file system), the
// database is opened immutable (SQLite then neither locks nor reads the
// WAL) when nothing can be writing it: there is no PATH-wal, and the file
// is on a read-only file system or no one may write it (no write
// permission bit).
func openSQLite(ctx context.Context, t sqliteTarget, readOnly bool) (*sql.DB, error) {
	db, err := openSQLiteDB(ctx, t, t.dsn(readOnly, false))
	if err == nil || !readOnly || t.memory || !isSQLiteCantOpen(err) {
		return db, err
	}
	if immutable, why := immutableSafe(t.path); !immutable {
		return nil, fmt.Errorf("%w: SQLite reads a store in WAL mode with a shared-memory file beside it (%s-shm), which this process cannot create, and %s", err, t.path, why)
	}
	return openSQLiteDB(ctx, t, t.dsn(readOnly, true))
}

// openSQLiteDB opens the SQLite database t with the driver's DSN dsn, and
// reads its schema (which reads the file, the WAL and the shared memory).
func openSQLiteDB(ctx context.Context, t sqliteTarget, dsn string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	// A few connections: WAL lets readers run beside the one writer.
	// An in-memory database lives in its one connection.
	conns := 8
	if t.memory {
		conns = 1
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	err = db.PingContext(ctx)
	if err == nil {
		var n int
		err = db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master`).Scan(&n)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("opening the database: %w", err)
	}
	return db, nil
}

// isSQLiteCantOpen reports whether err is SQLite's "unable to open
// database file" (SQLITE_CANTOPEN) or a read-only database that could not
// be initialised (SQLITE_READONLY_CANTINIT and the like).
func isSQLiteCantOpen(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	const cantOpen, readOnly = 14, 8
	code := se.Code() & 0xff
	return code == cantOpen || code == readOnly
}

// immutableSafe reports whether the SQLite database file p can be opened
// immutable: nothing can be writing it. If not, why says why it cannot,
// and what to do.
func immutableSafe(p string) (ok bool, why string) {
	if _, err := os.Lstat(p + "-wal"); err == nil || !errors.Is(err, os.ErrNotExist) {
		return false, "its write-ahead log (" + p + "-wal) may hold audits that only the shared memory shows: read it where the directory can be written, or once the process that writes it has closed it (which removes the log)"
	}
	if readOnlyFS(p) {
		return true, ""
	}
	fi, err := os.Stat(p)
	if err != nil {
		return false, err.Error()
	}
	if fi.Mode().Perm()&0o222 != 0 {
		return false, "another process may write the file meanwhile: let this one write the directory, or make the file read-only (chmod a-w) once nothing writes it any more"
	}
	return true, ""
}

// dsn returns modernc.org/sqlite's DSN for the database: the file: URI
// with its query (or the path as one) and the store's settings: a busy
// timeout (writers wait for each other) and foreign keys; to write, WAL
// (readers beside one writer), write transactions that take the lock when
// they begin (so that they wait instead of failing) and
// synchronous=NORMAL (safe in WAL mode); read-only, mode=ro (and
// immutable=1 with immutable) and nothing that writes (not even the
// journal mode). A setting the URI's query already makes is left as it
// is, except that read-only is read-only.
func (t sqliteTarget) dsn(readOnly, immutable bool) string {
	base := t.uri
	if base == "" {
		base = "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(t.path)
	}
	var params []string
	set := map[string]bool{} // "mode", "_txlock", "_pragma=NAME"
	for _, p := range strings.Split(t.query, "&") {
		if p == "" {
			continue
		}
		k, v, _ := strings.Cut(p, "=")
		k, _ = url.QueryUnescape(k)
		v, _ = url.QueryUnescape(v)
		if k == "_pragma" {
			name, _, _ := strings.Cut(v, "(")
			name, _, _ = strings.Cut(name, "=")
			k += "=" + strings.ToLower(strings.TrimSpace(name))
		}
		if readOnly && k == "mode" && !t.memory {
			continue // replaced by mode=ro
		}
		set[k] = true
		params = append(params, p)
	}
	add := func(key, param string) {
		if !set[key] {
			params = append(params, param)
		}
	}
	add("_pragma=busy_timeout", "_pragma=busy_timeout("+fmt.Sprint(sqliteBusyTimeout.Milliseconds())+")")
	add("_pragma=foreign_keys", "_pragma=foreign_keys(1)")
	if readOnly {
		if !t.memory {
			params = append(params, "mode=ro")
		}
		if immutable {
			add("immutable", "immutable=1")
		}
	} else {
		add("_pragma=journal_mode", "_pragma=journal_mode(WAL)")
		add("_pragma=synchronous", "_pragma=synchronous(NORMAL)")
		add("_txlock", "_txlock=immediate")
	}
	return base + "?" + strings.Join(params, "&")
}
