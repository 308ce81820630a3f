// Package extract reads an HTML page into its record (record.Info): the
// links that lead to the privacy policy, the cookie policy and the contact
// page, the contact details, forms and consent checkboxes, the other hosts
// the page uses and the trust seals it shows. It works on a parsed
// document, so that the static crawler and a browser (on the rendered DOM)
// read pages the same way; it does no I/O. A crawl reads its pages through
// a Cache, so that what they repeat (a footer, a tag-manager snippet) is
// matched once and held once.
package extract

import (
	"bytes"
	"encoding/binary"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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

// selRefresh is the selector of RefreshTarget. Extract runs no selector:
// it reads what it needs in one walk over the document (see scan), which
// gathers the elements the selectors named in the fields of scan match, in
// the same (document) order.
var selRefresh = cascadia.MustCompile("meta[http-equiv][content]")

// RefreshTarget returns the URL a page's <meta http-equiv="refresh">
// sends the visitor to at once (within 5 seconds), or "" when the page is
// not such a redirect: no refresh, a reload of the page itself, or a
// refresh inside <noscript> (a fallback for browsers without JavaScript).
func RefreshTarget(doc *goquery.Document, base *url.URL) string {
	return refreshTargetOf(doc.FindMatcher(selRefresh).Nodes, base)
}

// refreshTargetOf is RefreshTarget on the page's meta[http-equiv][content]
// elements, in document order.
func refreshTargetOf(metas []*html.Node, base *url.URL) string {
	for _, m := range metas {
		if !strings.EqualFold(strings.TrimSpace(attrOr(m, "http-equiv")), "refresh") || inNoscript(m) {
			continue
		}
		if t, ok := refreshTarget(attrOr(m, "content")); ok {
			u, err := base.Parse(t)
			if err == nil && (u.Scheme == "http" || u.Scheme == "https") && len(u.String()) <= maxURLBytes &&
				scope.Normalize(u).String() != scope.Normalize(base).String() {
				u.Fragment = ""
				return u.String()
			}
		}
		return ""
	}
	return ""
}

// inNoscript reports whether n is inside a <noscript>.
func inNoscript(n *html.Node) bool {
	for a := n.Parent; a != nil; a = a.Parent {
		if a.Type == html.ElementNode && a.Data == "noscript" {
			return true
		}
	}
	return false
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
	return (*Cache)(nil).ExtractCut(head, tail, base)
}

// ExtractCut is the package's ExtractCut for a page of a crawl: c
// remembers what the patterns found in the text that pages repeat, and
// holds once the strings of the record that pages repeat (see Cache). The
// record is the same as without a Cache. A nil Cache remembers nothing.
func (c *Cache) ExtractCut(head, tail *goquery.Document, base *url.URL) record.Info {
	var info record.Info
	hs := scanDocument(head)
	if hs.title != nil {
		info.Title = clean(nodeText(hs.title), 300)
	}
	if hs.html != nil {
		if lang, ok := attr(hs.html, "lang"); ok {
			info.Lang = strings.ToLower(clean(lang, 35))
		}
	}
	if hs.base != nil {
		if u, err := base.Parse(strings.TrimSpace(attrOr(hs.base, "href"))); err == nil {
			base = u
		}
	}
	info.RefreshTo = refreshTargetOf(hs.refresh, base)
	ex := extractor{base: base, host: strings.ToLower(base.Hostname()), info: &info, cache: c,
		resources: map[string]bool{}, links: map[string]bool{}}
	ex.read(hs)
	if tail != nil {
		ex.read(scanDocument(tail))
	}
	c.internRecord(&info)
	return info
}

type extractor struct {
	buf       []byte // for blockText
	keyBuf    []byte // for Cache.link
	origin    []byte // base's scheme, user and host, for Cache.link
	base      *url.URL
	host      string // base's host, lower-cased
	info      *record.Info
	cache     *Cache
	resources map[string]bool
	links     map[string]bool
}

// read adds what a document holds to the record.
func (ex *extractor) read(sc *scan) {
	ex.anchors(sc)
	ex.contact(sc)
	ex.forms(sc)
	ex.subresources(sc)
	ex.seals(sc)
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

// looksLikeMistypedScheme reports whether href starts with a mistyped
// scheme. Every form starts with an h or a t (in any case), which most
// hrefs do not, and none with "http://" or "https://", which most of the
// others do.
func looksLikeMistypedScheme(href string) bool {
	if href == "" || href[0]|0x20 != 'h' && href[0]|0x20 != 't' {
		return false
	}
	if hasPrefixFold(href, "http://") || hasPrefixFold(href, "https://") {
		return false
	}
	return mistypedScheme.MatchString(href)
}

// hasPrefixFold reports whether s starts with prefix, a lower-case ASCII
// string, in any case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func (ex *extractor) anchors(sc *scan) {
	for _, a := range sc.anchors {
		ex.anchor(a)
	}
}

func (ex *extractor) anchor(a *html.Node) {
	href, _ := attr(a, "href")
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
	name := linkName(a)
	l := ex.cache.link(ex, href, name)
	if l.u == nil {
		// Judge a broken link by its name alone.
		for _, k := range l.kinds {
			if len(ex.info.BrokenLinks) < maxPerList {
				ex.info.BrokenLinks = append(ex.info.BrokenLinks, record.BrokenLink{Kind: k, Href: clean(href, 300), Text: clean(name, 120)})
			}
		}
		return
	}
	u, abs := l.u, l.abs
	if len(abs) > maxURLBytes {
		return
	}
	for _, k := range l.kinds {
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
}

// link is what anchor makes of a link: its URL and the URL as a string
// (u is nil when the link cannot lead anywhere), and what it leads to (see
// classifyLink; for a link that leads nowhere, by its name alone). A link
// may be shared by pages (see Cache): not to be changed.
type link struct {
	u     *url.URL
	abs   string
	kinds []string
}

// resolveLink resolves and judges a link.
func resolveLink(ex *extractor, href, name string) link {
	u, ok := ex.resolve(href)
	if !ok {
		return link{kinds: classifyLink(name, nil)}
	}
	l := link{u: u, abs: u.String()}
	if len(l.abs) <= maxURLBytes {
		l.kinds = classifyLink(name, u)
	}
	return l
}

// linkName is what a reader or a screen reader learns of a link: its
// text, title, aria-label and the alt text of its images, joined by
// spaces.
func linkName(a *html.Node) string {
	// Most links have a text and nothing else.
	if c := a.FirstChild; c != nil && c.NextSibling == nil && c.Type == html.TextNode && !hasAttr(a, "title") && !hasAttr(a, "aria-label") {
		return clean(c.Data, 300)
	}
	var b strings.Builder
	writeText(&b, a)
	for _, k := range []string{"title", "aria-label"} {
		if v, ok := attr(a, k); ok {
			b.WriteByte(' ')
			b.WriteString(v)
		}
	}
	writeAlts(&b, a)
	return clean(b.String(), 300)
}

// writeAlts writes " " and the alt of each img[alt] under n.
func writeAlts(b *strings.Builder, n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "img" {
			if v, ok := attr(c, "alt"); ok {
				b.WriteByte(' ')
				b.WriteString(v)
			}
		}
		writeAlts(b, c)
	}
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
	// A link is judged by its path only when its name says nothing.
	byPath := name == "" || isGenericName(name)
	path := ""
	if u != nil && byPath {
		path = strings.ToLower(u.EscapedPath())
		if p, err := url.PathUnescape(path); err == nil {
			path = p
		}
	}
	// Most links are none of the three: literal pre-checks (every
	// alternative of each pattern holds one of these) spare the regexes.
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

// genericNames are the link names that say nothing of where a link leads
// (lower-cased).
var genericNames = map[string]bool{
	"here": true, "hier": true, "ici": true, "aquí": true, "aqui": true, "qui": true, "more": true, "mehr": true, "plus": true,
	"más": true, "read more": true, "learn more": true, "weiterlesen": true, "en savoir plus": true, "meer": true,
	"lees meer": true, "info": true, "link": true, "»": true, "›": true, "→": true,
}

func isGenericName(name string) bool { return genericNames[strings.TrimSpace(name)] }

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

func (ex *extractor) contact(sc *scan) {
	c := &ex.info.Contact
	for _, b := range sc.blocks {
		if !b.mixed {
			isAddress := b.n.Data == "address"
			if !isAddress && quietBlock(b.n) {
				continue
			}
			ex.contactText(ex.blockText(b.n), isAddress)
			continue
		}
		// Mixed content: the block's own text between its child blocks.
		var own strings.Builder
		for k := b.n.FirstChild; k != nil; k = k.NextSibling {
			if k.Type == html.TextNode {
				own.WriteString(k.Data)
				own.WriteString(" ")
			} else if k.Type == html.ElementNode && !blockElements[k.Data] && !ignoredElement(k) {
				own.WriteString(ex.blockText(k))
				own.WriteString(" ")
			}
		}
		ex.contactText(clean(own.String(), 4000), false)
	}
	// schema.org microdata.
	for _, n := range sc.postal {
		if t := ex.blockText(n); t != "" {
			c.Addresses = appendUnique(c.Addresses, clean(t, 200))
		}
	}
	for _, list := range [][]string{c.Emails, c.Phones, c.Addresses} {
		for _, v := range list {
			if mayBePlaceholder(v) && placeholderPattern.MatchString(v) {
				c.Placeholders = appendUnique(c.Placeholders, v)
			}
		}
	}
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
	if text == "" {
		return
	}
	// A long block is read in overlapping windows, so that the patterns
	// run on bounded text and a number across a window edge is still seen.
	if len(text) > textWindow {
		for start := 0; start < len(text); start += textWindow - windowOverlap {
			end := min(start+textWindow, len(text))
			ex.contactText(text[start:end], false)
			if end == len(text) {
				break
			}
		}
		return
	}
	f := ex.cache.findContacts(text, isAddress)
	c := &ex.info.Contact
	for _, e := range f.emails {
		c.Emails = appendUnique(c.Emails, e)
	}
	for _, p := range f.phones {
		c.Phones = appendPhone(c.Phones, p)
	}
	if f.address != "" {
		c.Addresses = appendUnique(c.Addresses, f.address)
	}
}

// The window contactText reads a long block in, and the overlap of two
// windows.
const textWindow, windowOverlap = 2000, 100

// contacts is what the contact patterns find in a block of text (at most
// textWindow bytes), in the order contactText adds it to the record.
type contacts struct {
	emails []string
	phones []string
	// address is the block as an address ("" when it is none).
	address string
}

// findContacts runs the contact patterns on a block of text.
func findContacts(text string, isAddress bool) contacts {
	var f contacts
	// Cheap guards first: most blocks are prose with no '@' and fewer than
	// six digits, and every pattern below needs them.
	if strings.IndexByte(text, '@') >= 0 {
		for _, m := range emailPattern.FindAllString(text, 5) {
			f.emails = append(f.emails, strings.ToLower(m))
		}
	}
	nd := digits(text)
	if nd == 0 {
		// Every phone and address form needs a digit.
		return f
	}
	// The text lower-cased in ASCII, for the literal pre-checks, when a
	// pattern that has one may run: a labelled phone number, an address.
	var buf [textWindow]byte
	var lower []byte
	numberRun := nd >= 6 && hasNumberRun(text)
	if numberRun || !isAddress && len(text) <= maxAddressBytes {
		lower = lowerASCII(buf[:0], text)
	}
	if nd >= 6 {
		if numberRun && hasAnyBytes(lower, phoneLabels) {
			for _, m := range phoneLabelled.FindAllStringSubmatch(text, 3) {
				if digits(m[1]) >= 6 {
					f.phones = append(f.phones, strings.TrimSpace(m[1]))
				}
			}
		}
		if strings.IndexByte(text, '+') >= 0 {
			for _, m := range phoneInternational.FindAllStringSubmatch(text, 3) {
				if d := digits(m[1]); d >= 8 && d <= 15 {
					f.phones = append(f.phones, strings.TrimSpace(m[1]))
				}
			}
		}
		if strings.IndexByte(text, '(') >= 0 {
			f.phones = append(f.phones, phoneNANP.FindAllString(text, 3)...)
		}
	}
	if isAddress || looksLikeAddress(text, lower) {
		f.address = clean(text, 200)
	}
	return f
}

// hasNumberRun reports whether text holds what the number of
// phoneLabelled needs: two digits seven characters or more apart with
// only digits, spaces, parentheses, dots, slashes and hyphens between
// them (the prose of a page mentions prices, years and item numbers, but
// seldom such a run).
func hasNumberRun(text string) bool {
	first := -1 // the first digit of the current run, or -1
	for i := 0; i < len(text); i++ {
		switch numberClass[text[i]] {
		case 1: // a digit
			if first < 0 {
				first = i
			} else if i-first >= 6 {
				return true
			}
		case 0:
			first = -1
		}
	}
	return false
}

// numberClass is 1 for a digit, 2 for the other characters of a number
// in phoneLabelled (space ( ) . / -) and 0 for the others.
var numberClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = 1
	}
	for _, c := range " ()./-" {
		t[c] = 2
	}
	return t
}()

// maxAddressBytes is the longest text looksLikeAddress takes for an
// address.
const maxAddressBytes = 400

// looksLikeAddress reports whether a block of text holds a postal address:
// a street line together with a postcode, or a post-office box. lower is
// the text with its ASCII letters lower-cased.
func looksLikeAddress(text string, lower []byte) bool {
	if len(text) > maxAddressBytes || !strings.ContainsAny(text, "0123456789") {
		return false
	}
	// (strings.ToLower maps no other letter than ASCII ones to b, o, x,
	// p, s, t, f, a, c or h: lower does as well here.)
	if !bytes.Contains(lower, []byte("box")) && !bytes.Contains(lower, []byte("postfach")) && !(mayHavePostcode(text) && postcodePattern.MatchString(text)) {
		return false
	}
	// streetPattern is ~20x slower than postcodePattern (hundreds of µs on
	// a paragraph): test it last, and only on text that holds one of its
	// words.
	if !hasAnyBytes(lower, streetWords) && !hasFoldTwin(text) {
		return false
	}
	return streetPattern.MatchString(text)
}

// mayHavePostcode reports whether text holds what one of the forms of
// postcodePattern needs: an ASCII capital followed by a digit (UK
// postcodes), five digits after white space (a US ZIP code after its
// state), or four digits or more followed, after white space or not, by a
// capital letter (the Dutch and continental forms, a town name after the
// code).
func mayHavePostcode(text string) bool {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c-'0' > 9 {
			continue
		}
		if i > 0 && text[i-1]-'A' < 26 {
			return true
		}
		// A run of digits.
		start := i
		for i < len(text) && text[i]-'0' <= 9 {
			i++
		}
		n := i - start
		if n >= 5 && start > 0 && isASCIISpace(text[start-1]) {
			return true
		}
		if n >= 4 {
			j := i
			for j < len(text) && isASCIISpace(text[j]) {
				j++
			}
			if j < len(text) {
				if r, _ := utf8.DecodeRuneInString(text[j:]); unicode.IsUpper(r) {
					return true
				}
			}
		}
		i-- // the loop's i++ passes the byte after the run, which is no digit
	}
	return false
}

// quietBlock reports whether contactText would find nothing in the
// blockText of root, without building it: a text of at most textWindow
// bytes (read in one window) with no '@' (no e-mail address), fewer than
// six digits (no phone number) and more than 400 bytes that clean keeps
// (not an address): the prose paragraphs that mention a number or two.
func quietBlock(root *html.Node) bool {
	size, digits, solid := 0, 0, 0
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		switch n.Type {
		case html.TextNode:
			if strings.IndexByte(n.Data, '@') >= 0 {
				return false
			}
			size += len(n.Data)
			d, drop := countText(n.Data)
			digits += d
			solid += len(n.Data) - drop
		case html.ElementNode:
			if n != root && ignoredElement(n) {
				return true
			}
			switch n.Data {
			case "script", "style", "noscript", "template":
				return true
			case "br", "p", "div", "li":
				size += len(", ")
			}
		}
		if digits >= 6 || size > textWindow {
			return false
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c) {
				return false
			}
		}
		return true
	}
	return walk(root) && digits < 6 && size <= textWindow && solid > maxAddressBytes
}

// blockText is the text of an element with <br> and block boundaries kept
// as separators, built in the extractor's buffer.
func (ex *extractor) blockText(root *html.Node) string {
	ex.buf = appendBlockText(ex.buf[:0], root)
	return finishClean(string(collapseSpaceBytes(ex.buf)), maxBlockText)
}

// appendBlockText appends the text of root, with ", " for <br> and block
// boundaries, to dst, stopping once maxBlockText bytes are passed.
func appendBlockText(dst []byte, root *html.Node) []byte {
	start := len(dst)
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if len(dst)-start > maxBlockText {
			return
		}
		switch n.Type {
		case html.TextNode:
			dst = append(dst, n.Data...)
		case html.ElementNode:
			if n != root && ignoredElement(n) {
				return
			}
			switch n.Data {
			case "script", "style", "noscript", "template":
				return
			case "br", "p", "div", "li":
				dst = append(dst, ", "...)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return dst
}

func (ex *extractor) forms(sc *scan) {
	for _, fs := range sc.forms {
		if len(ex.info.Forms) >= maxPerList {
			return
		}
		ex.info.Forms = append(ex.info.Forms, ex.form(sc, fs))
	}
}

func (ex *extractor) form(sc *scan, fs *formScan) record.Form {
	f := record.Form{Method: strings.ToUpper(strings.TrimSpace(attrOrDefault(fs.form, "method", "GET")))}
	if f.Method == "" {
		f.Method = "GET"
	}
	action := strings.TrimSpace(attrOr(fs.form, "action"))
	if u, err := ex.base.Parse(action); err == nil {
		u.Fragment = ""
		f.Action = clean(u.String(), maxURLBytes)
		if u.Scheme == "http" || u.Scheme == "https" {
			ex.addResource(record.KindForm, u)
		}
	} else {
		f.Action = clean(action, 300)
	}
	for _, in := range fs.fields {
		typ := strings.ToLower(attrOrDefault(in, "type", "text"))
		if in.Data == "textarea" {
			typ = "textarea"
		} else if in.Data == "select" {
			typ = "select"
		}
		id, _ := attr(in, "id")
		name, ok := attr(in, "name")
		if !ok {
			name = id
		}
		switch typ {
		case "hidden", "submit", "button", "image", "reset", "search", "file", "range", "color", "radio":
			continue
		case "checkbox":
			if len(f.Checkboxes) >= maxPerList {
				continue
			}
			label := clean(fieldLabel(sc, in), 200)
			f.Checkboxes = append(f.Checkboxes, record.Checkbox{
				Name:    clean(name, 100),
				Label:   label,
				Consent: consentPattern.MatchString(name + " " + label),
				Checked: hasAttr(in, "checked"),
			})
			continue
		}
		label := fieldLabel(sc, in)
		hint := strings.Join([]string{name, id, attrOr(in, "autocomplete"), attrOr(in, "placeholder"), label}, " ")
		if typ == "email" || emailHint.MatchString(hint) {
			f.EmailField = true
		}
		if personalInputTypes[typ] || typ != "textarea" && typ != "select" && personalFieldPattern.MatchString(hint) {
			if strings.Contains(strings.ToLower(hint), "search") || strings.Contains(strings.ToLower(hint), "suche") {
				continue
			}
			if name == "" {
				name = clean(label, 40)
			}
			if name == "" {
				name = typ
			}
			if len(f.PersonalFields) < maxPerList {
				f.PersonalFields = appendUnique(f.PersonalFields, clean(name, 100))
			}
		}
	}
	return f
}

// fieldLabel finds the label of a form field: a <label for>, an enclosing
// <label>, or aria-label.
func fieldLabel(sc *scan, in *html.Node) string {
	if v, ok := attr(in, "aria-label"); ok {
		return v
	}
	if id, ok := attr(in, "id"); ok && id != "" {
		if l := sc.labelNamed(id); l != nil {
			if text := nodeText(l); text != "" {
				return text
			}
		}
	}
	for l := in; l != nil; l = l.Parent {
		if l.Type == html.ElementNode && l.Data == "label" {
			return nodeText(l)
		}
	}
	// A checkbox followed by its text in the same parent: the text up to
	// the next field or block, not the text of the whole parent.
	var b strings.Builder
	for n := in.NextSibling; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "input", "select", "textarea", "button", "br", "p", "div", "label", "li", "ul", "ol", "table", "fieldset":
				return b.String()
			}
		}
		writeText(&b, n)
	}
	if p := in.Parent; b.Len() == 0 && p != nil && p.Type == html.ElementNode && countFields(p, 2) == 1 {
		return nodeText(p)
	}
	return b.String()
}

// countFields counts the fields (input, textarea, select) under n, up to
// limit.
func countFields(n *html.Node, limit int) int {
	count := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && count < limit; c = c.NextSibling {
			if c.Type == html.ElementNode && (c.Data == "input" || c.Data == "textarea" || c.Data == "select") {
				count++
			}
			walk(c)
		}
	}
	walk(n)
	return count
}

var emailHint = regexp.MustCompile(`(?i)e-?mail|courriel|correo`)

// inlineURL finds absolute or protocol-relative URLs in inline scripts, the
// way tag-manager and analytics snippets load their code.
var inlineURL = regexp.MustCompile(`(?i)(?:https?:)?//([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)(/[^\s'"<>)]*)?`)

func (ex *extractor) subresources(sc *scan) {
	add := func(kind record.ResourceKind, nodes []*html.Node, key string) {
		for _, n := range nodes {
			if u, ok := ex.resolve(attrOr(n, key)); ok {
				ex.addResource(kind, u)
			}
		}
	}
	add(record.KindScript, sc.scripts, "src")
	add(record.KindIframe, sc.iframes, "src")
	add(record.KindImage, sc.images, "src")
	add(record.KindStyle, sc.styles, "href")
	add(record.KindMedia, sc.media, "src")
	add(record.KindMedia, sc.objects, "data")
	for _, n := range sc.inline {
		text := nodeText(n)
		if len(text) > 200000 {
			text = text[:200000]
		}
		for _, u := range ex.cache.scriptURLs(text) {
			ex.addResource(record.KindScript, u)
		}
	}
}

// scriptURLs returns the URLs of code or a pixel an inline script names.
// They are shared (see Cache): not to be changed.
func scriptURLs(text string) []*url.URL {
	var urls []*url.URL
	for _, m := range inlineURL.FindAllStringSubmatch(text, 20) {
		// Only URLs that name code or a pixel: .js, gtag, analytics, tr.
		if u, err := url.Parse("https://" + m[1] + m[2]); err == nil && scope.ValidHost(u.Hostname()) {
			if strings.HasSuffix(u.Path, ".js") || strings.Contains(u.Path, "/gtag/") || strings.Contains(u.Path, "/collect") || strings.Contains(u.Path, "/tr") || strings.Contains(u.Path, "/pixel") {
				urls = append(urls, u)
			}
		}
	}
	return urls
}

func (ex *extractor) addResource(kind record.ResourceKind, u *url.URL) {
	host := strings.ToLower(u.Hostname())
	if host == "" || host == ex.host {
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
func (ex *extractor) seals(sc *scan) {
	for _, r := range ex.info.Resources {
		if seal, ok := catalog.SealForHost(r.Host); ok {
			ex.info.Seals = appendUnique(ex.info.Seals, seal.Name)
		}
	}
	matcher := sealMatcher()
	for _, n := range sc.sealed {
		for _, key := range []string{"alt", "title"} {
			if m := matcher.FindString(attrOr(n, key)); m != "" {
				if seal, ok := catalog.SealNamed(m); ok {
					ex.info.Seals = appendUnique(ex.info.Seals, seal.Name)
				}
			}
		}
	}
}

// digits counts the ASCII digits of s (they are never part of another
// character's UTF-8 bytes).
func digits(s string) int {
	n, _ := countText(s)
	return n
}

// clean collapses white space and cuts s to at most max bytes on a rune
// boundary.
func clean(s string, max int) string {
	return finishClean(collapseSpace(s), max)
}

// finishClean is clean on a string whose white space is collapsed.
func finishClean(s string, max int) string {
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

// collapseSpace is strings.Join(strings.Fields(s), " ") without the
// slice: it copies the spans between white space that is not one space
// between two words, and does not copy s at all when there is none.
func collapseSpace(s string) string {
	var b strings.Builder
	seg := 0 // the start of the span of s not copied yet
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && !asciiSpace[c] {
			i++
			continue
		}
		size, space := 1, true
		if c >= utf8.RuneSelf {
			size, space = spaceRune(s[i:])
		}
		if !space {
			i += size
			continue
		}
		start := i
		i += size
		for i < len(s) {
			if c := s[i]; c < utf8.RuneSelf {
				if !asciiSpace[c] {
					break
				}
				i++
			} else if size, space := spaceRune(s[i:]); space {
				i += size
			} else {
				break
			}
		}
		if start > 0 && i < len(s) && i-start == 1 && c == ' ' {
			continue // one space between two words stays
		}
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[seg:start])
		if b.Len() > 0 && i < len(s) {
			b.WriteByte(' ')
		}
		seg = i
	}
	if b.Cap() == 0 {
		return s
	}
	b.WriteString(s[seg:])
	return b.String()
}

// collapseSpaceBytes is collapseSpace in place.
func collapseSpaceBytes(b []byte) []byte {
	if isCollapsedASCII(b) {
		return b
	}
	w := 0 // the end of the collapsed text
	for i := 0; i < len(b); {
		// A word: up to the next white space.
		j := i
		for j < len(b) {
			// Eight bytes at a time while there is no white space nor
			// other than ASCII.
			if j+wordSz <= len(b) {
				if x := binary.LittleEndian.Uint64(b[j:]); inRange(x, '\t', '\r')|inRange(x, ' ', ' ')|x&highs == 0 {
					j += wordSz
					continue
				}
			}
			if c := b[j]; c < utf8.RuneSelf {
				if asciiSpace[c] {
					break
				}
				j++
			} else if size, space := spaceRuneBytes(b[j:]); !space {
				j += size
			} else {
				break
			}
		}
		if j > i {
			if w > 0 {
				b[w] = ' '
				w++
			}
			w += copy(b[w:], b[i:j])
		}
		// White space: skipped.
		for j < len(b) {
			if c := b[j]; c < utf8.RuneSelf {
				if !asciiSpace[c] {
					break
				}
				j++
			} else if size, space := spaceRuneBytes(b[j:]); space {
				j += size
			} else {
				break
			}
		}
		i = j
	}
	return b[:w]
}

// isCollapsedASCII reports whether b is ASCII with no white space but
// single spaces between words: what collapseSpaceBytes leaves as it is.
// Most of the text of a paragraph is.
func isCollapsedASCII(b []byte) bool {
	if len(b) == 0 || b[0] == ' ' || b[len(b)-1] == ' ' {
		return len(b) == 0
	}
	prevSpace := uint64(0) // the high bit of the last lane set when the last byte read was a space
	i := 0
	for ; i+wordSz <= len(b); i += wordSz {
		x := binary.LittleEndian.Uint64(b[i:])
		if inRange(x, '\t', '\r')|x&highs != 0 {
			return false
		}
		sp := inRange(x, ' ', ' ')
		// A space after a space, in the word or across words.
		if sp&(sp<<8|prevSpace>>56) != 0 {
			return false
		}
		prevSpace = sp
	}
	prev := prevSpace>>63 == 1
	for ; i < len(b); i++ {
		c := b[i]
		if c >= utf8.RuneSelf || asciiSpace[c] && (c != ' ' || prev) {
			return false
		}
		prev = c == ' '
	}
	return true
}

func spaceRuneBytes(b []byte) (int, bool) {
	r, size := utf8.DecodeRune(b)
	return size, unicode.IsSpace(r)
}

// spaceRune returns the size of the first rune of s and whether it is
// white space (unicode.IsSpace).
func spaceRune(s string) (int, bool) {
	r, size := utf8.DecodeRuneInString(s)
	return size, unicode.IsSpace(r)
}

func isASCIISpace(c byte) bool { return c < utf8.RuneSelf && asciiSpace[c] }

// asciiSpace are the ASCII white-space bytes (unicode.IsSpace).
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

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
