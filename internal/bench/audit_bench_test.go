package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/privaudit/privaudit/internal/synthsite"
	"github.com/privaudit/privaudit/internal/testsite"
)

const (
	concurrency = 8
	// Targets of the issue: audit pages/s at least 0.9 times colly's, and
	// an audit peak RSS at most 150 MiB at 20,000 pages.
	targetWallRatio = 1.11
	targetPeakMiB   = 150
	warmupPages     = 200
)

// The binaries are built once per test process, into binDir.
var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// binaries builds privaudit and mincolly once and returns their paths.
func binaries(b *testing.B) (privaudit, mincolly string) {
	b.Helper()
	buildOnce.Do(func() {
		goBin, err := exec.LookPath("go")
		if err != nil {
			buildErr = fmt.Errorf("go not on PATH: %w", err)
			return
		}
		root, err := testsite.ModuleRoot()
		if err != nil {
			buildErr = err
			return
		}
		binDir, err = os.MkdirTemp("", "privaudit-bench-")
		if err != nil {
			buildErr = err
			return
		}
		for _, pkg := range []string{"./cmd/privaudit", "./internal/bench/mincolly"} {
			cmd := exec.Command(goBin, "build", "-o", filepath.Join(binDir, filepath.Base(pkg)), pkg)
			cmd.Dir = root
			if out, err := cmd.CombinedOutput(); err != nil {
				buildErr = fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
				return
			}
		}
	})
	if buildErr != nil {
		b.Fatal(buildErr)
	}
	return filepath.Join(binDir, "privaudit"), filepath.Join(binDir, "mincolly")
}

// server serves a synthetic site on 127.0.0.1 and counts the TCP
// connections opened to it.
type server struct {
	site  *synthsite.Site
	srv   *httptest.Server
	conns atomic.Int64
}

func serve(b *testing.B, n int) *server {
	b.Helper()
	s := &server{site: synthsite.New(n, synthsite.DefaultPageBytes)}
	s.srv = httptest.NewUnstartedServer(s.site)
	s.srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.srv.Start()
	b.Cleanup(s.srv.Close)
	return s
}

// run is one whole-process run.
type run struct {
	wall, cpu time.Duration
	peakMiB   float64
	pages     int // pages the program says it fetched
	fetches   int // page fetches the site answered, duplicates included
	robots    int // fetches of /robots.txt
	other     int // requests for other paths (404)
	conns     int64
}

func (r run) rate() float64 { return float64(r.pages) / r.wall.Seconds() }

// exe runs a program to its end in an empty working directory and returns
// its wall time, CPU time and peak RSS.
func exe(b *testing.B, s *server, workDir string, name string, args ...string) (run, []byte) {
	b.Helper()
	s.site.Reset()
	conns0 := s.conns.Load()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = workDir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	t0 := time.Now()
	err := cmd.Run()
	wall := time.Since(t0)
	if err != nil {
		b.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, stderr.Bytes())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		b.Fatalf("no rusage for %s", name)
	}
	maxrss := float64(ru.Maxrss) * 1024 // KiB on Linux
	if runtime.GOOS == "darwin" {
		maxrss = float64(ru.Maxrss) // bytes
	}
	if msg := bytes.TrimSpace(stderr.Bytes()); len(msg) > 0 {
		b.Logf("%s: %s", filepath.Base(name), msg)
	}
	return run{
		wall:    wall,
		cpu:     time.Duration(syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime)),
		peakMiB: maxrss / (1 << 20),
		fetches: s.site.PageFetches(),
		robots:  s.site.RobotsFetches(),
		other:   s.site.OtherRequests(),
		conns:   s.conns.Load() - conns0,
	}, stdout.Bytes()
}

// checkAll fails the benchmark unless every page of the site was fetched.
func checkAll(b *testing.B, s *server, who string, pages int) {
	b.Helper()
	n := s.site.N()
	if _, missing := s.site.Duplicates(); len(missing) > 0 || pages != n {
		b.Fatalf("%s fetched %d pages of %d; %d never fetched (%v...)", who, pages, n, len(missing), missing[:min(5, len(missing))])
	}
}

// colly runs the minimal colly crawl once over the whole site.
func colly(b *testing.B, s *server, mincolly, workDir string, check bool) run {
	b.Helper()
	r, out := exe(b, s, workDir, mincolly, "-concurrency", strconv.Itoa(concurrency), s.srv.URL)
	n, err := strconv.Atoi(string(bytes.TrimSpace(out)))
	if err != nil {
		b.Fatalf("mincolly printed %q", out)
	}
	r.pages = n
	if check {
		checkAll(b, s, "mincolly", n)
	}
	return r
}

// audit runs privaudit audit with every static check once over the whole
// site and reads the number of pages from its JSON report.
func audit(b *testing.B, s *server, privaudit, workDir string, check bool) run {
	b.Helper()
	report := filepath.Join(workDir, "report.json")
	os.Remove(report)
	r, _ := exe(b, s, workDir, privaudit, "audit", s.srv.URL, "--no-config", "--no-progress", "-q",
		"--max-pages", strconv.Itoa(s.site.N()+1000), "--concurrency", strconv.Itoa(concurrency),
		"--fail-on", "none", "-f", "json", "-o", report)
	data, err := os.ReadFile(report)
	if err != nil {
		b.Fatal(err)
	}
	var rep struct {
		Error string
		Crawl struct {
			Pages, HTMLPages, Errors, Skipped int
		}
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		b.Fatalf("report: %v", err)
	}
	if rep.Error != "" || rep.Crawl.Errors != 0 {
		b.Fatalf("audit: error %q, %d crawl errors", rep.Error, rep.Crawl.Errors)
	}
	r.pages = rep.Crawl.HTMLPages
	if check {
		if rep.Crawl.Pages < s.site.N() {
			b.Fatalf("audit report: crawl.pages %d, want %d", rep.Crawl.Pages, s.site.N())
		}
		checkAll(b, s, "privaudit audit", rep.Crawl.HTMLPages)
	}
	return r
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func logRun(b *testing.B, who string, r run) {
	b.Helper()
	b.Logf("%-8s %5d pages in %6.2fs (%4.0f pages/s), CPU %6.2fs, peak %5.1f MiB; %d page fetches, robots.txt %d, other %d, %d connections",
		who, r.pages, r.wall.Seconds(), r.rate(), r.cpu.Seconds(), r.peakMiB, r.fetches, r.robots, r.other, r.conns)
}

// auditPeak5000 is the audit's peak RSS at 5,000 pages, when that
// benchmark ran, for the growth figure of the 20,000-page one.
var auditPeak5000 float64

// compare serves an n-page site and runs alternating rounds of the
// minimal colly crawl and the audit, after a warm-up of each on a small
// site (page cache, lazily built state of the machine).
func compare(b *testing.B, n, rounds int) {
	if testing.Short() {
		b.Skip("whole-process crawls skipped in -short mode")
	}
	privaudit, mincolly := binaries(b)
	workDir := b.TempDir()
	warm := serve(b, warmupPages)
	big := serve(b, n)

	var cr, ar []run
	measured := false
	for b.Loop() {
		if measured {
			continue
		}
		measured = true
		colly(b, warm, mincolly, workDir, true)
		audit(b, warm, privaudit, workDir, true)
		for range rounds {
			c := colly(b, big, mincolly, workDir, true)
			logRun(b, "colly", c)
			a := audit(b, big, privaudit, workDir, true)
			logRun(b, "audit", a)
			cr, ar = append(cr, c), append(ar, a)
		}
	}

	var cRate, aRate, wall, cpu, cPeak, aPeak []float64
	for i := range cr {
		cRate = append(cRate, cr[i].rate())
		aRate = append(aRate, ar[i].rate())
		wall = append(wall, ar[i].wall.Seconds()/cr[i].wall.Seconds())
		cpu = append(cpu, ar[i].cpu.Seconds()/cr[i].cpu.Seconds())
		cPeak = append(cPeak, cr[i].peakMiB)
		aPeak = append(aPeak, ar[i].peakMiB)
	}
	b.ReportMetric(0, "ns/op") // one measurement whatever b.N: ns/op means nothing
	b.ReportMetric(median(cRate), "colly-pages/s")
	b.ReportMetric(median(aRate), "audit-pages/s")
	b.ReportMetric(median(wall), "wall-ratio")
	b.ReportMetric(median(cpu), "cpu-ratio")
	b.ReportMetric(slices.Max(cPeak), "colly-peak-MiB")
	b.ReportMetric(slices.Max(aPeak), "audit-peak-MiB")

	summary := fmt.Sprintf("audit/colly wall %.2f (target <= %.2f; rounds %s), CPU %.2f; audit %.0f pages/s, colly %.0f pages/s = %.2fx (target >= 0.90); audit peak %.0f MiB, colly %.0f MiB at %d pages",
		median(wall), targetWallRatio, list(wall), median(cpu), median(aRate), median(cRate), median(aRate)/median(cRate),
		slices.Max(aPeak), slices.Max(cPeak), n)
	if n >= 20000 {
		summary += fmt.Sprintf(" (target <= %d)", targetPeakMiB)
		if auditPeak5000 > 0 {
			summary += fmt.Sprintf("; audit peak x%.2f from 5000 pages for x%.1f pages", slices.Max(aPeak)/auditPeak5000, float64(n)/5000)
		}
	} else if n == 5000 {
		auditPeak5000 = slices.Max(aPeak)
	}
	b.Log(summary)
}

func list(xs []float64) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.FormatFloat(x, 'f', 2, 64)
	}
	return strings.Join(s, " ")
}

// BenchmarkAuditVsColly5000 compares privaudit audit with the minimal
// colly crawl on a 5,000-page site, three alternating rounds of each
// (about 30 s on a 2-core machine). ns/op means nothing: read the metrics.
func BenchmarkAuditVsColly5000(b *testing.B) { compare(b, 5000, 3) }

// BenchmarkAuditVsColly20000 does one round of each on a 20,000-page site,
// for the peak RSS (about 40 s on a 2-core machine).
func BenchmarkAuditVsColly20000(b *testing.B) { compare(b, 20000, 1) }
