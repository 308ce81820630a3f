package crawler

import (
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// maxPerList caps each list of a page record so that a hostile page cannot
// make its record large.
const maxPerList = 50

// maxURLBytes is the longest URL a record keeps.
const maxURLBytes = 2048

// Extract reads the compact record of an HTML document fetched from base.
// It never keeps a reference to the document.
func Extract(doc *goquery.Document, base *url.URL) Info {
	var info Info
	info.Title = clean(doc.Find("title").First().Text(), 300)
	if lang, ok := doc.Find("html").Attr("lang"); ok {
		info.Lang = strings.ToLower(clean(lang, 35))
	}
	if b, ok := doc.Find("base[href]").Attr("href"); ok {
		if u, err := base.Parse(strings.TrimSpace(b)); err == nil {
			base = u
		}
	}
	ex := extractor{base: base, info: &info, resources: map[string]bool{}}
	ex.anchors(doc)
	ex.contact(doc)
	ex.forms(doc)
	ex.subresources(doc)
	ex.seals(doc)
	return info
}

type extractor struct {
	base      *url.URL
	info      *Info
	resources map[string]bool
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
	if !validHost(u.Hostname()) {
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

// validHost accepts DNS names with a dot, localhost and IP literals.
func validHost(h string) bool {
	if h == "" || len(h) > 253 || strings.ContainsAny(h, " _\\,;") {
		return false
	}
	if h == "localhost" || strings.Contains(h, ":") {
		return true
	}
	return strings.Contains(h, ".") && !strings.HasPrefix(h, ".") && !strings.HasSuffix(h, "..")
}

func (ex *extractor) anchors(doc *goquery.Document) {
	seen := map[string]bool{}
	doc.Find("a[href], area[href]").Each(func(_ int, s *goquery.Selection) {
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
					ex.info.BrokenLinks = append(ex.info.BrokenLinks, BrokenLink{Kind: k, Href: clean(href, 300), Text: clean(name, 120)})
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
		if !seen[abs] {
			seen[abs] = true
			ex.info.Links = append(ex.info.Links, abs)
		}
		ex.addResource(KindLink, u)
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
	s.Find("img[alt]").Each(func(_ int, img *goquery.Selection) {
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
	var kinds []string
	// Consent and preference controls ("Cookie settings", "Alle
	// akzeptieren") are not policies, and their href="#" is not broken.
	control := controlName.MatchString(name)
	if !control && (privacyText.MatchString(name) || (name == "" || isGenericName(name)) && privacyPath.MatchString(path)) {
		kinds = append(kinds, linkPrivacy)
	}
	if !control && (cookieText.MatchString(name) || (name == "" || isGenericName(name)) && cookiePath.MatchString(path)) {
		kinds = append(kinds, linkCookie)
	}
	if contactText.MatchString(name) || (name == "" || isGenericName(name)) && contactPath.MatchString(path) {
		kinds = append(kinds, linkContact)
	}
	return kinds
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

// blockSelector lists the elements whose text is read, one block at a time,
// for contact details.
const blockSelector = "p, li, td, dd, address, span, div, footer, small, strong"

func (ex *extractor) contact(doc *goquery.Document) {
	c := &ex.info.Contact
	body := doc.Find("body")
	if body.Length() == 0 {
		body = doc.Selection
	}
	// Text of leaf-ish blocks: elements without block children.
	body.Find(blockSelector).Each(func(_ int, s *goquery.Selection) {
		if s.Is("div, footer") && s.Children().Filter("div, p, ul, ol, table, section, footer, address").Length() > 0 {
			return
		}
		if inIgnored(s) {
			return
		}
		text := blockText(s)
		if text == "" || len(text) > 2000 {
			return
		}
		// Cheap guards first: most blocks are prose with no '@' and
		// fewer than six digits, and every pattern below needs them.
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
		// Every address form (streetPattern) needs a digit.
		if nd > 0 && (s.Is("address") || looksLikeAddress(text)) {
			if s.Is("address") && !strings.ContainsAny(text, "0123456789") {
				return
			}
			c.Addresses = appendUnique(c.Addresses, clean(text, 200))
		}
	})
	// schema.org microdata.
	doc.Find(`[itemtype*="PostalAddress"], [itemprop="address"]`).Each(func(_ int, s *goquery.Selection) {
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

func inIgnored(s *goquery.Selection) bool {
	return s.Closest("script, style, noscript, template, [hidden], [aria-hidden=true]").Length() > 0
}

// blockText is the text of an element with <br> and block boundaries kept
// as separators.
func blockText(s *goquery.Selection) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
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
		walk(n)
	}
	return clean(b.String(), 4000)
}

func (ex *extractor) forms(doc *goquery.Document) {
	doc.Find("form").Each(func(_ int, s *goquery.Selection) {
		if len(ex.info.Forms) >= maxPerList {
			return
		}
		f := Form{Method: strings.ToUpper(strings.TrimSpace(s.AttrOr("method", "GET")))}
		if f.Method == "" {
			f.Method = "GET"
		}
		action := strings.TrimSpace(s.AttrOr("action", ""))
		if u, err := ex.base.Parse(action); err == nil {
			u.Fragment = ""
			f.Action = clean(u.String(), maxURLBytes)
			if u.Scheme == "http" || u.Scheme == "https" {
				ex.addResource(KindForm, u)
			}
		} else {
			f.Action = clean(action, 300)
		}
		s.Find("input, textarea, select").Each(func(_ int, in *goquery.Selection) {
			typ := strings.ToLower(in.AttrOr("type", "text"))
			if in.Is("textarea") {
				typ = "textarea"
			} else if in.Is("select") {
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
				f.Checkboxes = append(f.Checkboxes, Checkbox{
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
		doc.Find("label[for]").EachWithBreak(func(_ int, l *goquery.Selection) bool {
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
	if b.Len() == 0 && in.Parent().Find("input, select, textarea").Length() == 1 {
		return in.Parent().Text()
	}
	return b.String()
}

var emailHint = regexp.MustCompile(`(?i)e-?mail|courriel|correo`)

// inlineURL finds absolute or protocol-relative URLs in inline scripts, the
// way tag-manager and analytics snippets load their code.
var inlineURL = regexp.MustCompile(`(?i)(?:https?:)?//([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)(/[^\s'"<>)]*)?`)

func (ex *extractor) subresources(doc *goquery.Document) {
	add := func(kind ResourceKind, sel, attr string) {
		doc.Find(sel).Each(func(_ int, s *goquery.Selection) {
			if u, ok := ex.resolve(s.AttrOr(attr, "")); ok {
				ex.addResource(kind, u)
			}
		})
	}
	add(KindScript, "script[src]", "src")
	add(KindIframe, "iframe[src]", "src")
	add(KindImage, "img[src]", "src")
	add(KindStyle, `link[rel~="stylesheet"][href], link[rel~="preconnect"][href], link[rel~="dns-prefetch"][href]`, "href")
	add(KindMedia, "video[src], audio[src], source[src], embed[src]", "src")
	add(KindMedia, "object[data]", "data")
	doc.Find("script:not([src])").Each(func(_ int, s *goquery.Selection) {
		text := s.Text()
		if len(text) > 200000 {
			text = text[:200000]
		}
		for _, m := range inlineURL.FindAllStringSubmatch(text, 20) {
			// Only URLs that name code or a pixel: .js, gtag, analytics, tr.
			if u, err := url.Parse("https://" + m[1] + m[2]); err == nil && validHost(u.Hostname()) {
				if strings.HasSuffix(u.Path, ".js") || strings.Contains(u.Path, "/gtag/") || strings.Contains(u.Path, "/collect") || strings.Contains(u.Path, "/tr") || strings.Contains(u.Path, "/pixel") {
					ex.addResource(KindScript, u)
				}
			}
		}
	})
}

func (ex *extractor) addResource(kind ResourceKind, u *url.URL) {
	host := strings.ToLower(u.Hostname())
	if host == "" || host == strings.ToLower(ex.base.Hostname()) {
		return
	}
	key := string(kind) + " " + host
	if ex.resources[key] || len(ex.info.Resources) >= 4*maxPerList {
		return
	}
	ex.resources[key] = true
	ex.info.Resources = append(ex.info.Resources, Resource{Kind: kind, Host: host, URL: clean(u.String(), 300)})
}

func (ex *extractor) seals(doc *goquery.Document) {
	for _, r := range ex.info.Resources {
		if name, ok := sealHosts[r.Host]; ok {
			ex.info.Seals = appendUnique(ex.info.Seals, name)
		}
	}
	doc.Find("img[alt], img[src], a[title]").Each(func(_ int, s *goquery.Selection) {
		for _, v := range []string{s.AttrOr("alt", ""), s.AttrOr("title", "")} {
			if m := sealPattern.FindString(v); m != "" {
				ex.info.Seals = appendUnique(ex.info.Seals, canonicalSeal(m))
			}
		}
	})
}

func canonicalSeal(m string) string {
	l := strings.ToLower(m)
	switch {
	case strings.HasPrefix(l, "truste"):
		return "TRUSTe"
	case strings.HasPrefix(l, "trustarc"):
		return "TrustArc"
	case strings.HasPrefix(l, "bbb"), strings.HasPrefix(l, "better business"):
		return "BBB"
	case strings.HasPrefix(l, "eprivacy"):
		return "ePrivacyseal"
	case strings.HasPrefix(l, "privacy shield"):
		return "Privacy Shield"
	case strings.HasPrefix(l, "data privacy framework"):
		return "Data Privacy Framework"
	}
	return m
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
