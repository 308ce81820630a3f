package policy

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// mdParser reads CommonMark with GitHub's tables and heading attributes
// ("## Forms {#forms}"). A goldmark parser keeps no state between calls,
// so one serves every goroutine.
var mdParser = goldmark.New(
	goldmark.WithExtensions(extension.Table),
	goldmark.WithParserOptions(parser.WithAttribute()),
).Parser()

var (
	// mdAttrList is a python-markdown / kramdown attribute list, "{: #id }"
	// or "{: datetime="2023-11-01" }", on a line of its own or after a
	// heading, paragraph or link, or "{.class}" on a line of its own.
	// CommonMark does not know them.
	mdAttrList = regexp.MustCompile(`[ \t]*\{:[^}\n]*\}|^[ \t]*\{[#.][^}\n]*\}[ \t]*$`)
	mdDatetime = regexp.MustCompile(`datetime=["']?(\d{4}-\d{2}-\d{2})`)
	// mdFrontMatter is a Jekyll / Hugo YAML header.
	mdFrontMatter = regexp.MustCompile(`\A(?:---[ \t]*\n(?:[^\n]*\n){0,60}?---|\+\+\+[ \t]*\n(?:[^\n]*\n){0,60}?\+\+\+)[ \t]*(?:\n|\z)`)
	// mdTagLine is a line holding only an empty element ("<br />", an
	// anchor "<a id="x"></a>"). CommonMark makes it the start of an HTML
	// block that swallows the Markdown lines under it up to a blank line
	// ("<br />\n## 1. Introduction"); the blank line added after it ends
	// the block where the author meant it to end.
	tomlTitle = regexp.MustCompile(`(?m)^title\s*=\s*["']([^"'\n]*)["']`)
	mdTagLine = regexp.MustCompile(`(?i)^[ \t]{0,3}(?:<(?:br|hr|wbr|img)\b[^<>\n]*>|<a\b[^<>\n]*>[ \t]*</a>)[ \t]*$`)
)

// parseMarkdown turns Markdown into blocks and returns the first
// datetime="YYYY-MM-DD" of an attribute list, if any, and the title of a
// YAML front matter.
func parseMarkdown(s string) (blocks []block, date, title string) {
	if loc := mdFrontMatter.FindStringIndex(s); loc != nil {
		var meta map[string]any
		head := s[:loc[1]]
		switch {
		case strings.HasPrefix(head, "+++"):
			// Hugo's TOML front matter.
			if m := tomlTitle.FindStringSubmatch(head); m != nil {
				title = squash(m[1])
			}
			s = strings.Repeat("\n", strings.Count(head, "\n")) + s[loc[1]:]
		case yaml.Unmarshal([]byte(strings.Trim(head, "-\n \t")), &meta) == nil && len(meta) > 0:
			if t, ok := meta["title"].(string); ok {
				title = squash(t)
			}
			s = strings.Repeat("\n", strings.Count(head, "\n")) + s[loc[1]:]
		}
	}
	s, date = prepareMarkdown(s)
	src := []byte(s)
	root := mdParser.Parse(text.NewReader(src))
	w := mdWalker{src: src}
	if err := ast.Walk(root, w.visit); err != nil {
		return nil, date, title
	}
	if date == "" {
		date = w.date
	}
	return w.blocks, date, title
}

// Limits on the block containers a line opens. goldmark's time grows with
// the square of the nesting ("> > > > ...", "- - - - ...", lists indented
// ever deeper); policies nest a few levels.
const (
	maxNesting = 16 // quote and list markers at the start of a line
	maxIndent  = 64 // columns of indentation
)

// prepareMarkdown readies Markdown for goldmark, line by line: it removes
// attribute lists (returning the first datetime one holds), ends an HTML
// block after a line of an empty element (see mdTagLine), and limits the
// nesting of a line (see limitNesting).
func prepareMarkdown(s string) (out, date string) {
	var b strings.Builder
	last := 0 // end of the text copied to b
	for start := 0; start < len(s); {
		end := strings.IndexByte(s[start:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		line := s[start:end]
		fixed, changed := limitNesting(line)
		if strings.Contains(fixed, "{") {
			if m := mdDatetime.FindStringSubmatch(fixed); m != nil && date == "" && strings.Contains(fixed, "{:") {
				date = m[1]
			}
			if f := mdAttrList.ReplaceAllString(fixed, ""); f != fixed {
				fixed, changed = f, true
			}
		}
		if strings.Contains(fixed, "<") && end < len(s) && mdTagLine.MatchString(fixed) {
			fixed, changed = fixed+"\n", true
		}
		if changed {
			b.WriteString(s[last:start])
			b.WriteString(fixed)
			last = end
		}
		start = end + 1
	}
	if last == 0 {
		return s, date
	}
	b.WriteString(s[last:])
	return b.String(), date
}

// limitNesting drops the quote and list markers of a line beyond
// maxNesting and cuts its indentation to maxIndent columns.
func limitNesting(line string) (string, bool) {
	i, col := 0, 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		if line[i] == '\t' {
			col += 4 - col%4
		} else {
			col++
		}
		i++
	}
	lead, depth, cut := i, 0, -1
	for j := i; ; {
		k := j
		for k < len(line) && line[k] == ' ' {
			k++
		}
		m := markerLen(line[k:])
		if m == 0 {
			break
		}
		depth++
		j = k + m
		if depth == maxNesting {
			cut = j
		}
		if depth > maxNesting {
			i = j
		}
	}
	if col <= maxIndent && depth <= maxNesting {
		return line, false
	}
	var b strings.Builder
	if col > maxIndent {
		b.WriteString(strings.Repeat(" ", maxIndent))
	} else {
		b.WriteString(line[:lead])
	}
	if depth > maxNesting {
		b.WriteString(line[lead:cut])
		b.WriteByte(' ')
		b.WriteString(strings.TrimLeft(line[i:], " \t"))
	} else {
		b.WriteString(line[lead:])
	}
	return b.String(), true
}

// markerLen returns the length of a quote or list marker ("> ", "- ",
// "12. ") at the start of s, or 0.
func markerLen(s string) int {
	if s == "" {
		return 0
	}
	if s[0] == '>' {
		return 1
	}
	n := 0
	if s[0] == '-' || s[0] == '*' || s[0] == '+' {
		n = 1
	} else {
		for n < len(s) && n < 9 && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n == 0 || n == len(s) || s[n] != '.' && s[n] != ')' {
			return 0
		}
		n++
	}
	if n < len(s) && (s[n] == ' ' || s[n] == '\t') {
		return n + 1
	}
	return 0
}

// mdWalker collects the blocks of a goldmark tree.
type mdWalker struct {
	src    []byte
	blocks []block
	date   string // a datetime attribute of embedded HTML
	buf    strings.Builder
}

func (w *mdWalker) visit(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	switch n := n.(type) {
	case *ast.Heading:
		if t := w.inline(n); t != "" {
			w.blocks = append(w.blocks, block{text: t, heading: true, level: n.Level})
		}
		return ast.WalkSkipChildren, nil
	case *ast.Paragraph, *ast.TextBlock:
		if t := w.inline(n); t != "" {
			w.blocks = append(w.blocks, block{text: t, item: isItemText(n), bold: allStrong(n, w.src)})
		}
		return ast.WalkSkipChildren, nil
	case *extast.TableHeader, *extast.TableRow:
		var cells []string
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, w.inline(c))
		}
		if t := strings.Trim(strings.Join(cells, " | "), " |"); t != "" {
			w.blocks = append(w.blocks, block{text: t, item: true})
		}
		return ast.WalkSkipChildren, nil
	case *extast.Table:
		if t := w.table(n); t != nil {
			w.blocks = append(w.blocks, block{table: t})
		}
	case *ast.FencedCodeBlock:
		return ast.WalkSkipChildren, nil
	case *ast.List:
		// A table of contents: a list of links to the headings below.
		if fragmentLinksOnly(n, w.src) {
			return ast.WalkSkipChildren, nil
		}
	case *ast.CodeBlock:
		// Indented text in a policy is text indented, not code.
		if t := squash(string(linesOf(n, w.src))); t != "" {
			w.blocks = append(w.blocks, block{text: t, item: isItemText(n)})
		}
		return ast.WalkSkipChildren, nil
	case *ast.HTMLBlock:
		raw := linesOf(n, w.src)
		if n.HasClosure() {
			raw = append(raw, n.ClosureLine.Value(w.src)...)
		}
		w.html(raw)
		return ast.WalkSkipChildren, nil
	}
	return ast.WalkContinue, nil
}

// isItemText reports whether n is the text of a list item (its first
// block); later paragraphs of the item are paragraphs like any other.
func isItemText(n ast.Node) bool {
	p := n.Parent()
	return p != nil && p.Kind() == ast.KindListItem && n.PreviousSibling() == nil
}

// linesOf returns the source lines of a block node.
func linesOf(n ast.Node, src []byte) []byte {
	var b []byte
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b = append(b, seg.Value(src)...)
	}
	return b
}

// html reads an HTML block of the Markdown (a table, a list, paragraphs)
// with the HTML extractor.
func (w *mdWalker) html(raw []byte) {
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(bytes.NewReader(raw), ctx)
	if err != nil {
		return
	}
	for _, n := range nodes {
		ctx.AppendChild(n)
	}
	var e extractor
	e.run(ctx)
	for _, b := range e.blocks {
		w.blocks = append(w.blocks, b)
	}
	if w.date == "" {
		w.date = e.date
	}
}

// inline returns the text of n's inline content: emphasis and code marks
// dropped, links and images by their text, escapes and entities resolved,
// and the address of a mailto link whose text does not show it.
func (w *mdWalker) inline(n ast.Node) string {
	w.buf.Reset()
	w.writeInline(n)
	t := w.buf.String()
	if strings.Contains(t, "**") {
		// Strong marks CommonMark could not pair ("** Accounts**:", a
		// space inside the mark) are marks, not text.
		t = strings.ReplaceAll(t, "**", "")
	}
	return squash(t)
}

func (w *mdWalker) writeInline(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Value(w.src)
			if !c.IsRaw() {
				v = unescapeMarkdown(v)
			}
			w.buf.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				w.buf.WriteByte(' ')
			}
		case *ast.String:
			v := c.Value
			if !c.IsRaw() && !c.IsCode() {
				v = unescapeMarkdown(v)
			}
			w.buf.Write(v)
		case *ast.AutoLink:
			w.buf.Write(c.Label(w.src))
		case *ast.RawHTML:
			w.rawHTML(c)
		case *ast.Emphasis:
			if lit := w.literalEmphasis(c); lit != nil {
				w.buf.Write(lit)
			} else {
				w.writeInline(c)
			}
		case *ast.Link:
			start := w.buf.Len()
			w.writeInline(c)
			dest := string(c.Destination)
			if len(dest) > 7 && strings.EqualFold(dest[:7], "mailto:") {
				addr, _, _ := strings.Cut(dest[7:], "?")
				if strings.Contains(addr, "@") && !strings.Contains(w.buf.String()[start:], "@") {
					w.buf.WriteString(" (" + addr + ")")
				}
			}
		default: // emphasis, code spans, images (their alt text)
			w.writeInline(c)
		}
	}
}

// rawHTML writes an inline tag: a space for an HTML element ("<br>",
// "<span>"), which separates words, and the text itself for anything else,
// such as the placeholder of "_ga_<container-id>".
func (w *mdWalker) rawHTML(n *ast.RawHTML) {
	var raw []byte
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		raw = append(raw, seg.Value(w.src)...)
	}
	name := bytes.TrimPrefix(bytes.TrimPrefix(raw, []byte("<")), []byte("/"))
	end := 0
	for end < len(name) && (name[end] >= 'a' && name[end] <= 'z' || name[end] >= 'A' && name[end] <= 'Z' || end > 0 && name[end] >= '0' && name[end] <= '9') {
		end++
	}
	if end == 0 || atom.Lookup(bytes.ToLower(name[:end])) != 0 && (end == len(name) || name[end] != '-') {
		w.buf.WriteByte(' ')
		return
	}
	w.buf.Write(raw)
}

// literalEmphasis returns the source of an emphasis written with
// underscores that runs into the next word ("_ga_*", "_hjSession_*"):
// CommonMark reads it as emphasis, but it is a cookie name. Emphasis
// followed by a space or punctuation is emphasis, and gives nil.
func (w *mdWalker) literalEmphasis(n *ast.Emphasis) []byte {
	first, last := firstText(n), lastText(n)
	if first == nil || last == nil {
		return nil
	}
	start, stop := first.Segment.Start-n.Level, last.Segment.Stop+n.Level
	if start < 0 || stop > len(w.src) || w.src[start] != '_' || w.src[stop-1] != '_' {
		return nil
	}
	if stop == len(w.src) || bytes.IndexByte([]byte(" \t\n)]\"'.,;:!?"), w.src[stop]) >= 0 {
		return nil
	}
	return w.src[start:stop]
}

func firstText(n ast.Node) *ast.Text {
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t
		}
	}
	return nil
}

func lastText(n ast.Node) *ast.Text {
	for c := n.LastChild(); c != nil; c = c.LastChild() {
		if t, ok := c.(*ast.Text); ok {
			return t
		}
	}
	return nil
}

func unescapeMarkdown(v []byte) []byte {
	if bytes.IndexByte(v, '\\') >= 0 {
		v = util.UnescapePunctuations(v)
	}
	if bytes.IndexByte(v, '&') >= 0 {
		v = util.ResolveEntityNames(util.ResolveNumericReferences(v))
	}
	return v
}

// allStrong reports whether all the text of a paragraph is strong
// ("**Your rights**"): such a short line may be a heading.
func allStrong(n ast.Node, src []byte) bool {
	strong := false
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Emphasis:
			if c.Level < 2 {
				return false
			}
			strong = true
		case *ast.Text:
			if len(bytes.TrimSpace(c.Value(src))) > 0 {
				return false
			}
		default:
			return false
		}
	}
	return strong
}

// fragmentLinksOnly reports whether every item of a list (nested lists
// included) is nothing but a link to an anchor of the same page, as a
// table of contents is.
func fragmentLinksOnly(list *ast.List, src []byte) bool {
	items := 0
	ok := true
	_ = ast.Walk(list, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			items++
			var links int
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				switch c := c.(type) {
				case *ast.Link:
					if !strings.HasPrefix(string(c.Destination), "#") {
						ok = false
					}
					links++
				case *ast.Text:
					if strings.TrimSpace(string(c.Segment.Value(src))) != "" {
						ok = false // text outside the link
					}
				default:
					ok = false
				}
			}
			if links != 1 {
				ok = false
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return ok && items >= 2
}
