package batch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/privaudit/privaudit/report"
)

func TestReadTargets(t *testing.T) {
	in := "\ufeff# sites of the night\n\nexample.org\nhttps://example.org/  # the same site\n  shop.example.net \n# http://commented.out\nhttp://127.0.0.1:8080/x\nnot a url\n"
	list, err := ReadTargets(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tg := range list {
		got = append(got, fmt.Sprintf("%d:%s", tg.Line, tg.Raw))
	}
	want := "3:example.org 5:shop.example.net 7:http://127.0.0.1:8080/x 8:not a url"
	if strings.Join(got, " ") != want {
		t.Errorf("targets %q, want %q", strings.Join(got, " "), want)
	}
	long := strings.Repeat("a", maxLine+10)
	if _, err := ReadTargets(strings.NewReader(long)); err == nil {
		t.Error("a line longer than the limit: no error")
	}
}

func TestKey(t *testing.T) {
	for _, same := range [][2]string{{"example.org", "https://example.org/"}, {"EXAMPLE.org", "https://example.org"}, {"https://example.org/#top", "example.org/"}} {
		if Key(same[0]) != Key(same[1]) {
			t.Errorf("Key(%q) = %q, Key(%q) = %q", same[0], Key(same[0]), same[1], Key(same[1]))
		}
	}
	if Key("http://example.org") == Key("https://example.org") {
		t.Error("http and https are one key")
	}
}

// The shards of a list are disjoint, cover it, do not depend on the
// list's order, and are of similar size.
func TestShard(t *testing.T) {
	var list []Target
	for i := range 1000 {
		list = append(list, Target{Raw: fmt.Sprintf("site%d.example", i)})
	}
	const n = 4
	owner := map[string]int{}
	for i := 1; i <= n; i++ {
		s, err := ParseShard(fmt.Sprintf("%d/%d", i, n))
		if err != nil {
			t.Fatal(err)
		}
		part := s.Filter(list)
		if len(part) < 1000/n*7/10 || len(part) > 1000/n*13/10 {
			t.Errorf("shard %d/%d has %d of 1000 targets", i, n, len(part))
		}
		for _, tg := range part {
			if prev, ok := owner[tg.Raw]; ok {
				t.Errorf("%s is in shards %d and %d", tg.Raw, prev, i)
			}
			owner[tg.Raw] = i
		}
	}
	if len(owner) != len(list) {
		t.Errorf("the shards cover %d of %d targets", len(owner), len(list))
	}
	// Reversed, and alone: the same shard.
	s3, _ := ParseShard("3/4")
	for _, tg := range list[:50] {
		if s3.Has(tg.Raw) != (owner[tg.Raw] == 3) || s3.Has("https://"+tg.Raw+"/") != s3.Has(tg.Raw) {
			t.Errorf("%s: shard membership is not stable", tg.Raw)
		}
	}
	for _, bad := range []string{"0/4", "5/4", "1/0", "a/b", "2", "-1/3", ""} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q): no error", bad)
		}
	}
	if s, _ := ParseShard("1/1"); !s.Has("anything") {
		t.Error("1/1 does not hold everything")
	}
}

func rep(target string, score float64, passed bool) *report.Report {
	return &report.Report{SchemaVersion: report.SchemaVersion, Target: target, Score: score, Grade: "C", Crawl: report.CrawlStats{Pages: 3}, Gate: &report.GateResult{Passed: passed}}
}

// Open keeps whole lines and drops the one a stopped batch was writing,
// wherever it is.
func TestOpenRepairs(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.ndjson")
	o, lines, err := Open(path)
	if err != nil || len(lines) != 0 {
		t.Fatalf("new output: %v, %v", lines, err)
	}
	for _, r := range []*report.Report{rep("a.example", 80, true), rep("b.example", 40, false)} {
		if err := o.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := o.Write(ErrorLine{Target: "c.example", Error: "no such host", ExitCode: 3}); err != nil {
		t.Fatal(err)
	}
	o.Close()
	whole, _ := os.ReadFile(path)
	if n := bytes.Count(whole, []byte("\n")); n != 3 {
		t.Fatalf("%d lines:\n%s", n, whole)
	}
	// A line cut short at the end.
	partial := append(append([]byte{}, whole...), []byte(`{"schemaVersion":"1.1.0","target":"d.exa`)...)
	os.WriteFile(path, partial, 0o644)
	o, lines, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	o.Close()
	if got, _ := os.ReadFile(path); !bytes.Equal(got, whole) || len(lines) != 3 {
		t.Errorf("after a cut line: %d lines, file\n%s", len(lines), got)
	}
	if lines[1].Status() != "failed" || lines[2].Status() != "error" || lines[2].ExitCode != 3 || lines[0].Score != 80 {
		t.Errorf("lines %+v", lines)
	}
	// A bad line in the middle (two batches once wrote at once).
	mid := bytes.Replace(whole, []byte("\n"), []byte("\n{\"target\":\"x\", broken\n"), 1)
	os.WriteFile(path, mid, 0o644)
	o, lines, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	o.Close()
	if got, _ := os.ReadFile(path); !bytes.Equal(got, whole) || len(lines) != 3 {
		t.Errorf("after a bad middle line: %d lines, file\n%s", len(lines), got)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".privaudit-batch-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// Run audits at most Parallel sites at once, never two of one origin, and
// writes a line for each finished site; a site cut off by the end of the
// context gets none.
func TestRun(t *testing.T) {
	var list []Target
	for i := range 12 {
		list = append(list, Target{Raw: fmt.Sprintf("https://site%d.example/", i%4) + fmt.Sprint(i)})
	}
	list = append(list, Target{Raw: "unreachable.example"})
	var (
		mu       sync.Mutex
		inFlight = map[string]int{}
		running  atomic.Int32
		peak     atomic.Int32
	)
	audit := func(ctx context.Context, target string) Result {
		o := origin(target)
		mu.Lock()
		inFlight[o]++
		if inFlight[o] > 1 {
			t.Errorf("two audits of %s at once", o)
		}
		mu.Unlock()
		n := running.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(20 * time.Millisecond)
		running.Add(-1)
		mu.Lock()
		inFlight[o]--
		mu.Unlock()
		if target == "unreachable.example" {
			return Result{Err: errors.New("no such host"), ExitCode: 3}
		}
		return Result{Report: rep(target, 90, true)}
	}
	var buf bytes.Buffer
	var done atomic.Int32
	lines, err := Run(context.Background(), list, Options{Parallel: 3, Audit: audit, Out: NewOutput(&buf), Done: func(Line) { done.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 13 || done.Load() != 13 || bytes.Count(buf.Bytes(), []byte("\n")) != 13 {
		t.Errorf("%d lines, %d done, output:\n%s", len(lines), done.Load(), buf.String())
	}
	if p := peak.Load(); p > 3 || p < 2 {
		t.Errorf("peak parallel audits %d, want 2-3", p)
	}
	for i, l := range lines {
		if l.Target != list[i].Raw {
			t.Errorf("line %d is %s, want the list's order (%s)", i, l.Target, list[i].Raw)
		}
	}
	if ExitCode(lines) != ExitSite || ExitCode(lines[:12]) != ExitOK {
		t.Errorf("exit codes %d, %d", ExitCode(lines), ExitCode(lines[:12]))
	}

	// Stopped half-way: only the finished sites have lines.
	ctx, cancel := context.WithCancel(context.Background())
	var started atomic.Int32
	slow := func(ctx context.Context, target string) Result {
		if started.Add(1) == 4 {
			cancel()
		}
		select {
		case <-ctx.Done():
			r := rep(target, 10, true)
			r.Interrupted = true
			return Result{Report: r}
		case <-time.After(10 * time.Millisecond):
			return Result{Report: rep(target, 90, true)}
		}
	}
	buf.Reset()
	lines, err = Run(ctx, list, Options{Parallel: 2, Audit: slow, Out: NewOutput(&buf)})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Run after cancel: %v", err)
	}
	if len(lines) >= len(list) || bytes.Count(buf.Bytes(), []byte("\n")) != len(lines) || bytes.Contains(buf.Bytes(), []byte(`"interrupted"`)) {
		t.Errorf("after cancel: %d lines written:\n%s", len(lines), buf.String())
	}
}

// A line that cannot be written stops the batch with the error.
func TestRunOutputError(t *testing.T) {
	list := []Target{{Raw: "a.example"}, {Raw: "b.example"}, {Raw: "c.example"}}
	_, err := Run(context.Background(), list, Options{Parallel: 1, Out: NewOutput(failWriter{}),
		Audit: func(ctx context.Context, target string) Result { return Result{Report: rep(target, 1, true)} }})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("error %v", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestMerge(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.ndjson"), filepath.Join(dir, "b.ndjson")
	write := func(path string, lines ...any) {
		o, _, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			if err := o.Write(l); err != nil {
				t.Fatal(err)
			}
		}
		o.Close()
	}
	write(a, rep("one.example", 70, true), ErrorLine{Target: "two.example", Error: "refused", ExitCode: 3})
	write(b, rep("https://one.example/", 10, false), rep("three.example", 50, false))
	f, _ := os.OpenFile(b, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"target":"four.exam`)
	f.Close()
	var out bytes.Buffer
	lines, dropped, err := Merge([]string{a, b}, NewOutput(&out))
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 3 || dropped != 1 || bytes.Count(out.Bytes(), []byte("\n")) != 3 || lines[0].Score != 70 {
		t.Errorf("merged %+v, dropped %d:\n%s", lines, dropped, out.String())
	}
	if _, _, err := Merge([]string{filepath.Join(dir, "missing")}, NewOutput(&out)); err == nil {
		t.Error("a missing shard: no error")
	}
}
