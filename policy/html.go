package policy

import (
	"bytes"
	"regexp"
	"strings"
	"sync"

	"github.com/privaudit/privaudit/catalog"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlResult is what parseHTML reads from a page.
type htmlResult struct {
	blocks []block
	lang   string // <html lang>, primary subtag
	title  string
	date   string // first datetime="YYYY-MM-DD" in the main content
	embeds []string
}

var (
	// contentAttr matches id/class values of the content area of common
	// CMSs (WordPress, Drupal, Docusaurus, Jekyll, GOV.UK, Hugo).
	contentAttr = regexp.MustCompile(`(?:^|\s)(?:entry-content|post-content|page-content|article-content|node__content|field--name-body|theme-doc-markdown|markdown-body|markdown|govuk-main-wrapper|main-content|content-main|post-body|article-body|page-body|prose)(?:\s|$)|^(?:content|main|main-content|primary)$`)
	hiddenCSS   = regexp.MustCompile(`display\s*:\s*none|visibility\s*:\s*hidden`)
	isoDatePat  = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})`)
)

// consentMatchers recognise what the consent platforms and policy
// generators of the catalogue put on a page (catalog.ConsentPlatforms).
type consentMatchers struct {
	// banner matches lower-cased id/class values of cookie banners and
	// consent managers.
	banner *regexp.Regexp
	// embed matches URLs of policies hosted by a generator or consent
	// service and embedded into a page.
	embed *regexp.Regexp
}

// consent returns the matchers, built from the catalogue on first use. It
// is safe for concurrent use.
var consent = sync.OnceValue(func() consentMatchers {
	var banner, embed []string
	for _, p := range catalog.ConsentPlatforms() {
		banner = append(banner, p.BannerMarkers...)
		embed = append(embed, p.PolicyURLs...)
	}
	return consentMatchers{banner: anyOf("", banner), embed: anyOf("(?i)", embed)}
})

// anyOf compiles patterns into one regular expression, with flags, that
// matches where any of them does, or returns nil when there are none. The
// catalogue checks that each pattern compiles (TestConsentPlatformsEmbedded),
// so their alternation does too.
func anyOf(flags string, patterns []string) *regexp.Regexp {
	if len(patterns) == 0 {
		return nil
	}
	return regexp.MustCompile(flags + "(?:" + strings.Join(patterns, ")|(?:") + ")")
}

// isBanner reports whether an element's lower-cased id and class values
// mark a cookie banner.
func (m consentMatchers) isBanner(idClass string) bool {
	return m.banner != nil && m.banner.MatchString(idClass)
}

// isEmbeddedPolicy reports whether url is that of a policy hosted by a
// generator or consent service.
func (m consentMatchers) isEmbeddedPolicy(url string) bool {
	return m.embed != nil && m.embed.MatchString(url)
}

// blockAtoms are elements that end a run of text.
var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Table: true, atom.Tr: true, atom.Tbody: true, atom.Thead: true, atom.Tfoot: true,
	atom.Blockquote: true, atom.Pre: true, atom.Address: true, atom.Figure: true,
	atom.Figcaption: true, atom.Br: true, atom.Hr: true, atom.Header: true, atom.Details: true,
	atom.Summary: true, atom.Caption: true, atom.Fieldset: true, atom.Legend: true, atom.Center: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Body: true, atom.Form: true, atom.Label: true,
}

// skipAtoms are elements whose content is never policy text.
var skipAtoms = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Nav: true, atom.Aside: true, atom.Footer: true, atom.Svg: true, atom.Math: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Canvas: true, atom.Button: true,
	atom.Select: true, atom.Option: true, atom.Textarea: true, atom.Input: true, atom.Dialog: true,
	atom.Head: true, atom.Audio: true, atom.Video: true, atom.Picture: true, atom.Img: true,
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// skipNode tells whether n and its subtree are left out of the main text.
func skipNode(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return n.Type == html.CommentNode || n.Type == html.DoctypeNode
	}
	if skipAtoms[n.DataAtom] {
		return true
	}
	if n.DataAtom == atom.Header && !inSection(n) {
		return true
	}
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	if st := attr(n, "style"); st != "" && hiddenCSS.MatchString(strings.ToLower(st)) {
		return true
	}
	switch strings.ToLower(attr(n, "role")) {
	case "navigation", "banner", "contentinfo", "dialog", "alertdialog", "complementary", "search":
		return true
	}
	idc := strings.ToLower(attr(n, "id") + " " + attr(n, "class"))
	if strings.TrimSpace(idc) != "" && consent().isBanner(idc) && textLen(n, 3000) < 3000 {
		return true
	}
	// A table of contents repeats the headings as links (Docusaurus, Hugo,
	// GitBook, Sphinx put it beside the text): by its class, or as a list
	// of nothing but links to anchors of the page.
	if strings.TrimSpace(idc) != "" && tocAttr.MatchString(idc) {
		return true
	}
	if (n.DataAtom == atom.Ul || n.DataAtom == atom.Ol) && fragmentList(n) {
		return true
	}
	return false
}

// fragmentList reports whether a list's items hold nothing but links to
// anchors of the same page (at least two of them).
func fragmentList(list *html.Node) bool {
	items := 0
	for li := list.FirstChild; li != nil; li = li.NextSibling {
		if li.Type != html.ElementNode {
			if li.Type == html.TextNode && strings.TrimSpace(li.Data) != "" {
				return false
			}
			continue
		}
		if li.DataAtom != atom.Li {
			return false
		}
		items++
		if !onlyFragmentLinks(li) {
			return false
		}
	}
	return items >= 2
}

// onlyFragmentLinks reports whether all the text under n stands in links
// to "#..." (nested lists allowed) and there is at least one such link.
func onlyFragmentLinks(n *html.Node) bool {
	links := 0
	ok := true
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, inLink bool) {
		for c := n.FirstChild; c != nil && ok; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if !inLink && strings.TrimSpace(c.Data) != "" {
					ok = false
				}
			case html.ElementNode:
				if c.DataAtom == atom.A {
					if !strings.HasPrefix(strings.TrimSpace(attr(c, "href")), "#") {
						ok = false
						return
					}
					links++
					walk(c, true)
					continue
				}
				walk(c, inLink)
			}
		}
	}
	walk(n, false)
	return ok && links > 0
}

// tocAttr matches id/class values of tables of contents.
var tocAttr = regexp.MustCompile(`(?:^|[\s_-])(?:toc|table-?of-?contents|tableofcontents|toc-wrapper|page-toc|markdown-toc)(?:$|[\s_-])|tableofcontents`)

// inSection tells whether n stands inside an article, main or section, where
// a <header> is the heading of the content rather than the site's banner.
func inSection(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.Article, atom.Main, atom.Section:
			return true
		}
		if strings.EqualFold(attr(p, "role"), "main") {
			return true
		}
	}
	return false
}

// textLen counts the bytes of text under n, stopping at limit.
func textLen(n *html.Node, limit int) int {
	total := 0
	stack := []*html.Node{n}
	for len(stack) > 0 && total < limit {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.TextNode {
			total += len(strings.TrimSpace(c.Data))
			continue
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			if k.DataAtom != atom.Script && k.DataAtom != atom.Style {
				stack = append(stack, k)
			}
		}
	}
	return total
}

// parseHTML reads the main content of an HTML page into blocks.
func parseHTML(body []byte) htmlResult {
	var res htmlResult
	root, err := html.Parse(bytes.NewReader([]byte(cleanText(string(body)))))
	if err != nil || root == nil {
		return res
	}
	var mains, articles, cms []*html.Node
	var bodyNode *html.Node
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Html:
			if l := attr(n, "lang"); l != "" && res.lang == "" {
				res.lang = primaryLang(l)
			}
		case atom.Title:
			if res.title == "" && n.FirstChild != nil {
				res.title = squash(n.FirstChild.Data)
			}
		case atom.Body:
			bodyNode = n
		case atom.Main:
			mains = append(mains, n)
		case atom.Article:
			articles = append(articles, n)
		case atom.Iframe, atom.Script, atom.A, atom.Link:
			src := attr(n, "src")
			if src == "" {
				src = attr(n, "href")
			}
			if src != "" && consent().isEmbeddedPolicy(src) && len(res.embeds) < 10 {
				res.embeds = appendUnique(res.embeds, src)
			}
		}
		if strings.EqualFold(attr(n, "role"), "main") && n.DataAtom != atom.Main {
			mains = append(mains, n)
		}
		if n.DataAtom != atom.Body && n.DataAtom != atom.Html && contentAttr.MatchString(strings.ToLower(attr(n, "class"))+" ") {
			cms = append(cms, n)
		}
		if n.DataAtom == atom.Div && contentAttr.MatchString(strings.ToLower(attr(n, "id"))) {
			cms = append(cms, n)
		}
		return true
	})
	if bodyNode == nil {
		bodyNode = root
	}
	var cand *html.Node
	for _, group := range [][]*html.Node{mains, articles, cms} {
		if c := largest(group); c != nil {
			cand = c
			break
		}
	}
	var e extractor
	if cand != nil {
		e.run(cand)
		mainLen := e.chars
		var whole extractor
		whole.run(bodyNode)
		// A <main> or <article> holding a small part of the page's text
		// (a teaser, a title) is not where the policy is.
		if mainLen*10 < whole.chars*3 && whole.chars-mainLen > 2000 {
			e = whole
		}
	} else {
		e.run(bodyNode)
	}
	res.blocks, res.date = e.blocks, e.date
	return res
}

// largest returns the node of nodes with the most text.
func largest(nodes []*html.Node) *html.Node {
	var best *html.Node
	bestLen := 0
	for _, n := range nodes {
		if l := textLen(n, 1<<30); l > bestLen {
			best, bestLen = n, l
		}
	}
	return best
}

func primaryLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) < 2 || len(tag) > 3 {
		return ""
	}
	return tag
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// walk visits the tree under n depth-first without recursion (documents may
// nest deeply); visit returns false to skip a node's children.
func walk(n *html.Node, visit func(*html.Node) bool) {
	stack := []*html.Node{n}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !visit(c) {
			continue
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
}

// extractor turns an element tree into blocks.
type extractor struct {
	blocks  []block
	buf     strings.Builder
	heading int  // level of the heading being read, 0 outside headings
	item    bool // the current run is a list item or table row
	boldLen int  // bytes of the current run inside <strong>/<b>
	bold    int  // depth of <strong>/<b> elements
	chars   int
	date    string
	// mailto is the address of the mailto link being read, and mailStart
	// where its text starts in buf: a link whose text does not show the
	// address ("write to us") gets it appended, so the text keeps the
	// means of contact.
	mailto    string
	mailStart int
}

func (e *extractor) flush() {
	raw := e.buf.String()
	e.buf.Reset()
	t := squash(raw)
	boldAll := e.boldLen > 0 && e.boldLen >= len(strings.TrimSpace(strings.Join(strings.Fields(raw), "")))
	e.boldLen = 0
	if t == "" || t == "|" {
		return
	}
	e.chars += len(t)
	if e.heading > 0 {
		e.blocks = append(e.blocks, block{text: t, heading: true, level: e.heading})
		return
	}
	e.blocks = append(e.blocks, block{text: strings.Trim(t, " |"), item: e.item, bold: boldAll})
}

// run extracts the text under root, iteratively.
func (e *extractor) run(root *html.Node) {
	type frame struct {
		n    *html.Node
		exit bool
	}
	stack := []frame{{n: root}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if f.exit {
			e.leave(n)
			continue
		}
		if n.Type == html.TextNode {
			e.text(n.Data)
			continue
		}
		if n != root && skipNode(n) {
			continue
		}
		if n.Type == html.ElementNode {
			e.enter(n)
			stack = append(stack, frame{n: n, exit: true})
		}
		for k := n.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, frame{n: k})
		}
	}
	e.flush()
}

func (e *extractor) text(s string) {
	for i, part := range strings.Split(s, "|||") {
		if i > 0 {
			e.flush()
			e.item = false
		}
		e.buf.WriteString(part)
		if e.bold > 0 {
			e.boldLen += len(strings.Join(strings.Fields(part), ""))
		}
	}
}

func (e *extractor) enter(n *html.Node) {
	if d := attr(n, "datetime"); d != "" && e.date == "" {
		if m := isoDatePat.FindString(d); m != "" {
			e.date = m
		}
	}
	switch n.DataAtom {
	case atom.A:
		if href := strings.TrimSpace(attr(n, "href")); len(href) > 7 && strings.EqualFold(href[:7], "mailto:") {
			addr, _, _ := strings.Cut(href[7:], "?")
			e.mailto, e.mailStart = addr, e.buf.Len()
		}
		return
	case atom.Strong, atom.B:
		e.bold++
		return
	case atom.Td, atom.Th:
		if e.buf.Len() > 0 {
			e.buf.WriteString(" | ")
		}
		return
	}
	if !blockAtoms[n.DataAtom] {
		return
	}
	e.flush()
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		e.heading = int(n.Data[1] - '0')
	case atom.Li, atom.Tr, atom.Dd:
		e.item = true
	case atom.Table, atom.Dl:
		if t := readRows(n); t != nil {
			e.blocks = append(e.blocks, block{table: t})
		}
	}
}

func (e *extractor) leave(n *html.Node) {
	switch n.DataAtom {
	case atom.A:
		if e.mailto != "" && e.mailStart <= e.buf.Len() && !strings.Contains(e.buf.String()[e.mailStart:], "@") && strings.Contains(e.mailto, "@") {
			e.buf.WriteString(" (" + e.mailto + ")")
		}
		e.mailto = ""
		return
	case atom.Strong, atom.B:
		e.bold--
		return
	case atom.Td, atom.Th:
		return
	}
	if !blockAtoms[n.DataAtom] {
		return
	}
	e.flush()
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		e.heading = 0
	case atom.Li, atom.Tr, atom.Dd:
		e.item = false
	}
}
