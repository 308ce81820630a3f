package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/privaudit/privaudit/audit"
	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/report"
	"github.com/privaudit/privaudit/scope"
)

// auditExit is the exit of one audit, from what audit.Run returned: nil
// when the audit ran and passed its gate, else an *ExitError with the exit
// code and what to print. maxTime is the audit's --max-time, for the
// message.
func auditExit(rep *report.Report, err error, maxTime time.Duration) error {
	var te *scope.TargetError
	switch {
	case errors.As(err, &te):
		return usageError(err)
	case errors.Is(err, audit.ErrInterrupted):
		return &ExitError{Code: ExitInterrupted, Err: err}
	case errors.Is(err, audit.ErrTimedOut):
		return &ExitError{Code: ExitTimeout, Err: err}
	case errors.Is(err, audit.ErrSiteUnavailable):
		return &ExitError{Code: ExitSite, Err: err}
	case err != nil:
		return usageError(err)
	case rep.Interrupted:
		return &ExitError{Code: ExitInterrupted, Err: fmt.Errorf("interrupted; the report covers the %s fetched by then", textutil.Plural(rep.Crawl.Pages, "URL", "URLs"))}
	case rep.TimedOut:
		return &ExitError{Code: ExitTimeout, Err: fmt.Errorf("--max-time %s ran out; the report covers %s", maxTime, textutil.Plural(rep.Crawl.Pages, "URL", "URLs"))}
	case rep.Gate != nil && !rep.Gate.Passed:
		return &ExitError{Code: ExitGate, Err: fmt.Errorf("gate failed: %s", strings.Join(rep.Gate.Reasons, "; "))}
	}
	return nil
}
