package extract

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// scan holds what Extract reads of one document, gathered in one walk over
// it: the elements a CSS selector would match (each list in document
// order, as goquery's Find returns them; the selector is named in the
// comment of each field) and the blocks of text that may hold contact
// details. Extract used to run about 16 selector passes over the document;
// the walk gathers the same nodes in the same order.
type scan struct {
	title *html.Node // the first "title"
	html  *html.Node // the first "html"
	base  *html.Node // the first "base[href]"

	refresh  []*html.Node // meta[http-equiv][content]
	anchors  []*html.Node // a[href], area[href]
	postal   []*html.Node // [itemtype*="PostalAddress"], [itemprop="address"]
	forms    []*formScan  // form (the first maxPerList)
	labelFor []*html.Node // label[for]
	scripts  []*html.Node // script[src]
	iframes  []*html.Node // iframe[src]
	images   []*html.Node // img[src]
	styles   []*html.Node // link[rel~=stylesheet|preconnect|dns-prefetch][href]
	media    []*html.Node // video[src], audio[src], source[src], embed[src]
	objects  []*html.Node // object[data]
	inline   []*html.Node // script:not([src])
	sealed   []*html.Node // img[alt], img[src], a[title]

	// blocks are the blocks whose text is read for contact details, in
	// the order they are read (each after the blocks it holds), less
	// those whose text holds neither an '@' nor a digit: every contact
	// pattern needs one.
	blocks []textBlock

	// open are the forms the walk is inside of.
	open []*formScan
	// labels maps a label's for to the first label[for] that names it;
	// built on first use.
	labels map[string]*html.Node
}

// formScan is a form and its fields (input, textarea, select), in
// document order.
type formScan struct {
	form   *html.Node
	fields []*html.Node
}

// textBlock is a block whose text is read for contact details: whole, or,
// when mixed (it holds other blocks), only its own text between them.
type textBlock struct {
	n     *html.Node
	mixed bool
}

// scanDocument walks doc once.
func scanDocument(doc *goquery.Document) *scan {
	sc := &scan{}
	for _, n := range doc.Nodes {
		sc.walk(n, true, true)
	}
	return sc
}

// walk gathers n (unless it is the root, which a selector's Find does not
// return) and its descendants. shown is false inside an element whose
// content is not shown (ignoredElement), whose text is not read for
// contact details. walk reports whether n is or holds a block (an element
// of blockElements, shown), and whether the text it shows holds an '@' or
// a digit. A block that holds no other is read whole; one that does, for
// its own text between them.
func (sc *scan) walk(n *html.Node, root, shown bool) (holdsBlock, signal bool) {
	var form *formScan
	if n.Type == html.ElementNode {
		if !root {
			form = sc.match(n)
		}
		if shown && ignoredElement(n) {
			shown = false
		}
	}
	if form != nil {
		sc.open = append(sc.open, form)
	}
	ownSignal := false
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		switch k.Type {
		case html.ElementNode, html.DocumentNode:
			hb, sig := sc.walk(k, false, shown)
			holdsBlock = holdsBlock || hb
			if sig {
				signal = true
				// The text of a non-block child is part of n's own text.
				if k.Type == html.ElementNode && !blockElements[k.Data] {
					ownSignal = true
				}
			}
		case html.TextNode:
			if shown && !ownSignal && hasSignal(k.Data) {
				signal, ownSignal = true, true
			}
		}
	}
	if form != nil {
		sc.open = sc.open[:len(sc.open)-1]
	}
	if !shown {
		return false, false
	}
	if n.Type != html.ElementNode || !blockElements[n.Data] {
		return holdsBlock, signal
	}
	if !holdsBlock {
		if signal {
			sc.blocks = append(sc.blocks, textBlock{n: n})
		}
		return true, signal
	}
	if ownSignal {
		sc.blocks = append(sc.blocks, textBlock{n: n, mixed: true})
	}
	return true, signal
}

// match files an element under the selectors it matches. It returns the
// element's formScan when it is a form whose fields are to be gathered.
func (sc *scan) match(n *html.Node) *formScan {
	if isPostal(n) {
		sc.postal = append(sc.postal, n)
	}
	switch n.Data {
	case "a":
		if hasAttr(n, "href") {
			sc.anchors = append(sc.anchors, n)
		}
		if hasAttr(n, "title") {
			sc.sealed = append(sc.sealed, n)
		}
	case "area":
		if hasAttr(n, "href") {
			sc.anchors = append(sc.anchors, n)
		}
	case "img":
		src, alt := hasAttr(n, "src"), hasAttr(n, "alt")
		if src {
			sc.images = append(sc.images, n)
		}
		if src || alt {
			sc.sealed = append(sc.sealed, n)
		}
	case "script":
		if hasAttr(n, "src") {
			sc.scripts = append(sc.scripts, n)
		} else {
			sc.inline = append(sc.inline, n)
		}
	case "iframe":
		if hasAttr(n, "src") {
			sc.iframes = append(sc.iframes, n)
		}
	case "link":
		if hasAttr(n, "href") && isStyleLink(n) {
			sc.styles = append(sc.styles, n)
		}
	case "video", "audio", "source", "embed":
		if hasAttr(n, "src") {
			sc.media = append(sc.media, n)
		}
	case "object":
		if hasAttr(n, "data") {
			sc.objects = append(sc.objects, n)
		}
	case "input", "textarea", "select":
		for _, f := range sc.open {
			f.fields = append(f.fields, n)
		}
	case "form":
		// Only the first maxPerList forms are read.
		if len(sc.forms) < maxPerList {
			f := &formScan{form: n}
			sc.forms = append(sc.forms, f)
			return f
		}
	case "label":
		if hasAttr(n, "for") {
			sc.labelFor = append(sc.labelFor, n)
		}
	case "meta":
		if hasAttr(n, "http-equiv") && hasAttr(n, "content") {
			sc.refresh = append(sc.refresh, n)
		}
	case "title":
		if sc.title == nil {
			sc.title = n
		}
	case "html":
		if sc.html == nil {
			sc.html = n
		}
	case "base":
		if sc.base == nil && hasAttr(n, "href") {
			sc.base = n
		}
	}
	return nil
}

// isPostal matches [itemtype*="PostalAddress"], [itemprop="address"].
func isPostal(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "itemtype":
			if strings.Contains(a.Val, "PostalAddress") && strings.TrimSpace(a.Val) != "" {
				return true
			}
		case "itemprop":
			if a.Val == "address" {
				return true
			}
		}
	}
	return false
}

// isStyleLink matches [rel~="stylesheet"], [rel~="preconnect"],
// [rel~="dns-prefetch"] the way cascadia does (case-sensitive words).
func isStyleLink(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key == "rel" && (includesWord(a.Val, "stylesheet") || includesWord(a.Val, "preconnect") || includesWord(a.Val, "dns-prefetch")) {
			return true
		}
	}
	return false
}

// includesWord reports whether the white-space separated list s holds
// word (cascadia's ~=).
func includesWord(s, word string) bool {
	for s != "" {
		i := strings.IndexAny(s, " \t\r\n\f")
		if i == -1 {
			return s == word
		}
		if s[:i] == word {
			return true
		}
		s = s[i+1:]
	}
	return false
}

// labelNamed returns the first label[for] whose (first) for is id, or nil.
func (sc *scan) labelNamed(id string) *html.Node {
	if sc.labels == nil {
		sc.labels = make(map[string]*html.Node, len(sc.labelFor))
		for _, l := range sc.labelFor {
			f := attrOr(l, "for")
			if _, ok := sc.labels[f]; !ok {
				sc.labels[f] = l
			}
		}
	}
	return sc.labels[id]
}

// attr returns the value of n's first attribute named key, the way
// goquery's Attr does.
func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attrOr(n *html.Node, key string) string {
	v, _ := attr(n, key)
	return v
}

func hasAttr(n *html.Node, key string) bool {
	_, ok := attr(n, key)
	return ok
}

// nodeText is the text of n and its descendants, as goquery's Text.
func nodeText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	// One text child, the common case, needs no copy.
	if c := n.FirstChild; c != nil && c.NextSibling == nil && c.Type == html.TextNode {
		return c.Data
	}
	var b strings.Builder
	writeText(&b, n)
	return b.String()
}

func writeText(b *strings.Builder, n *html.Node) {
	if n.Type == html.TextNode {
		b.WriteString(n.Data)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeText(b, c)
	}
}

// attrOrDefault is goquery's AttrOr: the value of n's first attribute
// named key, or def when n has none.
func attrOrDefault(n *html.Node, key, def string) string {
	if v, ok := attr(n, key); ok {
		return v
	}
	return def
}
