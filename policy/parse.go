package policy

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxInputBytes caps the size of a document Parse reads; longer input is
// truncated (at a UTF-8 boundary) before it is parsed.
const MaxInputBytes = 5 << 20

// maxSentenceBytes caps one sentence: text without punctuation (tables
// flattened to text, junk) is cut at a space beyond this length.
const maxSentenceBytes = 2000

// ErrEmpty is returned by Parse when the source has no body.
var ErrEmpty = errors.New("policy: empty document")

// block is one paragraph-like run of text of the input, before sentence
// splitting.
type block struct {
	text    string
	heading bool // an explicit heading (h1-h6, Markdown #)
	level   int  // heading level, 1-6
	item    bool // a list item or table row: never promoted to a heading
	bold    bool // all of its text is bold: a candidate heading
}

// Parse reads one document (HTML, Markdown or plain text; an empty Format
// means sniff) into sections and sentences, keeping the main content only.
// It never panics on malformed input; it fails only on an empty body.
func Parse(src Source) (*Document, error) {
	body := src.Body
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, fmt.Errorf("parse %q: %w", src.URL, ErrEmpty)
	}
	if len(body) > MaxInputBytes {
		body = body[:MaxInputBytes]
		for len(body) > 0 && !utf8.Valid(body[len(body)-utf8.UTFMax:]) {
			body = body[:len(body)-1]
		}
	}
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	format := src.Format
	if format == "" {
		format = sniff(src.URL, body)
	}
	doc := &Document{URL: src.URL}
	var blocks []block
	var declaredLang, attrDate string
	switch format {
	case FormatHTML:
		h := parseHTML(body)
		blocks, declaredLang, attrDate = h.blocks, h.lang, h.date
		doc.Title, doc.Embeds = h.title, h.embeds
	case FormatMarkdown:
		blocks, attrDate = parseMarkdown(cleanText(string(body)))
	case FormatText:
		blocks = parseText(cleanText(string(body)))
	default:
		return nil, fmt.Errorf("parse %q: unknown format %q", src.URL, format)
	}
	doc.Sections, doc.Words = buildSections(blocks)
	if doc.Title == "" {
		for _, b := range blocks {
			if b.heading {
				doc.Title = b.text
				break
			}
		}
	}
	doc.Lang = chooseLang(declaredLang, doc)
	doc.LastUpdated = findDate(doc, attrDate)
	return doc, nil
}

var (
	htmlSniff = regexp.MustCompile(`(?i)<(?:!doctype html|html|head|body|p|div|br|h[1-6]|ul|li|strong|table|article|main|span|a\s)[\s>/]`)
	mdSniff   = regexp.MustCompile(`(?m)^(?:#{1,6}\s+\S|\{:[^}]*\}\s*$|\s*[-*]\s+\S.*\]\(|.*\]\(https?://)`)
)

// sniff guesses the format of body from the source's name and content.
func sniff(name string, body []byte) Format {
	switch strings.ToLower(path.Ext(strings.SplitN(name, "?", 2)[0])) {
	case ".html", ".htm", ".xhtml", ".php", ".asp", ".aspx":
		return FormatHTML
	case ".md", ".markdown":
		return FormatMarkdown
	case ".txt":
		return FormatText
	}
	head := body
	if len(head) > 4096 {
		head = head[:4096]
	}
	if htmlSniff.Match(head) || bytes.Contains(head, []byte("|||")) && bytes.Contains(head, []byte("<")) {
		return FormatHTML
	}
	if mdSniff.Match(head) {
		return FormatMarkdown
	}
	return FormatText
}

// cleanText makes s valid UTF-8 without control characters other than
// newlines and tabs, and with one kind of line break.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, " ")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r' || r == '\u2028' || r == '\u2029':
			return '\n'
		case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff':
			return -1
		case unicode.IsControl(r) || r == utf8.RuneError:
			return ' '
		}
		return r
	}, s)
}

// squash collapses runs of white space (including non-breaking spaces) to
// one space and trims the ends.
func squash(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

var (
	mdHeading  = regexp.MustCompile(`^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$`)
	mdSetext   = regexp.MustCompile(`^\s{0,3}(=+|-+)\s*$`)
	mdRule     = regexp.MustCompile(`^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$`)
	mdItem     = regexp.MustCompile(`^\s*(?:[-*+]|\d{1,3}[.)])\s+`)
	mdQuote    = regexp.MustCompile(`^\s*(?:>\s?)+`)
	mdAttrLine = regexp.MustCompile(`^\s*\{:[^}]*\}\s*$`)
	mdAttrTail = regexp.MustCompile(`\s*\{:[^}]*\}\s*$`)
	mdDatetime = regexp.MustCompile(`datetime=["']?(\d{4}-\d{2}-\d{2})`)
	mdTableSep = regexp.MustCompile(`^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$`)
	mdFence    = regexp.MustCompile("^\\s*(?:```|~~~)")
	mdImage    = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink     = regexp.MustCompile(`\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)`)
	mdMailLink = regexp.MustCompile(`\[([^\]@]*)\]\(mailto:([^)\s?]+)[^)]*\)`)
	mdRefLink  = regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`)
	mdRefDef   = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s+\S`)
	mdAutoLink = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	mdTag      = regexp.MustCompile(`</?(?:a|abbr|b|br|cite|code|del|details|div|em|h[1-6]|i|img|ins|kbd|li|mark|ol|p|q|s|section|small|span|strong|sub|summary|sup|table|tbody|td|th|thead|time|tr|u|ul|var)\b[^>]*>`)
	mdStrong   = regexp.MustCompile(`\*\*([^*]+)\*\*|__([^_]+)__`)
	mdEmph     = regexp.MustCompile(`(^|[\s(\["'])[*_]([^*_\s](?:[^*_]*[^*_\s])?)[*_]([\s)\]"'.,;:!?]|$)`)
	mdBoldLine = regexp.MustCompile(`^\s*(?:\*\*|__)[^*_]+(?:\*\*|__)\s*$`)
)

// mdInline strips inline Markdown markup, keeping the text of links.
func mdInline(s string) string {
	if strings.Contains(s, "{:") {
		s = mdAttrTail.ReplaceAllString(s, "")
	}
	if strings.Contains(s, "](") || strings.Contains(s, "][") {
		s = mdImage.ReplaceAllString(s, "$1")
		// A mailto link whose text hides the address keeps the address.
		s = mdMailLink.ReplaceAllString(s, "$1 ($2)")
		s = mdLink.ReplaceAllString(s, "$1")
		s = mdRefLink.ReplaceAllString(s, "$1")
	}
	if strings.IndexByte(s, '<') >= 0 {
		s = mdAutoLink.ReplaceAllString(s, "$1")
		s = mdTag.ReplaceAllString(s, " ")
	}
	if strings.ContainsAny(s, "*_") {
		s = mdStrong.ReplaceAllString(s, "$1$2")
		s = mdEmph.ReplaceAllString(s, "$1$2$3")
	}
	if strings.ContainsAny(s, "`\\&") {
		s = strings.ReplaceAll(s, "`", "")
		s = mdUnescape.Replace(s)
	}
	return squash(s)
}

var mdUnescape = strings.NewReplacer(`\_`, "_", `\*`, "*", `\[`, "[", `\]`, "]", `\#`, "#", `\.`, ".", "&nbsp;", " ", "&amp;", "&")

// parseMarkdown turns Markdown into blocks and returns the first
// datetime="YYYY-MM-DD" of an attribute line, if any.
func parseMarkdown(s string) ([]block, string) {
	lines := strings.Split(s, "\n")
	var blocks []block
	var para []string
	var paraItem, paraBold bool
	var date string
	flush := func() {
		if len(para) > 0 {
			t := mdInline(strings.Join(para, " "))
			if t != "" {
				blocks = append(blocks, block{text: t, item: paraItem, bold: paraBold})
			}
		}
		para, paraItem, paraBold = para[:0], false, false
	}
	fence := false
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if mdFence.MatchString(line) {
			flush()
			fence = !fence
			continue
		}
		if fence {
			continue
		}
		if m := mdDatetime.FindStringSubmatch(line); m != nil && strings.Contains(line, "{:") && date == "" {
			date = m[1]
		}
		switch {
		case mdAttrLine.MatchString(line):
			flush()
		case strings.TrimSpace(line) == "":
			flush()
		case mdHeading.MatchString(line):
			flush()
			m := mdHeading.FindStringSubmatch(line)
			if t := mdInline(m[2]); t != "" {
				blocks = append(blocks, block{text: t, heading: true, level: len(m[1])})
			}
		case len(para) == 1 && !paraItem && mdSetext.MatchString(line):
			level := 1
			if strings.Contains(line, "-") {
				level = 2
			}
			if t := mdInline(para[0]); t != "" {
				blocks = append(blocks, block{text: t, heading: true, level: level})
			}
			para = para[:0]
		case mdRule.MatchString(line):
			flush()
		case mdTableSep.MatchString(line):
			// the separator row of a table
		case strings.HasPrefix(strings.TrimSpace(line), "|"):
			flush()
			cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
			for j := range cells {
				cells[j] = strings.TrimSpace(cells[j])
			}
			para, paraItem = append(para, strings.Join(cells, " | ")), true
			flush()
		case mdRefDef.MatchString(line):
			flush()
		default:
			line = mdQuote.ReplaceAllString(line, "")
			if loc := mdItem.FindStringIndex(line); loc != nil {
				flush()
				para, paraItem = append(para, line[loc[1]:]), true
				continue
			}
			if len(para) == 0 {
				paraBold = mdBoldLine.MatchString(line)
			} else {
				paraBold = false
			}
			para = append(para, line)
		}
	}
	flush()
	return blocks, date
}

// parseText splits plain text into blocks at blank lines; a line that looks
// like a list item starts a block of its own.
func parseText(s string) []block {
	var blocks []block
	var para []string
	item := false
	flush := func() {
		if t := squash(strings.Join(para, " ")); t != "" {
			blocks = append(blocks, block{text: t, item: item && len(para) > 0})
		}
		para, item = para[:0], false
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) == "" || strings.TrimSpace(line) == "|||" {
			flush()
			continue
		}
		if loc := textItem.FindStringIndex(line); loc != nil {
			flush()
			para, item = append(para, line[loc[1]:]), true
			continue
		}
		para = append(para, line)
	}
	flush()
	return blocks
}

var textItem = regexp.MustCompile(`^\s*(?:[-*•·◦‣▪]|\(?[0-9]{1,3}[.)]|\(?[a-z][.)])\s+`)

// buildSections promotes heading-like blocks, groups blocks under their
// headings and splits text into sentences. It returns the sections and the
// number of words.
func buildSections(blocks []block) ([]Section, int) {
	var sections []Section
	cur := Section{}
	words := 0
	for i, b := range blocks {
		words += countWords(b.text)
		if b.heading || looksLikeHeading(b, blocks[i+1:]) {
			if len(cur.Sentences) > 0 || cur.Heading != "" {
				sections = append(sections, cur)
			}
			cur = Section{Heading: strings.TrimRight(b.text, " :")}
			continue
		}
		cur.Sentences = append(cur.Sentences, splitSentences(b.text)...)
	}
	if len(cur.Sentences) > 0 || cur.Heading != "" {
		sections = append(sections, cur)
	}
	return sections, words
}

// looksLikeHeading tells whether a block without heading markup reads as a
// heading: short, capitalised, no closing punctuation, followed by text.
func looksLikeHeading(b block, rest []block) bool {
	if b.item || len(rest) == 0 {
		return false
	}
	n := countWords(b.text)
	if n == 0 || n > 12 || len(b.text) > 120 {
		return false
	}
	if strings.ContainsAny(b.text, "@|") || strings.Contains(b.text, "://") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(b.text)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(b.text)
	if b.bold {
		return last != ','
	}
	if strings.ContainsRune(".,;!:\"'”)", last) {
		return false
	}
	// Plain short lines count when the next block is running text.
	return countWords(rest[0].text) > n
}

func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}
