package policy

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateWindow is how far after a "last updated" label the date may stand.
const dateWindow = 80

var (
	isoDate     = regexp.MustCompile(`\b(\d{4})-(\d{1,2})-(\d{1,2})\b`)
	ymdSlash    = regexp.MustCompile(`\b(\d{4})/(\d{1,2})/(\d{1,2})\b`)
	numericDate = regexp.MustCompile(`\b(\d{1,2})\s?[./-]\s?(\d{1,2})\s?[./-]\s?(\d{4}|\d{2})\b`)
)

// dateRules are the date patterns built from the month names and date
// labels of the rule files, compiled with them (see rules).
type dateRules struct {
	monthFirst *regexp.Regexp // "may 7, 2021", "november 1st 2023"
	dayFirst   *regexp.Regexp // "7 mai 2021", "7. mai 2021", "1er novembre 2023", "7 de mayo de 2021"
	bareDate   *regexp.Regexp // a line that is only a date
	labels     []*rule        // [date-label] rules
}

// compileDates builds rs.dates from the month names and date labels.
func (rs *ruleSet) compileDates() error {
	m := `(` + rs.monthAlt + `)`
	pats := []struct {
		dst **regexp.Regexp
		src string
	}{
		{&rs.dates.monthFirst, `(?:^|[^\pL])` + m + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`},
		{&rs.dates.dayFirst, `\b(\d{1,2})(?:er|\.|º|°|st|nd|rd|th)?\s+(?:de\s+)?` + m + `\.?,?\s+(?:de\s+|del\s+)?(\d{4})\b`},
		{&rs.dates.bareDate, `^(?:[\pL]+,?\s+)?(?:` + m + `\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:er|\.|º)?\s+(?:de\s+)?` + m + `\.?\s+(?:de\s+)?\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})\.?$`},
	}
	for _, p := range pats {
		re, err := regexp.Compile(p.src)
		if err != nil {
			return fmt.Errorf("date pattern from the month names: %w", err)
		}
		*p.dst = re
	}
	for _, r := range rs.rules {
		if r.section == "date-label" {
			rs.dates.labels = append(rs.dates.labels, r)
		}
	}
	return nil
}

// ParseDate reads the first date in s (in lang's conventions: month first
// for English "07/05/2021", day first otherwise) and returns it as
// YYYY-MM-DD, or "" when s holds none.
func ParseDate(s, lang string) string {
	rs := rules()
	s = normalise(s)
	type cand struct {
		at   int
		date string
	}
	var best *cand
	consider := func(at int, y, mo, d int) {
		iso := isoOf(y, mo, d)
		if iso == "" {
			return
		}
		if best == nil || at < best.at {
			best = &cand{at, iso}
		}
	}
	for _, m := range isoDate.FindAllStringSubmatchIndex(s, 2) {
		consider(m[0], atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]]))
	}
	for _, m := range ymdSlash.FindAllStringSubmatchIndex(s, 2) {
		consider(m[0], atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]]))
	}
	for _, m := range rs.dates.monthFirst.FindAllStringSubmatchIndex(s, 2) {
		consider(m[0], atoi(s[m[6]:m[7]]), rs.months[s[m[2]:m[3]]], atoi(s[m[4]:m[5]]))
	}
	for _, m := range rs.dates.dayFirst.FindAllStringSubmatchIndex(s, 2) {
		consider(m[0], atoi(s[m[6]:m[7]]), rs.months[s[m[4]:m[5]]], atoi(s[m[2]:m[3]]))
	}
	for _, m := range numericDate.FindAllStringSubmatchIndex(s, 2) {
		a, b, y := atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]])
		if y < 100 {
			y += 2000
		}
		// English (US) writes month first unless the first number cannot
		// be a month; other languages write day first unless the second
		// cannot be.
		mo, d := b, a
		if lang == "en" && a <= 12 || b > 12 {
			mo, d = a, b
		}
		consider(m[0], y, mo, d)
	}
	if best == nil {
		return ""
	}
	return best.date
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// isoOf returns y-mo-d as YYYY-MM-DD when it is a real date between 1990
// and 2100.
func isoOf(y, mo, d int) string {
	if y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return ""
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
}

// findDate returns the document's "last updated" or effective date: a date
// after a label in any supported language, else a datetime attribute of
// the markup, else a line at the top that is only a date.
func findDate(doc *Document, attrDate string) string {
	lang := doc.Lang
	dates := rules().dates
	lines := 0
	check := func(t string) string {
		lt := normalise(t)
		for _, r := range dates.labels {
			if !containsAny(lt, r.lits) {
				continue
			}
			loc := r.re.FindStringIndex(lt)
			if loc == nil {
				continue
			}
			end := loc[1] + dateWindow
			if end > len(lt) {
				end = len(lt)
			}
			for end < len(lt) && lt[end]&0xC0 == 0x80 {
				end++
			}
			if d := ParseDate(lt[loc[1]:end], lang); d != "" {
				return d
			}
			// "Last updated" standing at the end: "May 7, 2021 (last updated)".
			if loc[0] > 0 && loc[0] < dateWindow {
				if d := ParseDate(lt[:loc[0]], lang); d != "" {
					return d
				}
			}
		}
		return ""
	}
	var bare string
	for _, s := range doc.Sections {
		items := append([]string{s.Heading}, s.Sentences...)
		for _, t := range items {
			if t == "" {
				continue
			}
			lines++
			if d := check(t); d != "" {
				return d
			}
			if bare == "" && lines <= 6 && len(t) < 60 && dates.bareDate.MatchString(strings.TrimSpace(normalise(t))) {
				bare = ParseDate(t, lang)
			}
		}
	}
	if attrDate != "" {
		if m := isoDate.FindStringSubmatch(isoDatePat.FindString(attrDate)); m != nil {
			if d := isoOf(atoi(m[1]), atoi(m[2]), atoi(m[3])); d != "" {
				return d
			}
		}
	}
	return bare
}
