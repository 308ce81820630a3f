package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/privaudit/privaudit/policytext"
	"github.com/privaudit/privaudit/report"
)

// auditCols are the columns of an Audit, in scanAudit's order.
const auditCols = `id, site, origin, target, started_at, duration_ms, tool_version, mode, score, grade, complete, error,
	gate_passed, findings, findings_new, findings_fixed, policy_hash, policy_changed, policy_last_updated`

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// scanAudit reads the auditCols of a row, after the extra destinations.
func scanAudit(sc scanner, extra ...any) (Audit, error) {
	var a Audit
	var gate sql.NullBool
	dest := append(slices.Clip(extra), &a.ID, &a.Site, &a.Origin, &a.Target, timeScanner{&a.StartedAt}, &a.DurationMS, &a.ToolVersion, &a.Mode,
		&a.Score, &a.Grade, &a.Complete, &a.Error, &gate, &a.Findings, &a.New, &a.Fixed,
		&a.PolicyHash, &a.PolicyChanged, &a.PolicyLastUpdated)
	if err := sc.Scan(dest...); err != nil {
		return Audit{}, err
	}
	if gate.Valid {
		a.GatePassed = &gate.Bool
	}
	return a, nil
}

// Latest returns the report of the site's newest audit (by start time)
// that is not an error audit (the site was reached), or with passingOnly
// of its newest audit whose gate passed. The site is a host, URL or origin
// (see SiteKey). It returns ErrNotFound when there is none.
func (s *Store) Latest(ctx context.Context, site string, passingOnly bool) (*report.Report, error) {
	key := SiteKey(site)
	where, args, what := "site = ? AND error = ''", []any{key}, "audit"
	if passingOnly {
		where, args, what = where+" AND gate_passed = ?", append(args, true), "passing audit"
	}
	query := `SELECT id, report FROM audits WHERE ` + where + ` ORDER BY started_at DESC, id DESC LIMIT 1`
	var id int64
	var blob []byte
	err := s.db.QueryRowContext(ctx, s.d.q(query), args...).Scan(&id, &blob)
	if errNoRows(err) {
		return nil, notFound("no %s of %s in the store", what, key)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the latest %s of %s: %w", what, key, err)
	}
	rep, err := decodeReport(blob)
	if err != nil {
		return nil, fmt.Errorf("reading audit %d: %w", id, err)
	}
	return rep, nil
}

// LatestPolicy returns the policy version that the site's newest audit
// with a policy read (its LastUpdated the date that audit's policy stated),
// and when that audit started. It returns ErrNotFound when no audit of the
// site read a policy.
func (s *Store) LatestPolicy(ctx context.Context, site string) (*policytext.Previous, error) {
	key := SiteKey(site)
	var hash, lastUpdated string
	var seen time.Time
	err := s.db.QueryRowContext(ctx, s.d.q(`SELECT policy_hash, policy_last_updated, started_at FROM audits
		WHERE site = ? AND policy_hash <> '' AND error = '' ORDER BY started_at DESC, id DESC LIMIT 1`), key).
		Scan(&hash, &lastUpdated, timeScanner{&seen})
	if errNoRows(err) {
		return nil, notFound("no policy of %s in the store", key)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the latest policy of %s: %w", key, err)
	}
	v, err := s.PolicyText(ctx, hash)
	if err != nil {
		return nil, err
	}
	v.LastUpdated = lastUpdated
	return &policytext.Previous{Version: v, Seen: seen}, nil
}

// Earlier returns the site's last n audits (all when n <= 0) that are not
// error audits (an unreachable site's score of 0 is no point of a trend),
// oldest first, as a report's history lists them.
func (s *Store) Earlier(ctx context.Context, site string, n int) ([]report.HistoryPoint, error) {
	key := SiteKey(site)
	query := `SELECT started_at, score, grade, complete, gate_passed FROM audits WHERE site = ? AND error = '' ORDER BY started_at DESC, id DESC`
	if n > 0 {
		query += fmt.Sprintf(" LIMIT %d", n)
	}
	rows, err := s.db.QueryContext(ctx, s.d.q(query), key)
	if err != nil {
		return nil, fmt.Errorf("reading the audits of %s: %w", key, err)
	}
	defer rows.Close()
	points := []report.HistoryPoint{}
	for rows.Next() {
		var p report.HistoryPoint
		var gate sql.NullBool
		if err := rows.Scan(timeScanner{&p.StartedAt}, &p.Score, &p.Grade, &p.Complete, &gate); err != nil {
			return nil, fmt.Errorf("reading the audits of %s: %w", key, err)
		}
		if gate.Valid {
			p.GatePassed = &gate.Bool
		}
		points = append(points, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the audits of %s: %w", key, err)
	}
	slices.Reverse(points)
	return points, nil
}

// Audits returns the site's audits (every site's when site is ""), newest
// first: those started at or after since (all when since is zero), at
// most limit of them (all when limit <= 0).
func (s *Store) Audits(ctx context.Context, site string, since time.Time, limit int) ([]Audit, error) {
	var where []string
	var args []any
	key := SiteKey(site)
	if key != "" {
		where = append(where, "site = ?")
		args = append(args, key)
	}
	if !since.IsZero() {
		where = append(where, "started_at >= ?")
		args = append(args, s.d.time(since))
	}
	query := `SELECT ` + auditCols + ` FROM audits`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY started_at DESC, id DESC"
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	list, err := s.audits(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("reading the audits of %s: %w", orAll(key), err)
	}
	return list, nil
}

// orAll returns key, or "every site" for "".
func orAll(key string) string {
	if key == "" {
		return "every site"
	}
	return key
}

// audits runs a query of auditCols.
func (s *Store) audits(ctx context.Context, query string, args ...any) ([]Audit, error) {
	rows, err := s.db.QueryContext(ctx, s.d.q(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []Audit{}
	for rows.Next() {
		a, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}

// Audit returns the audit id, or ErrNotFound.
func (s *Store) Audit(ctx context.Context, id int64) (*Audit, error) {
	a, err := scanAudit(s.db.QueryRowContext(ctx, s.d.q(`SELECT `+auditCols+` FROM audits WHERE id = ?`), id))
	if errNoRows(err) {
		return nil, notFound("no audit %d in the store", id)
	}
	if err != nil {
		return nil, fmt.Errorf("reading audit %d: %w", id, err)
	}
	return &a, nil
}

// Has reports whether the store holds an audit of site that started at
// started (to the millisecond, as the store keeps times): import's test
// for a report stored before.
func (s *Store) Has(ctx context.Context, site string, started time.Time) (bool, error) {
	var one int
	err := s.db.QueryRowContext(ctx, s.d.q(`SELECT 1 FROM audits WHERE site = ? AND started_at = ? LIMIT 1`),
		SiteKey(site), s.d.time(started)).Scan(&one)
	switch {
	case errNoRows(err):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("looking for an audit of %s: %w", SiteKey(site), err)
	}
	return true, nil
}

// Report returns the report of audit id as it was saved, or ErrNotFound.
func (s *Store) Report(ctx context.Context, id int64) (*report.Report, error) {
	var blob []byte
	err := s.db.QueryRowContext(ctx, s.d.q(`SELECT report FROM audits WHERE id = ?`), id).Scan(&blob)
	if errNoRows(err) {
		return nil, notFound("no audit %d in the store", id)
	}
	if err != nil {
		return nil, fmt.Errorf("reading audit %d: %w", id, err)
	}
	rep, err := decodeReport(blob)
	if err != nil {
		return nil, fmt.Errorf("reading audit %d: %w", id, err)
	}
	return rep, nil
}

// decodeReport reads a stored report: gzip-compressed JSON.
func decodeReport(blob []byte) (*report.Report, error) {
	zr, err := gzip.NewReader(bytes.NewReader(blob))
	if err != nil {
		return nil, fmt.Errorf("decompressing the report: %w", err)
	}
	defer zr.Close()
	return report.Decode(zr)
}

// Sites returns every site of the store, sorted by site, with its number
// of audits, its latest audit and the scores of its last spark audits,
// oldest first.
func (s *Store) Sites(ctx context.Context, spark int) ([]Site, error) {
	rows, err := s.db.QueryContext(ctx, s.d.q(`SELECT n, rn, `+auditCols+` FROM (
		SELECT `+auditCols+`,
			ROW_NUMBER() OVER (PARTITION BY site ORDER BY started_at DESC, id DESC) AS rn,
			COUNT(*) OVER (PARTITION BY site) AS n
		FROM audits) t
		WHERE rn <= ? ORDER BY site, rn`), max(spark, 1))
	if err != nil {
		return nil, fmt.Errorf("reading the sites: %w", err)
	}
	defer rows.Close()
	sites := []Site{}
	for rows.Next() {
		var n, rn int
		a, err := scanAudit(rows, &n, &rn)
		if err != nil {
			return nil, fmt.Errorf("reading the sites: %w", err)
		}
		if rn == 1 {
			sites = append(sites, Site{Site: a.Site, Audits: n, Latest: a, Scores: []float64{}})
		}
		// An audit that could not reach the site has no score to draw
		// (its 0 is not the site's).
		if spark > 0 && len(sites) > 0 && a.Error == "" {
			last := &sites[len(sites)-1]
			last.Scores = append(last.Scores, a.Score)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the sites: %w", err)
	}
	for i := range sites {
		slices.Reverse(sites[i].Scores)
	}
	return sites, nil
}

// CheckScores returns each check's results over the site's last limit
// audits (all when limit <= 0), each series oldest first. The series come
// in the order of the checks of the newest audit that has checks, then
// checks only older audits ran, newest first.
func (s *Store) CheckScores(ctx context.Context, site string, limit int) ([]CheckSeries, error) {
	key := SiteKey(site)
	audits := `SELECT id, started_at FROM audits WHERE site = ?`
	if limit > 0 {
		audits += fmt.Sprintf(" ORDER BY started_at DESC, id DESC LIMIT %d", limit)
	}
	return s.checkScores(ctx, key, audits, []any{key}, max(limit, 0))
}

// CheckScoresOf is CheckScores over the site's audits whose IDs are ids
// (a sample of a long history, for a chart); IDs of other sites are
// ignored.
func (s *Store) CheckScoresOf(ctx context.Context, site string, ids []int64) ([]CheckSeries, error) {
	key := SiteKey(site)
	if len(ids) == 0 {
		return []CheckSeries{}, nil
	}
	args := []any{key}
	marks := make([]string, len(ids))
	for i, id := range ids {
		marks[i] = "?"
		args = append(args, id)
	}
	return s.checkScores(ctx, key, `SELECT id, started_at FROM audits WHERE site = ? AND id IN (`+strings.Join(marks, ", ")+`)`, args, len(ids))
}

// checkScores reads the check results of the audits that the query audits
// (selecting id and started_at) returns, with when each audit started, in
// one statement (an audit saved meanwhile is in both or in neither). size
// is how many audits there may be at most (0: unknown).
func (s *Store) checkScores(ctx context.Context, key, audits string, args []any, size int) ([]CheckSeries, error) {
	fail := func(err error) ([]CheckSeries, error) {
		return nil, fmt.Errorf("reading the check results of %s: %w", key, err)
	}
	size = min(size, 1024) // a caller's limit, not a count: no huge blocks
	// Few columns: with 1,000 audits of 20 checks, the cost is per column
	// of each row.
	rows, err := s.db.QueryContext(ctx, s.d.q(`SELECT a.id, a.started_at, c.check_id, c.status, c.score
		FROM (`+audits+`) a JOIN check_results c ON c.audit_id = a.id
		ORDER BY a.started_at, a.id, c.ordinal`), args...)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	// Oldest audit first, each audit's checks in order. A series' rank is
	// its check's place in the newest audit that ran it. Check IDs and
	// statuses are read as bytes and interned, scores allocated in one
	// block, an audit's start time parsed once: a row costs few
	// allocations.
	type rank struct{ audit, ordinal int }
	index := map[string]int{}
	statuses := map[string]string{}
	series := []CheckSeries{}
	var ranks []rank
	var scores []float64
	var lastID int64
	var started time.Time
	audit, ordinal := -1, 0
	var check, status sql.RawBytes
	ts := &repeatTimeScanner{t: &started}
	var id int64              // out of the loop: Scan's destinations
	var score sql.NullFloat64 // escape, a row would allocate them
	for rows.Next() {
		if err := rows.Scan(&id, ts, &check, &status, &score); err != nil {
			return fail(err)
		}
		if audit < 0 || id != lastID {
			lastID, ordinal = id, 0
			audit++
		}
		i, ok := index[string(check)]
		if !ok {
			i = len(series)
			index[string(check)] = i
			series = append(series, CheckSeries{CheckID: string(check), Points: make([]CheckPoint, 0, size)})
			ranks = append(ranks, rank{})
		}
		st, ok := statuses[string(status)]
		if !ok {
			st = string(status)
			statuses[st] = st
		}
		p := CheckPoint{AuditID: id, StartedAt: started, Status: st}
		if score.Valid {
			if len(scores) == cap(scores) {
				scores = make([]float64, 0, 1024)
			}
			scores = append(scores, score.Float64)
			p.Score = &scores[len(scores)-1]
		}
		series[i].Points = append(series[i].Points, p)
		ranks[i] = rank{audit, ordinal}
		ordinal++
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	order := make([]int, len(series))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if ranks[a].audit != ranks[b].audit {
			return ranks[b].audit - ranks[a].audit
		}
		return ranks[a].ordinal - ranks[b].ordinal
	})
	out := make([]CheckSeries, len(series))
	for i, j := range order {
		out[i] = series[j]
	}
	return out, nil
}

// Changes returns what changed between audit id and the site's audit just
// before it (by start time) that is not an error audit: findings (by
// fingerprint), cookies and third-party hosts. For a site's first audit
// and for an error audit (nothing was audited to compare), Previous is nil
// and the lists are empty. It returns ErrNotFound when there is no audit
// id.
func (s *Store) Changes(ctx context.Context, id int64) (*Changes, error) {
	cur, err := s.Audit(ctx, id)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Changes, error) {
		return nil, fmt.Errorf("comparing audit %d with the one before: %w", id, err)
	}
	ch := &Changes{
		NewFindings: []Finding{}, FixedFindings: []Finding{},
		CookiesAdded: []string{}, CookiesRemoved: []string{},
		ThirdPartiesAdded: []string{}, ThirdPartiesRemoved: []string{},
	}
	if cur.Error != "" {
		return ch, nil
	}
	prevs, err := s.audits(ctx, `SELECT `+auditCols+` FROM audits
		WHERE site = ? AND error = '' AND (started_at < ? OR started_at = ? AND id < ?)
		ORDER BY started_at DESC, id DESC LIMIT 1`,
		cur.Site, s.d.time(cur.StartedAt), s.d.time(cur.StartedAt), cur.ID)
	if err != nil {
		return fail(err)
	}
	if len(prevs) == 0 {
		return ch, nil
	}
	prev := prevs[0]
	ch.Previous = &prev

	curF, err := s.findings(ctx, cur.ID)
	if err != nil {
		return fail(err)
	}
	prevF, err := s.findings(ctx, prev.ID)
	if err != nil {
		return fail(err)
	}
	ch.NewFindings = findingsNotIn(curF, prevF)
	ch.FixedFindings = findingsNotIn(prevF, curF)

	cookieKeys := `SELECT name || '@' || domain FROM cookies WHERE audit_id = ?`
	ch.CookiesAdded, ch.CookiesRemoved, err = s.setChanges(ctx, cookieKeys, cur.ID, prev.ID)
	if err != nil {
		return fail(err)
	}
	ch.ThirdPartiesAdded, ch.ThirdPartiesRemoved, err = s.setChanges(ctx, `SELECT host FROM third_parties WHERE audit_id = ?`, cur.ID, prev.ID)
	if err != nil {
		return fail(err)
	}
	return ch, nil
}

// findings returns the findings of an audit, in the order they were saved.
func (s *Store) findings(ctx context.Context, auditID int64) ([]Finding, error) {
	rows, err := s.db.QueryContext(ctx, s.d.q(`SELECT check_id, fingerprint, severity, url, subject, message FROM findings WHERE audit_id = ?`), auditID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []Finding
	for rows.Next() {
		var f Finding
		if err := rows.Scan(&f.CheckID, &f.Fingerprint, &f.Severity, &f.URL, &f.Subject, &f.Message); err != nil {
			return nil, err
		}
		list = append(list, f)
	}
	return list, rows.Err()
}

// findingsNotIn returns the findings of a whose fingerprint b lacks, one
// per fingerprint.
func findingsNotIn(a, b []Finding) []Finding {
	in := make(map[string]bool, len(b))
	for _, f := range b {
		in[f.Fingerprint] = true
	}
	out := []Finding{}
	for _, f := range a {
		if !in[f.Fingerprint] {
			in[f.Fingerprint] = true
			out = append(out, f)
		}
	}
	return out
}

// setChanges runs query (one string per row, for an audit ID) for two
// audits and returns what cur has that prev lacks and the reverse, sorted.
func (s *Store) setChanges(ctx context.Context, query string, cur, prev int64) (added, removed []string, err error) {
	a, err := querySet(ctx, s.db, s.d.q(query), cur)
	if err != nil {
		return nil, nil, err
	}
	b, err := querySet(ctx, s.db, s.d.q(query), prev)
	if err != nil {
		return nil, nil, err
	}
	return setMinus(a, b), setMinus(b, a), nil
}

// setMinus returns the members of a not in b, sorted (never nil).
func setMinus(a, b map[string]bool) []string {
	out := []string{}
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// PolicyVersions returns the versions of the site's policy, oldest first:
// consecutive audits (of those that read a policy) with the same hash form
// one version, so that A, A, B, B, A are three versions. Each version's
// aspects gained and lost are against the version before it.
func (s *Store) PolicyVersions(ctx context.Context, site string) ([]PolicyVersion, error) {
	key := SiteKey(site)
	fail := func(err error) ([]PolicyVersion, error) {
		return nil, fmt.Errorf("reading the policy versions of %s: %w", key, err)
	}
	rows, err := s.db.QueryContext(ctx, s.d.q(`SELECT id, started_at, policy_hash, policy_last_updated FROM audits
		WHERE site = ? AND policy_hash <> '' ORDER BY started_at, id`), key)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	versions := []PolicyVersion{}
	for rows.Next() {
		var id int64
		var started time.Time
		var hash, lastUpdated string
		if err := rows.Scan(&id, timeScanner{&started}, &hash, &lastUpdated); err != nil {
			return fail(err)
		}
		if n := len(versions); n > 0 && versions[n-1].Hash == hash {
			versions[n-1].LastSeen = started
			versions[n-1].Audits++
			continue
		}
		versions = append(versions, PolicyVersion{Hash: hash, FirstSeen: started, LastSeen: started, FirstAuditID: id, Audits: 1, LastUpdated: lastUpdated})
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	rows.Close()
	if len(versions) == 0 {
		return versions, nil
	}
	texts, err := s.policyTexts(ctx, key)
	if err != nil {
		return fail(err)
	}
	var before []string
	for i := range versions {
		v := &versions[i]
		t := texts[v.Hash]
		if t == nil {
			t = &policytext.Version{}
		}
		v.URL, v.Language, v.Words = t.URL, t.Language, t.Words
		v.Aspects = nonNil(t.Aspects)
		if i == 0 {
			v.AspectsGained, v.AspectsLost = []string{}, []string{}
		} else {
			gained, lost := policytext.AspectsDelta(&policytext.Version{Aspects: before}, &policytext.Version{Aspects: v.Aspects})
			v.AspectsGained, v.AspectsLost = nonNil(gained), nonNil(lost)
		}
		before = v.Aspects
	}
	return versions, nil
}

// policyTexts returns the stored versions (without their text) of the
// policies the site's audits read, by hash.
func (s *Store) policyTexts(ctx context.Context, key string) (map[string]*policytext.Version, error) {
	sub := `SELECT DISTINCT policy_hash FROM audits WHERE site = ? AND policy_hash <> ''`
	out := map[string]*policytext.Version{}
	rows, err := s.db.QueryContext(ctx, s.d.q(`SELECT hash, url, language, words, last_updated FROM policy_texts WHERE hash IN (`+sub+`)`), key)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		v := &policytext.Version{}
		if err := rows.Scan(&v.Hash, &v.URL, &v.Language, &v.Words, &v.LastUpdated); err != nil {
			return nil, err
		}
		out[v.Hash] = v
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, s.d.q(`SELECT hash, aspect FROM policy_aspects WHERE hash IN (`+sub+`) ORDER BY hash, aspect`), key)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var hash, aspect string
		if err := rows.Scan(&hash, &aspect); err != nil {
			return nil, err
		}
		if v := out[hash]; v != nil {
			v.Aspects = append(v.Aspects, aspect)
		}
	}
	return out, rows.Err()
}

// PolicyText returns the stored policy version of hash (its LastUpdated is
// the date the version stated when first seen), or ErrNotFound.
func (s *Store) PolicyText(ctx context.Context, hash string) (*policytext.Version, error) {
	v := &policytext.Version{Hash: hash}
	var text string
	err := s.db.QueryRowContext(ctx, s.d.q(`SELECT text, url, language, words, last_updated FROM policy_texts WHERE hash = ?`), hash).
		Scan(&text, &v.URL, &v.Language, &v.Words, &v.LastUpdated)
	if errNoRows(err) {
		return nil, notFound("no policy version %s in the store", hash)
	}
	if err != nil {
		return nil, fmt.Errorf("reading policy version %s: %w", hash, err)
	}
	v.Sentences = []string{}
	if text != "" {
		v.Sentences = strings.Split(text, "\n")
	}
	v.Aspects = []string{}
	rows, err := s.db.QueryContext(ctx, s.d.q(`SELECT aspect FROM policy_aspects WHERE hash = ? ORDER BY aspect`), hash)
	if err != nil {
		return nil, fmt.Errorf("reading policy version %s: %w", hash, err)
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, fmt.Errorf("reading policy version %s: %w", hash, err)
		}
		v.Aspects = append(v.Aspects, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading policy version %s: %w", hash, err)
	}
	return v, nil
}

// nonNil returns s, or an empty list for nil.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ParseSince reads a lower bound of time as history and serve take it: a
// date (2026-11-01, UTC), an RFC 3339 time, or a duration ago, Go's (12h)
// or a number of days (30d). The empty string is no bound (zero time).
func ParseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(days); err == nil && n >= 0 {
			return now.AddDate(0, 0, -n), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a date (2026-11-01), a time (RFC 3339) or a duration ago (30d, 12h)", s)
}
