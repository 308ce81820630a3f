package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/privaudit/privaudit/policytext"
	"github.com/privaudit/privaudit/store"
	"github.com/privaudit/privaudit/store/storetest"
)

// counts are what Save computes of an audit against the one before it.
type counts struct {
	New, Fixed    int
	PolicyChanged bool
}

// countsOf returns the counts of the audits, by ID.
func countsOf(t *testing.T, st *store.Store, ids ...int64) []counts {
	t.Helper()
	var out []counts
	for _, id := range ids {
		a, err := st.Audit(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, counts{a.New, a.Fixed, a.PolicyChanged})
	}
	return out
}

// saveWith saves the audit a of site with the policy version pol.
func saveWith(t *testing.T, st *store.Store, site string, a audit, pol *policytext.Version) int64 {
	t.Helper()
	id, err := st.Save(context.Background(), a.build(site), pol)
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	return id
}

// Item: an error audit (site unreachable) is not "the previous audit".
func TestErrorAuditIsNotThePreviousAudit(t *testing.T) {
	forEachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		const site = "flaky.example"
		a := policyVersion("2024-01-01", []string{"contact"}, "one.")
		b := policyVersion("2024-02-01", []string{"contact"}, "two.")
		ok1 := saveWith(t, st, site, audit{day: 0, score: 70, gate: yes(), findings: []string{"x", "y"}, cookies: []string{"sid@flaky.example"}}, a)
		// An error audit that claims a passing gate and a policy version
		// all the same: it counts for nothing.
		down := saveWith(t, st, site, audit{day: 1, gate: yes(), err: "the start page could not be fetched"}, b)
		ok2 := saveWith(t, st, site, audit{day: 2, score: 71, gate: yes(), findings: []string{"x", "y"}, cookies: []string{"sid@flaky.example"}}, a)
		if got, want := countsOf(t, st, ok1, down, ok2), []counts{{}, {}, {}}; !reflect.DeepEqual(got, want) {
			t.Errorf("new, fixed, policy changed = %+v, want %+v (the third against the first)", got, want)
		}

		// Changes compares with the audit before the error one; an error
		// audit has nothing to compare.
		ch, err := st.Changes(ctx, ok2)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Previous == nil || ch.Previous.ID != ok1 || len(ch.NewFindings)+len(ch.FixedFindings)+len(ch.CookiesAdded)+len(ch.CookiesRemoved) != 0 {
			t.Errorf("Changes of the audit after the error one = %+v, previous %+v; want nothing changed since audit %d", ch, ch.Previous, ok1)
		}
		ch, err = st.Changes(ctx, down)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Previous != nil || ch.FixedFindings == nil || len(ch.FixedFindings)+len(ch.CookiesRemoved) != 0 {
			t.Errorf("Changes of the error audit = %+v, want no previous and empty lists", ch)
		}

		// Latest, passing or not, skips an error audit, even the newest.
		newest := saveWith(t, st, site, audit{day: 3, gate: yes(), err: "timeout"}, nil)
		for _, passing := range []bool{false, true} {
			rep, err := st.Latest(ctx, site, passing)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Error != "" || rep.Score != 71 {
				t.Errorf("Latest(passing %v) = the audit of score %v, error %q; want the audit of day 2", passing, rep.Score, rep.Error)
			}
		}
		saveWith(t, st, "down.example", audit{day: 0, err: "refused"}, nil)
		if _, err := st.Latest(ctx, "down.example", false); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Latest of a site only ever unreachable: %v, want ErrNotFound", err)
		}

		// The trend leaves them out; the list of audits shows them.
		points, err := st.Earlier(ctx, site, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(points) != 2 || points[0].Score != 70 || points[1].Score != 71 {
			t.Errorf("Earlier = %+v, want the two audits of day 0 and 2", points)
		}
		list, err := st.Audits(ctx, site, time.Time{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, a := range list {
			ids = append(ids, a.ID)
		}
		if want := []int64{newest, ok2, down, ok1}; !slices.Equal(ids, want) {
			t.Errorf("Audits = %v, want %v (error audits too)", ids, want)
		}
	})
}

// Item: saving an older audit (an import out of order) corrects the counts
// of the audit after it.
func TestOutOfOrderImport(t *testing.T) {
	forEachStore(t, func(t *testing.T, st *store.Store) {
		const site = "import.example"
		pa := policyVersion("2024-01-01", []string{"contact"}, "a.")
		pb := policyVersion("2024-02-01", []string{"contact"}, "b.")
		a3 := saveWith(t, st, site, audit{day: 3, findings: []string{"c", "d"}}, pb)
		a1 := saveWith(t, st, site, audit{day: 1, findings: []string{"a", "b"}}, pa)
		if got, want := countsOf(t, st, a1, a3), []counts{{}, {2, 2, true}}; !reflect.DeepEqual(got, want) {
			t.Errorf("after saving a3, a1: %+v, want %+v (a3 against a1)", got, want)
		}
		a2 := saveWith(t, st, site, audit{day: 2, findings: []string{"b", "c"}}, pb)
		if got, want := countsOf(t, st, a1, a2, a3), []counts{{}, {1, 1, true}, {1, 1, false}}; !reflect.DeepEqual(got, want) {
			t.Errorf("after saving a3, a1, a2: %+v, want %+v (a3 against a2)", got, want)
		}
		// An error audit saved between them changes nothing.
		down := audit{day: 2, err: "unreachable"}.build(site)
		down.StartedAt = down.StartedAt.Add(12 * time.Hour)
		if _, err := st.Save(context.Background(), down, pa); err != nil {
			t.Fatal(err)
		}
		if got, want := countsOf(t, st, a1, a2, a3), []counts{{}, {1, 1, true}, {1, 1, false}}; !reflect.DeepEqual(got, want) {
			t.Errorf("after an error audit between a2 and a3: %+v, want %+v", got, want)
		}
	})
}

// Whatever the order the audits of a history are saved in, their counts
// are those of saving them in order.
func TestImportOrderDoesNotMatter(t *testing.T) {
	type step struct {
		a   audit
		pol *policytext.Version
	}
	pa := policyVersion("2024-01-01", []string{"contact"}, "a.")
	pb := policyVersion("2024-02-01", []string{"contact"}, "b.")
	history := []step{
		{audit{day: 0, findings: []string{"a", "b"}}, pa},
		{audit{day: 1, findings: []string{"b", "c"}}, nil},
		{audit{day: 2, err: "down"}, nil},
		{audit{day: 3, findings: []string{"c"}}, pb},
		{audit{day: 4, findings: []string{"c", "d", "e"}}, pb},
		{audit{day: 5, err: "down"}, nil},
		{audit{day: 6, findings: []string{"e"}}, pa},
		{audit{day: 7, findings: []string{}}, nil},
	}
	forEachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		countsByDay := func(site string) []counts {
			list, err := st.Audits(ctx, site, time.Time{}, 0)
			if err != nil {
				t.Fatal(err)
			}
			slices.Reverse(list)
			out := make([]counts, len(list))
			for i, a := range list {
				out[i] = counts{a.New, a.Fixed, a.PolicyChanged}
			}
			return out
		}
		for _, s := range history {
			saveWith(t, st, "inorder.example", s.a, s.pol)
		}
		want := countsByDay("inorder.example")
		rng := rand.New(rand.NewPCG(1, 2))
		for n := range 6 {
			order := rng.Perm(len(history))
			site := fmt.Sprintf("shuffled%d.example", n)
			for _, i := range order {
				saveWith(t, st, site, history[i].a, history[i].pol)
			}
			if got := countsByDay(site); !reflect.DeepEqual(got, want) {
				t.Errorf("saved in the order %v: counts %+v\nwant (in order)    %+v", order, got, want)
			}
		}
	})
}

// Item: sites.first_seen is the earliest audit's start.
func TestFirstSeenIsTheEarliestAudit(t *testing.T) {
	forEachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		save(t, st, "example.org", audit{day: 5})
		older := audit{day: 1}.build("example.org")
		older.Origin = "https://example.org"
		if _, err := st.Save(ctx, older, nil); err != nil {
			t.Fatal(err)
		}
		save(t, st, "example.org", audit{day: 3})
		var origin string
		var first time.Time
		if err := store.DB(st).QueryRowContext(ctx, store.Q(st, `SELECT origin, first_seen FROM sites WHERE site = ?`), "example.org").
			Scan(&origin, store.TimeScanner(&first)); err != nil {
			t.Fatal(err)
		}
		if origin != "https://www.example.org" || !first.Equal(day0.Add(24*time.Hour)) {
			t.Errorf("sites row = %s, %v; want the first saved origin and the earliest start (day 1)", origin, first)
		}
	})
}

// Item: the times of CheckScores come with the results, in one statement:
// an audit saved meanwhile has its start time.
func TestCheckScoresTimesWhileSaving(t *testing.T) {
	forEachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		const site = "busy.example"
		const n = 40
		var wg sync.WaitGroup
		wg.Add(1)
		errs := make(chan error, n)
		go func() {
			defer wg.Done()
			for i := range n {
				_, err := st.Save(ctx, storetest.Report(site, i+1, day0), storetest.Policy(site, i+1))
				errs <- err
			}
			close(errs)
		}()
		check := func(series []store.CheckSeries) {
			t.Helper()
			for _, s := range series {
				for _, p := range s.Points {
					if p.StartedAt.IsZero() {
						t.Fatalf("%s: audit %d has no start time", s.CheckID, p.AuditID)
					}
				}
			}
		}
		for done := false; !done; {
			series, err := st.CheckScores(ctx, site, 0)
			if err != nil {
				t.Fatal(err)
			}
			check(series)
			series, err = st.CheckScores(ctx, site, 5)
			if err != nil {
				t.Fatal(err)
			}
			check(series)
			select {
			case err, more := <-errs:
				if err != nil {
					t.Fatal(err)
				}
				done = !more
			default:
			}
		}
		wg.Wait()
		// And they are each audit's start.
		list, err := st.Audits(ctx, site, time.Time{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		started := map[int64]time.Time{}
		var ids []int64
		for _, a := range list {
			started[a.ID] = a.StartedAt
			ids = append(ids, a.ID)
		}
		all, err := st.CheckScores(ctx, site, 0)
		if err != nil {
			t.Fatal(err)
		}
		some, err := st.CheckScoresOf(ctx, site, ids[:7])
		if err != nil {
			t.Fatal(err)
		}
		for _, series := range [][]store.CheckSeries{all, some} {
			for _, s := range series {
				for _, p := range s.Points {
					if want, ok := started[p.AuditID]; !ok || !p.StartedAt.Equal(want) {
						t.Errorf("%s: audit %d started at %v, want %v", s.CheckID, p.AuditID, p.StartedAt, want)
					}
				}
			}
		}
	})
}
