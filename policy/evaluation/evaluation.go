// Package evaluation scores the policy analyser against the labelled policy
// corpus of ../shared/corpus/policies: precision, recall and F1 per aspect
// and per legal element (GDPR Art. 13/14, CCPA), their macro averages, the
// same per language, and the documents it gets wrong.
package evaluation

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/privaudit/privaudit/policy"
)

// Score is the confusion count and the derived measures of one aspect or
// legal element (or, in a LanguageReport, of all of them pooled).
type Score struct {
	Aspect    string  `json:"aspect"` // aspect or legal element ID
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	TN        int     `json:"tn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// Labelled reports whether the score counts any document.
func (s Score) Labelled() bool { return s.TP+s.FP+s.FN+s.TN > 0 }

// Mistake is one document and aspect or legal element the analyser gets
// wrong.
type Mistake struct {
	Document string `json:"document"`
	// Set is "aspect" or "legal".
	Set    string `json:"set"`
	Aspect string `json:"aspect"` // aspect or legal element ID
	// Kind is "FP" (covered by the analyser, not by the label) or "FN".
	Kind string `json:"kind"`
	// Evidence is the analyser's first evidence sentence of a false
	// positive.
	Evidence string `json:"evidence,omitempty"`
	// Quote is the annotators' supporting sentence of a false negative,
	// from evidence.jsonl or evidence-legal.jsonl, when the corpus has it.
	Quote string `json:"quote,omitempty"`
}

// LanguageReport is the score of the documents of one language: the
// counts of all aspects (or all legal elements) pooled (micro average),
// the macro F1 over the IDs the language's documents can get wrong (at
// least one positive label or one positive verdict: an ID nobody covers
// and nothing predicts says nothing), and the score of each legal
// element.
type LanguageReport struct {
	Language       string  `json:"language"`
	Documents      int     `json:"documents"`
	Aspects        Score   `json:"aspects"`
	AspectsMacroF1 float64 `json:"aspectsMacroF1"`
	Legal          Score   `json:"legal"`
	LegalMacroF1   float64 `json:"legalMacroF1"`
	// LegalScores holds each legal element, in policy.LegalElements
	// order.
	LegalScores []Score `json:"legalScores"`
}

// Report is the result of Evaluate.
type Report struct {
	Documents int     `json:"documents"`
	Scores    []Score `json:"scores"` // aspects, in policy.AspectIDs order
	MacroF1   float64 `json:"macroF1"`
	// LegalDocuments is the number of documents with legal labels.
	LegalDocuments int     `json:"legalDocuments"`
	Legal          []Score `json:"legal"` // in policy.LegalElements order
	LegalMacroF1   float64 `json:"legalMacroF1"`
	// Languages holds the documents of each language of policy.Languages
	// that the corpus has, in that order.
	Languages []LanguageReport `json:"languages"`
	Mistakes  []Mistake        `json:"mistakes"`
}

// Score returns the score of aspect or legal element id.
func (r Report) Score(id string) (Score, bool) {
	for _, list := range [][]Score{r.Scores, r.Legal} {
		for _, s := range list {
			if s.Aspect == id {
				return s, true
			}
		}
	}
	return Score{}, false
}

// Language returns the report of language lang.
func (r Report) Language(lang string) (LanguageReport, bool) {
	for _, l := range r.Languages {
		if l.Language == lang {
			return l, true
		}
	}
	return LanguageReport{}, false
}

// labelled is one document of the corpus with its labels: aspect or legal
// element -> covered; those whose annotators disagreed are absent.
type labelled struct {
	name   string
	lang   string
	path   string
	labels map[string]bool
	quotes map[string]string // ID -> the annotators' supporting sentence
	legal  bool              // the document has legal labels
}

// sets names the parts of the corpus: subdirectory, aspect label files,
// the extensions tried for a document, in order, and the language of a
// document whose name does not say it ("de__name" says de). OPP-115 is
// read from its .html files (segments separated by "|||"), Mozilla and
// intl from .md or .html. Each part may have labels-legal.csv for the
// legal elements and evidence.jsonl / evidence-legal.jsonl with the
// sentences behind the labels; a part whose directory is absent is
// skipped.
var sets = []struct {
	dir    string
	labels []string
	exts   []string
	lang   string
}{
	{"opp115", []string{"labels-opp115.csv", "labels-extra.csv"}, []string{".html"}, "en"},
	{"mozilla", []string{"labels-mozilla.csv"}, []string{".md", ".html"}, ""},
	{"intl", []string{"labels-intl.csv"}, []string{".md", ".html"}, ""},
}

const (
	legalLabels   = "labels-legal.csv"
	aspectQuotes  = "evidence.jsonl"
	legalQuotes   = "evidence-legal.jsonl"
	setAspect     = "aspect"
	setLegal      = "legal"
	unknownLangID = "?"
)

// Evaluate runs the analyser over every labelled policy under corpusDir
// (the directory holding opp115/, mozilla/ and intl/) and scores it.
func Evaluate(corpusDir string) (Report, error) {
	docs, err := load(corpusDir)
	if err != nil {
		return Report{}, err
	}
	if len(docs) == 0 {
		return Report{}, fmt.Errorf("evaluate: no labelled documents in %s", corpusDir)
	}
	aspects := newCounts(policy.AspectIDs)
	legal := newCounts(policy.LegalElements)
	type perLang struct {
		docs           int
		aspects, legal map[string]*Score
	}
	langs := map[string]*perLang{}
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
		pl := langs[d.lang]
		if pl == nil {
			pl = &perLang{aspects: newCounts(policy.AspectIDs), legal: newCounts(policy.LegalElements)}
			langs[d.lang] = pl
		}
		pl.docs++
		for _, id := range policy.AspectIDs {
			rep.Mistakes = tally(rep.Mistakes, d, setAspect, id, a.Aspects[id], aspects[id], pl.aspects[id])
		}
		if d.legal {
			rep.LegalDocuments++
		}
		for _, id := range policy.LegalElements {
			rep.Mistakes = tally(rep.Mistakes, d, setLegal, id, a.Legal[id], legal[id], pl.legal[id])
		}
	}
	rep.Scores, rep.MacroF1 = finish(aspects, policy.AspectIDs, false)
	rep.Legal, rep.LegalMacroF1 = finish(legal, policy.LegalElements, false)
	order := append([]string{}, policy.Languages...)
	var other []string
	for l := range langs {
		if !slices.Contains(order, l) {
			other = append(other, l)
		}
	}
	sort.Strings(other)
	for _, l := range append(order, other...) {
		pl := langs[l]
		if pl == nil {
			continue
		}
		lr := LanguageReport{Language: l, Documents: pl.docs}
		var scores []Score
		scores, lr.AspectsMacroF1 = finish(pl.aspects, policy.AspectIDs, true)
		lr.Aspects = pool("aspects", scores)
		lr.LegalScores, lr.LegalMacroF1 = finish(pl.legal, policy.LegalElements, true)
		lr.Legal = pool("legal", lr.LegalScores)
		rep.Languages = append(rep.Languages, lr)
	}
	return rep, nil
}

func newCounts(ids []string) map[string]*Score {
	m := make(map[string]*Score, len(ids))
	for _, id := range ids {
		m[id] = &Score{Aspect: id}
	}
	return m
}

// tally counts the verdict got on id of document d against its label in
// the overall and the language's score, and returns mistakes with the
// document's mistake, if any, appended.
func tally(mistakes []Mistake, d labelled, set, id string, got policy.Aspect, all, lang *Score) []Mistake {
	want, ok := d.labels[id]
	if !ok {
		return mistakes
	}
	for _, s := range []*Score{all, lang} {
		switch {
		case got.Covered && want:
			s.TP++
		case got.Covered && !want:
			s.FP++
		case !got.Covered && want:
			s.FN++
		default:
			s.TN++
		}
	}
	switch {
	case got.Covered && !want:
		m := Mistake{Document: d.name, Set: set, Aspect: id, Kind: "FP"}
		if len(got.Evidence) > 0 {
			m.Evidence = got.Evidence[0]
		}
		mistakes = append(mistakes, m)
	case !got.Covered && want:
		mistakes = append(mistakes, Mistake{Document: d.name, Set: set, Aspect: id, Kind: "FN", Quote: d.quotes[id]})
	}
	return mistakes
}

// finish computes precision, recall and F1 of each score, in the order of
// ids, and their macro F1. With informative, the macro average leaves out
// the IDs with no positive label and no positive verdict (F1 1 by
// convention, which would only inflate it).
func finish(counts map[string]*Score, ids []string, informative bool) ([]Score, float64) {
	out := make([]Score, 0, len(ids))
	sum, n := 0.0, 0
	for _, id := range ids {
		s := counts[id]
		measure(s)
		out = append(out, *s)
		if informative && s.TP+s.FP+s.FN == 0 {
			continue
		}
		sum += s.F1
		n++
	}
	if n == 0 {
		return out, 0
	}
	return out, sum / float64(n)
}

// pool adds up scores into one (a micro average) named id.
func pool(id string, scores []Score) Score {
	p := Score{Aspect: id}
	for _, s := range scores {
		p.TP += s.TP
		p.FP += s.FP
		p.FN += s.FN
		p.TN += s.TN
	}
	measure(&p)
	return p
}

func measure(s *Score) {
	s.Precision = ratio(s.TP, s.TP+s.FP)
	s.Recall = ratio(s.TP, s.TP+s.FN)
	s.F1 = 0
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
}

// ratio is n/d, or 1 when d is 0 (nothing to get wrong).
func ratio(n, d int) float64 {
	if d == 0 {
		return 1
	}
	return float64(n) / float64(d)
}

// langOf returns the language of document name of a set whose documents
// are all in lang (when lang is set), or the language its name starts
// with: "de__name", "es-ES__name".
func langOf(name, lang string) string {
	if lang != "" {
		return lang
	}
	prefix, _, ok := strings.Cut(name, "__")
	if !ok || prefix == "" {
		return unknownLangID
	}
	prefix, _, _ = strings.Cut(prefix, "-")
	return strings.ToLower(prefix)
}

func load(corpusDir string) ([]labelled, error) {
	var out []labelled
	for _, set := range sets {
		dir := filepath.Join(corpusDir, set.dir)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		byName := map[string]*labelled{}
		var order []string
		files := append(append([]string{}, set.labels...), legalLabels)
		for _, lf := range files {
			p := filepath.Join(dir, lf)
			if lf == legalLabels {
				if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
					continue
				}
			}
			rows, err := readCSV(p)
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
					d = &labelled{name: set.dir + "/" + name, lang: langOf(name, set.lang), labels: map[string]bool{}, quotes: map[string]string{}}
					byName[name] = d
					order = append(order, name)
				}
				if lf == legalLabels {
					d.legal = true
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
		for _, qf := range []string{aspectQuotes, legalQuotes} {
			if err := readQuotes(filepath.Join(dir, qf), byName); err != nil {
				return nil, err
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

// readQuotes reads the supporting sentences of an evidence file, one JSON
// object a line ({"policy", "aspect" or "element", "quote"}), into the
// documents' quotes (the first quote of each ID). An absent file is no
// error.
func readQuotes(path string, byName map[string]*labelled) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read evidence: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 4<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var q struct {
			Policy  string `json:"policy"`
			Aspect  string `json:"aspect"`
			Element string `json:"element"`
			Quote   string `json:"quote"`
		}
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			return fmt.Errorf("read evidence %s:%d: %w", path, n, err)
		}
		id := q.Element
		if id == "" {
			id = q.Aspect
		}
		if d := byName[q.Policy]; d != nil && id != "" {
			if _, ok := d.quotes[id]; !ok {
				d.quotes[id] = q.Quote
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read evidence %s: %w", path, err)
	}
	return nil
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
