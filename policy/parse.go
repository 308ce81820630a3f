package policy

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxInputBytes caps the size of a document Parse reads; longer input is
// truncated (at a UTF-8 boundary) before it is parsed.
const MaxInputBytes = 5 << 20

// maxSentenceBytes caps one sentence: text without punctuation (tables
// flattened to text, junk) is cut at a space beyond this length.
const maxSentenceBytes = 2000

// Errors of Parse. They name no source: the caller knows which document it
// read ("reading privacy.md: policy: empty document").
var (
	// ErrEmpty is returned when the source has no text: nothing but white
	// space, or markup with no text in its main content (an HTML page
	// with an empty body, only navigation, only scripts or frames).
	ErrEmpty = errors.New("policy: empty document")
	// ErrNotText is returned when the source is binary: an executable, an
	// image, an archive, a PDF, random bytes.
	ErrNotText = errors.New("policy: not a text document")
)

// block is one paragraph-like run of text of the input, before sentence
// splitting.
type block struct {
	text    string
	heading bool // an explicit heading (h1-h6, Markdown #)
	level   int  // heading level, 1-6
	item    bool // a list item or table row: never promoted to a heading
	bold    bool // all of its text is bold: a candidate heading
	// table, when set, is a table or definition list starting here, read
	// for its cookie declarations; the block has no text of its own (the
	// rows follow as blocks) and Parse drops it after reading it.
	table *rawTable
}

// Parse reads one document (HTML, Markdown or plain text; an empty Format
// means sniff) into sections and sentences, keeping the main content only.
// It never panics on malformed input; it fails only on a body with no text
// (ErrEmpty: white space only, or markup from which no words of main
// content are extracted), a binary one (ErrNotText) or an unknown Format.
func Parse(src Source) (*Document, error) {
	body := src.Body
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, ErrEmpty
	}
	if len(body) > MaxInputBytes {
		body = body[:MaxInputBytes]
		for len(body) > 0 && !utf8.Valid(body[len(body)-utf8.UTFMax:]) {
			body = body[:len(body)-1]
		}
	}
	body = decodeUTF16(body)
	if isBinary(body) {
		return nil, ErrNotText
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
		blocks, attrDate, doc.Title = parseMarkdown(cleanText(string(body)))
	case FormatText:
		blocks = parseText(cleanText(string(body)))
	default:
		return nil, fmt.Errorf("policy: unknown format %q", format)
	}
	doc.declarations, blocks = readDeclarations(blocks)
	doc.Sections, doc.Words = buildSections(blocks)
	if doc.Words == 0 {
		// Markup with no text is as empty as white space: there is
		// nothing to analyse, and a verdict on nothing would read as one
		// on a policy.
		return nil, ErrEmpty
	}
	if doc.Title == "" {
		for _, b := range blocks {
			if b.heading && !isDateLine(b.text) {
				doc.Title = b.text
				break
			}
		}
	}
	doc.Lang = chooseLang(declaredLang, doc)
	doc.LastUpdated = findDate(doc, attrDate)
	return doc, nil
}

// binaryMagic are the first bytes of file formats that are not text.
var binaryMagic = [][]byte{
	[]byte("\x7fELF"), []byte("%PDF-"), []byte("PK\x03\x04"), []byte("\x1f\x8b"), []byte("\x89PNG"),
	[]byte("GIF87a"), []byte("GIF89a"), []byte("\xff\xd8\xff"), []byte("BZh"), []byte("\xfd7zXZ\x00"),
	[]byte("7z\xbc\xaf\x27\x1c"), []byte("Rar!\x1a\x07"), []byte("\x28\xb5\x2f\xfd"), []byte("\x00asm"),
	[]byte("\xca\xfe\xba\xbe"), []byte("\xcf\xfa\xed\xfe"), []byte("\xce\xfa\xed\xfe"), []byte("\xd0\xcf\x11\xe0"),
	[]byte("wOFF"), []byte("wOF2"), []byte("OggS"), []byte("\x00\x00\x01\x00"),
}

// isBinary tells whether body is not text: it starts like a binary file
// format (MZ executables need a NUL early on as well), or its first 8 KB
// hold NUL bytes and other control characters that text does not. Bytes
// that are not UTF-8 do not count: legacy encodings are text.
func isBinary(body []byte) bool {
	for _, m := range binaryMagic {
		if bytes.HasPrefix(body, m) {
			return true
		}
	}
	sample := body
	if len(sample) > 8192 {
		sample = sample[:8192]
	}
	if bytes.HasPrefix(body, []byte("MZ")) && bytes.IndexByte(sample[:min(len(sample), 64)], 0) >= 0 {
		return true
	}
	nul, ctrl := 0, 0
	for _, c := range sample {
		switch {
		case c == 0:
			nul++
			ctrl++
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b, c == 0x7f:
			ctrl++
		}
	}
	return nul >= 4 && ctrl*20 >= len(sample) || len(sample) >= 64 && ctrl*10 >= len(sample)
}

// decodeUTF16 turns text with a UTF-16 byte order mark into UTF-8.
func decodeUTF16(body []byte) []byte {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(body, []byte{0xff, 0xfe}) && !bytes.HasPrefix(body, []byte{0xff, 0xfe, 0, 0}):
		order = binary.LittleEndian
	case bytes.HasPrefix(body, []byte{0xfe, 0xff}):
		order = binary.BigEndian
	default:
		return body
	}
	units := make([]uint16, 0, len(body)/2)
	for i := 2; i+1 < len(body); i += 2 {
		units = append(units, order.Uint16(body[i:]))
	}
	return []byte(string(utf16.Decode(units)))
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
		if (b.heading || looksLikeHeading(b, blocks[i+1:])) && !isDateLine(b.text) {
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

// isDateLine tells whether t is a "last updated" line ("Last revised May
// 8, 2009", "Effective date: 2024-01-01"): it dates the document and heads
// no section, even when it is marked up as a heading.
func isDateLine(t string) bool {
	if countWords(t) > 12 {
		return false
	}
	lt := normalise(t)
	dates := rules().dates
	if dates.bareDate.MatchString(strings.TrimSpace(lt)) {
		return true
	}
	for _, r := range dates.labels {
		if containsAny(lt, r.lits) && r.re.MatchString(lt) && ParseDate(lt, "") != "" {
			return true
		}
	}
	return false
}

// looksLikeHeading tells whether a block without heading markup reads as a
// heading: a short line all in bold, capitalised, followed by text. Plain
// short lines are not headings: a "Last updated" line or a label would
// head the evidence under it.
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
	return b.bold && last != ','
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
