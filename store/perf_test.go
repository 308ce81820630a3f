package store_test

import (
	"context"
	"net"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/privaudit/privaudit/internal/pgtest"
	"github.com/privaudit/privaudit/store"
	"github.com/privaudit/privaudit/store/storetest"
)

// silentListener returns the address of a listener that accepts
// connections and never answers, closed when the test ends.
func silentListener(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String()
}

// perfSite is the site of the 1,000 audits.
const perfSite = "perf.example"

// perfAudits is how many audits the performance test and benchmark store.
const perfAudits = 1000

// queries are the listing queries that must stay fast, by name.
func queries(st *store.Store, lastID int64) []struct {
	name string
	run  func(ctx context.Context) error
} {
	return []struct {
		name string
		run  func(ctx context.Context) error
	}{
		{"Audits", func(ctx context.Context) error { _, err := st.Audits(ctx, perfSite, time.Time{}, 0); return err }},
		{"Audits30", func(ctx context.Context) error { _, err := st.Audits(ctx, perfSite, time.Time{}, 30); return err }},
		{"Sites", func(ctx context.Context) error { _, err := st.Sites(ctx, 30); return err }},
		{"CheckScores", func(ctx context.Context) error { _, err := st.CheckScores(ctx, perfSite, 0); return err }},
		{"CheckScores90", func(ctx context.Context) error { _, err := st.CheckScores(ctx, perfSite, 90); return err }},
		{"Changes", func(ctx context.Context) error { _, err := st.Changes(ctx, lastID); return err }},
		{"PolicyVersions", func(ctx context.Context) error { _, err := st.PolicyVersions(ctx, perfSite); return err }},
		{"Latest", func(ctx context.Context) error { _, err := st.Latest(ctx, perfSite, false); return err }},
		{"LatestPassing", func(ctx context.Context) error { _, err := st.Latest(ctx, perfSite, true); return err }},
		{"LatestPolicy", func(ctx context.Context) error { _, err := st.LatestPolicy(ctx, perfSite); return err }},
		{"Earlier", func(ctx context.Context) error { _, err := st.Earlier(ctx, perfSite, 30); return err }},
	}
}

// fill stores perfAudits audits of perfSite (and a few of other sites)
// and returns the last audit's ID.
func fill(tb testing.TB, st *store.Store) int64 {
	tb.Helper()
	ctx := context.Background()
	start := time.Now()
	day := time.Date(2023, 1, 1, 6, 0, 0, 0, time.UTC)
	for _, other := range []string{"a.example", "z.example"} {
		if err := storetest.Fill(ctx, st, other, 5, day); err != nil {
			tb.Fatal(err)
		}
	}
	if err := storetest.Fill(ctx, st, perfSite, perfAudits, day); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("%s: stored %d audits in %v", st.Kind(), perfAudits+10, time.Since(start).Round(time.Millisecond))
	list, err := st.Audits(ctx, perfSite, time.Time{}, 1)
	if err != nil || len(list) != 1 {
		tb.Fatalf("Audits: %v, %v", list, err)
	}
	return list[0].ID
}

func TestQueriesFastWith1000Audits(t *testing.T) {
	if testing.Short() {
		t.Skip("fills 1,000 audits")
	}
	if raceEnabled {
		t.Skip("timings mean nothing under the race detector (filling the store alone takes over a minute)")
	}
	st := open(t, filepath.Join(t.TempDir(), "perf.db"))
	last := fill(t, st)
	ctx := context.Background()
	for _, q := range queries(st, last) {
		best := time.Duration(1 << 62)
		for range 3 {
			start := time.Now()
			if err := q.run(ctx); err != nil {
				t.Fatalf("%s: %v", q.name, err)
			}
			best = min(best, time.Since(start))
		}
		t.Logf("%-15s %v", q.name, best)
		if best > 100*time.Millisecond {
			t.Errorf("%s took %v with %d audits, want under 100ms", q.name, best, perfAudits)
		}
	}
}

func BenchmarkQueries1000(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			dsn := filepath.Join(b.TempDir(), "bench.db")
			if kind == "postgres" {
				dsn = pgtest.DSN(b)
			}
			st := open(b, dsn)
			last := fill(b, st)
			for _, q := range queries(st, last) {
				b.Run(q.name, func(b *testing.B) {
					ctx := context.Background()
					for b.Loop() {
						if err := q.run(ctx); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

func BenchmarkSave(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			dsn := filepath.Join(b.TempDir(), "bench.db")
			if kind == "postgres" {
				dsn = pgtest.DSN(b)
			}
			st := open(b, dsn)
			ctx := context.Background()
			day := time.Date(2023, 1, 1, 6, 0, 0, 0, time.UTC)
			i := 0
			for b.Loop() {
				if _, err := st.Save(ctx, storetest.Report(perfSite, i, day), storetest.Policy(perfSite, i)); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
