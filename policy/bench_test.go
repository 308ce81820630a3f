package policy

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// benchDoc builds a Markdown policy of about size bytes from the English
// test sentences, in sections under headings.
func benchDoc(size int) []byte {
	var b strings.Builder
	b.WriteString("# Privacy Policy\n\nLast updated: May 7, 2021\n\n")
	for i := 0; b.Len() < size; i++ {
		c := aspectCases[i%len(aspectCases)]
		fmt.Fprintf(&b, "## Section %d: %s\n\n", i, c.aspect)
		for _, s := range append(append([]string{}, c.pos...), c.neg...) {
			b.WriteString(s)
			b.WriteString(" We describe this in more detail, e.g. in our help pages, so that you can understand it. ")
		}
		b.WriteString("\n\nWe use Google Analytics (_ga, _gid) and Stripe. Contact privacy@example.com with questions.\n\n")
	}
	return []byte(b.String())
}

func benchmarkAnalyze(b *testing.B, src Source) {
	rules() // the rules load on first use: not part of the time per policy
	b.ReportAllocs()
	b.SetBytes(int64(len(src.Body)))
	for b.Loop() {
		d, err := Parse(src)
		if err != nil {
			b.Fatal(err)
		}
		a := Analyze(d)
		a.MentionsName("_ga")
		a.ExplainsPurpose("analytics")
	}
	perOp := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / 1e6
	b.ReportMetric(perOp*50*1024/float64(len(src.Body)), "ms/50KB")
}

// BenchmarkAnalyze parses and analyses a 50 KB policy (Parse, Analyze and
// one MentionsName and ExplainsPurpose call). The budget is 20 ms per
// 50 KB on one core.
func BenchmarkAnalyze(b *testing.B) {
	b.Run("synthetic-50KB", func(b *testing.B) {
		benchmarkAnalyze(b, Source{Format: FormatMarkdown, Body: benchDoc(50 * 1024)})
	})
	// A real 49 KB policy of the shared corpus, when present.
	p := filepath.Join("..", "..", "shared", "corpus", "policies", "mozilla", "en__firefox_privacy_notice.md")
	if body, err := os.ReadFile(p); err == nil {
		b.Run("firefox-notice", func(b *testing.B) {
			benchmarkAnalyze(b, Source{URL: p, Body: body})
		})
	}
	b.Run("html-wordpress", func(b *testing.B) {
		body, err := os.ReadFile("testdata/wordpress.html")
		if err != nil {
			b.Fatal(err)
		}
		benchmarkAnalyze(b, Source{Body: []byte(strings.Repeat(string(body), 20))})
	})
}

// BenchmarkAnalyzeOnly measures Analyze alone on a parsed 50 KB policy.
func BenchmarkAnalyzeOnly(b *testing.B) {
	d, err := Parse(Source{Format: FormatMarkdown, Body: benchDoc(50 * 1024)})
	if err != nil {
		b.Fatal(err)
	}
	rules()
	b.ReportAllocs()
	for b.Loop() {
		Analyze(d)
	}
}

// BenchmarkLoadRules measures what the first use of the analyser pays
// once: compiling the rule files (time and bytes allocated per op) and the
// heap the compiled rules keep (MB-kept).
func BenchmarkLoadRules(b *testing.B) {
	b.ReportAllocs()
	var kept uint64
	for b.Loop() {
		b.StopTimer()
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		rs, err := loadRules()
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(rs)
		if after.HeapAlloc > before.HeapAlloc {
			kept = after.HeapAlloc - before.HeapAlloc
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(kept)/(1<<20), "MB-kept")
}
