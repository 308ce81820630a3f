// Command eval scores the policy analyser against the labelled corpus and
// prints precision, recall and F1 per aspect and per legal element (GDPR
// Art. 13/14, CCPA), their macro F1, the scores per language and the
// documents it gets wrong.
//
//	go run ./policy/eval [-corpus DIR] [-json] [-mistakes]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/policy/evaluation"
)

func main() {
	corpus := flag.String("corpus", "", "corpus directory holding opp115/, mozilla/ and intl/ (default ../shared/corpus/policies from the module root)")
	asJSON := flag.Bool("json", false, "print the report as JSON")
	mistakes := flag.Bool("mistakes", true, "list the documents the analyser gets wrong")
	flag.Parse()
	if err := run(os.Stdout, *corpus, *asJSON, *mistakes); err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(2)
	}
}

func run(w io.Writer, dir string, asJSON, mistakes bool) error {
	if dir == "" {
		d, err := evaluation.FindCorpus(".")
		if err != nil {
			return err
		}
		dir = d
	}
	rep, err := evaluation.Evaluate(dir)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(w, "%d documents in %s (%d with legal labels)\n\n", rep.Documents, dir, rep.LegalDocuments)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	table := func(title string, scores []evaluation.Score, macro float64) {
		fmt.Fprintf(tw, "%s\tTP\tFP\tFN\tTN\tP\tR\tF1\t\n", title)
		for _, s := range scores {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%.2f\t%.2f\t%.2f\t\n", s.Aspect, s.TP, s.FP, s.FN, s.TN, s.Precision, s.Recall, s.F1)
		}
		fmt.Fprintf(tw, "macro F1\t\t\t\t\t\t\t%.3f\t\n", macro)
		fmt.Fprintln(tw, "\t\t\t\t\t\t\t\t")
	}
	table("aspect", rep.Scores, rep.MacroF1)
	table("legal element", rep.Legal, rep.LegalMacroF1)

	// Per language: pooled (micro) and macro scores, then the F1 of each
	// legal element ("-" where no document of the language is labelled
	// for it, "n/a" where none is positive and none is predicted).
	fmt.Fprintln(tw, "language\tdocs\taspects P\tR\tF1\tmacro\tlegal P\tR\tF1\tmacro\t")
	for _, l := range rep.Languages {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t%.3f\t%.2f\t%.2f\t%.2f\t%.3f\t\n", l.Language, l.Documents,
			l.Aspects.Precision, l.Aspects.Recall, l.Aspects.F1, l.AspectsMacroF1,
			l.Legal.Precision, l.Legal.Recall, l.Legal.F1, l.LegalMacroF1)
	}
	fmt.Fprintln(tw, "\t\t\t\t\t\t\t\t\t\t")
	header := []string{"legal F1"}
	for _, l := range rep.Languages {
		header = append(header, l.Language)
	}
	fmt.Fprintln(tw, strings.Join(header, "\t")+"\t")
	for i, id := range policy.LegalElements {
		row := []string{id}
		for _, l := range rep.Languages {
			s := l.LegalScores[i]
			switch {
			case !s.Labelled():
				row = append(row, "-")
			case s.TP+s.FP+s.FN == 0:
				row = append(row, "n/a")
			default:
				row = append(row, fmt.Sprintf("%.2f", s.F1))
			}
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if !mistakes || len(rep.Mistakes) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\n%d mistakes:\n", len(rep.Mistakes))
	for _, m := range rep.Mistakes {
		switch {
		case m.Evidence != "":
			fmt.Fprintf(w, "%s %-6s %-24s %s  %q\n", m.Kind, m.Set, m.Aspect, m.Document, m.Evidence)
		case m.Quote != "":
			fmt.Fprintf(w, "%s %-6s %-24s %s  (label: %q)\n", m.Kind, m.Set, m.Aspect, m.Document, m.Quote)
		default:
			fmt.Fprintf(w, "%s %-6s %-24s %s\n", m.Kind, m.Set, m.Aspect, m.Document)
		}
	}
	return nil
}
