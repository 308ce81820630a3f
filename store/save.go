package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/privaudit/privaudit/policytext"
	"github.com/privaudit/privaudit/report"
	"github.com/privaudit/privaudit/scope"
)

// SiteKey returns the key a site is stored under: scope.SiteKey, the key
// baselines and diffs compare sites by too.
func SiteKey(originOrURLOrHost string) string { return scope.SiteKey(originOrURLOrHost) }

// maxParams caps the parameters of one multi-row INSERT (SQLite allows
// 32,766, PostgreSQL 65,535).
const maxParams = 8000

// Save stores an audit's report and the policy version it read (pol may be
// nil), in one transaction, and returns the audit's ID. A report whose
// Error is set (the site could not be audited) is stored too. The counts
// of new and fixed findings and whether the policy changed are computed
// against the site's previous audit (by start time) that is not an error
// audit; an error audit's are 0 and false. An audit older than some of the
// site's (an import out of order) also corrects the counts of the audit
// after it, which were against the one before it. On a store opened with
// OpenReadOnly, Save returns ErrReadOnly.
func (s *Store) Save(ctx context.Context, rep *report.Report, pol *policytext.Version) (int64, error) {
	if rep == nil {
		return 0, errors.New("saving an audit: no report")
	}
	if s.readOnly {
		return 0, fmt.Errorf("saving an audit in %s: %w", s.redacted, ErrReadOnly)
	}
	site := SiteKey(rep.Origin)
	if site == "" {
		site = SiteKey(rep.Target)
	}
	if site == "" {
		return 0, errors.New("saving an audit: the report names no site (no origin, no target)")
	}
	blob, err := compressReport(rep)
	if err != nil {
		return 0, fmt.Errorf("saving the audit of %s: %w", site, err)
	}
	if pol != nil && pol.Hash == "" {
		pol = nil
	}
	id, err := s.save(ctx, site, rep, pol, blob)
	if err != nil {
		return 0, fmt.Errorf("saving the audit of %s in %s: %w", site, s.redacted, err)
	}
	return id, nil
}

// compressReport returns the report as gzip-compressed JSON: compact JSON
// (the same report as the indented file, a third of the time to write)
// at gzip's fastest level, so that storing adds little to an audit's time.
func compressReport(rep *report.Report) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err != nil {
		return nil, fmt.Errorf("compressing the report: %w", err)
	}
	if err := json.NewEncoder(zw).Encode(rep); err != nil {
		return nil, fmt.Errorf("encoding the report: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compressing the report: %w", err)
	}
	return buf.Bytes(), nil
}

func (s *Store) save(ctx context.Context, site string, rep *report.Report, pol *policytext.Version, blob []byte) (int64, error) {
	d := s.d
	started := d.time(rep.StartedAt)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()

	// The site, its first_seen lowered when this audit is older than its
	// first. The upsert locks the site's row until the end of the
	// transaction (PostgreSQL; SQLite's transactions take the write lock
	// when they begin), so that the saves of one site run one after the
	// other and each sees the audits saved before it.
	if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO sites (site, origin, first_seen) VALUES (?, ?, ?)
		ON CONFLICT (site) DO UPDATE SET first_seen = excluded.first_seen WHERE excluded.first_seen < sites.first_seen`),
		site, rep.Origin, started); err != nil {
		return 0, fmt.Errorf("adding the site: %w", err)
	}

	// The previous audit (by start time, the earlier saved first on a
	// tie; not an error audit), its findings, and the newest earlier
	// policy hash. An error audit is compared with nothing.
	findings := rep.AllFindings()
	cur := make(map[string]bool, len(findings))
	for _, f := range findings {
		cur[f.Fingerprint] = true
	}
	ok := rep.Error == ""
	newCount, fixedCount := 0, 0
	if ok {
		var prevID int64
		err = tx.QueryRowContext(ctx, d.q(`SELECT id FROM audits WHERE site = ? AND error = '' AND started_at <= ? ORDER BY started_at DESC, id DESC LIMIT 1`),
			site, started).Scan(&prevID)
		if err != nil && !errNoRows(err) {
			return 0, fmt.Errorf("reading the previous audit: %w", err)
		}
		if prevID != 0 {
			prev, err := querySet(ctx, tx, d.q(`SELECT fingerprint FROM findings WHERE audit_id = ?`), prevID)
			if err != nil {
				return 0, fmt.Errorf("reading the previous audit's findings: %w", err)
			}
			newCount, fixedCount = diffCounts(cur, prev)
		}
	}
	hash, lastUpdated := "", rep.Policy.LastUpdated
	changed := false
	if pol != nil {
		hash, lastUpdated = pol.Hash, pol.LastUpdated
	}
	if ok && hash != "" {
		var prevHash string
		err := tx.QueryRowContext(ctx, d.q(`SELECT policy_hash FROM audits WHERE site = ? AND error = '' AND started_at <= ? AND policy_hash <> '' ORDER BY started_at DESC, id DESC LIMIT 1`),
			site, started).Scan(&prevHash)
		if err != nil && !errNoRows(err) {
			return 0, fmt.Errorf("reading the previous policy version: %w", err)
		}
		changed = prevHash != "" && prevHash != hash
	}
	var gate sql.NullBool
	if rep.Gate != nil {
		gate = sql.NullBool{Bool: rep.Gate.Passed, Valid: true}
	}
	mode := ""
	if rep.Settings != nil {
		mode = rep.Settings.Mode
	}

	var id int64
	err = tx.QueryRowContext(ctx, d.q(`INSERT INTO audits (site, origin, target, started_at, duration_ms, tool_version, mode,
		score, grade, complete, error, gate_passed, findings, findings_new, findings_fixed,
		policy_hash, policy_changed, policy_last_updated, report)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		site, rep.Origin, rep.Target, started, rep.DurationMS, rep.Tool.Version, mode,
		rep.Score, rep.Grade, rep.Complete, rep.Error, gate, len(findings), newCount, fixedCount,
		hash, changed, lastUpdated, blob).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("adding the audit: %w", err)
	}

	checks := make([][]any, 0, len(rep.Checks))
	for i, c := range rep.Checks {
		var score sql.NullFloat64
		if c.Score != nil {
			score = sql.NullFloat64{Float64: *c.Score, Valid: true}
		}
		checks = append(checks, []any{id, i, c.ID, c.Name, string(c.Status), score, c.Weight, string(c.Severity), len(c.Findings)})
	}
	if err := s.insertRows(ctx, tx, "check_results", []string{"audit_id", "ordinal", "check_id", "name", "status", "score", "weight", "severity", "findings"}, checks); err != nil {
		return 0, err
	}
	rows := make([][]any, 0, len(findings))
	for _, f := range findings {
		rows = append(rows, []any{id, f.CheckID, f.Fingerprint, string(f.Severity), f.URL, f.Subject, f.Message})
	}
	if err := s.insertRows(ctx, tx, "findings", []string{"audit_id", "check_id", "fingerprint", "severity", "url", "subject", "message"}, rows); err != nil {
		return 0, err
	}
	rows = rows[:0]
	var sc *scope.Scope
	if o, err := url.Parse(rep.Origin); err == nil && o.Host != "" {
		sc = scope.New(o, nil, false)
	}
	for _, c := range rep.Cookies {
		domain := strings.TrimPrefix(strings.ToLower(c.Domain), ".")
		first := sc != nil && sc.FirstParty(domain) || sc == nil && SiteKey(domain) == site
		rows = append(rows, []any{id, c.Name, c.Domain, c.Category, c.Explained, first})
	}
	if err := s.insertRows(ctx, tx, "cookies", []string{"audit_id", "name", "domain", "category", "explained", "first_party"}, rows); err != nil {
		return 0, err
	}
	rows = rows[:0]
	for _, t := range rep.ThirdParties {
		rows = append(rows, []any{id, t.Host, t.Service, t.Category, t.RequiresDisclosure, t.Disclosed})
	}
	if err := s.insertRows(ctx, tx, "third_parties", []string{"audit_id", "host", "service", "category", "requires_disclosure", "disclosed"}, rows); err != nil {
		return 0, err
	}

	if ok {
		if err := s.updateNext(ctx, tx, site, id, started, cur, hash); err != nil {
			return 0, err
		}
	}

	if pol != nil {
		res, err := tx.ExecContext(ctx, d.q(`INSERT INTO policy_texts (hash, text, url, language, words, last_updated, first_seen)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`),
			pol.Hash, strings.Join(pol.Sentences, "\n"), pol.URL, pol.Language, pol.Words, pol.LastUpdated, started)
		if err != nil {
			return 0, fmt.Errorf("adding the policy text: %w", err)
		}
		if n, err := res.RowsAffected(); err == nil && n > 0 {
			rows = rows[:0]
			seen := map[string]bool{}
			for _, a := range pol.Aspects {
				if !seen[a] {
					seen[a] = true
					rows = append(rows, []any{pol.Hash, a})
				}
			}
			if err := s.insertRows(ctx, tx, "policy_aspects", []string{"hash", "aspect"}, rows); err != nil {
				return 0, err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("committing: %w", err)
	}
	return id, nil
}

// diffCounts returns how many fingerprints of cur prev lacks (new
// findings) and how many of prev cur lacks (fixed ones).
func diffCounts(cur, prev map[string]bool) (newCount, fixedCount int) {
	for fp := range cur {
		if !prev[fp] {
			newCount++
		}
	}
	for fp := range prev {
		if !cur[fp] {
			fixedCount++
		}
	}
	return newCount, fixedCount
}

// updateNext corrects, after audit id (not an error audit, started at
// started, with the findings' fingerprints cur and policy hash) was
// inserted before some of the site's audits, what the audits after it
// compared with the audit before it: the new and fixed findings of the
// next audit that is not an error audit, and whether the policy changed
// in the next one that read a policy (when this one read one).
func (s *Store) updateNext(ctx context.Context, tx *sql.Tx, site string, id int64, started any, cur map[string]bool, hash string) error {
	d := s.d
	after := `site = ? AND error = '' AND (started_at > ? OR started_at = ? AND id > ?)`
	var next int64
	err := tx.QueryRowContext(ctx, d.q(`SELECT id FROM audits WHERE `+after+` ORDER BY started_at, id LIMIT 1`),
		site, started, started, id).Scan(&next)
	if errNoRows(err) {
		return nil // the newest audit: nothing after it
	}
	if err != nil {
		return fmt.Errorf("reading the next audit: %w", err)
	}
	nextFPs, err := querySet(ctx, tx, d.q(`SELECT fingerprint FROM findings WHERE audit_id = ?`), next)
	if err != nil {
		return fmt.Errorf("reading the next audit's findings: %w", err)
	}
	newCount, fixedCount := diffCounts(nextFPs, cur)
	if _, err := tx.ExecContext(ctx, d.q(`UPDATE audits SET findings_new = ?, findings_fixed = ? WHERE id = ?`), newCount, fixedCount, next); err != nil {
		return fmt.Errorf("updating the next audit's counts: %w", err)
	}
	if hash == "" {
		return nil
	}
	var nextPol int64
	var nextHash string
	err = tx.QueryRowContext(ctx, d.q(`SELECT id, policy_hash FROM audits WHERE `+after+` AND policy_hash <> '' ORDER BY started_at, id LIMIT 1`),
		site, started, started, id).Scan(&nextPol, &nextHash)
	if errNoRows(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading the next policy version: %w", err)
	}
	if _, err := tx.ExecContext(ctx, d.q(`UPDATE audits SET policy_changed = ? WHERE id = ?`), nextHash != hash, nextPol); err != nil {
		return fmt.Errorf("updating the next audit's policy change: %w", err)
	}
	return nil
}

// insertRows inserts rows into table, many per statement.
func (s *Store) insertRows(ctx context.Context, tx *sql.Tx, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	per := max(1, maxParams/len(cols))
	tuple := "(" + strings.Repeat("?, ", len(cols)-1) + "?)"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		var b strings.Builder
		b.Grow(len(head) + len(chunk)*(len(tuple)+2))
		b.WriteString(head)
		args := make([]any, 0, len(chunk)*len(cols))
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tuple)
			args = append(args, r...)
		}
		if _, err := tx.ExecContext(ctx, s.d.q(b.String()), args...); err != nil {
			return fmt.Errorf("adding %s: %w", strings.ReplaceAll(table, "_", " "), err)
		}
	}
	return nil
}

// querier is what runs a query: the store's *sql.DB, or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// querySet returns the first column of a query's rows (query already in the
// store's dialect) as a set.
func querySet(ctx context.Context, q querier, query string, args ...any) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	set := map[string]bool{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		set[v] = true
	}
	return set, rows.Err()
}
