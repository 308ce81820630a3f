package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/privaudit/privaudit/audit"
	"github.com/privaudit/privaudit/batch"
	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/report"
	"github.com/privaudit/privaudit/scope"
)

// batchFlags are the flags of `privaudit batch` beyond the audit's.
type batchFlags struct {
	parallel    int
	summary     string
	shard       string
	siteMaxTime time.Duration
}

// errBatchTime is the cause of the end of a batch whose --max-time ran out.
var errBatchTime = errors.New("--max-time ran out")

// batchFormats are the formats of the summary a batch prints at its end.
var batchFormats = []string{"table", "markdown", "none"}

func newBatchCommand() *cobra.Command {
	var f auditFlags
	var b batchFlags
	cmd := &cobra.Command{
		Use:   "batch FILE",
		Short: "Audit a list of sites, a few at a time, into one JSON line per site",
		Long: `Audit every target of FILE (one URL or host name per line; # starts a comment; - reads standard input),
--parallel-sites at a time, with the audit's options applied to each site. Each site's report is one line of
JSON (NDJSON) in -o FILE (standard output without -o); a site that could not be audited gets
{"target", "error", "exitCode"}. Run again with the same -o, the batch skips the sites already there: an
interrupted batch (SIGINT, SIGTERM, --max-time) resumes where it stopped. At the end, a summary table
(site, score, grade, gate) is printed, and with --summary written as Markdown.

--max-time bounds the whole batch; --site-max-time bounds each site's crawl (the audit's --max-time).
--shard I/N audits the I-th of N shares of the list (by a stable hash of each target), so that N machines
can run the same command; privaudit merge joins their files.

Exit codes: 0 every site passed its gate, 1 a site failed its gate, 3 a site could not be audited, 2 a usage
error, 4 --max-time ran out, 130 interrupted.`,
		Example: `  privaudit batch sites.txt -o nightly.ndjson --parallel-sites 4 --summary summary.md
  grep -v staging sites.txt | privaudit batch - -o out.ndjson --max-pages 200
  privaudit batch sites.txt --shard 2/8 -o shard-2.ndjson`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError(fmt.Errorf("batch takes one file of targets, or - for standard input (got %d arguments)", len(args)))
			}
			return runBatch(cmd, args[0], &f, &b)
		},
	}
	f.register(cmd, true, "high")
	fl := cmd.Flags()
	// -f and -o mean something else here: the summary's format, and the
	// NDJSON file.
	fl.Lookup("format").Usage = "format of the summary printed at the end: " + strings.Join(batchFormats, ", ")
	fl.Lookup("output").Usage = "NDJSON file of the reports, one line per site (default: standard output); an existing file is resumed"
	fl.Lookup("max-time").Usage = "stop the batch after this long (the sites being audited are redone by the next run) and exit 4 (0: no limit)"
	for _, name := range []string{"baseline", "baseline-any-origin", "save-record", "from-record", "show-suppressed", "no-progress"} {
		_ = fl.MarkHidden(name) // one site's files and displays: refused or meaningless here
	}
	fl.IntVar(&b.parallel, "parallel-sites", 2, "number of sites audited at once")
	fl.StringVar(&b.summary, "summary", "", "also write the summary as Markdown to this file")
	fl.StringVar(&b.shard, "shard", "", "audit only the I-th of N shares of the list, e.g. 2/8 (a stable hash of each target)")
	fl.DurationVar(&b.siteMaxTime, "site-max-time", 0, "give up crawling one site after this long and audit what was fetched (0: no limit)")
	return cmd
}

// runBatch runs a batch: the options are read and the catalogue, cookie
// database and ignore file loaded once, then each site is audited.
func runBatch(cmd *cobra.Command, file string, f *auditFlags, b *batchFlags) error {
	if err := f.applyConfig(cmd); err != nil {
		return err
	}
	// The configuration file's formats and output are the audit's, not
	// the batch's.
	if !f.cli["format"] {
		f.out.Formats = []string{"table"}
	}
	if !f.cli["output"] {
		f.out.Output = ""
	}
	if len(f.out.Formats) != 1 || !slices.Contains(batchFormats, f.out.Formats[0]) {
		return usageError(fmt.Errorf("--format: batch prints its summary as one of %s", strings.Join(batchFormats, ", ")))
	}
	format := f.out.Formats[0]
	for name, set := range map[string]bool{"baseline": f.baselineFile() != "", "save-record": f.saveRecord != "", "from-record": f.fromRecord != ""} {
		if set {
			return usageError(fmt.Errorf("--%s names one site's file: batch does not take it", name))
		}
	}
	if b.parallel < 1 {
		return usageError(errors.New("--parallel-sites must be at least 1"))
	}
	var shard batch.Shard
	if b.shard != "" {
		var err error
		if shard, err = batch.ParseShard(b.shard); err != nil {
			return usageError(fmt.Errorf("--shard: %w", err))
		}
	}
	batchTime := f.maxTime
	f.maxTime = b.siteMaxTime
	f.noProgress = true // sites run in parallel: one line per site instead
	out := f.out
	f.out = report.OutputOptions{Formats: []string{"json"}} // validated by options; not written
	opts, err := f.options(cmd)
	if err != nil {
		return err
	}
	tuneGC(b.parallel, f.crawl.MaxPages)
	targets, err := readTargets(cmd, file)
	if err != nil {
		return usageError(err)
	}
	targets = shard.Filter(targets)
	hist, err := f.openAuditHistory(cmd)
	if err != nil {
		return err
	}
	defer hist.close()

	var o *batch.Output
	var earlier []batch.Line
	if out.Output == "" || out.Output == "-" {
		o = batch.NewOutput(cmd.OutOrStdout())
	} else if o, earlier, err = batch.Open(out.Output); err != nil {
		return usageError(err)
	}
	defer o.Close()
	done := map[string]bool{}
	for _, l := range earlier {
		done[batch.Key(l.Target)] = true
	}
	var todo []batch.Target
	for _, t := range targets {
		if !done[batch.Key(t.Raw)] {
			todo = append(todo, t)
		}
	}
	logf := func(format string, args ...any) {
		if !f.quiet {
			fmt.Fprintf(cmd.ErrOrStderr(), "privaudit: "+format+"\n", args...)
		}
	}
	if skipped := len(targets) - len(todo); skipped > 0 {
		logf("%s already in %s: auditing the other %d", textutil.Plural(skipped, "site is", "sites are"), out.Output, len(todo))
	}

	ctx := cmd.Context()
	if batchTime > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, batchTime, errBatchTime)
		defer cancel()
	}
	n := len(todo)
	var finished atomic.Int32
	var priors sync.Map // target -> *audit.History of its audit, until stored
	lines, runErr := batch.Run(ctx, todo, batch.Options{
		Parallel: b.parallel,
		Out:      o,
		Audit: func(ctx context.Context, target string) batch.Result {
			if _, err := scope.ParseTarget(target); err != nil {
				return batch.Result{Err: err, ExitCode: ExitUsage}
			}
			o := opts // each site its own history and baseline
			var prior *audit.History
			o.Prior = hist.prior(f.baseline, &prior)
			rep, err := audit.Run(ctx, target, o)
			priors.Store(target, prior)
			res := batch.Result{Report: rep, Err: err}
			var ee *ExitError
			if errors.As(auditExit(rep, err, b.siteMaxTime), &ee) {
				res.ExitCode = ee.Code
			}
			return res
		},
		// Each site's report is stored after its line is written.
		Written: func(ctx context.Context, target string, res batch.Result) {
			prior, _ := priors.LoadAndDelete(target)
			h, _ := prior.(*audit.History)
			hist.save(ctx, res.Report, h)
		},
		Done: func(l batch.Line) {
			result := l.Status()
			if l.Failed() {
				result += ": " + textutil.OneLine(l.Error, 160)
			} else {
				result = fmt.Sprintf("%.1f, grade %s, %s", l.Score, l.Grade, result)
			}
			logf("[%d/%d] %s: %s", finished.Add(1), n, textutil.OneLine(l.Target, 120), result)
		},
	})

	// The summary covers every site of the list (this shard) that has a
	// line, from this run or an earlier one.
	byKey := map[string]batch.Line{}
	for _, l := range append(earlier, lines...) {
		byKey[batch.Key(l.Target)] = l
	}
	var all []batch.Line
	for _, t := range targets {
		if l, ok := byKey[batch.Key(t.Raw)]; ok {
			all = append(all, l)
		}
	}
	if err := writeBatchSummary(cmd, all, format, b.summary, out.Output == "" || out.Output == "-", f.noColor); err != nil {
		return usageError(err)
	}
	left := len(targets) - len(all)
	switch {
	case errors.Is(runErr, errBatchTime):
		return &ExitError{Code: ExitTimeout, Err: fmt.Errorf("--max-time %s ran out with %s left; run the same command again to resume", batchTime, textutil.Plural(left, "site", "sites"))}
	case cmd.Context().Err() != nil:
		return &ExitError{Code: ExitInterrupted, Err: fmt.Errorf("interrupted with %s left; run the same command again to resume", textutil.Plural(left, "site", "sites"))}
	case runErr != nil:
		return usageError(runErr)
	}
	return hist.exit(batchExit(all))
}

// batchExit is the exit of a batch from its lines.
func batchExit(lines []batch.Line) error {
	switch code := batch.ExitCode(lines); code {
	case batch.ExitSite:
		return &ExitError{Code: ExitSite, Err: fmt.Errorf("%s could not be audited", textutil.Plural(countStatus(lines, "error"), "site", "sites"))}
	case batch.ExitGate:
		return &ExitError{Code: ExitGate, Err: fmt.Errorf("%s failed the gate", textutil.Plural(countStatus(lines, "failed"), "site", "sites"))}
	}
	return nil
}

func countStatus(lines []batch.Line, status string) int {
	n := 0
	for _, l := range lines {
		if l.Status() == status {
			n++
		}
	}
	return n
}

// readTargets reads the target list from a file, or standard input for -.
func readTargets(cmd *cobra.Command, file string) ([]batch.Target, error) {
	var r io.Reader = cmd.InOrStdin()
	if file != "-" {
		fh, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("target list: %w", err)
		}
		defer fh.Close()
		r = fh
	}
	list, err := batch.ReadTargets(r)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("target list %s names no site", file)
	}
	return list, nil
}

// writeBatchSummary prints the summary (on stderr when the lines go to
// standard output) and writes the Markdown summary file.
func writeBatchSummary(cmd *cobra.Command, lines []batch.Line, format, mdFile string, linesOnStdout, noColor bool) error {
	rows := make([]report.BatchRow, len(lines))
	for i, l := range lines {
		rows[i] = report.BatchRow{Target: l.Target, Status: l.Status(), Grade: l.Grade, Pages: l.Pages, TimedOut: l.TimedOut, Error: l.Error}
		if !l.Failed() {
			score := l.Score
			rows[i].Score = &score
		}
	}
	w := cmd.OutOrStdout()
	if linesOnStdout {
		w = cmd.ErrOrStderr()
	}
	switch format {
	case "table":
		tty := terminal(w, noColor)
		if err := (report.TableRenderer{Width: tty.Width, Color: tty.Color}).RenderBatch(w, rows); err != nil {
			return err
		}
	case "markdown":
		if err := (report.MarkdownRenderer{}).RenderBatch(w, rows); err != nil {
			return err
		}
	}
	if mdFile == "" {
		return nil
	}
	fh, err := os.Create(mdFile)
	if err != nil {
		return fmt.Errorf("summary: %w", err)
	}
	if err := (report.MarkdownRenderer{}).RenderBatch(fh, rows); err != nil {
		fh.Close()
		return err
	}
	if err := fh.Close(); err != nil {
		return fmt.Errorf("summary: %w", err)
	}
	return nil
}

func newMergeCommand() *cobra.Command {
	var output, summary, format string
	var noColor bool
	cmd := &cobra.Command{
		Use:   "merge SHARD.ndjson...",
		Short: "Join the NDJSON files of batch shards into one, and summarise them",
		Long: `Join the NDJSON files that privaudit batch --shard wrote on several machines into one file (-o; standard
output without it), each site once, and print the summary. A line that is not whole JSON (a shard stopped
while writing it) is left out with a warning. Exit codes are the batch's: 0, 1 (a site failed its gate),
3 (a site could not be audited), 2 (usage).`,
		Example: `  privaudit merge shards/*.ndjson -o nightly.ndjson --summary summary.md`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError(errors.New("merge takes the NDJSON files of the shards"))
			}
			if !slices.Contains(batchFormats, format) {
				return usageError(fmt.Errorf("--format: merge prints its summary as one of %s", strings.Join(batchFormats, ", ")))
			}
			var o *batch.Output
			toStdout := output == "" || output == "-"
			if toStdout {
				o = batch.NewOutput(cmd.OutOrStdout())
			} else {
				if slices.Contains(args, output) {
					return usageError(fmt.Errorf("-o %s is also one of the shards", output))
				}
				if err := os.Remove(output); err != nil && !errors.Is(err, os.ErrNotExist) {
					return usageError(fmt.Errorf("output: %w", err))
				}
				var err error
				if o, _, err = batch.Open(output); err != nil {
					return usageError(err)
				}
			}
			lines, dropped, err := batch.Merge(args, o)
			if cerr := o.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return usageError(err)
			}
			if dropped > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "privaudit: warning: %s not whole JSON and left out (its site is missing: run its shard again)\n", textutil.Plural(dropped, "line was", "lines were"))
			}
			if err := writeBatchSummary(cmd, lines, format, summary, toStdout, noColor); err != nil {
				return usageError(err)
			}
			return batchExit(lines)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "the merged NDJSON file (default: standard output)")
	cmd.Flags().StringVar(&summary, "summary", "", "also write the summary as Markdown to this file")
	cmd.Flags().StringVarP(&format, "format", "f", "table", "format of the summary: "+strings.Join(batchFormats, ", "))
	cmd.Flags().BoolVar(&noColor, "no-color", false, "no colours (also when NO_COLOR is set)")
	return cmd
}
