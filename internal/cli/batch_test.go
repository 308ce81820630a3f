package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/privaudit/privaudit/internal/testsite"
)

// batchSites serves fixture sites over HTTP and returns their URLs and
// their request counters.
func batchSites(t *testing.T, names ...string) ([]string, []*testsite.Hits) {
	t.Helper()
	var urls []string
	var hits []*testsite.Hits
	for _, name := range names {
		s, h := testsite.ServeCounted(t, testsite.FixtureDir(t, name), false, nil)
		urls = append(urls, s.URL+"/")
		hits = append(hits, h)
	}
	return urls, hits
}

// readLines reads an NDJSON file: each line must be a whole JSON object.
func readLines(t *testing.T, path string) []map[string]any {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) > 0 && raw[len(raw)-1] != '\n' {
		t.Errorf("%s does not end with a whole line", path)
	}
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d of %s is not JSON: %v", len(out)+1, path, err)
		}
		out = append(out, m)
	}
	return out
}

func byTarget(lines []map[string]any) map[string]map[string]any {
	m := map[string]map[string]any{}
	for _, l := range lines {
		m[l["target"].(string)] = l
	}
	return m
}

func totalHits(hits []*testsite.Hits) int {
	n := 0
	for _, h := range hits {
		for _, c := range h.All() {
			n += c
		}
	}
	return n
}

// A batch writes one line per site (a full report, or why the site could
// not be audited), prints the summary, writes the Markdown summary, and
// resumes: a second run audits nothing, and a line cut short is redone.
func TestBatch(t *testing.T) {
	urls, hits := batchSites(t, "compliant", "no-contact", "german")
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL + "/"
	closed.Close()
	dir := t.TempDir()
	list := filepath.Join(dir, "sites.txt")
	os.WriteFile(list, []byte("# tonight\n"+strings.Join(urls, "\n")+"\n\n"+closedURL+"\nnot a url\n"+urls[0]+"  # again\n"), 0o644)
	out, summary := filepath.Join(dir, "out", "r.ndjson"), filepath.Join(dir, "summary.md")

	args := []string{"batch", list, "--no-config", "-o", out, "--summary", summary, "--parallel-sites", "3", "--fail-on", "none", "--no-color"}
	stdout, stderr, code := runCLI(t, args...)
	if code != ExitSite {
		t.Fatalf("exit %d, want %d (a site unreachable): %s", code, ExitSite, stderr)
	}
	lines := readLines(t, out)
	got := byTarget(lines)
	if len(lines) != 5 || len(got) != 5 {
		t.Fatalf("%d lines for %d targets, want 5", len(lines), len(got))
	}
	for _, u := range urls {
		l := got[u]
		if l["schemaVersion"] == nil || l["score"] == nil || len(l["checks"].([]any)) < 5 {
			t.Errorf("%s: not a full report: %v", u, l["error"])
		}
	}
	if l := got[closedURL]; l["exitCode"] != float64(ExitSite) || !strings.Contains(l["error"].(string), "refused") {
		t.Errorf("unreachable site: %v", l)
	}
	if l := got["not a url"]; l["exitCode"] != float64(ExitUsage) {
		t.Errorf("invalid target: %v", l)
	}
	if !strings.Contains(stdout, "5 sites: 3 passed, 0 failed the gate, 2 not audited") || strings.Count(stderr, "privaudit: [") != 5 {
		t.Errorf("summary:\n%s\nstderr:\n%s", stdout, stderr)
	}
	if md, err := os.ReadFile(summary); err != nil || !bytes.Contains(md, []byte("| `"+urls[0]+"` |")) {
		t.Errorf("Markdown summary: %v\n%s", err, md)
	}

	// Again: nothing is audited, the file is unchanged, the summary the same.
	before, _ := os.ReadFile(out)
	n := totalHits(hits)
	stdout2, stderr2, code := runCLI(t, args...)
	if after, _ := os.ReadFile(out); code != ExitSite || !bytes.Equal(before, after) || totalHits(hits) != n || stdout2 != stdout {
		t.Errorf("second run: exit %d, %d requests, stderr %s", code, totalHits(hits)-n, stderr2)
	}

	// The last line cut short, as by a crash: its site alone is redone.
	last := lines[len(lines)-1]["target"].(string)
	cut := before[:len(before)-40]
	os.WriteFile(out, cut, 0o644)
	runCLI(t, args...)
	again := readLines(t, out)
	if len(again) != 5 || again[4]["target"] != last {
		t.Errorf("after a cut line: %d lines, last %v (want %s)", len(again), again[len(again)-1]["target"], last)
	}
	for i, u := range urls {
		if u != last && hits[i].Count("/") != 1 {
			t.Errorf("%s fetched %d times", u, hits[i].Count("/"))
		}
	}
}

// A site that fails its gate makes the batch exit 1; the same run read
// from standard input to standard output keeps the summary on stderr.
func TestBatchGateAndStdin(t *testing.T) {
	urls, _ := batchSites(t, "compliant", "cookies-unexplained")
	var out, errb bytes.Buffer
	cmd := newRootCommand()
	cmd.SetArgs([]string{"batch", "-", "--no-config", "--fail-under", "100", "-q"})
	cmd.SetIn(strings.NewReader(strings.Join(urls, "\n")))
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	err := cmd.Execute()
	var ee *ExitError
	if !errors.As(err, &ee) || ee.Code != ExitGate {
		t.Fatalf("error %v, want exit %d", err, ExitGate)
	}
	if n := strings.Count(out.String(), "\n"); n != 2 || strings.Contains(out.String(), "sites:") {
		t.Errorf("stdout holds %d lines:\n%s", n, out.String())
	}
	if !strings.Contains(errb.String(), "2 sites: 0 passed, 2 failed the gate, 0 not audited") {
		t.Errorf("stderr:\n%s", errb.String())
	}
	for _, bad := range [][]string{
		{"batch", "-", "--no-config", "--baseline", "x.json"},
		{"batch", "-", "--no-config", "--shard", "3/2"},
		{"batch", "-", "--no-config", "-f", "sarif"},
		{"batch", "-", "--no-config", "--parallel-sites", "0"},
		{"batch", "-", "--no-config", "--per-host", "-1"},
		{"merge", filepath.Join(t.TempDir(), "missing.ndjson")},
		{"batch", filepath.Join(t.TempDir(), "missing.txt"), "--no-config"},
	} {
		_, stderr, code := runCLI(t, bad...)
		if code != ExitUsage || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q", bad, code, stderr)
		}
	}
}

// N shards of one list audit every site once between them; merge joins
// their files into one, each site once, and summarises.
func TestBatchShardsAndMerge(t *testing.T) {
	urls, hits := batchSites(t, "compliant", "no-contact", "german", "http-form", "policy-home-only", "preticked-consent")
	dir := t.TempDir()
	list := filepath.Join(dir, "sites.txt")
	os.WriteFile(list, []byte(strings.Join(urls, "\n")), 0o644)
	var shards []string
	seen := map[string]int{}
	for i := 1; i <= 3; i++ {
		out := filepath.Join(dir, fmt.Sprintf("shard-%d.ndjson", i))
		shards = append(shards, out)
		if _, stderr, code := runCLI(t, "batch", list, "--no-config", "-q", "--fail-on", "none", "--shard", fmt.Sprintf("%d/3", i), "-o", out); code != ExitOK {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
		for _, l := range readLines(t, out) {
			seen[l["target"].(string)]++
		}
	}
	for i, u := range urls {
		if seen[u] != 1 || hits[i].Count("/") != 1 {
			t.Errorf("%s: in %d shards, start page fetched %d times", u, seen[u], hits[i].Count("/"))
		}
	}
	// A shard stopped while writing its last line.
	f, _ := os.OpenFile(shards[0], os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"schemaVersion":"1.1.0","target":"http://cut.example/","sco`)
	f.Close()
	merged, summary := filepath.Join(dir, "all.ndjson"), filepath.Join(dir, "summary.md")
	stdout, stderr, code := runCLI(t, append([]string{"merge", "-o", merged, "--summary", summary, "--no-color"}, append(shards, shards[1])...)...)
	if code != ExitOK {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	if lines := readLines(t, merged); len(lines) != len(urls) || len(byTarget(lines)) != len(urls) {
		t.Errorf("merged %d lines, want %d", len(lines), len(urls))
	}
	if !strings.Contains(stderr, "1 line was not whole JSON") || !strings.Contains(stdout, "6 sites: 6 passed") {
		t.Errorf("merge stdout:\n%s\nstderr:\n%s", stdout, stderr)
	}
	if _, err := os.Stat(summary); err != nil {
		t.Error(err)
	}
	if _, _, code := runCLI(t, "merge", "-o", shards[0], shards[0]); code != ExitUsage {
		t.Errorf("merge into one of its shards: exit %d", code)
	}
}

// slowSites serves sites: the first fast ones answer at once, the others
// take delay per page while slow is set, so that a batch is still running
// when it is stopped, however loaded the machine.
func slowSites(t *testing.T, fast, n int, delay time.Duration, slow *atomic.Bool) []string {
	t.Helper()
	var urls []string
	for i := range n {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if i >= fast && slow.Load() {
				select {
				case <-time.After(delay):
				case <-r.Context().Done():
					return
				}
			}
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html><head><title>p</title></head><body><a href="/privacy">Privacy</a> <a href="/a%s">next</a> contact: team@example.org</body></html>`, r.URL.Path)
		}))
		t.Cleanup(srv.Close)
		urls = append(urls, srv.URL+"/")
	}
	return urls
}

// A batch stopped by a signal or by --max-time leaves only whole lines,
// exits 130 or 4, and the same command then finishes the list.
func TestBatchStopsAndResumes(t *testing.T) {
	var slow atomic.Bool
	urls := slowSites(t, 2, 6, time.Second, &slow)
	dir := t.TempDir()
	list := filepath.Join(dir, "sites.txt")
	os.WriteFile(list, []byte(strings.Join(urls, "\n")), 0o644)
	for _, tc := range []struct {
		name   string
		signal syscall.Signal
		extra  []string
		want   int
	}{
		{"SIGINT", syscall.SIGINT, nil, ExitInterrupted},
		{"SIGTERM", syscall.SIGTERM, nil, ExitInterrupted},
		{"max-time", 0, []string{"--max-time", "4s"}, ExitTimeout},
	} {
		t.Run(tc.name, func(t *testing.T) {
			slow.Store(true)
			out := filepath.Join(dir, tc.name+".ndjson")
			args := append([]string{"batch", list, "--no-config", "--fail-on", "none", "--parallel-sites", "2", "--max-pages", "6", "--concurrency", "1", "-o", out}, tc.extra...)
			cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$", "--"}, args...)...)
			cmd.Env = append(os.Environ(), "PRIVAUDIT_TEST_CLI=1")
			var errb bytes.Buffer
			cmd.Stderr = &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if tc.signal != 0 {
				// Once the first site is written.
				deadline := time.Now().Add(30 * time.Second * testsite.TimeScale)
				for time.Now().Before(deadline) {
					if b, _ := os.ReadFile(out); bytes.Count(b, []byte("\n")) >= 1 {
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
				_ = cmd.Process.Signal(tc.signal)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			var err error
			select {
			case err = <-done:
			case <-time.After(60 * time.Second * testsite.TimeScale):
				_ = cmd.Process.Kill()
				t.Fatalf("the batch did not stop: %s", errb.String())
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tc.want {
				t.Fatalf("exit %v, want %d: %s", err, tc.want, errb.String())
			}
			first := readLines(t, out)
			if len(first) == 0 || len(first) >= len(urls) {
				t.Fatalf("%d of %d sites written before the stop", len(first), len(urls))
			}
			for _, l := range first {
				if l["interrupted"] == true || l["error"] != nil {
					t.Errorf("an unfinished site was written: %v", l["target"])
				}
			}
			if !strings.Contains(errb.String(), "run the same command again to resume") {
				t.Errorf("stderr: %s", errb.String())
			}
			// Resumed without a limit, the sites quick again: the rest,
			// each once.
			slow.Store(false)
			resume := args[:len(args)-len(tc.extra)]
			if _, stderr, code := runCLI(t, resume...); code != ExitOK {
				t.Fatalf("resume: exit %d: %s", code, stderr)
			}
			if all := readLines(t, out); len(all) != len(urls) || len(byTarget(all)) != len(urls) {
				t.Errorf("after resuming: %d lines for %d sites", len(all), len(byTarget(all)))
			}
		})
	}
}

// Sites are independent: the batch holds at most --parallel-sites audits
// at once, and never two of one origin.
func TestBatchParallelism(t *testing.T) {
	var inFlight, peak atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(40 * time.Millisecond)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><body><a href="/privacy">Privacy</a></body></html>`)
	})
	var urls []string
	for range 5 {
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		urls = append(urls, srv.URL+"/")
	}
	// One origin listed under three paths: audited one after the other.
	same := httptest.NewServer(h)
	t.Cleanup(same.Close)
	urls = append(urls, same.URL+"/a", same.URL+"/b", same.URL+"/c")
	list := filepath.Join(t.TempDir(), "sites.txt")
	os.WriteFile(list, []byte(strings.Join(urls, "\n")), 0o644)
	_, stderr, code := runCLI(t, "batch", list, "--no-config", "-q", "--fail-on", "none", "--parallel-sites", "2", "--concurrency", "1", "--max-pages", "3", "-f", "none", "-o", filepath.Join(t.TempDir(), "o.ndjson"))
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if p := peak.Load(); p > 2 {
		t.Errorf("%d requests in flight with --parallel-sites 2 --concurrency 1", p)
	}
	// Every site is on 127.0.0.1: --per-host 1 allows one request at a
	// time across the batch, however many sites run.
	peak.Store(0)
	_, stderr, code = runCLI(t, "batch", list, "--no-config", "-q", "--fail-on", "none", "--parallel-sites", "3", "--concurrency", "4", "--per-host", "1", "--max-pages", "3", "-f", "none", "-o", filepath.Join(t.TempDir(), "o.ndjson"))
	if code != ExitOK {
		t.Fatalf("--per-host 1: exit %d: %s", code, stderr)
	}
	if p := peak.Load(); p != 1 {
		t.Errorf("%d requests in flight to 127.0.0.1 with --per-host 1", p)
	}
}
