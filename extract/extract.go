// Package extract reads an HTML page into its record (record.Info): the
// links that lead to the privacy policy, the cookie policy and the contact
// page, the contact details, forms and consent checkboxes, the other hosts
// the page uses and the trust seals it shows. It works on a parsed
// document, so that the static crawler and a browser (on the rendered DOM)
// read pages the same way; it does no I/O.
package extract

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/record"
	"github.com/privaudit/privaudit/scope"
	"golang.org/x/net/html"
)

// maxPerList caps each list of a page record so that a hostile page cannot
// make its record large.
const maxPerList = 50

// maxURLBytes is the longest URL a record keeps.
const maxURLBytes = 2048

// Selectors, compiled once (goquery compiles a string selector on every
// call, which was a tenth of Extract's time).
var (
	selAnchors        = cascadia.MustCompile("a[href], area[href]")
	selBase           = cascadia.MustCompile("base[href]")
	selFields         = cascadia.MustCompile("input, textarea, select")
	selForm           = cascadia.MustCompile("form")
	selHTML           = cascadia.MustCompile("html")
	selIframe         = cascadia.MustCompile("iframe[src]")
	selImg            = cascadia.MustCompile("img[src]")
	selImgAlt         = cascadia.MustCompile("img[alt]")
	selInlineScript   = cascadia.MustCompile("script:not([src])")
	selLabelFor       = cascadia.MustCompile("label[for]")
	selLinkRel        = cascadia.MustCompile(`link[rel~="stylesheet"][href], link[rel~="preconnect"][href], link[rel~="dns-prefetch"][href]`)
	selMedia          = cascadia.MustCompile("video[src], audio[src], source[src], embed[src]")
	selObject         = cascadia.MustCompile("object[data]")
	selPostal         = cascadia.MustCompile(`[itemtype*="PostalAddress"], [itemprop="address"]`)
	selScript         = cascadia.MustCompile("script[src]")
	selSealCandidates = cascadia.MustCompile("img[alt], img[src], a[title]")
	selRefresh        = cascadia.MustCompile("meta[http-equiv][content]")
	selTitle          = cascadia.MustCompile("title")
)

// RefreshTarget returns the URL a page's <meta http-equiv="refresh">
// sends the visitor to at once (within 5 seconds), or "" when the page is
// not such a redirect: no refresh, a reload of the page itself, or a
// refresh inside <noscript> (a fallback for browsers without JavaScript).
func RefreshTarget(doc *goquery.Document, base *url.URL) string {
	target := ""
	doc.FindMatcher(selRefresh).EachWithBreak(func(_ int, m *goquery.Selection) bool {
		if !strings.EqualFold(strings.TrimSpace(m.AttrOr("http-equiv", "")), "refresh") || m.Closest("noscript").Length() > 0 {
			return true
		}
		if t, ok := refreshTarget(m.AttrOr("content", "")); ok {
			u, err := base.Parse(t)
			if err == nil && (u.Scheme == "http" || u.Scheme == "https") && len(u.String()) <= maxURLBytes &&
				scope.Normalize(u).String() != scope.Normalize(base).String() {
				u.Fragment = ""
				target = u.String()
			}
		}
		return false
	})
	return target
}

// refreshTarget reads a meta refresh's content ("0; url=/new") and reports
// whether it redirects at once (a delay of at most 5 seconds).
func refreshTarget(content string) (string, bool) {
	delay, rest, ok := strings.Cut(content, ";")
	if !ok {
		delay, rest, ok = strings.Cut(content, ",")
	}
	if !ok {
		return "", false
	}
	d, err := strconv.ParseFloat(strings.TrimSpace(delay), 64)
	if err != nil || d > 5 {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	if len(rest) >= 4 && strings.EqualFold(rest[:3], "url") {
		rest = strings.TrimSpace(rest[3:])
		rest = strings.TrimSpace(strings.TrimPrefix(rest, "="))
	}
	rest = strings.Trim(rest, `'" `)
	return rest, rest != ""
}

// Extract reads the compact record of an HTML document fetched from base.
// It never keeps a reference to the document.
func Extract(doc *goquery.Document, base *url.URL) record.Info {
	return ExtractCut(doc, nil, base)
}

// ExtractCut reads the record of a page that was read in part: head is
// the document parsed from its first bytes, tail the one ParseTail made of
// its last bytes (nil when they were not read). The title, the language
// and a meta refresh are read from the head, where they belong; links,
// contact details, forms, other hosts and seals from both, the tail's
// links resolved against the head's base, each listed once.
func ExtractCut(head, tail *goquery.Document, base *url.URL) record.Info {
	var info record.Info
	info.Title = clean(head.FindMatcher(selTitle).First().Text(), 300)
	if lang, ok := head.FindMatcher(selHTML).Attr("lang"); ok {
		info.Lang = strings.ToLower(clean(lang, 35))
	}
	if b, ok := head.FindMatcher(selBase).Attr("href"); ok {
		if u, err := base.Parse(strings.TrimSpace(b)); err == nil {
			base = u
		}
	}
	info.RefreshTo = RefreshTarget(head, base)
	ex := extractor{base: base, info: &info, resources: map[string]bool{}, links: map[string]bool{}}
	ex.read(head)
	if tail != nil {
		ex.read(tail)
	}
	return info
}

type extractor struct {
	base      *url.URL
	info      *record.Info
	resources map[string]bool
	links     map[string]bool
}

// read adds what doc holds to the record.
func (ex *extractor) read(doc *goquery.Document) {
	ex.anchors(doc)
	ex.contact(doc)
	ex.forms(doc)
	ex.subresources(doc)
	ex.seals(doc)
}

// resolve turns an href into an absolute http(s) URL without fragment. It
// reports false for hrefs that cannot lead anywhere.
func (ex *extractor) resolve(href string) (*url.URL, bool) {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return nil, false
	}
	u, err := ex.base.Parse(href)
	if err != nil {
		return nil, false
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, false
	}
	if !scope.ValidHost(u.Hostname()) {
		return nil, false
	}
	// "https//example.org/privacy" resolves as a relative path: a typo.
	if looksLikeMistypedScheme(href) {
		return nil, false
	}
	u.Fragment = ""
	u.RawFragment = ""
	return u, true
}

var mistypedScheme = regexp.MustCompile(`(?i)^(?:https?//|https?:/[^/]|htps?:|htttps?:|ttps?:|http:\\)`)

func looksLikeMistypedScheme(href string) bool { return mistypedScheme.MatchString(href) }

func (ex *extractor) anchors(doc *goquery.Document) {
	doc.FindMatcher(selAnchors).Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		name := linkName(s)
		lowerHref := strings.ToLower(strings.TrimSpace(href))
		switch {
		case strings.HasPrefix(lowerHref, "mailto:"):
			if addr := mailtoAddress(href); addr != "" {
				ex.info.Contact.Emails = appendUnique(ex.info.Contact.Emails, addr)
			}
			return
		case strings.HasPrefix(lowerHref, "tel:"):
			if num := strings.TrimSpace(href[4:]); num != "" {
				if p, err := url.PathUnescape(num); err == nil {
					num = p
				}
				if d := digits(num); d >= 3 && d <= 20 {
					ex.info.Contact.Phones = appendPhone(ex.info.Contact.Phones, clean(num, 40))
				}
			}
			return
		}
		u, ok := ex.resolve(href)
		kinds := classifyLink(name, u)
		if !ok {
			// Judge a broken link by its name alone.
			for _, k := range classifyLink(name, nil) {
				if len(ex.info.BrokenLinks) < maxPerList {
					ex.info.BrokenLinks = append(ex.info.BrokenLinks, record.BrokenLink{Kind: k, Href: clean(href, 300), Text: clean(name, 120)})
				}
			}
			return
		}
		abs := u.String()
		if len(abs) > maxURLBytes {
			return
		}
		for _, k := range kinds {
			switch k {
			case linkPrivacy:
				ex.info.PrivacyLinks = appendUnique(ex.info.PrivacyLinks, abs)
			case linkCookie:
				ex.info.CookiePolicyLinks = appendUnique(ex.info.CookiePolicyLinks, abs)
			case linkContact:
				ex.info.ContactLinks = appendUnique(ex.info.ContactLinks, abs)
			}
		}
		if !ex.links[abs] {
			ex.links[abs] = true
			ex.info.Links = append(ex.info.Links, abs)
		}
		ex.addResource(record.KindLink, u)
	})
}

// linkName is what a reader or a screen reader learns of a link.
func linkName(s *goquery.Selection) string {
	parts := []string{s.Text()}
	for _, a := range []string{"title", "aria-label"} {
		if v, ok := s.Attr(a); ok {
			parts = append(parts, v)
		}
	}
	s.FindMatcher(selImgAlt).Each(func(_ int, img *goquery.Selection) {
		parts = append(parts, img.AttrOr("alt", ""))
	})
	return clean(strings.Join(parts, " "), 300)
}

const (
	linkPrivacy = "privacy"
	linkCookie  = "cookie-policy"
	linkContact = "contact"
)

// classifyLink tells which of privacy, cookie policy and contact a link
// leads to, from its name and its URL path.
func classifyLink(name string, u *url.URL) []string {
	name = strings.ToLower(name)
	path := ""
	if u != nil {
		path = strings.ToLower(u.EscapedPath())
		if p, err := url.PathUnescape(path); err == nil {
			path = p
		}
	}
	// Most links are none of the three: literal pre-checks (every
	// alternative of each pattern holds one of these) spare the regexes.
	byPath := name == "" || isGenericName(name)
	isPrivacy := hasAny(name, privacyLits) && privacyText.MatchString(name) || byPath && hasAny(path, privacyLits) && privacyPath.MatchString(path)
	isCookie := strings.Contains(name, "cookie") && cookieText.MatchString(name) || byPath && strings.Contains(path, "cookie") && cookiePath.MatchString(path)
	isContact := hasAny(name, contactLits) && contactText.MatchString(name) || byPath && hasAny(path, contactLits) && contactPath.MatchString(path)
	// Consent and preference controls ("Cookie settings", "Alle
	// akzeptieren") are not policies, and their href="#" is not broken.
	if (isPrivacy || isCookie) && controlName.MatchString(name) {
		isPrivacy, isCookie = false, false
	}
	var kinds []string
	if isPrivacy {
		kinds = append(kinds, linkPrivacy)
	}
	if isCookie {
		kinds = append(kinds, linkCookie)
	}
	if isContact {
		kinds = append(kinds, linkContact)
	}
	return kinds
}

// privacyLits and contactLits hold, for each alternative of the privacy
// and contact patterns (text and path), a literal it contains.
var (
	privacyLits = []string{"priva", "data protection", "dataprotection", "data-protection", "datensch", "confidential", "vie priv", "vie-priv", "donn", "protecci", "riservat", "personal", "gdpr", "rgpd", "dsgvo"}
	contactLits = []string{"contact", "touch", "kontakt", "impressum", "imprint", "legal", "mentions", "aviso", "contatt", "colofon"}
)

func hasAny(s string, lits []string) bool {
	for _, l := range lits {
		if strings.Contains(s, l) {
			return true
		}
	}
	return false
}

var controlName = regexp.MustCompile(`\b(?:settings|preferences|einstellungen|pr[äa]ferenzen|param[eè]tres|pr[ée]f[ée]rences|instellingen|voorkeuren|configuraci[óo]n|preferencias|impostazioni|preferenze|accept|akzeptier|aceptar|accett|allow|erlauben|reject|ablehnen|refuser|rechazar|rifiut|weiger|decline)`)

var genericName = regexp.MustCompile(`^(?:here|hier|ici|aquí|aqui|qui|more|mehr|plus|más|read more|learn more|weiterlesen|en savoir plus|meer|lees meer|info|link|»|›|→)$`)

func isGenericName(name string) bool { return genericName.MatchString(strings.TrimSpace(name)) }

func mailtoAddress(href string) string {
	addr := strings.TrimSpace(href[len("mailto:"):])
	if i := strings.IndexByte(addr, '?'); i >= 0 {
		addr = addr[:i]
	}
	if a, err := url.PathUnescape(addr); err == nil {
		addr = a
	}
	if i := strings.IndexByte(addr, ','); i >= 0 {
		addr = addr[:i]
	}
	return strings.ToLower(emailPattern.FindString(addr))
}

// maxBlockText caps the text read of one block (a hostile page can put
// megabytes in one element).
const maxBlockText = 64 << 10

// blockElements are the elements whose text is read, one block at a time,
// for contact details: a block's text is read whole when it holds no other
// block, and only its own text nodes when it does.
var blockElements = map[string]bool{
	"p": true, "li": true, "td": true, "th": true, "dd": true, "dt": true, "address": true, "div": true,
	"footer": true, "header": true, "section": true, "article": true, "aside": true, "main": true, "nav": true,
	"blockquote": true, "ul": true, "ol": true, "dl": true, "table": true, "tr": true, "form": true, "body": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "figure": true, "figcaption": true,
}

func (ex *extractor) contact(doc *goquery.Document) {
	c := &ex.info.Contact
	for _, n := range doc.Nodes {
		ex.contactWalk(n)
	}
	// schema.org microdata.
	doc.FindMatcher(selPostal).Each(func(_ int, s *goquery.Selection) {
		if t := blockText(s); t != "" {
			c.Addresses = appendUnique(c.Addresses, clean(t, 200))
		}
	})
	for _, list := range [][]string{c.Emails, c.Phones, c.Addresses} {
		for _, v := range list {
			if placeholderPattern.MatchString(v) {
				c.Placeholders = appendUnique(c.Placeholders, v)
			}
		}
	}
}

// contactWalk reads the contact details of the blocks under n, each text
// once, and reports whether n is or holds a block.
func (ex *extractor) contactWalk(n *html.Node) bool {
	if n.Type == html.ElementNode && ignoredElement(n) {
		return false
	}
	holdsBlock := false
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if k.Type == html.ElementNode || k.Type == html.DocumentNode {
			if ex.contactWalk(k) {
				holdsBlock = true
			}
		}
	}
	if n.Type != html.ElementNode || !blockElements[n.Data] {
		return holdsBlock
	}
	if !holdsBlock {
		ex.contactText(blockText(&goquery.Selection{Nodes: []*html.Node{n}}), n.Data == "address")
		return true
	}
	// Mixed content: the block's own text between its child blocks.
	var own strings.Builder
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if k.Type == html.TextNode {
			own.WriteString(k.Data)
			own.WriteString(" ")
		} else if k.Type == html.ElementNode && !blockElements[k.Data] && !ignoredElement(k) {
			own.WriteString(blockText(&goquery.Selection{Nodes: []*html.Node{k}}))
			own.WriteString(" ")
		}
	}
	ex.contactText(clean(own.String(), 4000), false)
	return true
}

// ignoredElement reports whether an element's content is not shown.
func ignoredElement(n *html.Node) bool {
	switch n.Data {
	case "script", "style", "noscript", "template", "head", "title", "select", "option":
		return true
	}
	for _, a := range n.Attr {
		if a.Key == "hidden" || a.Key == "aria-hidden" && a.Val == "true" {
			return true
		}
	}
	return false
}

// contactText reads the e-mail addresses, phone numbers and postal address
// of one block of text.
func (ex *extractor) contactText(text string, isAddress bool) {
	c := &ex.info.Contact
	if text == "" {
		return
	}
	// A long block is read in overlapping windows, so that the patterns
	// run on bounded text and a number across a window edge is still seen.
	const window, overlap = 2000, 100
	if len(text) > window {
		for start := 0; start < len(text); start += window - overlap {
			end := min(start+window, len(text))
			ex.contactText(text[start:end], false)
			if end == len(text) {
				break
			}
		}
		return
	}
	// Cheap guards first: most blocks are prose with no '@' and fewer than
	// six digits, and every pattern below needs them.
	if strings.IndexByte(text, '@') >= 0 {
		for _, m := range emailPattern.FindAllString(text, 5) {
			c.Emails = appendUnique(c.Emails, strings.ToLower(m))
		}
	}
	nd := digits(text)
	if nd >= 6 {
		for _, m := range phoneLabelled.FindAllStringSubmatch(text, 3) {
			if digits(m[1]) >= 6 {
				c.Phones = appendPhone(c.Phones, strings.TrimSpace(m[1]))
			}
		}
		if strings.IndexByte(text, '+') >= 0 {
			for _, m := range phoneInternational.FindAllStringSubmatch(text, 3) {
				if d := digits(m[1]); d >= 8 && d <= 15 {
					c.Phones = appendPhone(c.Phones, strings.TrimSpace(m[1]))
				}
			}
		}
		if strings.IndexByte(text, '(') >= 0 {
			for _, m := range phoneNANP.FindAllString(text, 3) {
				c.Phones = appendPhone(c.Phones, m)
			}
		}
	}
	// Every address form needs a digit.
	if nd > 0 && (isAddress || looksLikeAddress(text)) {
		c.Addresses = appendUnique(c.Addresses, clean(text, 200))
	}
}

// looksLikeAddress reports whether a block of text holds a postal address:
// a street line together with a postcode, or a post-office box.
func looksLikeAddress(text string) bool {
	if len(text) > 400 || !strings.ContainsAny(text, "0123456789") {
		return false
	}
	// streetPattern is ~20x slower than postcodePattern (hundreds of µs on
	// a paragraph): test it last.
	lower := strings.ToLower(text)
	if !postcodePattern.MatchString(text) && !strings.Contains(lower, "box") && !strings.Contains(lower, "postfach") {
		return false
	}
	return streetPattern.MatchString(text)
}

// blockText is the text of an element with <br> and block boundaries kept
// as separators.
func blockText(s *goquery.Selection) string {
	var b strings.Builder
	var root *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if b.Len() > maxBlockText {
			return
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			if n != root && ignoredElement(n) {
				return
			}
			switch n.Data {
			case "script", "style", "noscript", "template":
				return
			case "br", "p", "div", "li":
				b.WriteString(", ")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range s.Nodes {
		root = n
		walk(n)
	}
	return clean(b.String(), maxBlockText)
}

func (ex *extractor) forms(doc *goquery.Document) {
	doc.FindMatcher(selForm).Each(func(_ int, s *goquery.Selection) {
		if len(ex.info.Forms) >= maxPerList {
			return
		}
		f := record.Form{Method: strings.ToUpper(strings.TrimSpace(s.AttrOr("method", "GET")))}
		if f.Method == "" {
			f.Method = "GET"
		}
		action := strings.TrimSpace(s.AttrOr("action", ""))
		if u, err := ex.base.Parse(action); err == nil {
			u.Fragment = ""
			f.Action = clean(u.String(), maxURLBytes)
			if u.Scheme == "http" || u.Scheme == "https" {
				ex.addResource(record.KindForm, u)
			}
		} else {
			f.Action = clean(action, 300)
		}
		s.FindMatcher(selFields).Each(func(_ int, in *goquery.Selection) {
			typ := strings.ToLower(in.AttrOr("type", "text"))
			if in.Nodes[0].Data == "textarea" {
				typ = "textarea"
			} else if in.Nodes[0].Data == "select" {
				typ = "select"
			}
			name := in.AttrOr("name", in.AttrOr("id", ""))
			switch typ {
			case "hidden", "submit", "button", "image", "reset", "search", "file", "range", "color":
				return
			case "checkbox":
				if len(f.Checkboxes) >= maxPerList {
					return
				}
				label := clean(fieldLabel(doc, in), 200)
				_, checked := in.Attr("checked")
				f.Checkboxes = append(f.Checkboxes, record.Checkbox{
					Name:    clean(name, 100),
					Label:   label,
					Consent: consentPattern.MatchString(name + " " + label),
					Checked: checked,
				})
				return
			case "radio":
				return
			}
			hint := strings.Join([]string{name, in.AttrOr("id", ""), in.AttrOr("autocomplete", ""), in.AttrOr("placeholder", ""), fieldLabel(doc, in)}, " ")
			if typ == "email" || emailHint.MatchString(hint) {
				f.EmailField = true
			}
			if personalInputTypes[typ] || typ != "textarea" && typ != "select" && personalFieldPattern.MatchString(hint) {
				if strings.Contains(strings.ToLower(hint), "search") || strings.Contains(strings.ToLower(hint), "suche") {
					return
				}
				if name == "" {
					name = clean(fieldLabel(doc, in), 40)
				}
				if name == "" {
					name = typ
				}
				if len(f.PersonalFields) < maxPerList {
					f.PersonalFields = appendUnique(f.PersonalFields, clean(name, 100))
				}
			}
		})
		ex.info.Forms = append(ex.info.Forms, f)
	})
}

// fieldLabel finds the label of a form field: a <label for>, an enclosing
// <label>, or aria-label.
func fieldLabel(doc *goquery.Document, in *goquery.Selection) string {
	if v, ok := in.Attr("aria-label"); ok {
		return v
	}
	if id, ok := in.Attr("id"); ok && id != "" {
		var text string
		doc.FindMatcher(selLabelFor).EachWithBreak(func(_ int, l *goquery.Selection) bool {
			if l.AttrOr("for", "") == id {
				text = l.Text()
				return false
			}
			return true
		})
		if text != "" {
			return text
		}
	}
	if l := in.Closest("label"); l.Length() > 0 {
		return l.Text()
	}
	// A checkbox followed by its text in the same parent: the text up to
	// the next field or block, not the text of the whole parent.
	var b strings.Builder
	for n := in.Nodes[0].NextSibling; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "input", "select", "textarea", "button", "br", "p", "div", "label", "li", "ul", "ol", "table", "fieldset":
				return b.String()
			}
		}
		b.WriteString((&goquery.Selection{Nodes: []*html.Node{n}}).Text())
	}
	if b.Len() == 0 && in.Parent().FindMatcher(selFields).Length() == 1 {
		return in.Parent().Text()
	}
	return b.String()
}

var emailHint = regexp.MustCompile(`(?i)e-?mail|courriel|correo`)

// inlineURL finds absolute or protocol-relative URLs in inline scripts, the
// way tag-manager and analytics snippets load their code.
var inlineURL = regexp.MustCompile(`(?i)(?:https?:)?//([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)(/[^\s'"<>)]*)?`)

func (ex *extractor) subresources(doc *goquery.Document) {
	add := func(kind record.ResourceKind, sel goquery.Matcher, attr string) {
		doc.FindMatcher(sel).Each(func(_ int, s *goquery.Selection) {
			if u, ok := ex.resolve(s.AttrOr(attr, "")); ok {
				ex.addResource(kind, u)
			}
		})
	}
	add(record.KindScript, selScript, "src")
	add(record.KindIframe, selIframe, "src")
	add(record.KindImage, selImg, "src")
	add(record.KindStyle, selLinkRel, "href")
	add(record.KindMedia, selMedia, "src")
	add(record.KindMedia, selObject, "data")
	doc.FindMatcher(selInlineScript).Each(func(_ int, s *goquery.Selection) {
		text := s.Text()
		if len(text) > 200000 {
			text = text[:200000]
		}
		for _, m := range inlineURL.FindAllStringSubmatch(text, 20) {
			// Only URLs that name code or a pixel: .js, gtag, analytics, tr.
			if u, err := url.Parse("https://" + m[1] + m[2]); err == nil && scope.ValidHost(u.Hostname()) {
				if strings.HasSuffix(u.Path, ".js") || strings.Contains(u.Path, "/gtag/") || strings.Contains(u.Path, "/collect") || strings.Contains(u.Path, "/tr") || strings.Contains(u.Path, "/pixel") {
					ex.addResource(record.KindScript, u)
				}
			}
		}
	})
}

func (ex *extractor) addResource(kind record.ResourceKind, u *url.URL) {
	host := strings.ToLower(u.Hostname())
	if host == "" || host == strings.ToLower(ex.base.Hostname()) {
		return
	}
	key := string(kind) + " " + host
	if ex.resources[key] || len(ex.info.Resources) >= 4*maxPerList {
		return
	}
	ex.resources[key] = true
	ex.info.Resources = append(ex.info.Resources, record.Resource{Kind: kind, Host: host, URL: clean(u.String(), 300)})
}

// seals records the trust seals of the catalogue the page shows: a link to
// or an image from a seal's host, or an image or link that names one. A
// seal is recorded by its catalogue name.
func (ex *extractor) seals(doc *goquery.Document) {
	for _, r := range ex.info.Resources {
		if seal, ok := catalog.SealForHost(r.Host); ok {
			ex.info.Seals = appendUnique(ex.info.Seals, seal.Name)
		}
	}
	matcher := sealMatcher()
	doc.FindMatcher(selSealCandidates).Each(func(_ int, s *goquery.Selection) {
		for _, v := range []string{s.AttrOr("alt", ""), s.AttrOr("title", "")} {
			if m := matcher.FindString(v); m != "" {
				if seal, ok := catalog.SealNamed(m); ok {
					ex.info.Seals = appendUnique(ex.info.Seals, seal.Name)
				}
			}
		}
	})
}

func digits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

// clean collapses white space and cuts s to at most max bytes on a rune
// boundary.
func clean(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Trim(s, " ,")
	for strings.Contains(s, ", ,") {
		s = strings.ReplaceAll(s, ", ,", ",")
	}
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8Start(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// appendPhone adds a phone number unless one with the same digits is there.
func appendPhone(list []string, v string) []string {
	d := onlyDigits(v)
	for _, p := range list {
		if onlyDigits(p) == d {
			return list
		}
	}
	return appendUnique(list, v)
}

func onlyDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func appendUnique(list []string, v string) []string {
	if v == "" || len(list) >= maxPerList || slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}
