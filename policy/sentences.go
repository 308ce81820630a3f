package policy

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations end with a period that does not end a sentence (lower
// case, without the final period). Tokens of one letter and tokens with an
// inner period ("e.g", "u.s", "z.b") are abbreviations too.
var abbreviations = map[string]bool{
	// English
	"inc": true, "ltd": true, "co": true, "corp": true, "llc": true, "plc": true, "mr": true, "mrs": true,
	"ms": true, "dr": true, "st": true, "no": true, "nos": true, "vs": true, "approx": true, "dept": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "fig": true, "ref": true, "est": true, "ave": true,
	"blvd": true, "rd": true, "ste": true, "sec": true, "cf": true, "ca": true, "al": true, "jr": true, "sr": true,
	// German
	"bzw": true, "ggf": true, "usw": true, "inkl": true, "evtl": true, "abs": true, "art": true, "nr": true,
	"vgl": true, "ziff": true, "str": true, "tel": true, "sog": true, "bspw": true, "gem": true, "lit": true,
	"max": true, "min": true, "mind": true, "zzgl": true,
	// French, Dutch, Spanish, Italian
	"mme": true, "mlle": true, "cie": true, "bijv": true, "nl": true, "resp": true, "sra": true,
	"dra": true, "núm": true, "pág": true, "sig": true, "avv": true, "dott": true, "pag": true,
	"ptas": true, "aprox": true, "tfno": true, "p": true,
}

// splitSentences splits a block of text into sentences. It does not split
// after abbreviations ("e.g.", "Inc.", "U.S.", "z.B.", "ca."), inside
// decimals, or before a word in lower case.
func splitSentences(text string) []string {
	var out []string
	start := 0
	n := len(text)
	for i := 0; i < n; i++ {
		c := text[i]
		if c != '.' && c != '!' && c != '?' && c != ';' {
			continue
		}
		// Take closing quotes and brackets with the sentence.
		j := i + 1
		for j < n && strings.IndexByte(`"')]»`, text[j]) >= 0 {
			j++
		}
		if j < n && strings.HasPrefix(text[j:], "”") {
			j += len("”")
		}
		if j < n && strings.HasPrefix(text[j:], "’") {
			j += len("’")
		}
		if j >= n || text[j] != ' ' {
			continue
		}
		k := j + 1
		if k >= n {
			continue
		}
		next, _ := utf8.DecodeRuneInString(text[k:])
		if c == ';' {
			// A semicolon ends a sentence only in long enumerations of
			// clauses; keep it unless the sentence is very long.
			if i-start < 400 {
				continue
			}
		}
		if !startsSentence(next) {
			continue
		}
		if c == '.' && isAbbreviation(text[start:i]) {
			continue
		}
		s := strings.TrimSpace(text[start:j])
		if len(s) < 4 {
			// "1." or "a." numbering: keep with the sentence.
			continue
		}
		out = append(out, s)
		start = k
		i = k - 1
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return capSentences(out)
}

func startsSentence(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(`"'“‘«¿¡([•`, r)
}

// isAbbreviation tells whether the text before a period ends in an
// abbreviation.
func isAbbreviation(before string) bool {
	w := before
	if i := strings.LastIndexAny(w, " (\"'/"); i >= 0 {
		w = w[i+1:]
	}
	if w == "" {
		return false
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsLetter(r)
	}
	lw := strings.ToLower(w)
	if abbreviations[lw] {
		return true
	}
	// "e.g", "i.e", "U.S", "z.B", "d.h", "a.m", "p.ex"
	if strings.Contains(lw, ".") && utf8.RuneCountInString(lw) <= 6 {
		for _, p := range strings.Split(lw, ".") {
			if utf8.RuneCountInString(p) > 3 {
				return false
			}
		}
		return true
	}
	return false
}

// capSentences cuts sentences longer than maxSentenceBytes at a space.
func capSentences(in []string) []string {
	var out []string
	for _, s := range in {
		for len(s) > maxSentenceBytes {
			cut := strings.LastIndexByte(s[:maxSentenceBytes], ' ')
			if cut < maxSentenceBytes/2 {
				cut = maxSentenceBytes
				for cut > 0 && !utf8.RuneStart(s[cut]) {
					cut--
				}
			}
			out = append(out, strings.TrimSpace(s[:cut]))
			s = strings.TrimSpace(s[cut:])
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
