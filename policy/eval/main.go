// Command eval scores the policy analyser against the labelled corpus and
// prints precision, recall and F1 per aspect, the macro F1 and the
// documents it gets wrong.
//
//	go run ./policy/eval [-corpus DIR] [-json]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/privaudit/privaudit/policy/evaluation"
)

func main() {
	corpus := flag.String("corpus", "", "corpus directory holding opp115/ and mozilla/ (default ../shared/corpus/policies from the module root)")
	asJSON := flag.Bool("json", false, "print the report as JSON")
	flag.Parse()
	if err := run(os.Stdout, *corpus, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(2)
	}
}

func run(w io.Writer, dir string, asJSON bool) error {
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
	fmt.Fprintf(w, "%d documents in %s\n\n", rep.Documents, dir)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "aspect\tTP\tFP\tFN\tTN\tP\tR\tF1\t")
	for _, s := range rep.Scores {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%.2f\t%.2f\t%.2f\t\n", s.Aspect, s.TP, s.FP, s.FN, s.TN, s.Precision, s.Recall, s.F1)
	}
	fmt.Fprintf(tw, "macro F1\t\t\t\t\t\t\t%.3f\t\n", rep.MacroF1)
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(rep.Mistakes) > 0 {
		fmt.Fprintf(w, "\n%d mistakes:\n", len(rep.Mistakes))
	}
	for _, m := range rep.Mistakes {
		if m.Evidence != "" {
			fmt.Fprintf(w, "%s %-20s %s  %q\n", m.Kind, m.Aspect, m.Document, m.Evidence)
		} else {
			fmt.Fprintf(w, "%s %-20s %s\n", m.Kind, m.Aspect, m.Document)
		}
	}
	return nil
}
