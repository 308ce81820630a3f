// Package store keeps the history of audits (--store DSN): every report,
// and the facts a dashboard or a trend needs in tables of their own, in an
// embedded SQLite file (a path, sqlite://PATH or a SQLite URI
// file:PATH?QUERY; modernc.org/sqlite, pure Go) or in PostgreSQL
// (postgres://..., postgresql://... or a keyword/value DSN such as
// "host=db dbname=history user=privaudit"; pgx). One code base serves both
// over database/sql; the few differences (placeholders, timestamp, blob,
// boolean and auto-increment types) live in a small dialect table.
//
// # Tables
//
// The tables and columns below are a contract: Grafana dashboards and
// other tools query them directly. Later versions add tables, columns and
// indexes; they never rename or drop one without a new major schema
// version, which older privaudits refuse to open. Times are timestamptz in
// PostgreSQL and ISO 8601 text in UTC with milliseconds
// ("2006-01-02T15:04:05.000Z", which sorts as text) in SQLite; booleans
// are BOOLEAN in PostgreSQL and INTEGER 0 or 1 in SQLite.
//
// schema_version: one row per migration step applied.
//   - version: the step's number (1, 2, ...); the store's version is the
//     highest.
//   - major: the major schema version of the privaudit that applied it; a
//     privaudit refuses a store whose highest major exceeds its own.
//   - applied_at: when the step was applied.
//
// sites: one row per site.
//   - site: the key (primary key): the lower-case host without port,
//     trailing dots and leading "www." labels (see SiteKey).
//   - origin: the origin of the site's first saved audit.
//   - first_seen: when the site's earliest audit started (an older audit
//     saved later lowers it).
//
// audits: one row per audit, including audits of unreachable sites (error
// set, score 0, no check results: "error audits"). An error audit is no
// audit to compare with: it is never the previous audit below.
//   - id: the audit's ID (auto-increment primary key).
//   - site: the site (references sites.site).
//   - origin, target: the report's origin and the target audited.
//   - started_at: when the audit started; audits are ordered by it.
//   - duration_ms: how long it took, in milliseconds.
//   - tool_version: the privaudit version that made it.
//   - mode: static or browser ("" when the report does not say).
//   - score: 0 to 100; grade: A to F.
//   - complete: whether the crawl finished within its limits.
//   - error: why the site could not be audited ("" when it was).
//   - gate_passed: the CI gate's verdict; NULL when no gate was evaluated.
//   - findings: the audit's findings (suppressed ones not counted).
//   - findings_new, findings_fixed: findings whose fingerprint the site's
//     previous audit (by started_at, then id; not an error audit) lacked,
//     and the previous audit's findings that are gone; both 0 for a site's
//     first audit and for an error audit. Computed when the audit is saved,
//     and corrected when an older audit is saved later (an import out of
//     order).
//   - policy_hash: the hash of the privacy policy version read (see
//     policy_texts); "" when none was read.
//   - policy_changed: whether policy_hash differs from the newest non-empty
//     policy_hash of the site's earlier audits that are not error audits
//     (false when it is "", when there is none, and for an error audit);
//     corrected, as the counts are, when an older audit is saved later.
//   - policy_last_updated: the "last updated" date the policy states
//     (YYYY-MM-DD), "" when none.
//   - report: the whole JSON report, gzip-compressed (BLOB, BYTEA).
//
// check_results: one row per check of an audit.
//   - audit_id: the audit (references audits.id); ordinal: the check's
//     position in the report (from 0); together the primary key.
//   - check_id: the check's stable ID; name: its passing title.
//   - status: pass, warn, fail, not-applicable, informative or error.
//   - score: 0 to 1; NULL when the check was not scored.
//   - weight: the check's weight in the audit's score (0: informative).
//   - severity: the severity of its findings (info, low, medium, high,
//     critical).
//   - findings: how many findings it reported.
//
// findings: one row per finding of an audit (not the suppressed ones).
//   - audit_id: the audit; check_id: the check that reported it.
//   - fingerprint: identifies the finding across audits.
//   - severity, url, subject ("" when none), message: as in the report.
//
// cookies: one row per cookie the audited site set.
//   - audit_id: the audit; name, domain: the cookie's name and domain as set.
//   - category: its catalogue category ("" when unknown).
//   - explained: whether the policy explains it.
//   - first_party: whether its domain belongs to the site (false: a
//     third-party cookie).
//
// third_parties: one row per other host the site's pages use.
//   - audit_id: the audit; host: the host.
//   - service, category: what the catalogue knows of it ("" when nothing).
//   - requires_disclosure: whether the pages make visitors contact it (they
//     load it or send a form to it).
//   - disclosed: whether the policy names it.
//
// policy_texts: one row per distinct version of a privacy policy, stored
// once whatever the number of audits (or sites) that read it.
//   - hash: the hex SHA-256 of the normalised text (primary key).
//   - text: the normalised sentences, one per line.
//   - url, language (ISO 639-1), words, last_updated: as first seen.
//   - first_seen: when the first audit that read it started.
//
// policy_aspects: one row per aspect a policy version covers.
//   - hash: the version (references policy_texts.hash); aspect: the
//     aspect's ID; together the primary key.
//
// The rows of check_results, findings, cookies and third_parties belong to
// their audit: deleting an audit deletes them (ON DELETE CASCADE). Indexes:
// audits (site, started_at, id), audits (started_at), check_results
// (check_id), findings (audit_id), cookies (audit_id), third_parties
// (audit_id).
//
// # Migrations and concurrency
//
// Open applies the missing numbered migration steps in one transaction,
// under the store's write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an
// advisory lock), so that processes opening a fresh store at once migrate
// it once. SQLite runs in WAL mode with a busy timeout of 10 s and write
// transactions that take the lock when they begin: several processes (and
// goroutines) can save into one file at once; readers never wait. In
// PostgreSQL, a save locks its site's row in sites first, so that the saves
// of one site run one after the other (and each compares with the audits
// saved before it).
//
// OpenReadOnly, for the commands that only read, changes nothing: no
// migration (a store of an older schema is read when it has the columns
// the queries read), SQLite opened with mode=ro and its journal mode left
// as it is, PostgreSQL sessions with default_transaction_read_only=on. A
// SQLite store in WAL mode needs its shared-memory file (PATH-shm) beside
// it; where it is missing and cannot be created (a read-only directory or
// file system), the file is opened immutable when nothing can be writing
// it: no PATH-wal, and a read-only file system or a file without write
// permission.
package store
