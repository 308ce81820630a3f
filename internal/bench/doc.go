// Package bench holds whole-process benchmarks of privaudit, each compared
// with a baseline measured in the same run on the same machine.
//
// BenchmarkAuditVsColly5000 and BenchmarkAuditVsColly20000 build
// ./cmd/privaudit and ./internal/bench/mincolly (the minimal colly crawl
// of the performance notes: Async, links resolved with net/url and
// de-duplicated before Visit) into a temporary directory, serve the
// synthetic site of internal/synthsite on 127.0.0.1 from the test process,
// and run both programs as whole processes at concurrency 8, alternating
// them. They report pages per second of each, the wall-time and CPU-time
// ratios audit/colly and the peak RSS of each (from the processes'
// rusage), and log a one-line summary against the targets:
//
//   - the full static audit at least 0.9 times the pages per second of the
//     minimal colly crawl at equal concurrency (wall ratio at most 1.11);
//   - audit peak RSS at most 150 MiB at 20,000 pages, growing far less than
//     in proportion to pages.
//
// Machines are noisy (wall times on a shared 2-core machine swing up to
// 2x), so a missed target is reported, not failed; read the CPU ratio
// too. The benchmarks are skipped with -short and take about a minute:
//
//	make bench
//	go test -run '^$' -bench . -benchtime 1x ./internal/bench/
package bench
