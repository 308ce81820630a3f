package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/privaudit/privaudit/internal/synthsite"
)

const (
	batchSites    = 200
	batchPages    = 20 // pages per site
	batchParallel = 8
	// sequentialSites are audited one process after another, the baseline
	// of the batch's rate.
	sequentialSites = 16
)

// proc runs a whole process and returns its wall time and peak RSS.
func proc(b *testing.B, dir string, name string, args ...string) (wall time.Duration, peakMiB float64, stdout []byte) {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	t0 := time.Now()
	err := cmd.Run()
	wall = time.Since(t0)
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() > 1) {
		b.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, errb.Bytes())
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if ru != nil {
		peakMiB = float64(ru.Maxrss) / 1024
	}
	return wall, peakMiB, out.Bytes()
}

// BenchmarkBatch200 audits 200 small synthetic sites (20 pages each, each
// its own origin) in one privaudit batch, 8 sites at a time, and reports
// sites per second and the peak RSS; the baseline, measured in the same
// run, is privaudit audit run once per site, one process after another,
// over 16 of them.
//
//	go test -run '^$' -bench Batch -benchtime 1x ./internal/bench/
func BenchmarkBatch200(b *testing.B) {
	if testing.Short() {
		b.Skip("-short")
	}
	privaudit, _ := binaries(b)
	dir := b.TempDir()
	var urls []string
	for range batchSites {
		srv := httptest.NewServer(synthsite.New(batchPages, synthsite.DefaultPageBytes))
		b.Cleanup(srv.Close)
		urls = append(urls, srv.URL+"/")
	}
	list := filepath.Join(dir, "sites.txt")
	if err := os.WriteFile(list, []byte(strings.Join(urls, "\n")+"\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	common := []string{"--no-config", "-q", "--fail-on", "none", "--max-pages", fmt.Sprint(batchPages + 50), "--concurrency", "4"}
	measured := false
	for b.Loop() {
		// One measurement whatever b.N (-benchtime 3x would run the
		// 200-site batch four times).
		if measured {
			continue
		}
		measured = true
		// The baseline: one process per site.
		var seqWall time.Duration
		var seqPeak float64
		for _, u := range urls[:sequentialSites] {
			w, p, _ := proc(b, dir, privaudit, append([]string{"audit", u, "-f", "json", "-o", filepath.Join(dir, "one.json")}, common...)...)
			seqWall += w
			seqPeak = max(seqPeak, p)
		}
		out := filepath.Join(dir, "batch.ndjson")
		os.Remove(out)
		wall, peak, _ := proc(b, dir, privaudit, append([]string{"batch", list, "-o", out, "-f", "none", "--parallel-sites", fmt.Sprint(batchParallel)}, common...)...)
		if n := countLines(b, out); n != batchSites {
			b.Fatalf("the batch wrote %d lines for %d sites", n, batchSites)
		}
		seqRate := float64(sequentialSites) / seqWall.Seconds()
		rate := float64(batchSites) / wall.Seconds()
		b.ReportMetric(0, "ns/op")
		b.ReportMetric(rate, "sites/s")
		b.ReportMetric(seqRate, "sequential-sites/s")
		b.ReportMetric(rate/seqRate, "batch/sequential")
		b.ReportMetric(peak, "batch-peak-MiB")
		b.ReportMetric(seqPeak, "one-audit-peak-MiB")
		b.Logf("batch of %d sites (%d pages each, %d at a time): %.1f sites/s, %.1fx one audit per process (%.1f sites/s); peak RSS %.0f MiB (one audit %.0f MiB)",
			batchSites, batchPages, batchParallel, rate, rate/seqRate, seqRate, peak, seqPeak)
	}
}

// countLines counts the whole JSON lines of an NDJSON file.
func countLines(b *testing.B, path string) int {
	b.Helper()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		if bytes.HasPrefix(sc.Bytes(), []byte("{")) && bytes.HasSuffix(sc.Bytes(), []byte("}")) {
			n++
		}
	}
	return n
}
