package policy

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// lazyHelperEnv makes TestLazyRulesHelper run: it must run alone, in a
// process where nothing has touched the rules yet.
const lazyHelperEnv = "PRIVAUDIT_POLICY_LAZY_HELPER"

// TestRulesLoadOnFirstUse runs this test binary again with only
// TestLazyRulesHelper, so that it starts in a fresh process: importing the
// package must compile no rules, and the first Parse must.
func TestRulesLoadOnFirstUse(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestLazyRulesHelper$", "-test.v")
	cmd.Env = append(os.Environ(), lazyHelperEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper process: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: TestLazyRulesHelper") {
		t.Fatalf("the helper test did not run:\n%s", out)
	}
	t.Logf("helper:\n%s", out)
}

// TestLazyRulesHelper is TestRulesLoadOnFirstUse's fresh process.
func TestLazyRulesHelper(t *testing.T) {
	if os.Getenv(lazyHelperEnv) != "1" {
		t.Skip("run by TestRulesLoadOnFirstUse in a process of its own")
	}
	var start, loaded runtime.MemStats
	runtime.ReadMemStats(&start)
	if rulesLoaded.Load() {
		t.Fatal("the rules were compiled when the package loaded")
	}

	// Many goroutines read their first policy at once: the rules compile
	// once, and every one of them sees the same result.
	src := Source{Format: FormatHTML, Body: []byte(`<html lang="en"><body><h1>Privacy Policy</h1>
<p>Last updated: May 7, 2021</p>
<h2>Cookies</h2><p>We use cookies such as _ga to count visits with Google Analytics.</p>
<h2>Your rights</h2><p>You have the right to access, correct and delete the personal data we hold about you.</p>
</body></html>`)}
	const n = 8
	results := make([]string, n)
	var wg sync.WaitGroup
	begin := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-begin
			d, err := Parse(src)
			if err != nil {
				t.Error(err)
				return
			}
			a := Analyze(d)
			var covered []string
			for _, id := range AspectIDs {
				if a.Aspects[id].Covered {
					covered = append(covered, id)
				}
			}
			results[i] = d.Lang + " " + d.LastUpdated + " " + strings.Join(covered, ",") + " " + strings.Join(a.Names.Companies, ",")
		})
	}
	close(begin)
	wg.Wait()
	if !rulesLoaded.Load() {
		t.Fatal("Parse and Analyze did not load the rules")
	}
	runtime.ReadMemStats(&loaded)
	for i, r := range results {
		if r != results[0] {
			t.Errorf("goroutine %d read %q, goroutine 0 %q", i, r, results[0])
		}
	}
	if !strings.HasPrefix(results[0], "en 2021-05-07 ") || !strings.Contains(results[0], "cookies") || !strings.Contains(results[0], "Google") {
		t.Errorf("analysis %q: the rules did not apply", results[0])
	}

	// The compile cost is paid at first use, not at start-up: all the
	// process allocated before it is a small part of what it allocated.
	before, first := start.TotalAlloc, loaded.TotalAlloc-start.TotalAlloc
	t.Logf("allocated %.1f MB before the first use, %.1f MB at it", float64(before)/(1<<20), float64(first)/(1<<20))
	if before*4 > first {
		t.Errorf("allocated %d bytes before the first use, %d at it: package load does costly work", before, first)
	}
}
