package audit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/extract"
	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/scope"
)

// maxPolicyFile caps the size of a policy file read from disk.
const maxPolicyFile = 5 << 20

// ErrBadInput is matched (errors.Is) by the errors of AnalyzePolicy that
// blame the input the user gave (a missing, binary or empty file, an
// invalid URL), as opposed to a site's answer (ErrSiteUnavailable).
var ErrBadInput = errors.New("bad input")

type inputError struct{ err error }

func (e *inputError) Error() string        { return e.err.Error() }
func (e *inputError) Unwrap() error        { return e.err }
func (e *inputError) Is(target error) bool { return target == ErrBadInput }

// AnalyzePolicy reads one policy document, from a file or an http(s) URL
// (fetched with timeout), and analyses it: the job of `privaudit policy`.
func AnalyzePolicy(ctx context.Context, source string, timeout time.Duration) (*policy.Analysis, error) {
	src, err := policySource(ctx, source, timeout)
	if err != nil {
		return nil, err
	}
	doc, err := policy.Parse(src)
	if err != nil {
		err = fmt.Errorf("reading %s: %w", source, err)
		if isURL(source) {
			return nil, unavailable(err)
		}
		return nil, &inputError{err}
	}
	return policy.Analyze(doc), nil
}

func policySource(ctx context.Context, arg string, timeout time.Duration) (policy.Source, error) {
	if isURL(arg) {
		if _, err := scope.ParseTarget(arg); err != nil {
			return policy.Source{}, &inputError{err}
		}
		doc, err := crawler.New(crawler.Options{Timeout: timeout}).Fetch(ctx, arg)
		switch {
		case err != nil:
			return policy.Source{}, unavailable(err)
		case doc.Status != 200:
			return policy.Source{}, unavailable(fmt.Errorf("%s answered HTTP %d", arg, doc.Status))
		case doc.Error != "":
			return policy.Source{}, unavailable(fmt.Errorf("%s: %s", arg, doc.Error))
		}
		return policy.Source{URL: doc.FinalURL, Format: policy.Format(doc.Format()), Body: []byte(doc.Body)}, nil
	}
	f, err := os.Open(arg)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return policy.Source{}, &inputError{fmt.Errorf("no such file: %s", arg)}
		}
		return policy.Source{}, &inputError{fmt.Errorf("reading policy: %w", err)}
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, maxPolicyFile))
	if err != nil {
		return policy.Source{}, &inputError{fmt.Errorf("reading %s: %w", arg, err)}
	}
	var format policy.Format
	switch strings.ToLower(filepath.Ext(arg)) {
	case ".html", ".htm", ".xhtml":
		format = policy.FormatHTML
	case ".md", ".markdown":
		format = policy.FormatMarkdown
	case ".txt", ".text":
		format = policy.FormatText
	}
	return policy.Source{URL: arg, Format: format, Body: extract.ToUTF8(body, "")}, nil
}

func isURL(arg string) bool {
	return strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://")
}
