package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// storePages is the size of the site whose audit BenchmarkStore500 stores.
const storePages = 500

// targetStoreOverhead is the most that storing an audit may add to its
// wall time (issue 12: under 5%).
const targetStoreOverhead = 0.05

// BenchmarkStore500 measures what keeping history costs: privaudit audit
// of a 500-page synthetic site with --store (a SQLite file that grows by
// one audit each round) against the same audit without it, in alternating
// rounds, as whole processes. It reports the median wall-time and CPU-time
// ratios (the machines are shared: a single round swings by 20%).
//
//	go test -run '^$' -bench Store500 -benchtime 1x ./internal/bench/
func BenchmarkStore500(b *testing.B) {
	if testing.Short() {
		b.Skip("whole-process audits skipped in -short mode")
	}
	privaudit, _ := binaries(b)
	workDir := b.TempDir()
	site := serve(b, storePages)
	db := filepath.Join(workDir, "history.db")
	args := func(extra ...string) []string {
		return append([]string{"audit", site.srv.URL, "--no-config", "--no-progress", "-q",
			"--max-pages", strconv.Itoa(storePages + 100), "--concurrency", strconv.Itoa(concurrency),
			"--fail-on", "none", "-f", "json", "-o", filepath.Join(workDir, "report.json")}, extra...)
	}
	const rounds = 11
	var ratios, cpuRatios, plainWall, storeWall []float64
	measured := false
	for b.Loop() {
		if measured {
			continue
		}
		measured = true
		// Warm-up: the page cache, and the store's schema created.
		exe(b, site, workDir, privaudit, args()...)
		exe(b, site, workDir, privaudit, args("--store", db, "--store-required")...)
		for i := range rounds {
			var p, s run
			if i%2 == 0 {
				p, _ = exe(b, site, workDir, privaudit, args()...)
				s, _ = exe(b, site, workDir, privaudit, args("--store", db, "--store-required")...)
			} else {
				s, _ = exe(b, site, workDir, privaudit, args("--store", db, "--store-required")...)
				p, _ = exe(b, site, workDir, privaudit, args()...)
			}
			ratios = append(ratios, s.wall.Seconds()/p.wall.Seconds())
			cpuRatios = append(cpuRatios, s.cpu.Seconds()/p.cpu.Seconds())
			plainWall = append(plainWall, p.wall.Seconds())
			storeWall = append(storeWall, s.wall.Seconds())
		}
	}
	st, err := os.Stat(db)
	if err != nil {
		b.Fatalf("the store was not written: %v", err)
	}
	overhead := median(ratios) - 1
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(median(ratios), "store/plain-wall")
	b.ReportMetric(median(cpuRatios), "store/plain-cpu")
	b.ReportMetric(median(plainWall), "plain-s")
	b.ReportMetric(median(storeWall), "store-s")
	b.Log(fmt.Sprintf("storing a %d-page audit: wall %+.1f%% (target < %.0f%%; ratios %s), CPU %+.1f%%; median %.2fs without, %.2fs with; store %.1f MiB after %d audits",
		storePages, overhead*100, targetStoreOverhead*100, list(ratios), (median(cpuRatios)-1)*100, median(plainWall), median(storeWall), float64(st.Size())/(1<<20), rounds+1))
}
