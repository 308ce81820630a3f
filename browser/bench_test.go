package browser

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/privaudit/privaudit/record"
)

// benchPages is the size of the benchmark's site.
const benchPages = 20

// benchSite serves a site of benchPages pages on 127.0.0.1, each with a
// script, a style sheet, an image, a cookie set by script and by header,
// storage, a third-party iframe (localhost) and a beacon, linking the
// next pages.
func benchSite(b *testing.B) (urls []string) {
	b.Helper()
	var tp string
	mux := http.NewServeMux()
	mux.HandleFunc("/p/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Add("Set-Cookie", fmt.Sprintf("visit%d=1; Path=/; SameSite=Lax", n%5))
		fmt.Fprintf(w, `<!doctype html><html><head><title>Page %[1]d</title>
<link rel="stylesheet" href="/site.css"><script src="/app.js"></script></head>
<body><h1>Page %[1]d</h1><img src="/logo.png" alt="">
<p>%[3]s</p>
<iframe src="%[2]s/widget"></iframe>
<a href="/p/%[4]d">next</a> <a href="/p/%[5]d">after</a></body></html>`,
			n, tp, strings.Repeat("Lorem ipsum dolor sit amet. ", 200), (n+1)%benchPages, (n+2)%benchPages)
	})
	mux.HandleFunc("/app.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `document.cookie = "_app=" + Math.random() + "; path=/";
localStorage.setItem("seen", location.pathname);
addEventListener("load", () => navigator.sendBeacon("/collect", "x"));`)
	})
	mux.HandleFunc("/site.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		fmt.Fprint(w, `body { font: 16px sans-serif; max-width: 40em; margin: auto }`)
	})
	mux.HandleFunc("/logo.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/gif")
		w.Write([]byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"))
	})
	mux.HandleFunc("/widget", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Add("Set-Cookie", "wid=1; Path=/; SameSite=None; Secure")
		fmt.Fprint(w, `<!doctype html><script>localStorage.setItem("w", "1"); fetch("/track");</script>`)
	})
	for _, p := range []string{"/collect", "/track"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	}
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	tp = strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	for i := range benchPages {
		urls = append(urls, fmt.Sprintf("%s/p/%d", srv.URL, i))
	}
	return urls
}

// BenchmarkRender renders a site of 20 pages in one phase, and reports
// the pages rendered per second and the memory of this process and
// Chromium's together: hwm-sum-MiB is the sum of their peak resident sizes
// (VmHWM) at the end, which counts the memory they share once per process
// and misses the renderers that exited with their tabs; peak-pss-MiB is
// the peak of the sum of their proportional set sizes (shared memory
// split between its users), sampled every 50 ms while rendering. Nothing
// of Chromium may be left after Close.
func BenchmarkRender(b *testing.B) {
	requireChrome(b)
	urls := benchSite(b)
	br, err := Launch(context.Background(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer br.Close()

	var peak int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			peak = max(peak, treePSS(br))
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	})

	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		ph, err := br.Render(context.Background(), record.PhaseBefore, urls, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range ph.Pages {
			if p.Error != "" || p.Status != 200 {
				b.Fatalf("%s: %d %s", p.URL, p.Status, p.Error)
			}
		}
		if len(ph.Cookies) < 6 || len(ph.Requests) < 6 {
			b.Fatalf("%d cookies, %d requests", len(ph.Cookies), len(ph.Requests))
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	close(stop)
	wg.Wait()
	hwm := treeHWM(br)

	b.ReportMetric(float64(b.N*len(urls))/elapsed.Seconds(), "pages/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-pss-MiB")
	b.ReportMetric(float64(hwm)/(1<<20), "hwm-sum-MiB")

	if err := br.Close(); err != nil {
		b.Fatal(err)
	}
	if pids := profilePIDs(br.dir, false); len(pids) > 0 {
		b.Errorf("processes left after Close: %v", pids)
	}
	if _, err := os.Stat(br.dir); err == nil {
		b.Errorf("profile directory left: %s", br.dir)
	}
}

// treePSS returns the proportional set size, in bytes, of this process
// and Chromium's together.
func treePSS(b *Browser) int64 { return treeSum(b, "smaps_rollup", "Pss:") }

// treeHWM returns the sum of the peak resident sizes (VmHWM), in bytes, of
// this process and of Chromium's processes running now.
func treeHWM(b *Browser) int64 { return treeSum(b, "status", "VmHWM:") }

func treeSum(b *Browser, file, field string) int64 {
	pids := append([]int{os.Getpid()}, profilePIDs(b.dir, false)...)
	var sum int64
	for _, pid := range pids {
		sum += procKB(pid, file, field) << 10
	}
	return sum
}

// procKB reads a field in kB of /proc/PID/FILE.
func procKB(pid int, file, field string) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/%s", pid, file))
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb
		}
	}
	return 0
}
