package policy

import (
	"strings"
	"unicode"
)

// langSample caps the words language detection reads.
const langSample = 4000

// DetectLanguage guesses the language of text from the frequent words of
// each language in Languages. It returns the ISO 639-1 code, or "" when
// the text has too few of them to tell.
func DetectLanguage(text string) string {
	l, _, _ := detectLanguage(text)
	return l
}

// detectLanguage returns the best language, its count of stop words and
// the count of every language.
func detectLanguage(text string) (string, int, map[string]int) {
	stopwords := rules().stopwords
	counts := map[string]int{}
	words := 0
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := strings.ToLower(text[start:end])
		start = -1
		words++
		for _, l := range stopwords[w] {
			counts[l]++
		}
	}
	for i, r := range text {
		if words >= langSample {
			break
		}
		if unicode.IsLetter(r) || r == '\'' || r == '’' {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	if words < langSample {
		flush(len(text))
	}
	best, n := "", 0
	for _, l := range Languages {
		if counts[l] > n {
			best, n = l, counts[l]
		}
	}
	if n < 3 {
		return "", n, counts
	}
	return best, n, counts
}

// chooseLang returns the declared language (<html lang>) unless the text is
// clearly in another language, else the detected one.
func chooseLang(declared string, doc *Document) string {
	var b strings.Builder
	for _, s := range doc.Sections {
		b.WriteString(s.Heading)
		b.WriteByte('\n')
		for _, t := range s.Sentences {
			b.WriteString(t)
			b.WriteByte(' ')
			if b.Len() > 40000 {
				break
			}
		}
		if b.Len() > 40000 {
			break
		}
	}
	detected, n, counts := detectLanguage(b.String())
	if declared == "" || detected == "" || detected == declared {
		if declared != "" {
			return declared
		}
		return detected
	}
	// A template's lang="en" on a German page: trust the words when they
	// are many and the declared language's are few.
	if n >= 20 && counts[declared]*3 < n {
		return detected
	}
	return declared
}
