package policytext

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"golang.org/x/text/cases"

	"github.com/privaudit/privaudit/policy"
)

// New returns the version of a policy read from docs (the policy, then the
// parts of a privacy centre read with it) and analysed as a: nil when the
// documents hold no sentence.
//
// Its sentences are every heading and sentence of the documents, in
// reading order (a section's heading, then its sentences: a heading is
// text, and a heading that changes is a change), each normalised
// (Normalise), those left empty dropped. Its Hash is the hex SHA-256 of
// the sentences case-folded (Unicode full case folding: "ß" is "ss"), one
// per line: a version that differs from another only in case has the same
// hash, since a change of case says nothing new.
//
// Its Aspects are the IDs of the aspects a covers, sorted; LastUpdated and
// Language are a's, else the first document's that states one; Words counts
// the documents' words. a may be nil.
func New(url string, docs []*policy.Document, a *policy.Analysis) *Version {
	v := &Version{URL: url, Aspects: []string{}}
	for _, d := range docs {
		if d == nil {
			continue
		}
		v.Words += d.Words
		if v.Language == "" {
			v.Language = d.Lang
		}
		if v.LastUpdated == "" {
			v.LastUpdated = d.LastUpdated
		}
		for _, sec := range d.Sections {
			v.add(sec.Heading)
			for _, s := range sec.Sentences {
				v.add(s)
			}
		}
	}
	if len(v.Sentences) == 0 {
		return nil
	}
	if a != nil {
		if a.Language != "" {
			v.Language = a.Language
		}
		if a.LastUpdated != "" {
			v.LastUpdated = a.LastUpdated
		}
		for id, asp := range a.Aspects {
			if asp.Covered {
				v.Aspects = append(v.Aspects, id)
			}
		}
		slices.Sort(v.Aspects)
	}
	v.Hash = hash(v.Sentences)
	return v
}

// add appends a sentence, normalised, unless that leaves it empty.
func (v *Version) add(s string) {
	if n := Normalise(s); n != "" {
		v.Sentences = append(v.Sentences, n)
	}
}

// hash returns the hash of normalised sentences: the hex SHA-256 of the
// sentences case-folded, one per line.
func hash(sentences []string) string {
	sum := sha256.Sum256([]byte(strings.Join(fold(sentences), "\n")))
	return hex.EncodeToString(sum[:])
}

// fold returns the sentences case-folded, as versions compare them.
func fold(sentences []string) []string {
	c := cases.Fold()
	out := make([]string, len(sentences))
	for i, s := range sentences {
		out[i] = c.String(s)
	}
	return out
}
