package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/report"
)

// maxPolicyFile caps the size of a policy file read from disk.
const maxPolicyFile = 5 << 20

func newPolicyCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "policy FILE|URL",
		Short: "Analyse one privacy policy document",
		Long:  "policy reads a privacy policy (HTML, Markdown or plain text, from a file or a URL) and reports, for each aspect a policy should cover, whether it does and the sentences that show it, with the policy's language and last-updated date.",
		Example: `  privaudit policy privacy.html
  privaudit policy https://example.org/privacy --format json`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError(fmt.Errorf("policy takes one file or URL (got %d)", len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return usageError(fmt.Errorf("unknown format %q (use table or json)", format))
			}
			src, err := readPolicySource(cmd, args[0])
			if err != nil {
				return err
			}
			doc, err := policy.Parse(src)
			if err != nil {
				// A file the user gave is bad input (2); a URL's content is
				// the site's (3).
				code := ExitUsage
				if isURL(args[0]) {
					code = ExitSite
				}
				return &ExitError{Code: code, Err: fmt.Errorf("reading %s: %w", args[0], err)}
			}
			rep := report.NewPolicyReport(args[0], policy.Analyze(doc))
			if format == "json" {
				return rep.WriteJSON(cmd.OutOrStdout())
			}
			return rep.WriteTable(cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table or json")
	cmd.Flags().Duration("timeout", 20*time.Second, "timeout of the request when the policy is a URL")
	return cmd
}

func readPolicySource(cmd *cobra.Command, arg string) (policy.Source, error) {
	if isURL(arg) {
		if _, err := crawler.ParseTarget(arg); err != nil {
			return policy.Source{}, usageError(err)
		}
		timeout, _ := cmd.Flags().GetDuration("timeout")
		doc, err := crawler.New(crawler.Options{Timeout: timeout}).Fetch(cmd.Context(), arg)
		if err != nil {
			return policy.Source{}, &ExitError{Code: ExitSite, Err: err}
		}
		if doc.Status != 200 {
			return policy.Source{}, &ExitError{Code: ExitSite, Err: fmt.Errorf("%s answered HTTP %d", arg, doc.Status)}
		}
		if doc.Error != "" {
			return policy.Source{}, &ExitError{Code: ExitSite, Err: fmt.Errorf("%s: %s", arg, doc.Error)}
		}
		return policy.Source{URL: doc.FinalURL, Format: policy.Format(doc.Format()), Body: doc.Body}, nil
	}
	f, err := os.Open(arg)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return policy.Source{}, usageError(fmt.Errorf("no such file: %s", arg))
		}
		return policy.Source{}, usageError(fmt.Errorf("reading policy: %w", err))
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, maxPolicyFile))
	if err != nil {
		return policy.Source{}, usageError(fmt.Errorf("reading %s: %w", arg, err))
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
	return policy.Source{URL: arg, Format: format, Body: crawler.ToUTF8(body, "")}, nil
}

func isURL(arg string) bool {
	return strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://")
}
