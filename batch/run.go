package batch

import (
	"context"
	"sync"

	"github.com/privaudit/privaudit/report"
)

// Result is the outcome of one site's audit.
type Result struct {
	// Report is the site's report; nil (or a report whose Error is set)
	// when the site could not be audited.
	Report *report.Report
	// Err says why the site could not be audited, and ExitCode is the exit
	// code `privaudit audit` would have given it.
	Err      error
	ExitCode int
}

// AuditFunc audits one target. It must return when ctx ends.
type AuditFunc func(ctx context.Context, target string) Result

// Options configure Run.
type Options struct {
	// Parallel is how many sites are audited at once (at least 1).
	Parallel int
	// Audit audits one site.
	Audit AuditFunc
	// Out receives one line per site audited.
	Out *Output
	// Written, when set, is called with each site's result after its line
	// is written, before Done (from the worker that wrote it; it must be
	// safe for concurrent use): a history store keeps the report then, so
	// that a store that fails or hangs never costs the line.
	Written func(ctx context.Context, target string, res Result)
	// Done, when set, is called after each site's line is written (from
	// the worker that wrote it; it must be safe for concurrent use).
	Done func(Line)
}

// Run audits the targets, Parallel at a time, and writes one line per
// site: its report, or an ErrorLine. Two targets of one origin are never
// audited at once. A site whose audit did not finish because ctx ended
// gets no line (a later run with the same output audits it again). Run
// returns the lines written, in the order of the list; the error is ctx's
// when it ended, or the output's when a line could not be written (the
// batch stops then).
func Run(ctx context.Context, targets []Target, opts Options) ([]Line, error) {
	if opts.Parallel < 1 {
		opts.Parallel = 1
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	s := &scheduler{pending: targets, busy: map[string]bool{}, written: make([]*Line, len(targets)), origins: make(map[string]string, len(targets))}
	for _, t := range targets {
		s.origins[t.Raw] = origin(t.Raw) // parsed once, not on every hand-out
	}
	s.cond = sync.NewCond(&s.mu)
	stop := context.AfterFunc(ctx, func() {
		s.mu.Lock()
		s.stopped = true
		s.mu.Unlock()
		s.cond.Broadcast()
	})
	defer stop()
	index := make(map[string]int, len(targets))
	for i, t := range targets {
		index[t.Raw] = i
	}
	var wg sync.WaitGroup
	for range min(opts.Parallel, max(len(targets), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				t, ok := s.next()
				if !ok {
					return
				}
				l, res, write, err := audit(ctx, t, opts)
				if err != nil {
					cancel(err)
				} else if write {
					s.mu.Lock()
					s.written[index[t.Raw]] = &l
					s.mu.Unlock()
					if opts.Written != nil {
						opts.Written(ctx, t.Raw, res)
					}
					if opts.Done != nil {
						opts.Done(l)
					}
				}
				s.release(t)
			}
		}()
	}
	wg.Wait()
	var out []Line
	for _, l := range s.written {
		if l != nil {
			out = append(out, *l)
		}
	}
	// The context ends early only when the caller's did (its cause is
	// returned) or a line could not be written.
	return out, context.Cause(ctx)
}

// audit runs one site and writes its line; write is false when the audit
// did not finish (ctx ended).
func audit(ctx context.Context, t Target, opts Options) (l Line, res Result, write bool, err error) {
	res = opts.Audit(ctx, t.Raw)
	if ctx.Err() != nil {
		return Line{}, res, false, nil
	}
	if res.Report != nil && res.Report.Error == "" && !res.Report.Interrupted {
		l = ReportLine(t.Raw, res.Report)
		return l, res, true, opts.Out.Write(res.Report)
	}
	msg := "the site could not be audited"
	switch {
	case res.Err != nil:
		msg = res.Err.Error()
	case res.Report != nil && res.Report.Error != "":
		msg = res.Report.Error
	}
	code := res.ExitCode
	if code == 0 {
		code = 3
	}
	l = Line{Target: t.Raw, Error: msg, ExitCode: code}
	return l, res, true, opts.Out.Write(ErrorLine{Target: t.Raw, Error: msg, ExitCode: code})
}

// scheduler hands targets to workers, one origin at a time.
type scheduler struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending []Target
	busy    map[string]bool
	stopped bool
	written []*Line
	// origins maps each target to its origin.
	origins map[string]string
}

// next returns the first pending target whose origin is not being audited,
// waiting while every pending one is; false when none is left or the
// batch stopped.
func (s *scheduler) next() (Target, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if s.stopped || len(s.pending) == 0 {
			return Target{}, false
		}
		for i, t := range s.pending {
			if o := s.origins[t.Raw]; !s.busy[o] {
				s.busy[o] = true
				s.pending = append(s.pending[:i:i], s.pending[i+1:]...)
				return t, true
			}
		}
		s.cond.Wait()
	}
}

// release marks the target's origin free again.
func (s *scheduler) release(t Target) {
	s.mu.Lock()
	delete(s.busy, s.origins[t.Raw])
	s.mu.Unlock()
	s.cond.Broadcast()
}
