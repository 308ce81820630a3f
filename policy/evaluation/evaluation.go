// Package evaluation scores the policy analyser against the labelled policy
// corpus of ../shared/corpus/policies: precision, recall and F1 per aspect,
// their macro average, and the documents it gets wrong.
package evaluation

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/privaudit/privaudit/policy"
)

// Score is the confusion count and the derived measures of one aspect.
type Score struct {
	Aspect    string  `json:"aspect"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	TN        int     `json:"tn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// Mistake is one document and aspect the analyser gets wrong.
type Mistake struct {
	Document string `json:"document"`
	Aspect   string `json:"aspect"`
	// Kind is "FP" (covered by the analyser, not by the label) or "FN".
	Kind string `json:"kind"`
	// Evidence is the analyser's first evidence sentence of a false
	// positive.
	Evidence string `json:"evidence,omitempty"`
}

// Report is the result of Evaluate.
type Report struct {
	Documents int       `json:"documents"`
	Scores    []Score   `json:"scores"` // in policy.AspectIDs order
	MacroF1   float64   `json:"macroF1"`
	Mistakes  []Mistake `json:"mistakes"`
}

// Score returns the score of aspect id.
func (r Report) Score(id string) (Score, bool) {
	for _, s := range r.Scores {
		if s.Aspect == id {
			return s, true
		}
	}
	return Score{}, false
}

// labelled is one document of the corpus with its labels: aspect -> covered;
// aspects whose annotators disagreed are absent.
type labelled struct {
	name   string
	path   string
	labels map[string]bool
}

// Sets names the parts of the corpus: subdirectory, label files and the
// extensions tried for a document, in order. OPP-115 is read from its .html
// files (segments separated by "|||"), Mozilla from .md or .html.
var sets = []struct {
	dir    string
	labels []string
	exts   []string
}{
	{"opp115", []string{"labels-opp115.csv", "labels-extra.csv"}, []string{".html"}},
	{"mozilla", []string{"labels-mozilla.csv"}, []string{".md", ".html"}},
}

// Evaluate runs the analyser over every labelled policy under corpusDir
// (the directory holding opp115/ and mozilla/) and scores it.
func Evaluate(corpusDir string) (Report, error) {
	docs, err := load(corpusDir)
	if err != nil {
		return Report{}, err
	}
	counts := map[string]*Score{}
	for _, id := range policy.AspectIDs {
		counts[id] = &Score{Aspect: id}
	}
	var rep Report
	for _, d := range docs {
		body, err := os.ReadFile(d.path)
		if err != nil {
			return Report{}, fmt.Errorf("evaluate: %w", err)
		}
		doc, err := policy.Parse(policy.Source{URL: d.path, Body: body})
		if err != nil {
			return Report{}, fmt.Errorf("evaluate %s: %w", d.name, err)
		}
		a := policy.Analyze(doc)
		rep.Documents++
		for _, id := range policy.AspectIDs {
			want, ok := d.labels[id]
			if !ok {
				continue
			}
			got := a.Aspects[id]
			s := counts[id]
			switch {
			case got.Covered && want:
				s.TP++
			case got.Covered && !want:
				s.FP++
				m := Mistake{Document: d.name, Aspect: id, Kind: "FP"}
				if len(got.Evidence) > 0 {
					m.Evidence = got.Evidence[0]
				}
				rep.Mistakes = append(rep.Mistakes, m)
			case !got.Covered && want:
				s.FN++
				rep.Mistakes = append(rep.Mistakes, Mistake{Document: d.name, Aspect: id, Kind: "FN"})
			default:
				s.TN++
			}
		}
	}
	sum := 0.0
	for _, id := range policy.AspectIDs {
		s := counts[id]
		s.Precision = ratio(s.TP, s.TP+s.FP)
		s.Recall = ratio(s.TP, s.TP+s.FN)
		if s.Precision+s.Recall > 0 {
			s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
		}
		rep.Scores = append(rep.Scores, *s)
		sum += s.F1
	}
	rep.MacroF1 = sum / float64(len(policy.AspectIDs))
	return rep, nil
}

// ratio is n/d, or 1 when d is 0 (nothing to get wrong).
func ratio(n, d int) float64 {
	if d == 0 {
		return 1
	}
	return float64(n) / float64(d)
}

func load(corpusDir string) ([]labelled, error) {
	var out []labelled
	for _, set := range sets {
		dir := filepath.Join(corpusDir, set.dir)
		byName := map[string]*labelled{}
		var order []string
		for _, lf := range set.labels {
			rows, err := readCSV(filepath.Join(dir, lf))
			if err != nil {
				return nil, err
			}
			if len(rows) == 0 {
				continue
			}
			header := rows[0]
			for _, row := range rows[1:] {
				if len(row) == 0 || strings.TrimSpace(row[0]) == "" {
					continue
				}
				name := strings.TrimSpace(row[0])
				d := byName[name]
				if d == nil {
					d = &labelled{name: set.dir + "/" + name, labels: map[string]bool{}}
					byName[name] = d
					order = append(order, name)
				}
				for i := 1; i < len(row) && i < len(header); i++ {
					switch strings.TrimSpace(row[i]) {
					case "1":
						d.labels[strings.TrimSpace(header[i])] = true
					case "0":
						d.labels[strings.TrimSpace(header[i])] = false
					}
				}
			}
		}
		sort.Strings(order)
		for _, name := range order {
			d := byName[name]
			for _, ext := range set.exts {
				p := filepath.Join(dir, name+ext)
				if _, err := os.Stat(p); err == nil {
					d.path = p
					break
				}
			}
			if d.path == "" {
				return nil, fmt.Errorf("evaluate: no document for label row %s in %s", name, dir)
			}
			out = append(out, *d)
		}
	}
	return out, nil
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read labels: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read labels %s: %w", path, err)
	}
	return rows, nil
}

// FindCorpus returns the corpus directory for a program or test running in
// dir: it walks up to the module root (the directory with go.mod) and
// returns ../shared/corpus/policies from there. The error wraps
// fs.ErrNotExist when the corpus is absent.
func FindCorpus(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("find corpus: %w", err)
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			c := filepath.Join(d, "..", "shared", "corpus", "policies")
			if st, err := os.Stat(c); err != nil || !st.IsDir() {
				return c, fmt.Errorf("find corpus: %s: %w", c, fs.ErrNotExist)
			}
			return filepath.Clean(c), nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("find corpus: no go.mod above %s: %w", abs, fs.ErrNotExist)
		}
	}
}

// IsNotExist reports whether err says the corpus is absent.
func IsNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
