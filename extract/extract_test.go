package extract

import (
	"bytes"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/privaudit/privaudit/record"
)

const testBase = "https://www.example.com/dir/page"

func extractString(t testing.TB, doc string) record.Info {
	t.Helper()
	d, err := ParseHTML([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(testBase)
	return Extract(d, base)
}

// extractBody extracts a page whose body is body.
func extractBody(t testing.TB, body string) record.Info {
	t.Helper()
	return extractString(t, `<!DOCTYPE html><html lang="en"><head><title>T</title></head><body>`+body+`</body></html>`)
}

func TestExtractTitleLangBase(t *testing.T) {
	info := extractString(t, `<html lang=" DE-de "><head><title>
		Datenschutz   –  Beispiel GmbH </title><title>second</title><base href="https://cdn.example.net/base/"></head>
		<body><a href="datenschutz">Datenschutz</a></body></html>`)
	if info.Title != "Datenschutz – Beispiel GmbH" || info.Lang != "de-de" {
		t.Errorf("Title %q Lang %q", info.Title, info.Lang)
	}
	if !slices.Equal(info.PrivacyLinks, []string{"https://cdn.example.net/base/datenschutz"}) {
		t.Errorf("<base href> not applied: %v", info.PrivacyLinks)
	}
	long := extractString(t, "<title>"+strings.Repeat("ä", 400)+"</title>")
	if len(long.Title) > 303 || !strings.HasSuffix(long.Title, "…") || !strings.HasPrefix(long.Title, "ää") {
		t.Errorf("long title cut to %d bytes: %q...", len(long.Title), long.Title[:10])
	}
}

func TestExtractLinkClassification(t *testing.T) {
	const (
		privacy = linkPrivacy
		cookie  = linkCookie
		contact = linkContact
	)
	tests := []struct {
		name string
		html string
		want []string // kinds, in the order privacy, cookie-policy, contact
	}{
		// English.
		{"en privacy", `<a href="/legal/pp">Privacy Policy</a>`, []string{privacy}},
		{"en privacy notice", `<a href="/legal/pn">Privacy notice</a>`, []string{privacy}},
		{"en data protection", `<a href="/legal/dp">Data protection</a>`, []string{privacy}},
		{"en privacy statement", `<a href="/x1">Privacy&nbsp;Statement</a>`, []string{privacy}},
		{"en cookie policy", `<a href="/legal/cp">Cookie Policy</a>`, []string{cookie}},
		{"en cookie notice", `<a href="/legal/cn">Cookies</a>`, []string{cookie}},
		{"en privacy and cookies", `<a href="/legal/pc">Privacy &amp; Cookies</a>`, []string{privacy, cookie}},
		{"en contact", `<a href="/c1">Contact</a>`, []string{contact}},
		{"en contact us", `<a href="/c2">Contact us</a>`, []string{contact}},
		{"en get in touch", `<a href="/c3">Get in touch</a>`, []string{contact}},
		{"en imprint", `<a href="/c4">Imprint</a>`, []string{contact}},
		{"en legal notice", `<a href="/c5">Legal notice</a>`, []string{contact}},
		// German.
		{"de datenschutz", `<a href="/ds">Datenschutz</a>`, []string{privacy}},
		{"de datenschutzerklärung", `<a href="/ds2">Datenschutzerklärung</a>`, []string{privacy}},
		{"de datenschutzhinweise", `<a href="/ds3">Datenschutzhinweise</a>`, []string{privacy}},
		{"de impressum", `<a href="/imp">Impressum</a>`, []string{contact}},
		{"de kontakt", `<a href="/k">Kontakt</a>`, []string{contact}},
		{"de cookie-richtlinie", `<a href="/cr">Cookie-Richtlinie</a>`, []string{cookie}},
		{"de cookie-hinweise", `<a href="/ch">Cookie-Hinweis</a>`, []string{cookie}},
		// French.
		{"fr confidentialité", `<a href="/fc">Confidentialité</a>`, []string{privacy}},
		{"fr politique de confidentialité", `<a href="/fpc">Politique de confidentialité</a>`, []string{privacy}},
		{"fr données personnelles", `<a href="/fdp">Protection des données personnelles</a>`, []string{privacy}},
		{"fr vie privée", `<a href="/fvp">Vie privée</a>`, []string{privacy}},
		{"fr nous contacter", `<a href="/fnc">Nous contacter</a>`, []string{contact}},
		{"fr contactez-nous", `<a href="/fcn">Contactez-nous</a>`, []string{contact}},
		{"fr mentions légales", `<a href="/fml">Mentions légales</a>`, []string{contact}},
		{"fr politique cookies", `<a href="/fpco">Politique relative aux cookies</a>`, []string{cookie}},
		// Dutch.
		{"nl privacybeleid", `<a href="/np">Privacybeleid</a>`, []string{privacy}},
		{"nl privacyverklaring", `<a href="/npv">Privacyverklaring</a>`, []string{privacy}},
		{"nl cookiebeleid", `<a href="/nc">Cookiebeleid</a>`, []string{cookie}},
		{"nl neem contact op", `<a href="/nk">Neem contact op</a>`, []string{contact}},
		{"nl contact", `<a href="/nk2">Contact</a>`, []string{contact}},
		// Spanish.
		{"es privacidad", `<a href="/ep">Privacidad</a>`, []string{privacy}},
		{"es política de privacidad", `<a href="/epp">Política de privacidad</a>`, []string{privacy}},
		{"es protección de datos", `<a href="/epd">Protección de datos</a>`, []string{privacy}},
		{"es contacto", `<a href="/ec">Contacto</a>`, []string{contact}},
		{"es aviso legal", `<a href="/eal">Aviso legal</a>`, []string{contact}},
		{"es política de cookies", `<a href="/epc">Política de cookies</a>`, []string{cookie}},
		// Italian.
		{"it informativa privacy", `<a href="/ip">Informativa privacy</a>`, []string{privacy}},
		{"it informativa sulla privacy", `<a href="/isp">Informativa sulla privacy</a>`, []string{privacy}},
		{"it contatti", `<a href="/ic">Contatti</a>`, []string{contact}},
		{"it contattaci", `<a href="/ic2">Contattaci</a>`, []string{contact}},
		{"it informativa cookie", `<a href="/icp">Informativa cookie</a>`, []string{cookie}},
		// Names other than the text: title, aria-label, image alt.
		{"aria-label only", `<a href="/a1" aria-label="Privacy policy"><svg viewBox="0 0 1 1"></svg></a>`, []string{privacy}},
		{"title only", `<a href="/a2" title="Datenschutz"></a>`, []string{privacy}},
		{"icon with alt", `<a href="/a3"><img src="/i/mail.svg" alt="Kontakt"></a>`, []string{contact}},
		{"icon without alt, contact path", `<a href="/kontakt"><img src="/i/mail.svg"></a>`, []string{contact}},
		{"area element", `<map name="m"><area href="/a4" alt="x" title="Privacy"></map>`, []string{privacy}},
		// The URL path decides when the name says nothing.
		{"href only, generic hier", `<a href="/datenschutz">hier</a>`, []string{privacy}},
		{"href only, read more", `<a href="/privacy-policy">Read more</a>`, []string{privacy}},
		{"href only, empty", `<a href="/impressum"></a>`, []string{contact}},
		{"href only, ici", `<a href="/politique-de-confidentialite">ici</a>`, []string{privacy}},
		{"href only, cookie path", `<a href="/cookie-policy">here</a>`, []string{cookie}},
		{"href only, encoded path", `<a href="/datenschutzerkl%C3%A4rung/datenschutz.html">mehr</a>`, []string{privacy}},
		// A specific name that says something else wins over the path.
		{"path privacy, name unrelated", `<a href="/privacy">Our commitments</a>`, nil},
		{"path contact, name unrelated", `<a href="/contact">Careers</a>`, nil},
		// Near misses.
		{"accept cookies button-link", `<a href="/consent?accept=1" class="btn">Accept cookies</a>`, nil},
		{"accept all cookies", `<a href="/consent?all=1">Accept all cookies</a>`, nil},
		{"contact lens shop", `<a href="/shop/lenses">Contact lenses</a>`, []string{contact}}, // documented false positive
		{"plain page", `<a href="/about">About us</a>`, nil},
		{"path privacy substring", `<a href="/privacyfirst-products">more</a>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := extractBody(t, tt.html)
			var got []string
			if len(info.PrivacyLinks) > 0 {
				got = append(got, privacy)
			}
			if len(info.CookiePolicyLinks) > 0 {
				got = append(got, cookie)
			}
			if len(info.ContactLinks) > 0 {
				got = append(got, contact)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("kinds %v, want %v (privacy %v cookie %v contact %v)", got, tt.want, info.PrivacyLinks, info.CookiePolicyLinks, info.ContactLinks)
			}
			if len(info.BrokenLinks) > 0 {
				t.Errorf("BrokenLinks %v", info.BrokenLinks)
			}
			// The URL is absolute, resolved against the page.
			for _, l := range slices.Concat(info.PrivacyLinks, info.CookiePolicyLinks, info.ContactLinks) {
				if !strings.HasPrefix(l, "https://www.example.com/") || strings.Contains(l, "#") {
					t.Errorf("link %q not absolute", l)
				}
			}
		})
	}
}

// Settings and consent controls are not policies. "Privacy settings",
// "Cookie settings" and "Cookie-Einstellungen" open a consent manager or an
// account page; counting them as the policy link would hide a missing
// policy, and their href="#" would be reported as a broken policy link. A
// button-like "accept" or "reject" link is a consent control in every
// language, not a cookie policy.
func TestExtractConsentControlsAreNotPolicies(t *testing.T) {
	tests := []struct{ name, html string }{
		{"privacy settings", `<a href="/account/privacy-settings">Privacy settings</a>`},
		{"cookie settings", `<a href="/cookie-settings">Cookie settings</a>`},
		{"cookie settings #", `<a href="#" onclick="cmp.open()">Cookie settings</a>`},
		{"cookie-einstellungen javascript", `<a href="javascript:void(0)">Cookie-Einstellungen</a>`},
		{"privacy preferences #", `<a href="#" class="ot-sdk-show-settings">Privacy preferences</a>`},
		{"de accept #", `<a href="#" class="btn">Alle Cookies akzeptieren</a>`},
		{"fr accept #", `<a href="#" class="btn">Accepter les cookies</a>`},
		{"es accept #", `<a href="#" class="btn">Aceptar cookies</a>`},
		{"reject #", `<a href="#" class="btn">Reject all cookies</a>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := extractBody(t, tt.html)
			if len(info.PrivacyLinks)+len(info.CookiePolicyLinks)+len(info.BrokenLinks) > 0 {
				t.Errorf("consent/settings control classified as a policy link: privacy %v cookie %v broken %v",
					info.PrivacyLinks, info.CookiePolicyLinks, info.BrokenLinks)
			}
		})
	}
	// The English "accept" exclusion that exists today.
	if info := extractBody(t, `<a href="#" class="btn">Accept cookies</a>`); len(info.CookiePolicyLinks)+len(info.BrokenLinks) > 0 {
		t.Errorf("Accept cookies: cookie %v broken %v", info.CookiePolicyLinks, info.BrokenLinks)
	}
}

func TestExtractBrokenLinks(t *testing.T) {
	tests := []struct {
		html string
		want []record.BrokenLink
	}{
		{`<a href="https//x.org/privacy">Privacy</a>`, []record.BrokenLink{{Kind: linkPrivacy, Href: "https//x.org/privacy", Text: "Privacy"}}},
		{`<a href="https:/x.org/privacy">Privacy policy</a>`, []record.BrokenLink{{Kind: linkPrivacy, Href: "https:/x.org/privacy", Text: "Privacy policy"}}},
		{`<a href="htp://example.com/datenschutz">Datenschutz</a>`, []record.BrokenLink{{Kind: linkPrivacy, Href: "htp://example.com/datenschutz", Text: "Datenschutz"}}},
		{`<a href="htttps://example.com/kontakt">Kontakt</a>`, []record.BrokenLink{{Kind: linkContact, Href: "htttps://example.com/kontakt", Text: "Kontakt"}}},
		{`<a href="javascript:void(0)">Privacy Policy</a>`, []record.BrokenLink{{Kind: linkPrivacy, Href: "javascript:void(0)", Text: "Privacy Policy"}}},
		{`<a href="#">Contact us</a>`, []record.BrokenLink{{Kind: linkContact, Href: "#", Text: "Contact us"}}},
		{`<a href="">Cookie policy</a>`, []record.BrokenLink{{Kind: linkCookie, Href: "", Text: "Cookie policy"}}},
		{`<a href="  ">Impressum</a>`, []record.BrokenLink{{Kind: linkContact, Href: "", Text: "Impressum"}}},
		{`<a href="http://">Privacidad</a>`, []record.BrokenLink{{Kind: linkPrivacy, Href: "http://", Text: "Privacidad"}}},
		{`<a href="https://exa mple.com/privacy">Privacy</a>`, []record.BrokenLink{{Kind: linkPrivacy, Href: "https://exa mple.com/privacy", Text: "Privacy"}}},
		{`<a href="http://%zz/privacy">Privacy</a>`, []record.BrokenLink{{Kind: linkPrivacy, Href: "http://%zz/privacy", Text: "Privacy"}}},
		{`<a href="#">Datenschutz &amp; Cookies</a>`, []record.BrokenLink{{Kind: linkPrivacy, Href: "#", Text: "Datenschutz & Cookies"}, {Kind: linkCookie, Href: "#", Text: "Datenschutz & Cookies"}}},
		// Broken links that are not policy or contact links are not kept.
		{`<a href="#">Home</a> <a href="javascript:void(0)">Menu</a> <a href="htp://x.org">Shop</a>`, nil},
		// A broken href whose path names a policy, with a generic name, is
		// judged by its name alone: not kept.
		{`<a href="htp://x.org/privacy">here</a>`, nil},
	}
	for _, tt := range tests {
		info := extractBody(t, tt.html)
		if !reflect.DeepEqual(info.BrokenLinks, tt.want) {
			t.Errorf("%s\n BrokenLinks %+v\n want        %+v", tt.html, info.BrokenLinks, tt.want)
		}
		if len(info.PrivacyLinks)+len(info.CookiePolicyLinks)+len(info.ContactLinks) > 0 {
			t.Errorf("%s: broken link also kept as a link: %v %v %v", tt.html, info.PrivacyLinks, info.CookiePolicyLinks, info.ContactLinks)
		}
		for _, l := range info.Links {
			if strings.Contains(l, "x.org") || strings.Contains(l, "javascript") {
				t.Errorf("%s: broken href followed: %v", tt.html, info.Links)
			}
		}
	}
}

func TestExtractLinks(t *testing.T) {
	info := extractBody(t, `<a href="/a#x">1</a> <a href="/a#y">2</a> <a href="b?q=1">3</a> <a href="//cdn.example.net/c">4</a>
		<a href="mailto:x@example.de">5</a> <a href="tel:123456">6</a> <a href="ftp://example.com/f">7</a> <a href="#top">8</a>
		<a href="HTTPS://WWW.EXAMPLE.COM/d">9</a> <a name="anchor">10</a>`)
	want := []string{"https://www.example.com/a", "https://www.example.com/dir/b?q=1", "https://cdn.example.net/c", "https://WWW.EXAMPLE.COM/d"}
	if !slices.Equal(info.Links, want) {
		t.Errorf("Links %v, want %v", info.Links, want)
	}
	if !reflect.DeepEqual(info.Resources, []record.Resource{{Kind: record.KindLink, Host: "cdn.example.net", URL: "https://cdn.example.net/c"}}) {
		t.Errorf("Resources %+v", info.Resources)
	}
}

func TestExtractContact(t *testing.T) {
	tests := []struct {
		name                      string
		html                      string
		emails, phones, addresses []string
		placeholders              []string
	}{
		{name: "mailto with query", html: `<a href="mailto:Info@Firma.DE?subject=Hallo&body=x">Schreiben Sie uns</a>`, emails: []string{"info@firma.de"}},
		{name: "mailto encoded, several", html: `<a href="mailto:kontakt%40firma.de,b@firma.de">Mail</a>`, emails: []string{"kontakt@firma.de"}},
		{name: "mailto junk", html: `<a href="mailto:">Mail</a> <a href="mailto:not-an-address">Mail</a>`},
		{name: "tel href", html: `<a href="tel:+49%2030%201234567">Anrufen</a> <a href="tel:">x</a>`, phones: []string{"+49 30 1234567"}},
		{name: "emails in text", html: `<p>Write to privacy@shop.co.uk or DPO@Shop.co.uk.</p><script>var x = "tracker@evil.com";</script>`, emails: []string{"privacy@shop.co.uk", "dpo@shop.co.uk"}},
		{name: "hidden block ignored", html: `<div hidden><p>hidden@shop.co.uk</p></div><template><p>tpl@shop.co.uk</p></template>`},
		{name: "international phone", html: `<p>Call +44 20 7946 0958 today.</p>`, phones: []string{"+44 20 7946 0958"}},
		{name: "german label", html: `<p>Tel.: 030 1234567<br>Fax: 030 1234568</p>`, phones: []string{"030 1234567"}},
		{name: "german telefon", html: `<p>Telefon: +49 (0)89 12345-678</p>`, phones: []string{"+49 (0)89 12345-678"}},
		{name: "french", html: `<p>Téléphone : 01 23 45 67 89</p>`, phones: []string{"01 23 45 67 89"}},
		{name: "us style", html: `<p>Questions? (212) 736-5000</p>`, phones: []string{"(212) 736-5000"}},
		{name: "us labelled", html: `<p>Phone: (212) 736-5000</p>`, phones: []string{"(212) 736-5000"}},
		{name: "prices and dates are not phones", html: `<p>Only 1.299,00 € until 31.12.2024, order 12345 shipped</p>`},
		{name: "uk address", html: `<address>10 Downing Street<br>London SW1A 2AA</address>`, addresses: []string{"10 Downing Street, London SW1A 2AA"}},
		{name: "de address", html: `<p>Beispiel GmbH, Musterstraße 12, 10115 Berlin</p>`, addresses: []string{"Beispiel GmbH, Musterstraße 12, 10115 Berlin"}},
		{name: "fr address", html: `<p>12 rue de la Paix, 75002 Paris</p>`, addresses: []string{"12 rue de la Paix, 75002 Paris"}},
		{name: "nl address", html: `<p>Keizersgracht 123<br>1015 CJ Amsterdam</p>`, addresses: []string{"Keizersgracht 123, 1015 CJ Amsterdam"}},
		{name: "us address", html: `<p>1600 Amphitheatre Parkway, Mountain View, CA 94043</p>`, addresses: []string{"1600 Amphitheatre Parkway, Mountain View, CA 94043"}},
		{name: "address element without digits", html: `<address>Written by Jane Doe</address>`},
		{name: "schema.org PostalAddress", html: `<div itemscope itemtype="https://schema.org/PostalAddress">
			<span itemprop="streetAddress">Via Roma 1</span>
			<span itemprop="postalCode">00184</span> <span itemprop="addressLocality">Roma</span></div>`,
			addresses: []string{"Via Roma 1 00184 Roma"}},
		{name: "placeholder email", html: `<p>Email: contact@example.com</p>`, emails: []string{"contact@example.com"}, placeholders: []string{"contact@example.com"}},
		{name: "placeholder address", html: `<p>123 Main Street, Anytown, CA 12345</p>`, addresses: []string{"123 Main Street, Anytown, CA 12345"}, placeholders: []string{"123 Main Street, Anytown, CA 12345"}},
		{name: "placeholder phone", html: `<p>Phone: +1 555-0100</p>`, phones: []string{"+1 555-0100"}, placeholders: []string{"+1 555-0100"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := extractBody(t, tt.html).Contact
			if !slices.Equal(c.Emails, tt.emails) || !slices.Equal(c.Phones, tt.phones) || !slices.Equal(c.Addresses, tt.addresses) || !slices.Equal(c.Placeholders, tt.placeholders) {
				t.Errorf("got  emails %q phones %q addresses %q placeholders %q\nwant emails %q phones %q addresses %q placeholders %q",
					c.Emails, c.Phones, c.Addresses, c.Placeholders, tt.emails, tt.phones, tt.addresses, tt.placeholders)
			}
			if c.Empty() != (len(tt.emails)+len(tt.phones)+len(tt.addresses) == 0) {
				t.Errorf("Empty() = %v", c.Empty())
			}
		})
	}
}

// A number given both as a tel: link and as its visible text is one phone
// number, not two.
func TestExtractPhoneDeduplicatedAcrossFormats(t *testing.T) {
	c := extractBody(t, `<p>Tel.: <a href="tel:+49301234567">+49 30 1234567</a></p>`).Contact
	if len(c.Phones) != 1 {
		t.Errorf("one number recorded as %q", c.Phones)
	}
}

func TestExtractForms(t *testing.T) {
	info := extractBody(t, `
	<form id="contact" action="/contact/send" method="post">
		<label for="n">Your name</label><input id="n" name="fullname">
		<input type="email" name="mail_addr">
		<input type="tel" name="t1">
		<input name="plz" placeholder="PLZ">
		<input type="hidden" name="csrf" value="x">
		<textarea name="message"></textarea>
		<input type="password" name="pw">
		<label><input type="checkbox" name="privacy_ok" checked> Ich stimme der Datenschutzerklärung zu</label>
		<input type="checkbox" id="nl" name="nl"><label for="nl">Send me offers by e-mail</label>
		<label><input type="checkbox" name="remember"> Remember me</label>
		<input type="radio" name="gender" value="f">
		<button type="submit">Send</button>
	</form>
	<form role="search" action="https://www.example.com/search"><input type="search" name="q"><input type="text" name="query" placeholder="Search name"></form>
	<form action="/suche"><input name="name" aria-label="Suche nach Name"></form>
	<form action="https://forms.hubspot.com/submit" method=""><input type="email" name="email"></form>
	<form action="javascript:send()"><input name="x"></form>`)
	if len(info.Forms) != 5 {
		t.Fatalf("%d forms, want 5: %+v", len(info.Forms), info.Forms)
	}
	f := info.Forms[0]
	if f.Action != "https://www.example.com/contact/send" || f.Method != "POST" {
		t.Errorf("contact form action %q method %q", f.Action, f.Method)
	}
	if want := []string{"fullname", "mail_addr", "t1", "plz", "pw"}; !slices.Equal(f.PersonalFields, want) || !f.CollectsPersonalData() {
		t.Errorf("PersonalFields %q, want %q", f.PersonalFields, want)
	}
	wantBoxes := []record.Checkbox{
		{Name: "privacy_ok", Label: "Ich stimme der Datenschutzerklärung zu", Consent: true, Checked: true},
		{Name: "nl", Label: "Send me offers by e-mail", Consent: true, Checked: false},
		{Name: "remember", Label: "Remember me", Consent: false, Checked: false},
	}
	if len(f.Checkboxes) != len(wantBoxes) {
		t.Fatalf("Checkboxes %+v", f.Checkboxes)
	}
	for i, w := range wantBoxes {
		got := f.Checkboxes[i]
		if got.Name != w.Name || got.Consent != w.Consent || got.Checked != w.Checked || !strings.Contains(got.Label, w.Label) {
			t.Errorf("checkbox %d: %+v, want %+v", i, got, w)
		}
	}
	if s := info.Forms[1]; s.CollectsPersonalData() || s.Method != "GET" || s.Action != "https://www.example.com/search" {
		t.Errorf("search form %+v", s)
	}
	if s := info.Forms[2]; s.CollectsPersonalData() {
		t.Errorf("German search form %+v", s)
	}
	if h := info.Forms[3]; h.Method != "GET" || !slices.Equal(h.PersonalFields, []string{"email"}) {
		t.Errorf("hubspot form %+v", h)
	}
	if !slices.Contains(info.Resources, record.Resource{Kind: record.KindForm, Host: "forms.hubspot.com", URL: "https://forms.hubspot.com/submit"}) {
		t.Errorf("cross-host form action not a resource: %+v", info.Resources)
	}
	if record.KindForm.Loads() || record.KindLink.Loads() || !record.KindScript.Loads() {
		t.Errorf("Loads")
	}
}

func TestExtractThirdPartyResources(t *testing.T) {
	info := extractString(t, `<html><head>
	<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
	<script>
	  window.dataLayer = window.dataLayer || [];
	  function gtag(){dataLayer.push(arguments);}
	  gtag('config', 'G-1');
	  !function(f,b,e,v,n,t,s){t.src='https://connect.facebook.net/en_US/fbevents.js'}(window, document,'script');
	  var docs = "https://developer.mozilla.org/en-US/docs/Web";
	  (function(){var s=document.createElement('script');s.src='//static.hotjar.com/c/hotjar-1.js?sv=6';})();
	</script>
	<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
	<link rel="preconnect" href="https://fonts.gstatic.com">
	<link rel="icon" href="https://icons.example.org/favicon.ico">
	<script src="/static/app.js"></script>
	<script src="https://www.example.com/static/b.js"></script>
	</head><body>
	<iframe src="https://www.youtube.com/embed/abc"></iframe>
	<img src="https://www.facebook.com/tr?id=1&ev=PageView" width="1" height="1">
	<img src="https://www.facebook.com/tr?id=2">
	<img src="https://cdn.example.com/logo.png">
	<video src="https://media.vimeocdn.com/v.mp4"></video>
	<object data="https://flash.example.net/x.swf"></object>
	</body></html>`)
	got := map[string]bool{}
	for _, r := range info.Resources {
		key := string(r.Kind) + " " + r.Host
		if got[key] {
			t.Errorf("resource %s twice", key)
		}
		got[key] = true
	}
	for _, want := range []string{
		"script www.googletagmanager.com", "script connect.facebook.net", "script static.hotjar.com",
		"stylesheet fonts.googleapis.com", "stylesheet fonts.gstatic.com", "iframe www.youtube.com",
		"image www.facebook.com", "image cdn.example.com", "media media.vimeocdn.com", "media flash.example.net",
	} {
		if !got[want] {
			t.Errorf("missing resource %q in %v", want, info.Resources)
		}
	}
	for _, unwanted := range []string{"script developer.mozilla.org", "stylesheet icons.example.org", "script www.example.com"} {
		if got[unwanted] {
			t.Errorf("unexpected resource %q", unwanted)
		}
	}
	for _, r := range info.Resources {
		if r.Kind == record.KindImage && r.Host == "www.facebook.com" && r.URL != "https://www.facebook.com/tr?id=1&ev=PageView" {
			t.Errorf("first URL of a host not kept: %q", r.URL)
		}
	}
}

// A checkbox whose text follows it in a parent shared with other fields is
// labelled by that text, not by the text of the whole parent.
func TestExtractCheckboxLabelFromSiblingText(t *testing.T) {
	info := extractBody(t, `<form action="/login" method="post">
		<label for="u">User name</label> <input id="u" name="user">
		<input type="checkbox" name="remember" checked> Remember me
		<p>By signing in you agree to our terms and accept marketing e-mails.</p>
	</form>`)
	if len(info.Forms) != 1 || len(info.Forms[0].Checkboxes) != 1 {
		t.Fatalf("forms %+v", info.Forms)
	}
	box := info.Forms[0].Checkboxes[0]
	if !box.Checked || box.Name != "remember" {
		t.Fatalf("checkbox %+v", box)
	}
	if box.Label != "Remember me" || box.Consent {
		t.Errorf("fieldLabel falls back to the whole parent's text: label %q, consent %v", box.Label, box.Consent)
	}
}

// Tracking pixels in <noscript> load whenever scripts are off; ParseHTML
// parses with scripting off so that Extract sees them.
func TestExtractNoscriptPixel(t *testing.T) {
	info := extractBody(t, `<noscript><img height="1" width="1" src="https://px.ads.linkedin.com/collect/?pid=1&fmt=gif"></noscript>`)
	if !slices.Contains(info.Resources, record.Resource{Kind: record.KindImage, Host: "px.ads.linkedin.com", URL: "https://px.ads.linkedin.com/collect/?pid=1&fmt=gif"}) {
		t.Errorf("<noscript> pixel not seen: resources %v", info.Resources)
	}
}

// A mailto with a display name ("Name <addr>") or text around the address
// yields the address alone.
func TestExtractMailtoDisplayName(t *testing.T) {
	c := extractBody(t, `<a href="mailto:Max%20Mustermann%20%3Cmax@firma.de%3E">Mail</a>`).Contact
	if !slices.Equal(c.Emails, []string{"max@firma.de"}) {
		t.Errorf("mailtoAddress keeps the text around the address: %q", c.Emails)
	}
}

func TestExtractSeals(t *testing.T) {
	info := extractBody(t, `
	<a href="https://privacy.truste.com/privacy-seal/validation?rid=1"><img src="/seal.png" alt="TRUSTe Certified Privacy"></a>
	<img src="/eps.png" alt="ePrivacyseal GDPR">
	<a href="/dpf" title="Data Privacy Framework participant">DPF</a>
	<a href="https://www.bbb.org/us/ca/acme">BBB</a>
	<img src="/x.png" alt="Trusted shop">`)
	want := []string{"TRUSTe", "BBB", "ePrivacyseal", "Data Privacy Framework"}
	if !slices.Equal(info.Seals, want) {
		t.Errorf("Seals %q, want %q", info.Seals, want)
	}
}

// A hostile page cannot make its record large: every list is capped and
// every string cut.
func TestExtractBoundsHostilePage(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html lang="` + strings.Repeat("x", 10000) + `"><head><title>` + strings.Repeat("t ", 5000) + `</title></head><body>`)
	for i := 0; i < 500; i++ {
		b.WriteString(`<a href="/privacy/` + strings.Repeat("p", i) + `">Privacy</a><a href="#">Contact</a>`)
		b.WriteString(`<p>mail` + strings.Repeat("m", i%50) + `@example.de</p><form><input type="checkbox" name="c"><input name="email"></form>`)
		b.WriteString(`<script src="https://h` + strings.Repeat("h", i%60) + `.tracker.net/x.js"></script>`)
	}
	b.WriteString(`<a href="tel:` + strings.Repeat("1", 100000) + `">call</a>`)
	b.WriteString(`<a href="mailto:` + strings.Repeat("j", 100000) + ` a@b.de">mail</a>`)
	b.WriteString(`<a href="/kontakt/` + strings.Repeat("k", 100000) + `">Kontakt</a>`)
	b.WriteString(`<form action="/` + strings.Repeat("a", 100000) + `"></form>`)
	b.WriteString(`</body></html>`)
	info := extractString(t, b.String())
	listsOK := len(info.PrivacyLinks) <= maxPerList && len(info.BrokenLinks) <= maxPerList && len(info.Contact.Emails) <= maxPerList &&
		len(info.Forms) <= maxPerList && len(info.Resources) <= 4*maxPerList
	if !listsOK {
		t.Errorf("lists not capped: privacy %d broken %d emails %d forms %d resources %d",
			len(info.PrivacyLinks), len(info.BrokenLinks), len(info.Contact.Emails), len(info.Forms), len(info.Resources))
	}
	if len(info.Title) > 303 {
		t.Errorf("title %d bytes", len(info.Title))
	}
	info.Links = nil // not kept after the crawl
	if n := recordStringBytes(info); n > 64<<10 {
		long := longStrings(info, 2048)
		t.Errorf("%d bytes of strings in the record of one page; uncapped fields: %v", n, long)
	}
}

// recordStringBytes sums the lengths of the strings of a record.
func recordStringBytes(info record.Info) int {
	n := 0
	walkStrings(reflect.ValueOf(info), "", func(_ string, s string) { n += len(s) })
	return n
}

// longStrings names the fields holding a string longer than limit.
func longStrings(info record.Info, limit int) []string {
	var out []string
	walkStrings(reflect.ValueOf(info), "Info", func(path string, s string) {
		if len(s) > limit && !slices.Contains(out, path) {
			out = append(out, path)
		}
	})
	return out
}

func walkStrings(v reflect.Value, path string, f func(path, s string)) {
	switch v.Kind() {
	case reflect.String:
		f(path, v.String())
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			walkStrings(v.Field(i), path+"."+v.Type().Field(i).Name, f)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkStrings(v.Index(i), path+"[]", f)
		}
	}
}

var fuzzCache = NewCache()

// FuzzExtract feeds arbitrary bytes as HTML to goquery and Extract: no
// panic, the same record twice (and with a Cache), every list within its
// cap, and the strings that Extract cuts within their cut.
//
//	go test -run '^$' -fuzz FuzzExtract -fuzztime 60s ./extract/
func FuzzExtract(f *testing.F) {
	page := `<!doctype html><html lang="en"><head><title>Shop</title><script src="https://www.googletagmanager.com/gtag/js"></script></head>
<body><nav><a href="/">Home</a><a href="/p/1">One</a><a href="https://other.example/x">Out</a></nav><main><h1>Shop</h1><p>Text.</p>
<form action="/subscribe" method="post"><input type="email" name="email"><label><input type="checkbox" name="nl" checked> Newsletter</label></form></main>
<footer><a href="/privacy">Privacy policy</a> <a href="/cookies">Cookies</a> <a href="/contact">Contact</a> info@example.com</footer></body></html>`
	f.Add([]byte(page), "https://www.example.com/")
	f.Add([]byte(page), "http://127.0.0.1:8080/privacy")
	for _, s := range []string{
		`<a href="https//x.org/privacy">Privacy</a><a href="mailto:a@b.de?subject=x">m</a><a href="tel:+4930">t</a>`,
		`<base href="//cdn.example.net/"><a href="datenschutz">hier</a><area href="x" title="Impressum">`,
		`<p>Tel.: 030 1234567, Musterstraße 12, 10115 Berlin, info@example.com</p><address>10 Downing Street, London SW1A 2AA</address>`,
		`<form action="/s"><label for="e">E-mail</label><input id="e"><label><input type="checkbox" checked>I agree</label></form>`,
		`<script>gtag('config'); var s='//www.googletagmanager.com/gtag/js?id=1'</script><img alt="TRUSTe" src="https://privacy.truste.com/s.png">`,
		`<div itemscope itemtype="http://schema.org/PostalAddress"><span>Via Roma 1</span> 00184 Roma</div>`,
		"<html><body><a href=\"\xff\xfe\">\x00</a><p>+\u200b49 30</p>",
	} {
		f.Add([]byte(s), testBase)
	}
	f.Fuzz(func(t *testing.T, data []byte, rawBase string) {
		base, err := url.Parse(rawBase)
		if err != nil || (base.Scheme != "http" && base.Scheme != "https") {
			base, _ = url.Parse(testBase)
		}
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		info := Extract(doc, base)
		if again := Extract(doc, base); !reflect.DeepEqual(info, again) {
			t.Fatalf("Extract is not deterministic:\n%+v\n%+v", info, again)
		}
		// A crawl's Cache (shared by every input, each read twice so that
		// the second reading comes from memory) changes nothing.
		for range 2 {
			if cached := fuzzCache.ExtractCut(doc, nil, base); !reflect.DeepEqual(info, cached) {
				t.Fatalf("Extract with a Cache differs:\n%+v\n%+v", info, cached)
			}
		}
		lists := map[string]int{
			"PrivacyLinks": len(info.PrivacyLinks), "CookiePolicyLinks": len(info.CookiePolicyLinks),
			"ContactLinks": len(info.ContactLinks), "BrokenLinks": len(info.BrokenLinks), "Forms": len(info.Forms),
			"Emails": len(info.Contact.Emails), "Phones": len(info.Contact.Phones), "Addresses": len(info.Contact.Addresses),
			"Placeholders": len(info.Contact.Placeholders), "Seals": len(info.Seals),
		}
		for _, fm := range info.Forms {
			lists["PersonalFields"] = max(lists["PersonalFields"], len(fm.PersonalFields))
			lists["Checkboxes"] = max(lists["Checkboxes"], len(fm.Checkboxes))
			for _, c := range fm.Checkboxes {
				if len(c.Label) > 203 || len(c.Name) > 103 {
					t.Errorf("checkbox strings not cut: %d %d", len(c.Label), len(c.Name))
				}
			}
			for _, p := range fm.PersonalFields {
				if len(p) > 103 {
					t.Errorf("personal field %d bytes", len(p))
				}
			}
		}
		for name, n := range lists {
			if n > maxPerList {
				t.Errorf("%s has %d entries, cap %d", name, n, maxPerList)
			}
		}
		if len(info.Resources) > 4*maxPerList {
			t.Errorf("%d resources", len(info.Resources))
		}
		if len(info.Title) > 303 {
			t.Errorf("title %d bytes", len(info.Title))
		}
		for _, bl := range info.BrokenLinks {
			if len(bl.Href) > 303 || len(bl.Text) > 123 {
				t.Errorf("broken link strings not cut: %d %d", len(bl.Href), len(bl.Text))
			}
		}
		for _, a := range info.Contact.Addresses {
			if len(a) > 203 {
				t.Errorf("address %d bytes", len(a))
			}
		}
		for _, r := range info.Resources {
			if len(r.URL) > 303 || r.Host == "" {
				t.Errorf("resource %+v", r)
			}
		}
		// Whatever Extract keeps comes from the input: a record can't be
		// much larger than the page (the base URL repeats in each link).
		if n := recordStringBytes(info); n > 8*len(data)+64*len(rawBase)+4096 {
			t.Errorf("record of %d string bytes from a %d-byte page", n, len(data))
		}
		for _, l := range slices.Concat(info.PrivacyLinks, info.CookiePolicyLinks, info.ContactLinks, info.Links) {
			u, err := url.Parse(l)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Fragment != "" {
				t.Errorf("link %q is not an absolute http(s) URL without fragment", l)
			}
		}
	})
}

func TestExtractMetaRefresh(t *testing.T) {
	tests := []struct{ meta, want string }{
		{`<meta http-equiv="refresh" content="0;url=http://phlow.github.io/info/">`, "http://phlow.github.io/info/"},
		{`<meta http-equiv="Refresh" content="0; URL='/new/'">`, "https://www.example.com/new/"},
		{`<meta http-equiv="refresh" content="3, url=next.html">`, "https://www.example.com/dir/next.html"},
		{`<meta http-equiv="refresh" content="600">`, ""},                        // reload, no target
		{`<meta http-equiv="refresh" content="60; url=/later">`, ""},             // not at once: content
		{`<meta http-equiv="refresh" content="0; url=javascript:alert(1)">`, ""}, // not a web page
		{`<meta name="description" content="0;url=/x">`, ""},
		{`<meta http-equiv="refresh" content="5; url=/dir/page">`, ""},                  // reloads itself
		{`<noscript><meta http-equiv="refresh" content="0; url=/nojs"></noscript>`, ""}, // no-JS fallback
	}
	for _, tt := range tests {
		info := extractString(t, `<html><head>`+tt.meta+`</head><body><p>Redirecting</p></body></html>`)
		if info.RefreshTo != tt.want {
			t.Errorf("%s: RefreshTo %q, want %q", tt.meta, info.RefreshTo, tt.want)
		}
	}
}
