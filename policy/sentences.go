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
	// legal citations: "art. 6, par. 1, lett. b)", "co. 2"
	"par": true, "lett": true,
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
		if c == '.' && dayBeforeMonth(text[start:i], text[k:]) {
			// "Stand: 1. März 2024", "am 25. Mai 2018": a German or Dutch
			// day number, not the end of a sentence.
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
	// "EU-U.S.": the abbreviation after a hyphen
	if i := strings.LastIndexAny(w, " (\"'/-"); i >= 0 {
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

// monthNames are month names that follow a day number written "1." in
// German (and, less often, Dutch and Scandinavian-style dates).
var monthNames = map[string]bool{
	"januar": true, "jänner": true, "februar": true, "märz": true, "april": true, "mai": true, "juni": true,
	"juli": true, "august": true, "september": true, "oktober": true, "november": true, "dezember": true,
	"januari": true, "februari": true, "maart": true, "mei": true, "augustus": true, "december": true,
	"jan": true, "feb": true, "mär": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "okt": true, "nov": true, "dez": true,
}

// dayBeforeMonth reports whether before ends with a day number (1-31) and
// after starts with a month name.
func dayBeforeMonth(before, after string) bool {
	i := len(before)
	for i > 0 && before[i-1] >= '0' && before[i-1] <= '9' {
		i--
	}
	digits := before[i:]
	if len(digits) == 0 || len(digits) > 2 || (i > 0 && before[i-1] != ' ' && before[i-1] != '(' && before[i-1] != ':') {
		return false
	}
	if day := int(digits[0]-'0')*10 + int(digits[len(digits)-1]-'0'); len(digits) == 2 && (day < 1 || day > 31) {
		return false
	}
	word := after
	if j := strings.IndexFunc(after, func(r rune) bool { return !unicode.IsLetter(r) }); j >= 0 {
		word = after[:j]
	}
	return monthNames[strings.ToLower(word)]
}
