package policy

import (
	"fmt"
	"strings"
	"testing"
)

// declLine is the fields of a declaration a test compares, on one line.
func declLine(d Declaration) string {
	return fmt.Sprintf("%s | %s | %s | %s | %s | %d | %s", d.Name, d.Category, d.Provider, d.Purpose, d.Expiry, d.ExpirySeconds, d.Source)
}

// parseDecls parses a document and returns its declarations, one line
// each.
func parseDecls(t *testing.T, format Format, body string) []string {
	t.Helper()
	doc, err := Parse(Source{URL: "https://example.com/cookies", Format: format, Body: []byte(body)})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	var out []string
	for _, d := range doc.Declarations() {
		out = append(out, declLine(d))
		if d.Row == "" || len([]rune(d.Row)) > 300 {
			t.Errorf("%s: row %q: want 1 to 300 characters", d.Name, d.Row)
		}
	}
	return out
}

func sameLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("declarations:\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// cookiebotPage is a cookie policy with Cookiebot's declaration as its
// cd.js script renders it: a block per category, headed by a paragraph
// "Necessary (2)", each with a table of Name, Provider, Purpose, Maximum
// Storage Duration and Type (the kind of storage, not the category).
const cookiebotPage = `<!DOCTYPE html>
<html lang="en"><head><title>Cookie declaration – Example Shop</title></head>
<body>
<nav><a href="/">Home</a> <a href="/shop">Shop</a></nav>
<main>
<h1>Cookie declaration</h1>
<p>This page describes the cookies Example Shop uses and how you can change your consent.</p>
<script id="CookieDeclaration" src="https://consent.cookiebot.com/0000-1111/cd.js" type="text/javascript" async></script>
<div class="CookieDeclaration" lang="en" dir="ltr">
<p class="CookieDeclarationDialogText">This website uses cookies. We use cookies to personalise content and ads, to provide social media features and to analyse our traffic.</p>
<p class="CookieDeclarationLastUpdated">Cookie declaration last updated on 12.03.2024 by <a href="https://www.cookiebot.com" target="_blank" rel="noopener noreferrer nofollow" title="Cookiebot">Cookiebot</a></p>
<div class="CookieDeclarationType" lang="en" dir="ltr">
<p class="CookieDeclarationTypeHeader">Necessary (2)</p>
<p class="CookieDeclarationTypeDescription">Necessary cookies help make a website usable by enabling basic functions like page navigation and access to secure areas of the website. The website cannot function properly without these cookies.</p>
<table class="CookieDeclarationTable">
<colgroup><col width="20%"><col width="20%"><col width="35%"><col width="15%"><col width="10%"></colgroup>
<thead><tr>
<th scope="col" class="CookieDeclarationTableHeader" dir="ltr">Name</th>
<th scope="col" class="CookieDeclarationTableHeader" dir="ltr">Provider</th>
<th scope="col" class="CookieDeclarationTableHeader" dir="ltr">Purpose</th>
<th scope="col" class="CookieDeclarationTableHeader" dir="ltr">Maximum Storage Duration</th>
<th scope="col" class="CookieDeclarationTableHeader" dir="ltr">Type</th>
</tr></thead>
<tbody>
<tr><td class="CookieDeclarationTableCell">CookieConsent</td><td class="CookieDeclarationTableCell"><a href="https://www.cookiebot.com/goto/privacy-policy/" target="_blank" rel="noopener noreferrer nofollow" title="Cookiebot's privacy policy">Cookiebot</a></td><td class="CookieDeclarationTableCell">Stores the user's cookie consent state for the current domain</td><td class="CookieDeclarationTableCell">1 year</td><td class="CookieDeclarationTableCell">HTTP Cookie</td></tr>
<tr><td class="CookieDeclarationTableCell">__cf_bm</td><td class="CookieDeclarationTableCell"><a href="https://www.cloudflare.com/privacypolicy/">Cloudflare</a></td><td class="CookieDeclarationTableCell">This cookie is used to distinguish between humans and bots.</td><td class="CookieDeclarationTableCell">1 day</td><td class="CookieDeclarationTableCell">HTTP Cookie</td></tr>
</tbody></table>
</div>
<div class="CookieDeclarationType" lang="en" dir="ltr">
<p class="CookieDeclarationTypeHeader">Statistics (3)</p>
<p class="CookieDeclarationTypeDescription">Statistic cookies help website owners to understand how visitors interact with websites by collecting and reporting information anonymously.</p>
<table class="CookieDeclarationTable">
<thead><tr><th scope="col" class="CookieDeclarationTableHeader">Name</th><th scope="col" class="CookieDeclarationTableHeader">Provider</th><th scope="col" class="CookieDeclarationTableHeader">Purpose</th><th scope="col" class="CookieDeclarationTableHeader">Maximum Storage Duration</th><th scope="col" class="CookieDeclarationTableHeader">Type</th></tr></thead>
<tbody>
<tr><td class="CookieDeclarationTableCell">_ga</td><td class="CookieDeclarationTableCell"><a href="https://business.safety.google/privacy/">Google</a></td><td class="CookieDeclarationTableCell">Registers a unique ID that is used to generate statistical data on how the visitor uses the website.</td><td class="CookieDeclarationTableCell">2 years</td><td class="CookieDeclarationTableCell">HTTP Cookie</td></tr>
<tr><td class="CookieDeclarationTableCell">_ga_#</td><td class="CookieDeclarationTableCell"><a href="https://business.safety.google/privacy/">Google</a></td><td class="CookieDeclarationTableCell">Used by Google Analytics to collect data on the number of times a user has visited the website.</td><td class="CookieDeclarationTableCell">2 years</td><td class="CookieDeclarationTableCell">HTTP Cookie</td></tr>
<tr><td class="CookieDeclarationTableCell">collect</td><td class="CookieDeclarationTableCell"><a href="https://business.safety.google/privacy/">Google</a></td><td class="CookieDeclarationTableCell">Used to send data to Google Analytics about the visitor's device and behavior.</td><td class="CookieDeclarationTableCell">Session</td><td class="CookieDeclarationTableCell">Pixel Tracker</td></tr>
</tbody></table>
</div>
<div class="CookieDeclarationType" lang="en" dir="ltr">
<p class="CookieDeclarationTypeHeader">Marketing (2)</p>
<p class="CookieDeclarationTypeDescription">Marketing cookies are used to track visitors across websites.</p>
<table class="CookieDeclarationTable">
<thead><tr><th scope="col">Name</th><th scope="col">Provider</th><th scope="col">Purpose</th><th scope="col">Maximum Storage Duration</th><th scope="col">Type</th></tr></thead>
<tbody>
<tr><td>IDE</td><td><a href="https://business.safety.google/privacy/">Google</a></td><td>Used by Google DoubleClick to register and report the website user's actions after viewing or clicking one of the advertiser's ads.</td><td>400 days</td><td>HTTP Cookie</td></tr>
<tr><td>_fbp</td><td><a href="https://www.facebook.com/policy.php/">Meta Platforms, Inc.</a></td><td>Used by Facebook to deliver a series of advertisement products.</td><td>3 months</td><td>HTTP Cookie</td></tr>
</tbody></table>
</div>
<div class="CookieDeclarationType" lang="en" dir="ltr">
<p class="CookieDeclarationTypeHeader">Unclassified (1)</p>
<p class="CookieDeclarationTypeDescription">Unclassified cookies are cookies that we are in the process of classifying, together with the providers of individual cookies.</p>
<table class="CookieDeclarationTable">
<thead><tr><th scope="col">Name</th><th scope="col">Provider</th><th scope="col">Purpose</th><th scope="col">Maximum Storage Duration</th><th scope="col">Type</th></tr></thead>
<tbody>
<tr><td>lastExternalReferrer</td><td>Meta Platforms, Inc.</td><td>Pending</td><td>Persistent</td><td>HTML Local Storage</td></tr>
</tbody></table>
</div>
</div>
</main>
<footer><p>© Example Shop</p></footer>
</body></html>`

func TestDeclarationsCookiebot(t *testing.T) {
	sameLines(t, parseDecls(t, "", cookiebotPage), []string{
		"CookieConsent | necessary | Cookiebot | Stores the user's cookie consent state for the current domain | 1 year | 31536000 | table",
		"__cf_bm | necessary | Cloudflare | This cookie is used to distinguish between humans and bots. | 1 day | 86400 | table",
		"_ga | analytics | Google | Registers a unique ID that is used to generate statistical data on how the visitor uses the website. | 2 years | 63072000 | table",
		"_ga_# | analytics | Google | Used by Google Analytics to collect data on the number of times a user has visited the website. | 2 years | 63072000 | table",
		"collect | analytics | Google | Used to send data to Google Analytics about the visitor's device and behavior. | Session | 0 | table",
		"IDE | marketing | Google | Used by Google DoubleClick to register and report the website user's actions after viewing or clicking one of the advertiser's ads. | 400 days | 34560000 | table",
		"_fbp | marketing | Meta Platforms, Inc. | Used by Facebook to deliver a series of advertisement products. | 3 months | 7776000 | table",
		// "Unclassified" names no category, and "Persistent" no duration.
		"lastExternalReferrer |  | Meta Platforms, Inc. | Pending | Persistent | -1 | table",
	})
	doc, err := Parse(Source{Body: []byte(cookiebotPage)})
	if err != nil {
		t.Fatal(err)
	}
	// The table stays text: its rows are sentences of the document.
	var text strings.Builder
	for _, s := range doc.Sections {
		text.WriteString(strings.Join(s.Sentences, "\n"))
	}
	if !strings.Contains(text.String(), "_fbp | Meta Platforms, Inc.") {
		t.Errorf("the rows are not in the text:\n%s", text.String())
	}
	if d := doc.Declarations()[0]; d.Row != "CookieConsent | Cookiebot | Stores the user's cookie consent state for the current domain | 1 year | HTTP Cookie" {
		t.Errorf("row = %q", d.Row)
	}
}

// oneTrustPage is OneTrust's cookie list (the ot-sdk-cookie-policy
// element its script fills): a section per category group, headed by an
// <h4> and a caption, with the columns Cookie Subgroup (the domain),
// Cookies (several names a row), Cookies used (first or third party) and
// Lifespan.
const oneTrustPage = `<html lang="en"><body><main>
<h1>Cookie Policy</h1>
<p>This Cookie Policy explains how Example Ltd uses cookies and similar technologies when you visit our website.</p>
<div id="ot-sdk-cookie-policy"><section id="cookie-policy-description"><h3 id="cookie-policy-title">Cookie List</h3><div id="cookie-policy-description">A cookie is a small piece of data (text file) that a website – when visited by a user – asks your browser to store on your device in order to remember information about you, such as your language preference or login information.</div>
<section class="subgroup"><h4 class="ot-sdk-cookie-policy-group">Strictly Necessary Cookies</h4><p class="ot-sdk-cookie-policy-group-desc">These cookies are necessary for the website to function and cannot be switched off in our systems.</p>
<table><caption class="ot-scrn-rdr">Strictly Necessary Cookies</caption>
<thead><tr><th scope="col" class="ot-table-header ot-host">Cookie Subgroup</th><th scope="col" class="ot-table-header ot-cookies">Cookies</th><th scope="col" class="ot-table-header ot-cookies-type">Cookies used</th><th scope="col" class="ot-table-header ot-life-span">Lifespan</th></tr></thead>
<tbody><tr><td class="ot-host-td" data-label="Cookie Subgroup"><span class="ot-mobile-border"></span>example.com</td><td class="ot-cookies-td" data-label="Cookies"><span class="ot-mobile-border"></span><span class="ot-cookies-td-content"><a href="https://cookiepedia.co.uk/cookies/OptanonConsent" rel="noopener" target="_blank" aria-label="OptanonConsent Opens in a new window">OptanonConsent</a>, <a href="https://cookiepedia.co.uk/cookies/OptanonAlertBoxClosed" rel="noopener" target="_blank" aria-label="OptanonAlertBoxClosed Opens in a new window">OptanonAlertBoxClosed</a></span></td><td class="ot-cookies-type" data-label="Cookies used"><span class="ot-mobile-border"></span><span class="ot-cookies-type-td-content">First Party</span></td><td class="ot-life-span-td" data-label="Lifespan"><span class="ot-mobile-border"></span><span class="ot-life-span-td-content">364 days</span></td></tr></tbody></table></section>
<section class="subgroup"><h4 class="ot-sdk-cookie-policy-group">Performance Cookies</h4><p class="ot-sdk-cookie-policy-group-desc">These cookies allow us to count visits and traffic sources so we can measure and improve the performance of our site.</p>
<table><caption class="ot-scrn-rdr">Performance Cookies</caption>
<thead><tr><th scope="col" class="ot-table-header ot-host">Cookie Subgroup</th><th scope="col" class="ot-table-header ot-cookies">Cookies</th><th scope="col" class="ot-table-header ot-cookies-type">Cookies used</th><th scope="col" class="ot-table-header ot-life-span">Lifespan</th></tr></thead>
<tbody><tr><td class="ot-host-td" data-label="Cookie Subgroup"><span class="ot-mobile-border"></span>example.com</td><td class="ot-cookies-td" data-label="Cookies"><span class="ot-mobile-border"></span><span class="ot-cookies-td-content"><a href="https://cookiepedia.co.uk/cookies/_ga">_ga</a>, <a href="https://cookiepedia.co.uk/cookies/_gid">_gid</a></span></td><td class="ot-cookies-type" data-label="Cookies used"><span class="ot-mobile-border"></span><span class="ot-cookies-type-td-content">First Party</span></td><td class="ot-life-span-td" data-label="Lifespan"><span class="ot-mobile-border"></span><span class="ot-life-span-td-content">730 days, 1 days</span></td></tr></tbody></table></section>
<section class="subgroup"><h4 class="ot-sdk-cookie-policy-group">Targeting Cookies</h4><p class="ot-sdk-cookie-policy-group-desc">These cookies may be set through our site by our advertising partners.</p>
<table><caption class="ot-scrn-rdr">Targeting Cookies</caption>
<thead><tr><th scope="col" class="ot-table-header ot-host">Cookie Subgroup</th><th scope="col" class="ot-table-header ot-cookies">Cookies</th><th scope="col" class="ot-table-header ot-cookies-type">Cookies used</th><th scope="col" class="ot-table-header ot-life-span">Lifespan</th></tr></thead>
<tbody><tr><td class="ot-host-td" data-label="Cookie Subgroup"><span class="ot-mobile-border"></span>doubleclick.net</td><td class="ot-cookies-td" data-label="Cookies"><span class="ot-mobile-border"></span><span class="ot-cookies-td-content">IDE</span></td><td class="ot-cookies-type" data-label="Cookies used"><span class="ot-mobile-border"></span><span class="ot-cookies-type-td-content">Third Party</span></td><td class="ot-life-span-td" data-label="Lifespan"><span class="ot-mobile-border"></span><span class="ot-life-span-td-content">390 days</span></td></tr>
<tr><td class="ot-host-td" data-label="Cookie Subgroup"><span class="ot-mobile-border"></span>example.com</td><td class="ot-cookies-td" data-label="Cookies"><span class="ot-mobile-border"></span><span class="ot-cookies-td-content">_fbp</span></td><td class="ot-cookies-type" data-label="Cookies used"><span class="ot-mobile-border"></span><span class="ot-cookies-type-td-content">First Party</span></td><td class="ot-life-span-td" data-label="Lifespan"><span class="ot-mobile-border"></span><span class="ot-life-span-td-content">Session</span></td></tr></tbody></table></section>
</section></div>
</main></body></html>`

func TestDeclarationsOneTrust(t *testing.T) {
	sameLines(t, parseDecls(t, FormatHTML, oneTrustPage), []string{
		// The domain stands in for the provider; "First Party" is no
		// category, the caption and heading give it; one lifespan per
		// name when there are as many.
		"OptanonConsent | necessary | example.com |  | 364 days | 31449600 | table",
		"OptanonAlertBoxClosed | necessary | example.com |  | 364 days | 31449600 | table",
		"_ga | analytics | example.com |  | 730 days | 63072000 | table",
		"_gid | analytics | example.com |  | 1 days | 86400 | table",
		"IDE | marketing | doubleclick.net |  | 390 days | 33696000 | table",
		"_fbp | marketing | example.com |  | Session | 0 | table",
	})
}

func TestDeclarationsMarkdownTable(t *testing.T) {
	md := "# Cookie policy\n\nWe use the cookies listed below. You can withdraw your consent at any time in the cookie settings.\n\n" +
		"## Cookies we use\n\n" +
		"| Cookie | Provider | Purpose | Category | Expiry |\n" +
		"|---|---|---|---|---|\n" +
		"| `PHPSESSID` | Example Ltd | Keeps your session while you browse | Strictly necessary | Session |\n" +
		"| _ga | Google | Distinguishes users | Analytics | 2 years |\n" +
		"| _ga_<container-id> | Google | Persists session state | Analytics | 2 years |\n" +
		"| _hjSession_* | Hotjar | Holds the current session data | Statistics | 30 minutes |\n" +
		"| _gcl_au, _gcl_aw | Google | Conversion tracking | Advertising | 90 days |\n" +
		"| wp-settings-{user-id} | WordPress | Keeps your editor settings | Preferences | 1 year |\n"
	sameLines(t, parseDecls(t, FormatMarkdown, md), []string{
		"PHPSESSID | necessary | Example Ltd | Keeps your session while you browse | Session | 0 | table",
		"_ga | analytics | Google | Distinguishes users | 2 years | 63072000 | table",
		"_ga_<container-id> | analytics | Google | Persists session state | 2 years | 63072000 | table",
		"_hjSession_* | analytics | Hotjar | Holds the current session data | 30 minutes | 1800 | table",
		"_gcl_au | marketing | Google | Conversion tracking | 90 days | 7776000 | table",
		"_gcl_aw | marketing | Google | Conversion tracking | 90 days | 7776000 | table",
		"wp-settings-{user-id} | preferences | WordPress | Keeps your editor settings | 1 year | 31536000 | table",
	})
}

func TestDeclarationsDefinitionListsAndItems(t *testing.T) {
	page := `<html><body><article>
<h1>Cookies</h1>
<p>This site uses cookies. Below we list each cookie, who sets it, why and for how long.</p>
<h2>Analytics cookies</h2>
<dl>
  <dt>_ga</dt><dd>Google Analytics — distinguishes users — 2 years</dd>
  <dt>_gid</dt><dd>Google Analytics — distinguishes users — 24 hours</dd>
</dl>
<h2>Marketing cookies</h2>
<dl class="cookie">
  <dt>Name</dt><dd>_fbp</dd>
  <dt>Provider</dt><dd>Meta Platforms Ireland Ltd.</dd>
  <dt>Purpose</dt><dd>Delivers advertising on Facebook after a visit to this site.</dd>
  <dt>Expiry</dt><dd>3 months</dd>
</dl>
<h2>Other cookies</h2>
<ul>
  <li>_hjid — Hotjar — assigns a unique user ID — 1 year</li>
  <li>_pk_id.* (Matomo): recognises returning visitors; expires after 13 months.</li>
</ul>
<p><strong>_lang</strong>: remembers the language you chose — Session</p>
</article></body></html>`
	sameLines(t, parseDecls(t, FormatHTML, page), []string{
		"_ga | analytics | Google Analytics | distinguishes users | 2 years | 63072000 | list",
		"_gid | analytics | Google Analytics | distinguishes users | 24 hours | 86400 | list",
		"_fbp | marketing | Meta Platforms Ireland Ltd. | Delivers advertising on Facebook after a visit to this site. | 3 months | 7776000 | list",
		// "Other cookies" names no category: the one above it is not theirs.
		"_hjid |  | Hotjar | assigns a unique user ID | 1 year | 31536000 | list",
		"_pk_id.* |  | Matomo | recognises returning visitors | 13 months | 33696000 | list",
		"_lang |  |  | remembers the language you chose | Session | 0 | text",
	})
}

func TestDeclarationsGermanTable(t *testing.T) {
	page := `<!DOCTYPE html><html lang="de"><body><div class="entry-content">
<h1>Datenschutzerklärung</h1>
<h2>5. Cookies</h2>
<p>Unsere Website verwendet Cookies. Einige Cookies sind technisch notwendig, andere helfen uns, die Website zu verbessern.</p>
<h3>Statistik-Cookies</h3>
<table>
<tbody>
<tr><td><strong>Name</strong></td><td><strong>Anbieter</strong></td><td><strong>Zweck</strong></td><td><strong>Speicherdauer</strong></td></tr>
<tr><td><p>_ga</p></td><td><p>Google Ireland Limited</p></td><td><p>Unterscheidet Nutzer anhand einer zufällig erzeugten Kennung.</p></td><td><p>2 Jahre</p></td></tr>
<tr><td>_gid</td><td>Google Ireland Limited</td><td>Unterscheidet Nutzer.</td><td>24 Stunden</td></tr>
<tr><td>_gat_gtag_UA_*</td><td>Google Ireland Limited</td><td>Drosselt die Anfragerate.</td><td>1 Minute</td></tr>
</tbody>
</table>
<h3>Übersicht aller Cookies</h3>
<table>
<tr><th>Cookie</th><th>Kategorie</th><th>Zweck</th><th>Laufzeit</th></tr>
<tr><td>PHPSESSID</td><td>Notwendig</td><td>Hält die Sitzung aufrecht.</td><td>Sitzungsende</td></tr>
<tr><td>borlabs-cookie</td><td>Essenziell</td><td>Speichert Ihre Einwilligung.</td><td>1 Jahr und 6 Monate</td></tr>
<tr><td>_pin_unauth</td><td>Marketing</td><td>Erkennt Besucher wieder.</td><td>ein Jahr</td></tr>
</table>
</div></body></html>`
	sameLines(t, parseDecls(t, FormatHTML, page), []string{
		"_ga | analytics | Google Ireland Limited | Unterscheidet Nutzer anhand einer zufällig erzeugten Kennung. | 2 Jahre | 63072000 | table",
		"_gid | analytics | Google Ireland Limited | Unterscheidet Nutzer. | 24 Stunden | 86400 | table",
		"_gat_gtag_UA_* | analytics | Google Ireland Limited | Drosselt die Anfragerate. | 1 Minute | 60 | table",
		"PHPSESSID | necessary |  | Hält die Sitzung aufrecht. | Sitzungsende | 0 | table",
		"borlabs-cookie | necessary |  | Speichert Ihre Einwilligung. | 1 Jahr und 6 Monate | 47088000 | table",
		"_pin_unauth | marketing |  | Erkennt Besucher wieder. | ein Jahr | 31536000 | table",
	})
}

func TestDeclarationsFrenchTable(t *testing.T) {
	page := `<html lang="fr"><body><main>
<h1>Politique de cookies</h1>
<p>Lors de votre navigation, des cookies peuvent être déposés sur votre terminal.</p>
<h2>Cookies de mesure d'audience</h2>
<p>Ces traceurs nous permettent de mesurer la fréquentation du site.</p>
<table class="wp-block-table">
<thead><tr><th>Nom du cookie</th><th>Finalité</th><th>Durée de conservation</th><th>Émetteur</th></tr></thead>
<tbody>
<tr><td>_pk_id.*</td><td>Identifier le visiteur de manière anonyme</td><td>13 mois</td><td>Matomo (auto-hébergé)</td></tr>
<tr><td>_pk_ses.*</td><td>Regrouper les pages vues pendant une visite</td><td>30 minutes</td><td>Matomo (auto-hébergé)</td></tr>
</tbody>
</table>
<h2>Cookies nécessaires</h2>
<table>
<tr><th>Nom</th><th>Finalité</th><th>Durée</th></tr>
<tr><td>tarteaucitron</td><td>Conserver vos choix de consentement</td><td>6 mois</td></tr>
<tr><td>PHPSESSID</td><td>Maintenir votre session</td><td>Fin de la session</td></tr>
</table>
</main></body></html>`
	sameLines(t, parseDecls(t, FormatHTML, page), []string{
		"_pk_id.* | analytics | Matomo (auto-hébergé) | Identifier le visiteur de manière anonyme | 13 mois | 33696000 | table",
		"_pk_ses.* | analytics | Matomo (auto-hébergé) | Regrouper les pages vues pendant une visite | 30 minutes | 1800 | table",
		// "tarteaucitron" is a plain word, but the table's section speaks
		// of cookies and PHPSESSID is a cookie name.
		"tarteaucitron | necessary |  | Conserver vos choix de consentement | 6 mois | 15552000 | table",
		"PHPSESSID | necessary |  | Maintenir votre session | Fin de la session | 0 | table",
	})
}

func TestDeclarationsPerCookieTable(t *testing.T) {
	page := `<html><body><main><h1>Cookie notice</h1>
<h2>Functional cookies</h2>
<table><tr><th>Name</th><td>intercom-id-*</td></tr><tr><th>Provider</th><td>Intercom</td></tr>
<tr><th>Purpose</th><td>Keeps the chat conversation across pages.</td></tr><tr><th>Duration</th><td>9 months</td></tr></table>
</main></body></html>`
	sameLines(t, parseDecls(t, FormatHTML, page), []string{
		"intercom-id-* | functional | Intercom | Keeps the chat conversation across pages. | 9 months | 23328000 | table",
	})
}

// Tables that are not cookie declarations declare nothing: a list of
// processors or of prices (a name column of plain words, in a section that
// does not speak of cookies, though the title does), tables of data
// categories (no name column, or names with spaces), as real policies
// have them, and a list item naming an identifier outside any cookie
// context.
func TestDeclarationsNotCookieTables(t *testing.T) {
	page := `<html><body><main>
<h1>Privacy and Cookie Policy</h1>
<h2>Our processors</h2>
<p>We use the following processors to run our service.</p>
<table><tr><th>Name</th><th>Purpose</th><th>Country</th></tr>
<tr><td>Stripe</td><td>Payments</td><td>USA</td></tr><tr><td>Mailchimp</td><td>Newsletter</td><td>USA</td></tr>
<tr><td>Hetzner</td><td>Hosting</td><td>Germany</td></tr></table>
<h2>Our plans</h2>
<table><tr><th>Name</th><th>Price</th><th>Duration</th></tr>
<tr><td>Basic</td><td>10 €</td><td>1 month</td></tr><tr><td>Premium</td><td>100 €</td><td>1 year</td></tr></table>
<h2>Data we process</h2>
<table><tr><th>Data category</th><th>Examples</th><th>Purpose</th><th>Retention</th></tr>
<tr><td>Identification data</td><td>name, e-mail address</td><td>Managing your account</td><td>3 years</td></tr>
<tr><td>Connection data</td><td>IP address, logs</td><td>Security</td><td>1 year</td></tr></table>
<table><tr><th>Name</th><th>Purpose</th><th>Retention</th></tr>
<tr><td>Contact form</td><td>Answering your questions</td><td>6 months</td></tr>
<tr><td>Newsletter</td><td>Sending the newsletter</td><td>Until you unsubscribe</td></tr></table>
<table><tr><th>Tipo di dato</th><th>Durata conservazione</th></tr>
<tr><td>Dati richieste preventivo</td><td>24 mesi dal ricevimento</td></tr></table>
<ul><li>user_id: the number of your account, kept with your profile</li></ul>
</main></body></html>`
	if got := parseDecls(t, FormatHTML, page); len(got) != 0 {
		t.Errorf("declarations in tables that declare no cookies:\n  %s", strings.Join(got, "\n  "))
	}
}

func TestParseExpiry(t *testing.T) {
	for in, want := range map[string]int64{
		"2 years": 2 * year, "1 year": year, "13 months": 13 * month, "24 hours": day, "30 minutes": 30 * minute,
		"1 day": day, "400 days": 400 * day, "2 weeks": 2 * week, "10 seconds": 10, "24h": day, "30 mins": 30 * minute,
		"Session": 0, "End of session (browser)": 0, "Persistent": -1, "Unknown": -1, "": -1, "0 days": 0,
		"1 Jahr": year, "2 Jahre": 2 * year, "6 Monate": 6 * month, "24 Stunden": day, "Sitzungsende": 0,
		"1 Jahr und 6 Monate": year + 6*month, "ein Jahr": year, "dauerhaft": -1, "1,5 Jahre": year + year/2,
		"13 mois": 13 * month, "1 an": year, "2 ans": 2 * year, "un an": year, "Fin de la session": 0, "7 jours": 7 * day,
		"1 jaar": year, "12 maanden": 12 * month, "Sessie": 0, "2 dagen": 2 * day, "1 uur": hour,
		"1 año": year, "2 años": 2 * year, "Sesión": 0, "30 días": 30 * day, "un mes": month,
		"1 anno": year, "6 mesi": 6 * month, "Sessione": 0, "14 giorni": 14 * day, "due anni": 2 * year,
		"1 day / 2 years": 2 * year, "expires after 2 years": 2 * year, "Less than 1 minute": minute,
	} {
		if got := ParseExpiry(in); got != want {
			t.Errorf("ParseExpiry(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestCategoryOf(t *testing.T) {
	for in, want := range map[string]string{
		"Necessary (4)": "necessary", "Strictly Necessary Cookies": "necessary", "Essential": "necessary",
		"Preferences (1)": "preferences", "Statistics (3)": "analytics", "Performance Cookies": "analytics",
		"Marketing (12)": "marketing", "Targeting Cookies": "marketing", "Functional Cookies": "functional",
		"Social media cookies": "social", "Unclassified (2)": "", "Cookies we use": "", "Non-essential cookies": "",
		"Notwendig": "necessary", "Technisch notwendige Cookies": "necessary", "Statistiken": "analytics",
		"Präferenzen": "preferences", "Externe Medien": "", "Marketing-Cookies": "marketing",
		"Nécessaires": "necessary", "Cookies de mesure d'audience": "analytics", "Cookies publicitaires": "marketing",
		"Réseaux sociaux": "social", "Cookies de préférences": "preferences",
		"Noodzakelijk": "necessary", "Analytische cookies": "analytics", "Functionele cookies": "functional",
		"Voorkeuren": "preferences", "Advertentiecookies": "marketing",
		"Necesarias": "necessary", "Analíticas": "analytics", "Cookies de personalización": "preferences",
		"Publicitarias": "marketing", "Cookies técnicas": "necessary",
		"Necessari": "necessary", "Statistiche": "analytics", "Cookie di profilazione": "marketing",
		"Cookie tecnici": "necessary", "Funzionalità": "functional",
	} {
		if got := categoryOf(in); got != want {
			t.Errorf("categoryOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDeclared(t *testing.T) {
	privacy, err := Parse(Source{Format: FormatHTML, Body: []byte(`<html><body><main><h1>Privacy policy</h1>
<p>We process your data as described here. Our cookies are listed below.</p>
<h2>Cookies</h2>
<table><tr><th>Cookie</th><th>Purpose</th><th>Expiry</th></tr>
<tr><td>_ga</td><td>Distinguishes users</td><td>2 years</td></tr>
<tr><td>_ga_&lt;container-id&gt;</td><td>Keeps the session state</td><td>2 years</td></tr>
<tr><td>NID</td><td>Remembers preferences</td><td>6 months</td></tr>
<tr><td>_gat_ followed by the property ID</td><td>Throttles requests</td><td>1 minute</td></tr>
<tr><td>_ga*</td><td>Any other Google Analytics cookie</td><td>2 years</td></tr>
</table></main></body></html>`)})
	if err != nil {
		t.Fatal(err)
	}
	cookies, err := Parse(Source{Format: FormatMarkdown, Body: []byte("# Cookie policy\n\n" +
		"| Name | Provider | Expiry |\n|---|---|---|\n" +
		"| _hjSession_XXXXXX | Hotjar | 30 minutes |\n" +
		"| _pk_id.# | Matomo | 13 months |\n" +
		"| wp-settings-{n} | WordPress | 1 year |\n" +
		"| _ga | Google | 2 years |\n")})
	if err != nil {
		t.Fatal(err)
	}
	a := Analyze(privacy, cookies)
	if n := len(a.Declarations()); n != 9 {
		t.Errorf("%d declarations, want 9 (of both documents, _ga once per wording): %v", n, a.Declarations())
	}
	for name, want := range map[string]string{
		"_ga":              "_ga",                // exact
		"NID":              "NID",                // exact
		"nid":              "NID",                // then case-insensitive
		"_GA":              "_ga",                // case-insensitive before patterns
		"_ga_X1Y2Z3":       "_ga_<container-id>", // the longest literal wins over _ga*
		"_gat_UA-1234-1":   "_gat_",              // a prefix written with an explanation
		"_gac_UA-1234":     "_ga*",               // only _ga* covers it
		"_hjSession_12345": "_hjSession_XXXXXX",  // xxx placeholder
		"_hjsession_12345": "_hjSession_XXXXXX",  // case-insensitive pattern
		"_pk_id.1.a1b2":    "_pk_id.#",           // Cookiebot's #
		"wp-settings-42":   "wp-settings-{n}",    // {...}
		"_gid":             "",                   // _ga is not _gid, and _ga* is not _g*
		"_hjSessionUser_1": "",                   // _hjSession_ is not a prefix of it
		"wp-settings-":     "",                   // a placeholder stands for one character at least
		"IDE":              "",                   // not declared
		"_gat":             "_ga*",               // "_gat_" is a prefix of longer names only
	} {
		d, ok := a.Declared(name)
		switch {
		case want == "" && ok:
			t.Errorf("Declared(%q) = %q, want no declaration", name, d.Name)
		case want != "" && (!ok || d.Name != want):
			t.Errorf("Declared(%q) = %q, %v, want %q", name, d.Name, ok, want)
		}
	}
	if d, _ := a.Declared("_ga"); d.Purpose != "Distinguishes users" {
		t.Errorf("Declared(_ga) = %+v: want the first document's declaration", d)
	}
	var nilA *Analysis
	if _, ok := nilA.Declared("_ga"); ok {
		t.Error("a nil analysis declares nothing")
	}
}

// Parse keeps the text of a document with tables as it was: the tables'
// rows are text, in order, and nothing else is added.
func TestDeclarationsLeaveTextAlone(t *testing.T) {
	doc, err := Parse(Source{Format: FormatHTML, Body: []byte(`<html><body><main><h1>Cookies</h1>
<p>We use cookies.</p><table><tr><th>Cookie</th><th>Expiry</th></tr><tr><td>_ga</td><td>2 years</td></tr></table>
<p>That is all.</p></main></body></html>`)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range doc.Sections {
		got = append(got, s.Heading+": "+strings.Join(s.Sentences, " / "))
	}
	want := "Cookies: We use cookies. / Cookie | Expiry / _ga | 2 years / That is all."
	if strings.Join(got, "\n") != want {
		t.Errorf("sections = %q, want %q", got, want)
	}
}

// A row of one cell (or one value spanning the columns) labels the rows
// under it with its category.
func TestDeclarationsGroupRows(t *testing.T) {
	page := `<html><body><main><h1>Cookie policy</h1>
<h2>Cookies on this site</h2>
<table>
<tr><th>Cookie</th><th>Set by</th><th>Purpose</th><th>Expires</th></tr>
<tr><td colspan="4"><strong>Strictly necessary</strong></td></tr>
<tr><td>csrftoken</td><td>Us</td><td>Protects forms against forgery</td><td>1 year</td></tr>
<tr><td colspan="4"><strong>Analytics</strong></td></tr>
<tr><td>_ga, _gid</td><td>Google</td><td>Counts visits</td><td>2 years</td></tr>
</table></main></body></html>`
	sameLines(t, parseDecls(t, FormatHTML, page), []string{
		"csrftoken | necessary | Us | Protects forms against forgery | 1 year | 31536000 | table",
		"_ga | analytics | Google | Counts visits | 2 years | 63072000 | table",
		"_gid | analytics | Google | Counts visits | 2 years | 63072000 | table",
	})
}

// FuzzDeclared matches arbitrary names against arbitrary declared names:
// no panic, no time lost on patterns full of placeholders, and a name
// without placeholders declares itself only, in any case.
func FuzzDeclared(f *testing.F) {
	f.Add("_ga_<container-id>", "_ga_X1")
	f.Add("_hjSession_XXXXXX", "_hjSession_1")
	f.Add("a#a#a#a#a#a#a#a#a#a#a#a#a#a#a#a#", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab")
	f.Add("_gat_", "_gat_UA-1")
	f.Fuzz(func(t *testing.T, declared, name string) {
		a := &Analysis{declared: []Declaration{{Name: declared}}}
		d, ok := a.Declared(name)
		if ok && d.Name != declared {
			t.Fatalf("Declared(%q) = %q", name, d.Name)
		}
		if compileGlob(declared) == nil && name != "" && ok != strings.EqualFold(declared, name) {
			t.Fatalf("plain name %q: Declared(%q) = %v", declared, name, ok)
		}
	})
}
