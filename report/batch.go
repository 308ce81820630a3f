package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/privaudit/privaudit/internal/textutil"
)

// BatchRow is one site of a batch's summary.
type BatchRow struct {
	Target string
	// Status is passed, failed (its gate) or error (not audited).
	Status string
	// Score, Grade and Pages are absent (nil, "", 0) for a site that could
	// not be audited; Error says why.
	Score    *float64
	Grade    string
	Pages    int
	TimedOut bool
	Error    string
}

// batchCounts says how many sites passed, failed and could not be
// audited.
func batchCounts(rows []BatchRow) string {
	n := map[string]int{}
	for _, r := range rows {
		n[r.Status]++
	}
	return fmt.Sprintf("%s: %d passed, %d failed the gate, %d not audited",
		textutil.Plural(len(rows), "site", "sites"), n["passed"], n["failed"], n["error"])
}

// batchCells are a row's cells: site, score, grade, pages, gate or error.
func batchCells(r BatchRow) []string {
	score, grade, pages := "–", orDash(r.Grade), "–"
	if r.Score != nil {
		score = fmt.Sprintf("%.1f", *r.Score)
		pages = fmt.Sprint(r.Pages)
	}
	result := r.Status
	if r.TimedOut {
		result += " (time ran out)"
	}
	if r.Error != "" {
		result = "error: " + textutil.OneLine(r.Error, 200)
	}
	return []string{textutil.OneLine(r.Target, 200), score, grade, pages, result}
}

// RenderBatch writes a batch's summary as a table: a line of counts, then
// one row per site.
func (t TableRenderer) RenderBatch(w io.Writer, rows []BatchRow) error {
	var b bytes.Buffer
	t.para(&b, "", "", batchCounts(rows))
	if len(rows) > 0 {
		cells := make([][]string, len(rows))
		for i, r := range rows {
			cells[i] = batchCells(r)
		}
		gate := column{head: "Gate", wrap: true, max: 70, paint: func(row int, s string) string { return t.paint(batchColor(rows[row].Status), s) }}
		if err := t.writeTable(&b, []column{{head: "Site", wrap: true}, {head: "Score"}, {head: "Grade"}, {head: "Pages"}, gate}, cells); err != nil {
			return err
		}
	}
	if _, err := b.WriteTo(w); err != nil {
		return fmt.Errorf("writing the batch summary: %w", err)
	}
	return nil
}

// batchColor colours a site's result as the statuses of checks are.
func batchColor(status string) string {
	switch status {
	case "passed":
		return colorPass
	case "failed":
		return colorFail
	}
	return colorError
}

// RenderBatch writes a batch's summary as Markdown (a job summary): the
// counts, then a table of the sites, escaped like the audit report.
func (m MarkdownRenderer) RenderBatch(w io.Writer, rows []BatchRow) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## privaudit batch\n\n%s\n", batchCounts(rows))
	if len(rows) > 0 {
		b.WriteString("\n| Site | Score | Grade | Pages | Gate |\n|---|--:|---|--:|---|\n")
		for _, r := range rows {
			c := batchCells(r)
			status := map[string]string{"passed": "✅ passed", "failed": "❌ failed", "error": "⛔ error"}[r.Status]
			if r.TimedOut {
				status += " (time ran out)"
			}
			if r.Error != "" {
				status += ": " + mdText(r.Error, 200)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", mdCode(c[0], 200), c[1], mdText(c[2], 5), mdText(c[3], 40), status)
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing the batch summary: %w", err)
	}
	return nil
}
