package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/spf13/cobra"

	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/policy"
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
				return &ExitError{Code: ExitSite, Err: fmt.Errorf("reading %s: %w", args[0], err)}
			}
			a := policy.Analyze(doc)
			if format == "json" {
				return writePolicyJSON(cmd.OutOrStdout(), a)
			}
			return writePolicyTable(cmd.OutOrStdout(), args[0], a)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table or json")
	return cmd
}

func readPolicySource(cmd *cobra.Command, arg string) (policy.Source, error) {
	if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
		if _, err := crawler.ParseTarget(arg); err != nil {
			return policy.Source{}, usageError(err)
		}
		doc, err := crawler.New(crawler.Options{}).Fetch(cmd.Context(), arg)
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
	return policy.Source{URL: arg, Format: format, Body: body}, nil
}

// policyJSON is the JSON of `privaudit policy`: every aspect ID is present.
type policyJSON struct {
	Language       string                   `json:"language"`
	LastUpdated    string                   `json:"lastUpdated"`
	Words          int                      `json:"words"`
	Aspects        map[string]policy.Aspect `json:"aspects"`
	Names          policy.Names             `json:"names"`
	Contradictions []policy.Contradiction   `json:"contradictions"`
	Claims         []policy.Claim           `json:"claims"`
}

func writePolicyJSON(w io.Writer, a *policy.Analysis) error {
	out := policyJSON{Language: a.Language, LastUpdated: a.LastUpdated, Words: a.Words, Aspects: map[string]policy.Aspect{},
		Names: a.Names, Contradictions: a.Contradictions(), Claims: a.Claims}
	if out.Contradictions == nil {
		out.Contradictions = []policy.Contradiction{}
	}
	if out.Claims == nil {
		out.Claims = []policy.Claim{}
	}
	if out.Names.Cookies == nil {
		out.Names.Cookies = []string{}
	}
	if out.Names.Companies == nil {
		out.Names.Companies = []string{}
	}
	for _, id := range policy.AspectIDs {
		asp := a.Aspects[id]
		if asp.Evidence == nil {
			asp.Evidence = []string{}
		}
		out.Aspects[id] = asp
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func writePolicyTable(w io.Writer, name string, a *policy.Analysis) error {
	fmt.Fprintf(w, "Policy: %s\nLanguage: %s  Last updated: %s  Words: %d\n\n", name, orDash(a.Language), orDash(a.LastUpdated), a.Words)
	tbl := tablewriter.NewTable(w, tablewriter.WithRowAutoWrap(tw.WrapNormal), tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithRowMaxWidth(90))
	tbl.Header("Aspect", "Covered", "Evidence")
	covered := 0
	for _, id := range policy.AspectIDs {
		asp := a.Aspects[id]
		ev := ""
		if len(asp.Evidence) > 0 {
			ev = asp.Evidence[0]
			if r := []rune(ev); len(r) > 160 {
				ev = string(r[:159]) + "…"
			}
		}
		mark := "no"
		if asp.Covered {
			mark = "yes"
			covered++
		}
		if err := tbl.Append(id, mark, strings.Join(strings.Fields(ev), " ")); err != nil {
			return err
		}
	}
	if err := tbl.Render(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d of %d aspects covered\n", covered, len(policy.AspectIDs))
	if len(a.Names.Cookies) > 0 {
		fmt.Fprintf(w, "Cookies named: %s\n", strings.Join(a.Names.Cookies, ", "))
	}
	if len(a.Names.Companies) > 0 {
		fmt.Fprintf(w, "Companies named: %s\n", strings.Join(a.Names.Companies, ", "))
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
