package policy

import (
	"fmt"
	"regexp"
	"slices"
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
	mask       maskRules      // the patterns MaskDates uses
}

// maskRules are the date patterns of dateRules as MaskDates reads text:
// in any case, and with any space between their parts.
type maskRules struct {
	monthFirst, dayFirst *regexp.Regexp
	// monthYear is a month and a year without a day: "May 2021", "mayo de
	// 2021".
	monthYear *regexp.Regexp
	// weekday is a day of the week before a masked date: "Tuesday, [date]".
	weekday *regexp.Regexp
}

// compileDates builds rs.dates from the month names and date labels.
func (rs *ruleSet) compileDates() error {
	m := `(` + rs.monthAlt + `)`
	monthFirst := `(?:^|[^\pL])` + m + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`
	dayFirst := `\b(\d{1,2})(?:er|\.|º|°|st|nd|rd|th)?\s+(?:de\s+)?` + m + `\.?,?\s+(?:de\s+|del\s+)?(\d{4})\b`
	monthYear := `(?:^|[^\pL])` + m + `\.?,?\s+(?:de\s+|del\s+)?(\d{4})\b`
	weekday := `(?:^|[^\pL])((?:` + strings.Join(weekdays, "|") + `)\.?,?\s+)` + regexp.QuoteMeta(DateMask)
	pats := []struct {
		dst **regexp.Regexp
		src string
	}{
		{&rs.dates.monthFirst, monthFirst},
		{&rs.dates.dayFirst, dayFirst},
		{&rs.dates.bareDate, `^(?:[\pL]+,?\s+)?(?:` + m + `\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:er|\.|º)?\s+(?:de\s+)?` + m + `\.?\s+(?:de\s+)?\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})\.?$`},
		{&rs.dates.mask.monthFirst, maskPattern(monthFirst)},
		{&rs.dates.mask.dayFirst, maskPattern(dayFirst)},
		{&rs.dates.mask.monthYear, maskPattern(monthYear)},
		{&rs.dates.mask.weekday, maskPattern(weekday)},
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

// Masks that MaskDates writes in place of a date and a time of day.
const (
	DateMask = "[date]"
	TimeMask = "[time]"
)

// weekdays are the names of the days of the week in the supported
// languages, full and in the usual abbreviations of three letters or more,
// longest first: MaskDates folds one into the date it stands before.
var weekdays = func() []string {
	names := strings.Fields(`
		monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
		montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag
		lundi mardi mercredi jeudi vendredi samedi dimanche lun mar mer jeu ven sam dim
		lunes martes miércoles miercoles jueves viernes sábado sabado domingo
		lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi venerdì venerdi sabato domenica
		maandag dinsdag woensdag donderdag vrijdag zaterdag zondag`)
	slices.SortFunc(names, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	return slices.Compact(names)
}()

// The times of day MaskDates masks, and the ISO 8601 date and time.
var (
	// isoDateTime is "2021-05-07T14:03:59Z", "2021-05-07 14:03" (with an
	// optional fraction of a second and zone offset).
	isoDateTime = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d{1,9})?)?(?:Z\b|[+-][01]\d:?[0-5]\d\b|\b)`)
	// clockTime is "14:03", "14:03:59", "2:03 pm", "11:59pm", "14:03 Uhr",
	// "14:03h".
	clockTime = regexp.MustCompile(`(?i)\b(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d{1,9})?)?(?:Z\b|h\b|[ap]m\b|[ap]\.m\.|\b(?:[\s\p{Zs}]?(?:[ap]\.m\.|[ap]m\b|uhr\b|uur\b))?)`)
	// hourTime is the French "14h03" and "14 h 03".
	hourTime = regexp.MustCompile(`(?i)\b(?:[01]?\d|2[0-3])[\s\p{Zs}]?h[\s\p{Zs}]?[0-5]\d\b`)
	// dottedTime is the German and Dutch "14.03 Uhr", "14.03 uur".
	dottedTime = regexp.MustCompile(`(?i)\b(?:[01]?\d|2[0-3])\.[0-5]\d[\s\p{Zs}]?(?:uhr|uur)\b`)
)

// maskPattern makes a date pattern of dateRules one for MaskDates: in any
// case (the rules' patterns read lowercased text) and with any space
// between its parts, a no-break space too.
func maskPattern(src string) string {
	return `(?i)` + strings.ReplaceAll(src, `\s`, `[\s\p{Zs}]`)
}

// MaskDates replaces each date in s with DateMask and each time of day
// with TimeMask, so that text that differs only in the dates and times it
// shows (a page stamped "Generated on 7 May 2021, 14:03") reads the same.
// It keeps the case and everything else of s.
//
// A date is one ParseDate reads, in the conventions of any supported
// language (en, de, fr, es, it, nl) and in any case: "May 7, 2021", "7. Mai
// 2021", "1er novembre 2023", "7 de mayo de 2021", "2021-05-07",
// "2021/05/07", "07.05.2021", "5/7/21"; a month and year ("March 2024",
// "marzo de 2024"); an ISO 8601 date and time ("2021-05-07T14:03:59Z",
// masked as "[date] [time]"). It must be a real day between 1990 and 2100
// (in either order, for a numeric date); a numeric date with a two-digit
// year needs two-digit day and month or slashes ("1.2.10" is a section
// number). A day of the week just before a date is part of it ("Tuesday,
// 7 May 2021"). A time of day is "14:03", "14:03:59" (with a fraction of a
// second), "2:03 pm", "14:03 Uhr", "14.03 uur", "14h03". A zone
// ("GMT+0200", "UTC") is kept: it does not change from one request to the
// next.
func MaskDates(s string) string {
	if !strings.ContainsAny(s, "0123456789") {
		return s
	}
	rs := rules()
	m := rs.dates.mask
	ymd := func(g []string) bool { return isoOf(atoi(g[1]), atoi(g[2]), atoi(g[3])) != "" }
	s = maskMatches(s, isoDateTime, 0, DateMask+" "+TimeMask, ymd)
	s = maskMatches(s, isoDate, 0, DateMask, ymd)
	s = maskMatches(s, ymdSlash, 0, DateMask, ymd)
	s = maskMatches(s, m.monthFirst, 1, DateMask, func(g []string) bool {
		return isoOf(atoi(g[3]), rs.months[strings.ToLower(g[1])], atoi(g[2])) != ""
	})
	s = maskMatches(s, m.dayFirst, 0, DateMask, func(g []string) bool {
		return isoOf(atoi(g[3]), rs.months[strings.ToLower(g[2])], atoi(g[1])) != ""
	})
	s = maskNumericDates(s)
	s = maskMatches(s, m.monthYear, 1, DateMask, func(g []string) bool {
		return isoOf(atoi(g[2]), rs.months[strings.ToLower(g[1])], 1) != ""
	})
	for _, re := range []*regexp.Regexp{clockTime, hourTime, dottedTime} {
		s = maskMatches(s, re, 0, TimeMask, nil)
	}
	return maskMatches(s, m.weekday, 1, DateMask, nil)
}

// maskNumericDates masks the numeric dates of s (numericDate) that are
// real days: "07.05.2021", "5/7/2021", "07-05-21", "5/7/21"; not "1.2.10".
func maskNumericDates(s string) string {
	var out strings.Builder
	last := 0
	for _, m := range numericDate.FindAllStringSubmatchIndex(s, -1) {
		a, b, y := s[m[2]:m[3]], s[m[4]:m[5]], s[m[6]:m[7]]
		sep1, sep2 := strings.TrimSpace(s[m[3]:m[4]]), strings.TrimSpace(s[m[5]:m[6]])
		year := atoi(y)
		if len(y) == 2 {
			year += 2000
		}
		valid := isoOf(year, atoi(b), atoi(a)) != "" || isoOf(year, atoi(a), atoi(b)) != ""
		short := len(y) == 2 && sep1 != "/" && (len(a) != 2 || len(b) != 2)
		if !valid || short || sep1 != sep2 {
			continue
		}
		out.WriteString(s[last:m[0]])
		out.WriteString(DateMask)
		last = m[1]
	}
	if last == 0 {
		return s
	}
	out.WriteString(s[last:])
	return out.String()
}

// maskMatches replaces each match of re in s that accept accepts (given
// the match and its submatches; nil accepts all) with mask, from the start
// of submatch from (0: the whole match) to the end of the match.
func maskMatches(s string, re *regexp.Regexp, from int, mask string, accept func(groups []string) bool) string {
	matches := re.FindAllStringSubmatchIndex(s, -1)
	if matches == nil {
		return s
	}
	var out strings.Builder
	last := 0
	for _, m := range matches {
		if accept != nil {
			groups := make([]string, len(m)/2)
			for i := range groups {
				if m[2*i] >= 0 {
					groups[i] = s[m[2*i]:m[2*i+1]]
				}
			}
			if !accept(groups) {
				continue
			}
		}
		start := m[2*from]
		out.WriteString(s[last:start])
		out.WriteString(mask)
		last = m[1]
	}
	if last == 0 && out.Len() == 0 {
		return s
	}
	out.WriteString(s[last:])
	return out.String()
}
