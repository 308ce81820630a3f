package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/privaudit/privaudit/internal/pgtest"
	"github.com/privaudit/privaudit/policytext"
	"github.com/privaudit/privaudit/report"
	"github.com/privaudit/privaudit/store"
	"github.com/privaudit/privaudit/store/storetest"
	"github.com/privaudit/privaudit/verdict"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// day0 is when the first test audit started.
var day0 = time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)

// forEachDSN runs f against a new SQLite file and a new PostgreSQL
// database.
func forEachDSN(t *testing.T, f func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { f(t, filepath.Join(t.TempDir(), "history.db")) })
	t.Run("postgres", func(t *testing.T) { f(t, pgtest.DSN(t)) })
}

// forEachStore runs f against a new SQLite store and a new PostgreSQL
// store.
func forEachStore(t *testing.T, f func(t *testing.T, st *store.Store)) {
	t.Helper()
	forEachDSN(t, func(t *testing.T, dsn string) { f(t, open(t, dsn)) })
}

// open opens the store dsn, closed when the test ends.
func open(t testing.TB, dsn string) *store.Store {
	t.Helper()
	return opened(t, "Open", store.Open, dsn)
}

// opened opens the store dsn with the opener named name, closed when the
// test ends.
func opened(t testing.TB, name string, opener func(context.Context, string) (*store.Store, error), dsn string) *store.Store {
	t.Helper()
	st, err := opener(context.Background(), dsn)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	return st
}

// audit describes a small test report.
type audit struct {
	day          int
	score        float64
	gate         *bool // nil: no gate
	findings     []string
	cookies      []string // NAME@DOMAIN
	thirdParties []string
	err          string
}

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

// build returns the report of a, on site.
func (a audit) build(site string) *report.Report {
	origin := "https://www." + site
	rep := &report.Report{
		SchemaVersion: report.SchemaVersion,
		Tool:          report.Tool{Name: "privaudit", Version: "1.2.3"},
		Target:        origin + "/",
		Origin:        origin,
		StartedAt:     day0.Add(time.Duration(a.day) * 24 * time.Hour),
		FinishedAt:    day0.Add(time.Duration(a.day)*24*time.Hour + time.Minute),
		DurationMS:    60000,
		Complete:      a.err == "",
		Error:         a.err,
		Settings:      &report.Settings{Mode: "static", Weights: map[string]float64{}},
		DataSources:   []report.DataSource{},
		Score:         a.score,
		Grade:         "C",
		Checks:        []report.CheckResult{},
		Pages:         []report.PageSummary{},
		Cookies:       []report.CookieInfo{},
		ThirdParties:  []report.ThirdParty{},
		Warnings:      []string{},
		Suppressed:    []report.SuppressedFinding{},
	}
	if a.gate != nil {
		rep.Gate = &report.GateResult{Passed: *a.gate, FailOn: "none", Reasons: []string{}}
	}
	if a.err != "" {
		rep.Grade = "F"
		return rep
	}
	one := 1.0
	half := 0.5
	c := report.CheckResult{ID: "cookies-explained", Name: "Cookies explained", Status: verdict.Warn, Score: &half, Weight: 2, Severity: verdict.Medium}
	for _, s := range a.findings {
		u := origin + "/page"
		c.Findings = append(c.Findings, report.Finding{CheckID: c.ID, URL: u, Subject: s, Message: "cookie " + s + " not explained",
			Severity: verdict.Medium, Fingerprint: report.Fingerprint(c.ID, origin, u, s)})
	}
	rep.Checks = append(rep.Checks,
		report.CheckResult{ID: "privacy-policy-linked", Name: "Policy linked", Status: verdict.Pass, Score: &one, Weight: 3, Severity: verdict.High, Findings: []report.Finding{}},
		c,
		report.CheckResult{ID: "imprint", Name: "Imprint", Status: verdict.NotApplicable, Weight: 1, Severity: verdict.Low, Findings: []report.Finding{}})
	// A suppressed finding is not stored.
	rep.Suppressed = append(rep.Suppressed, report.SuppressedFinding{Finding: report.Finding{CheckID: c.ID, URL: origin, Subject: "ignored", Fingerprint: "ffff"}, Reason: "test"})
	for _, nd := range a.cookies {
		name, domain, _ := strings.Cut(nd, "@")
		rep.Cookies = append(rep.Cookies, report.CookieInfo{Name: name, Domain: domain, Category: "analytics", Explained: true})
	}
	for _, h := range a.thirdParties {
		rep.ThirdParties = append(rep.ThirdParties, report.ThirdParty{Host: h, Kinds: []string{"script"}, Loads: true, RequiresDisclosure: true})
	}
	return rep
}

// save saves the audits on site and returns their IDs.
func save(t *testing.T, st *store.Store, site string, audits ...audit) []int64 {
	t.Helper()
	var ids []int64
	for _, a := range audits {
		id, err := st.Save(context.Background(), a.build(site), nil)
		if err != nil {
			t.Fatalf("Save: %v", err)
		}
		ids = append(ids, id)
	}
	return ids
}

// jsonOf renders a report as the store encodes it.
func jsonOf(t *testing.T, rep *report.Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := (report.JSONRenderer{}).Render(&b, rep); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSiteKey(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.Example.org:8443/x":    "example.org",
		"example.org":                       "example.org",
		"WWW.example.org":                   "example.org",
		"www.example.org:80":                "example.org",
		"http://example.org.":               "example.org",
		"example.org/privacy?x=1":           "example.org",
		"https://user:pw@shop.example.org/": "shop.example.org",
		"http://[::1]:8080/":                "::1",
		"127.0.0.1:8080":                    "127.0.0.1",
		"  https://wwwexample.org ":         "wwwexample.org",
		"::1":                               "::1",
		"[::1]":                             "::1",
		"[2001:DB8::1]:443":                 "2001:db8::1",
		"":                                  "",
	} {
		if got := store.SiteKey(in); got != want {
			t.Errorf("SiteKey(%q) = %q, want %q", in, got, want)
		}
		// A key is its own key: history and serve take keys back.
		if got := store.SiteKey(want); got != want {
			t.Errorf("SiteKey(SiteKey(%q)) = %q, want %q", in, got, want)
		}
	}
}

func TestKindAndRedacted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	st := open(t, "sqlite://"+path)
	if st.Kind() != store.KindSQLite || st.Redacted() != "sqlite://"+path {
		t.Errorf("Kind, Redacted = %q, %q", st.Kind(), st.Redacted())
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("sqlite://PATH did not create PATH: %v", err)
	}
	pg := open(t, pgtest.DSN(t))
	if pg.Kind() != store.KindPostgres {
		t.Errorf("Kind = %q", pg.Kind())
	}
}

func TestInMemory(t *testing.T) {
	st := open(t, ":memory:")
	ctx := context.Background()
	save(t, st, "example.org", audit{day: 0, score: 10}, audit{day: 1, score: 20})
	// Queries on other connections would see another, empty database.
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			_, err := st.Latest(ctx, "example.org", false)
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	forEachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		rep := storetest.Report("example.org", 3, day0)
		rep.StartedAt = rep.StartedAt.Add(123456789 * time.Nanosecond) // more precise than a stored time
		pol := storetest.Policy("example.org", 3)
		id, err := st.Save(ctx, rep, pol)
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.Report(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if want, have := jsonOf(t, rep), jsonOf(t, got); !bytes.Equal(want, have) {
			t.Errorf("the stored report differs from the saved one:\n%.2000s\n---\n%.2000s", have, want)
		}
		a, err := st.Audit(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want := store.Audit{ID: id, Site: "example.org", Origin: rep.Origin, Target: rep.Target,
			StartedAt: rep.StartedAt.Truncate(time.Millisecond), DurationMS: rep.DurationMS, ToolVersion: rep.Tool.Version,
			Mode: "static", Score: rep.Score, Grade: rep.Grade, Complete: true, GatePassed: &rep.Gate.Passed,
			Findings: len(rep.AllFindings()), PolicyHash: pol.Hash, PolicyLastUpdated: pol.LastUpdated}
		if !reflect.DeepEqual(*a, want) {
			t.Errorf("Audit = %+v\nwant    %+v", *a, want)
		}
		if _, err := st.Report(ctx, id+100); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Report of a missing audit: %v, want ErrNotFound", err)
		}
		if _, err := st.Audit(ctx, id+100); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Audit of a missing audit: %v, want ErrNotFound", err)
		}
		// The rows of the tables.
		db := store.DB(st)
		counts := map[string]int{}
		for _, table := range []string{"check_results", "findings", "cookies", "third_parties", "policy_aspects"} {
			var n int
			if err := db.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			counts[table] = n
		}
		wantCounts := map[string]int{"check_results": len(rep.Checks), "findings": len(rep.AllFindings()),
			"cookies": len(rep.Cookies), "third_parties": len(rep.ThirdParties), "policy_aspects": len(pol.Aspects)}
		if !reflect.DeepEqual(counts, wantCounts) {
			t.Errorf("rows = %v, want %v", counts, wantCounts)
		}
		var first, third int
		if err := db.QueryRowContext(ctx, store.Q(st, `SELECT count(*) FROM cookies WHERE first_party = ?`), true).Scan(&first); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRowContext(ctx, store.Q(st, `SELECT count(*) FROM cookies WHERE first_party = ?`), false).Scan(&third); err != nil {
			t.Fatal(err)
		}
		if first == 0 || third == 0 || first+third != len(rep.Cookies) {
			t.Errorf("first-party cookies %d, third-party %d of %d", first, third, len(rep.Cookies))
		}
	})
}

func TestTableContract(t *testing.T) {
	forEachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		db := store.DB(st)
		ids := save(t, st, "example.org",
			audit{day: 0, findings: []string{"a"}, cookies: []string{"c@example.org"}, thirdParties: []string{"x.example"}},
			audit{day: 1, findings: []string{"b"}, cookies: []string{"d@example.org"}, thirdParties: []string{"y.example"}})
		if st.Kind() == store.KindSQLite {
			// Grafana's SQLite plugin reads ISO 8601 text.
			var started string
			if err := db.QueryRowContext(ctx, `SELECT started_at FROM audits WHERE id = ?`, ids[0]).Scan(&started); err != nil {
				t.Fatal(err)
			}
			if want := "2025-03-01T09:30:00.000Z"; started != want {
				t.Errorf("started_at is stored as %q, want %q", started, want)
			}
		}
		// Deleting an audit deletes its rows.
		if _, err := db.ExecContext(ctx, store.Q(st, `DELETE FROM audits WHERE id = ?`), ids[0]); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"check_results", "findings", "cookies", "third_parties"} {
			var n int
			if err := db.QueryRowContext(ctx, store.Q(st, `SELECT count(*) FROM `+table+` WHERE audit_id = ?`), ids[0]).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%s keeps %d rows of a deleted audit", table, n)
			}
		}
		if ch, err := st.Changes(ctx, ids[1]); err != nil || ch.Previous != nil {
			t.Errorf("Changes after deleting the audit before: %+v, %v", ch, err)
		}
	})
}

func TestErrorReportStored(t *testing.T) {
	forEachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		ids := save(t, st, "down.example",
			audit{day: 0, score: 70, gate: yes(), findings: []string{"a", "b"}},
			audit{day: 1, err: "the start page could not be fetched"})
		a, err := st.Audit(ctx, ids[1])
		if err != nil {
			t.Fatal(err)
		}
		if a.Error == "" || a.Score != 0 || a.Complete || a.GatePassed != nil || a.Findings != 0 {
			t.Errorf("error audit = %+v", a)
		}
		rep, err := st.Report(ctx, ids[1])
		if err != nil || rep.Error == "" {
			t.Errorf("Report = %v, %v", rep, err)
		}
		series, err := st.CheckScores(ctx, "down.example", 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range series {
			if len(s.Points) != 1 || s.Points[0].AuditID != ids[0] {
				t.Errorf("series %s = %+v: the error audit has no checks", s.CheckID, s.Points)
			}
		}
	})
}

func TestLatest(t *testing.T) {
	forEachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := st.Latest(ctx, "example.org", false); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Latest of an empty store: %v, want ErrNotFound", err)
		}
		// Saved out of order: the newest by start time wins, not the last saved.
		save(t, st, "example.org",
			audit{day: 0, score: 81, gate: yes()},
			audit{day: 2, score: 40, gate: no()},
			audit{day: 1, score: 82, gate: yes()},
			audit{day: 3, score: 50}) // no gate
		save(t, st, "other.example", audit{day: 9, score: 99, gate: yes()})
		for _, tc := range []struct {
			site    string
			passing bool
			score   float64
		}{
			{"example.org", false, 50},
			{"https://www.example.org/x", true, 82},
			{"other.example", true, 99},
		} {
			rep, err := st.Latest(ctx, tc.site, tc.passing)
			if err != nil {
				t.Fatalf("Latest(%s, %v): %v", tc.site, tc.passing, err)
			}
			if rep.Score != tc.score {
				t.Errorf("Latest(%s, %v) has score %v, want %v", tc.site, tc.passing, rep.Score, tc.score)
			}
		}
		save(t, st, "failing.example", audit{day: 0, score: 10, gate: no()})
		if _, err := st.Latest(ctx, "failing.example", true); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Latest passing of a site that never passed: %v, want ErrNotFound", err)
		}
	})
}

func TestNewAndFixedCounts(t *testing.T) {
	forEachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		ids := save(t, st, "example.org",
			audit{day: 0, findings: []string{"a", "b", "c"}},
			audit{day: 1, findings: []string{"b", "c", "d", "e"}},
			audit{day: 2, findings: []string{"e"}},
			audit{day: 3, err: "unreachable"},
			audit{day: 4, findings: []string{"e", "f"}})
		// The error audit compares with nothing and is no previous audit:
		// the audit after it compares with the one before it.
		want := [][3]int{{3, 0, 0}, {4, 2, 1}, {1, 0, 3}, {0, 0, 0}, {2, 1, 0}}
		for i, id := range ids {
			a, err := st.Audit(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if got := [3]int{a.Findings, a.New, a.Fixed}; got != want[i] {
				t.Errorf("audit %d: findings, new, fixed = %v, want %v", i, got, want[i])
			}
		}
		// An audit saved late compares with the one before it by start
		// time, and the one after it is compared with it now.
		late := save(t, st, "example.org", audit{day: -1, findings: []string{"z"}})[0]
		if a, _ := st.Audit(ctx, late); a.New != 0 || a.Fixed != 0 {
			t.Errorf("earliest audit saved last: new %d, fixed %d, want 0, 0", a.New, a.Fixed)
		}
		if a, _ := st.Audit(ctx, ids[0]); a.New != 3 || a.Fixed != 1 {
			t.Errorf("the audit after the one saved late: new %d, fixed %d, want 3, 1", a.New, a.Fixed)
		}
	})
}

func TestChanges(t *testing.T) {
	forEachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		ids := save(t, st, "example.org",
			audit{day: 0, findings: []string{"a", "b"}, cookies: []string{"_ga@.example.org", "sid@example.org"}, thirdParties: []string{"cdn.example.net", "ads.example.com"}},
			audit{day: 1, findings: []string{"b", "c"}, cookies: []string{"sid@example.org", "_fbp@.facebook.com"}, thirdParties: []string{"cdn.example.net", "t.example.io"}})
		save(t, st, "other.example", audit{day: 0, findings: []string{"x"}})
		ch, err := st.Changes(ctx, ids[1])
		if err != nil {
			t.Fatal(err)
		}
		if ch.Previous == nil || ch.Previous.ID != ids[0] {
			t.Fatalf("Previous = %+v, want audit %d", ch.Previous, ids[0])
		}
		subjects := func(fs []store.Finding) []string {
			var out []string
			for _, f := range fs {
				out = append(out, f.Subject)
			}
			return out
		}
		check := func(what string, got, want []string) {
			t.Helper()
			if !slices.Equal(got, want) {
				t.Errorf("%s = %q, want %q", what, got, want)
			}
		}
		check("NewFindings", subjects(ch.NewFindings), []string{"c"})
		check("FixedFindings", subjects(ch.FixedFindings), []string{"a"})
		check("CookiesAdded", ch.CookiesAdded, []string{"_fbp@.facebook.com"})
		check("CookiesRemoved", ch.CookiesRemoved, []string{"_ga@.example.org"})
		check("ThirdPartiesAdded", ch.ThirdPartiesAdded, []string{"t.example.io"})
		check("ThirdPartiesRemoved", ch.ThirdPartiesRemoved, []string{"ads.example.com"})
		if f := ch.NewFindings[0]; f.CheckID != "cookies-explained" || f.Severity != "medium" || f.Message == "" || f.Fingerprint == "" {
			t.Errorf("new finding = %+v", f)
		}

		first, err := st.Changes(ctx, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		if first.Previous != nil || len(first.NewFindings)+len(first.CookiesAdded)+len(first.ThirdPartiesAdded) != 0 || first.NewFindings == nil {
			t.Errorf("Changes of the first audit = %+v, want nothing (empty lists)", first)
		}
		if _, err := st.Changes(ctx, 9999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Changes of a missing audit: %v, want ErrNotFound", err)
		}
	})
}

func TestEarlier(t *testing.T) {
	forEachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		save(t, st, "example.org",
			audit{day: 0, score: 10, gate: yes()},
			audit{day: 1, score: 20},
			audit{day: 2, score: 30, gate: no()},
			audit{day: 3, err: "down"})
		got, err := st.Earlier(ctx, "example.org", 3)
		if err != nil {
			t.Fatal(err)
		}
		// The error audit (an unreachable site) is no point of the trend.
		want := []report.HistoryPoint{
			{StartedAt: day0, Score: 10, Grade: "C", Complete: true, GatePassed: yes()},
			{StartedAt: day0.Add(24 * time.Hour), Score: 20, Grade: "C", Complete: true},
			{StartedAt: day0.Add(48 * time.Hour), Score: 30, Grade: "C", Complete: true, GatePassed: no()},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Earlier = %+v\nwant      %+v", got, want)
		}
		save(t, st, "example.org", audit{day: 4, score: 40})
		all, err := st.Earlier(ctx, "example.org", 0)
		if err != nil || len(all) != 4 || all[0].Score != 10 || all[3].Score != 40 {
			t.Errorf("Earlier(0) = %+v, %v; want the 4 audits that are not error audits, oldest first", all, err)
		}
		none, err := st.Earlier(ctx, "unknown.example", 30)
		if err != nil || none == nil || len(none) != 0 {
			t.Errorf("Earlier of an unknown site = %#v, %v; want an empty list", none, err)
		}
	})
}

func TestAudits(t *testing.T) {
	forEachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		ids := save(t, st, "example.org", audit{day: 0, score: 1}, audit{day: 1, score: 2}, audit{day: 2, score: 3}, audit{day: 3, score: 4})
		other := save(t, st, "other.example", audit{day: 1, score: 9})
		list, err := st.Audits(ctx, "example.org", time.Time{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, a := range list {
			got = append(got, a.ID)
		}
		if want := []int64{ids[3], ids[2], ids[1], ids[0]}; !slices.Equal(got, want) {
			t.Errorf("Audits = %v, want %v (newest first)", got, want)
		}
		list, err = st.Audits(ctx, "www.example.org", day0.Add(24*time.Hour), 2)
		if err != nil || len(list) != 2 || list[0].ID != ids[3] || list[1].ID != ids[2] {
			t.Errorf("Audits since day 1, limit 2 = %+v, %v", list, err)
		}
		list, err = st.Audits(ctx, "example.org", day0.Add(24*time.Hour), 0)
		if err != nil || len(list) != 3 {
			t.Errorf("Audits since day 1 = %d audits, %v; want 3", len(list), err)
		}
		list, err = st.Audits(ctx, "", time.Time{}, 0)
		if err != nil || len(list) != 5 || !slices.ContainsFunc(list, func(a store.Audit) bool { return a.ID == other[0] }) {
			t.Errorf("Audits of every site = %d audits, %v; want 5", len(list), err)
		}
		list, err = st.Audits(ctx, "unknown.example", time.Time{}, 0)
		if err != nil || list == nil || len(list) != 0 {
			t.Errorf("Audits of an unknown site = %#v, %v", list, err)
		}
	})
}

func TestSites(t *testing.T) {
	forEachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if sites, err := st.Sites(ctx, 5); err != nil || len(sites) != 0 || sites == nil {
			t.Fatalf("Sites of an empty store = %#v, %v", sites, err)
		}
		save(t, st, "zeta.example", audit{day: 0, score: 50})
		save(t, st, "alpha.example",
			audit{day: 0, score: 10}, audit{day: 1, score: 20}, audit{day: 2, score: 30}, audit{day: 4, score: 50}, audit{day: 3, score: 40})
		sites, err := st.Sites(ctx, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(sites) != 2 || sites[0].Site != "alpha.example" || sites[1].Site != "zeta.example" {
			t.Fatalf("Sites = %+v", sites)
		}
		a := sites[0]
		if a.Audits != 5 || a.Latest.Score != 50 || a.Latest.StartedAt != day0.Add(96*time.Hour) || !slices.Equal(a.Scores, []float64{30, 40, 50}) {
			t.Errorf("alpha = %+v, want 5 audits, latest 50, scores 30 40 50", a)
		}
		if z := sites[1]; z.Audits != 1 || !slices.Equal(z.Scores, []float64{50}) {
			t.Errorf("zeta = %+v", z)
		}
		// An unreachable night is the latest audit, but has no score to
		// draw.
		save(t, st, "zeta.example", audit{day: 1, err: "connection refused"})
		if sites, err := st.Sites(ctx, 3); err != nil || sites[1].Latest.Error == "" || !slices.Equal(sites[1].Scores, []float64{50}) {
			t.Errorf("zeta after an error audit = %+v, %v", sites[1], err)
		}
		sites, err = st.Sites(ctx, 0)
		if err != nil || len(sites) != 2 || len(sites[0].Scores) != 0 || sites[0].Latest.Score != 50 {
			t.Errorf("Sites(0) = %+v, %v", sites, err)
		}
	})
}

func TestCheckScores(t *testing.T) {
	forEachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		ids := save(t, st, "example.org", audit{day: 0}, audit{day: 1}, audit{day: 2})
		series, err := st.CheckScores(ctx, "example.org", 2)
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, s := range series {
			order = append(order, s.CheckID)
			if len(s.Points) != 2 || s.Points[0].AuditID != ids[1] || s.Points[1].AuditID != ids[2] {
				t.Errorf("%s points = %+v, want audits %d, %d", s.CheckID, s.Points, ids[1], ids[2])
			}
		}
		if want := []string{"privacy-policy-linked", "cookies-explained", "imprint"}; !slices.Equal(order, want) {
			t.Errorf("series = %v, want %v", order, want)
		}
		p := series[1].Points[1]
		if p.Status != "warn" || p.Score == nil || *p.Score != 0.5 || p.StartedAt != day0.Add(48*time.Hour) {
			t.Errorf("cookies-explained point = %+v", p)
		}
		if p := series[2].Points[0]; p.Status != "not-applicable" || p.Score != nil {
			t.Errorf("imprint point = %+v, want not-applicable with no score", p)
		}
		all, err := st.CheckScores(ctx, "example.org", 0)
		if err != nil || len(all) != 3 || len(all[0].Points) != 3 {
			t.Errorf("CheckScores(0) = %+v, %v", all, err)
		}
		// A sample: the first and the last audit; an audit of another
		// site is ignored.
		other := save(t, st, "other.example", audit{day: 1})
		some, err := st.CheckScoresOf(ctx, "example.org", []int64{ids[0], ids[2], other[0]})
		if err != nil || len(some) != 3 {
			t.Fatalf("CheckScoresOf = %+v, %v", some, err)
		}
		for _, s := range some {
			if len(s.Points) != 2 || s.Points[0].AuditID != ids[0] || s.Points[1].AuditID != ids[2] {
				t.Errorf("CheckScoresOf: %s points %+v, want audits %d, %d", s.CheckID, s.Points, ids[0], ids[2])
			}
		}
		if none, err := st.CheckScoresOf(ctx, "example.org", nil); err != nil || len(none) != 0 {
			t.Errorf("CheckScoresOf(nil) = %+v, %v", none, err)
		}
	})
}

// policyVersion returns a policy version whose text is the sentences.
func policyVersion(lastUpdated string, aspects []string, sentences ...string) *policytext.Version {
	return &policytext.Version{
		Hash: fmt.Sprintf("%x", sentences), URL: "https://example.org/privacy", Language: "en",
		LastUpdated: lastUpdated, Words: 5 * len(sentences), Sentences: sentences, Aspects: aspects,
	}
}

func TestPolicyVersions(t *testing.T) {
	forEachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := policyVersion("2024-01-01", []string{"contact", "purposes", "rights"}, "we collect data.", "you have rights.")
		b := policyVersion("2024-06-01", []string{"contact", "purposes", "retention"}, "we collect data.", "we keep it a year.")
		seq := []*policytext.Version{a, a, nil, b, b, a}
		var ids []int64
		for i, pol := range seq {
			id, err := st.Save(ctx, audit{day: i}.build("example.org"), pol)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		changed := []bool{false, false, false, true, false, true}
		for i, id := range ids {
			au, err := st.Audit(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if au.PolicyChanged != changed[i] {
				t.Errorf("audit %d: PolicyChanged = %v, want %v", i, au.PolicyChanged, changed[i])
			}
		}
		var texts, aspects int
		db := store.DB(st)
		db.QueryRowContext(ctx, `SELECT count(*) FROM policy_texts`).Scan(&texts)
		db.QueryRowContext(ctx, `SELECT count(*) FROM policy_aspects`).Scan(&aspects)
		if texts != 2 || aspects != 6 {
			t.Errorf("policy_texts %d rows, policy_aspects %d; want 2 and 6 (each version once)", texts, aspects)
		}

		versions, err := st.PolicyVersions(ctx, "https://example.org")
		if err != nil {
			t.Fatal(err)
		}
		if len(versions) != 3 {
			t.Fatalf("PolicyVersions = %+v, want 3 versions (A, B, A)", versions)
		}
		day := func(d int) time.Time { return day0.Add(time.Duration(d) * 24 * time.Hour) }
		want := []store.PolicyVersion{
			{Hash: a.Hash, FirstSeen: day(0), LastSeen: day(1), FirstAuditID: ids[0], Audits: 2, LastUpdated: "2024-01-01",
				URL: a.URL, Language: "en", Words: 10, Aspects: a.Aspects, AspectsGained: []string{}, AspectsLost: []string{}},
			{Hash: b.Hash, FirstSeen: day(3), LastSeen: day(4), FirstAuditID: ids[3], Audits: 2, LastUpdated: "2024-06-01",
				URL: b.URL, Language: "en", Words: 10, Aspects: b.Aspects, AspectsGained: []string{"retention"}, AspectsLost: []string{"rights"}},
			{Hash: a.Hash, FirstSeen: day(5), LastSeen: day(5), FirstAuditID: ids[5], Audits: 1, LastUpdated: "2024-01-01",
				URL: a.URL, Language: "en", Words: 10, Aspects: a.Aspects, AspectsGained: []string{"rights"}, AspectsLost: []string{"retention"}},
		}
		if !reflect.DeepEqual(versions, want) {
			t.Errorf("PolicyVersions =\n%+v\nwant\n%+v", versions, want)
		}

		got, err := st.PolicyText(ctx, b.Hash)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, b) {
			t.Errorf("PolicyText = %+v, want %+v", got, b)
		}
		if _, err := st.PolicyText(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("PolicyText of an unknown hash: %v, want ErrNotFound", err)
		}
		if v, err := st.PolicyVersions(ctx, "unknown.example"); err != nil || v == nil || len(v) != 0 {
			t.Errorf("PolicyVersions of an unknown site = %#v, %v", v, err)
		}
	})
}

func TestLatestPolicy(t *testing.T) {
	forEachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := st.LatestPolicy(ctx, "example.org"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("LatestPolicy of an empty store: %v, want ErrNotFound", err)
		}
		a := policyVersion("2024-01-01", []string{"contact"}, "one.", "two.")
		b := policyVersion("2024-02-01", []string{"contact", "rights"}, "one.", "three.")
		for i, pol := range []*policytext.Version{a, b, nil} {
			if _, err := st.Save(ctx, audit{day: i}.build("example.org"), pol); err != nil {
				t.Fatal(err)
			}
		}
		prev, err := st.LatestPolicy(ctx, "www.example.org")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(prev.Version, b) || !prev.Seen.Equal(day0.Add(24*time.Hour)) {
			t.Errorf("LatestPolicy = %+v seen %v, want %+v seen day 1", prev.Version, prev.Seen, b)
		}
	})
}

func TestReopenRunsNoMigrationTwice(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st := open(t, dsn)
		save(t, st, "example.org", audit{day: 0, score: 42})
		for range 2 {
			again := open(t, dsn)
			if _, err := again.Latest(ctx, "example.org", false); err != nil {
				t.Fatalf("after reopening: %v", err)
			}
		}
		var rows, version, major int
		if err := store.DB(st).QueryRowContext(ctx, `SELECT count(*), max(version), max(major) FROM schema_version`).Scan(&rows, &version, &major); err != nil {
			t.Fatal(err)
		}
		if rows != version || major != store.SchemaMajor {
			t.Errorf("schema_version: %d rows, version %d, major %d; want one row per version, major %d", rows, version, major, store.SchemaMajor)
		}
	})
}

func TestConcurrentOpenOfFreshStore(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		const n = 4
		errs := make(chan error, n)
		for range n {
			go func() {
				st, err := store.Open(context.Background(), dsn)
				if err == nil {
					err = st.Close()
				}
				errs <- err
			}()
		}
		for range n {
			if err := <-errs; err != nil {
				t.Errorf("concurrent Open: %v", err)
			}
		}
		st := open(t, dsn)
		var rows int
		store.DB(st).QueryRowContext(context.Background(), `SELECT count(*) FROM schema_version`).Scan(&rows)
		if rows != 1 {
			t.Errorf("schema_version has %d rows after concurrent opens, want 1", rows)
		}
	})
}

// stampNewerMajor records in st a migration of a newer major version of
// the store's schema, as a newer privaudit would.
func stampNewerMajor(t *testing.T, st *store.Store) {
	t.Helper()
	if _, err := store.DB(st).ExecContext(context.Background(), store.Q(st, `INSERT INTO schema_version (version, major, applied_at) VALUES (?, ?, ?)`),
		99, store.SchemaMajor+1, day0.Format("2006-01-02T15:04:05.000Z")); err != nil {
		t.Fatal(err)
	}
}

func TestNewerMajorRefused(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		stampNewerMajor(t, open(t, dsn))
		_, err := store.Open(ctx, dsn)
		if !errors.Is(err, store.ErrNewerSchema) {
			t.Fatalf("Open of a store of a newer major: %v, want ErrNewerSchema", err)
		}
		want := fmt.Sprintf("(store schema %d.x; this privaudit reads %d.x): upgrade privaudit", store.SchemaMajor+1, store.SchemaMajor)
		if msg := err.Error(); !strings.Contains(msg, want) || strings.Contains(msg, "\n") {
			t.Errorf("error %q does not say %q on one line", msg, want)
		}
		var se *store.SchemaError
		if !errors.As(err, &se) || se.Store != store.SchemaMajor+1 || se.Reads != store.SchemaMajor {
			t.Errorf("error %#v is not a SchemaError with both versions", err)
		}
	})
}

func TestConcurrentWriters(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		stores := []*store.Store{open(t, dsn), open(t, dsn)} // as two processes would
		const goroutines, each = 4, 5
		errs := make(chan error, len(stores)*goroutines*each)
		done := make(chan struct{})
		for s, st := range stores {
			for g := range goroutines {
				go func() {
					defer func() { done <- struct{}{} }()
					site := fmt.Sprintf("site%d.example", g%2)
					for i := range each {
						n := (s*goroutines+g)*each + i
						_, err := st.Save(ctx, storetest.Report(site, n, day0), storetest.Policy(site, n))
						errs <- err
					}
				}()
			}
		}
		for range len(stores) * goroutines {
			<-done
		}
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent Save: %v", err)
			}
		}
		list, err := stores[0].Audits(ctx, "", time.Time{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if want := len(stores) * goroutines * each; len(list) != want {
			t.Errorf("%d audits stored, want %d", len(list), want)
		}
	})
}

func TestBadDSN(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	notDB := filepath.Join(dir, "not.db")
	if err := os.WriteFile(notDB, bytes.Repeat([]byte("not a database "), 500), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dsn, want string
	}{
		{"", "no store given"},
		{"mysql://user:hunter22@db/x", "unsupported store"},
		{"postgres://privaudit:s3cret-pass@127.0.0.1:1/history?connect_timeout=2", "opening store postgres://privaudit:xxxxx@127.0.0.1:1/history"},
		{"postgresql://u:s3cret-pass@127.0.0.1:1/h?sslmode=disable&password=s3cret-pass&connect_timeout=2", "xxxxx"},
		{"postgres://u@127.0.0.1:1/h?connect_timeout=bogus", "opening store"},
		{dir, "is a directory"},
		{"sqlite://" + dir, "is a directory"},
		{filepath.Join(dir, "missing", "h.db"), "does not exist"},
		{filepath.Join(file, "h.db"), "not a directory"},
		{"/proc/privaudit-test.db", "opening store /proc/privaudit-test.db"},
		{notDB, "opening store"},
	} {
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		st, err := store.Open(ctx, tc.dsn)
		cancel()
		if err == nil {
			st.Close()
			t.Errorf("Open(%q) succeeded", tc.dsn)
			continue
		}
		msg := err.Error()
		t.Logf("%s -> %s", tc.dsn, msg)
		if !strings.Contains(msg, tc.want) {
			t.Errorf("Open(%q) = %q, want it to say %q", tc.dsn, msg, tc.want)
		}
		if strings.Contains(msg, "\n") {
			t.Errorf("Open(%q) error is not one line: %q", tc.dsn, msg)
		}
		if strings.Contains(msg, "s3cret") || strings.Contains(msg, "hunter22") {
			t.Errorf("Open(%q) error shows the password: %q", tc.dsn, msg)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("Open(%q) took %v", tc.dsn, d)
		}
	}
}

func TestOpenHonoursContext(t *testing.T) {
	// A listener that accepts and never answers: only the context ends
	// the attempt (no connect_timeout in the DSN).
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	l := silentListener(t)
	start := time.Now()
	_, err := store.Open(ctx, "postgres://u:pw-secret@"+l+"/x?sslmode=disable")
	if err == nil || time.Since(start) > 5*time.Second || strings.Contains(err.Error(), "pw-secret") {
		t.Errorf("Open against a silent server: %v after %v", err, time.Since(start))
	}
}

func TestHas(t *testing.T) {
	forEachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		save(t, st, "example.org", audit{day: 1, score: 50})
		started := (audit{day: 1}).build("example.org").StartedAt
		for _, c := range []struct {
			site    string
			started time.Time
			want    bool
		}{
			{"example.org", started, true},
			{"https://www.example.org/", started.Add(300 * time.Microsecond), true}, // kept to the millisecond
			{"example.org", started.Add(time.Second), false},
			{"other.example", started, false},
		} {
			if got, err := st.Has(ctx, c.site, c.started); err != nil || got != c.want {
				t.Errorf("Has(%s, %v) = %v, %v; want %v", c.site, c.started, got, err, c.want)
			}
		}
	})
}
