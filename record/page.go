package record

import "time"

// Page is the compact record kept for one fetched URL. The HTML it was read
// from is dropped as soon as the record is built, so a crawl's memory grows
// with the number of pages, not with their size.
type Page struct {
	// URL is the normalised URL that was requested.
	URL string `json:"url"`
	// FinalURL is the URL after redirects.
	FinalURL string `json:"finalUrl"`
	// Status is the HTTP status code (0 when no response arrived).
	Status      int    `json:"status"`
	ContentType string `json:"contentType,omitempty"`
	Depth       int    `json:"depth"`
	// Error describes why the page could not be fetched or parsed.
	Error string `json:"error,omitempty"`
	// HTML is true when the response was an HTML document that was parsed.
	HTML bool `json:"html"`
	// HSTS is the Strict-Transport-Security header of the response.
	HSTS string `json:"hsts,omitempty"`
	// Truncated is true when the body was longer than the gatherer's size
	// limit (--max-body-size): the page was read in part, its first bytes
	// and perhaps its last ones (see package crawler). What Info holds was
	// on the page; what it lacks may sit in the part not read, so the
	// page is not judged for what it lacks.
	Truncated bool `json:"truncated,omitempty"`
	// FetchedAt is when the response arrived (nil when none did).
	FetchedAt *time.Time `json:"fetchedAt,omitempty"`

	// Info is what was read from the HTML (zero for non-HTML responses).
	Info
}

// Info is what page extraction reads from one HTML document.
type Info struct {
	Title string `json:"title,omitempty"`
	Lang  string `json:"lang,omitempty"`
	// PrivacyLinks are absolute URLs of links that lead to a privacy policy.
	PrivacyLinks []string `json:"privacyLinks,omitempty"`
	// CookiePolicyLinks are absolute URLs of links to a cookie policy.
	CookiePolicyLinks []string `json:"cookiePolicyLinks,omitempty"`
	// ContactLinks are absolute URLs of links to a contact page or imprint.
	ContactLinks []string `json:"contactLinks,omitempty"`
	// BrokenLinks are privacy, cookie or contact links whose href cannot lead
	// anywhere (a mistyped scheme, an empty or script href).
	BrokenLinks []BrokenLink `json:"brokenLinks,omitempty"`
	Contact     Contact      `json:"contact"`
	Forms       []Form       `json:"forms,omitempty"`
	// Resources are the distinct (kind, host) pairs of sub-resources and
	// links on the page whose host differs from the page's host.
	Resources []Resource `json:"resources,omitempty"`
	// Seals are privacy trust programmes the page shows or names.
	Seals []string `json:"seals,omitempty"`
	// RefreshTo is the target of a <meta http-equiv="refresh"> that sends
	// the visitor on at once (within 5 seconds): the page is a redirect,
	// not content.
	RefreshTo string `json:"refreshTo,omitempty"`
	// Links are the absolute http(s) URLs of the page's anchors, fragments
	// removed; the crawler follows the in-scope ones. Not kept after the crawl.
	Links []string `json:"-"`
}

// BrokenLink is a policy or contact link that cannot lead anywhere.
type BrokenLink struct {
	Kind string `json:"kind"` // privacy, cookie-policy, contact
	Href string `json:"href"`
	Text string `json:"text"`
}

// Contact holds the contact details found on a page.
type Contact struct {
	Emails    []string `json:"emails"`
	Phones    []string `json:"phones"`
	Addresses []string `json:"addresses"`
	// Placeholders are contact details that look like template filler
	// (contact@example.com, "123 Main Street"...).
	Placeholders []string `json:"placeholders,omitempty"`
}

// Empty reports whether no contact detail was found.
func (c Contact) Empty() bool {
	return len(c.Emails) == 0 && len(c.Phones) == 0 && len(c.Addresses) == 0
}

// Form is a form on a page.
type Form struct {
	// Action is the absolute URL the form submits to.
	Action string `json:"action"`
	Method string `json:"method"`
	// PersonalFields names the fields that collect personal data.
	PersonalFields []string `json:"personalFields,omitempty"`
	// EmailField is true when the form asks for an e-mail address.
	EmailField bool       `json:"emailField,omitempty"`
	Checkboxes []Checkbox `json:"checkboxes,omitempty"`
}

// CollectsPersonalData reports whether the form asks for personal data.
func (f Form) CollectsPersonalData() bool { return len(f.PersonalFields) > 0 }

// Checkbox is a checkbox of a form.
type Checkbox struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	// Consent is true when the box grants consent or subscribes to
	// marketing (newsletter, terms, data processing).
	Consent bool `json:"consent"`
	// Checked is true when the box is ticked before the user acts.
	Checked bool `json:"checked"`
}

// ResourceKind is the way a page uses another host.
type ResourceKind string

// Resource kinds.
const (
	KindScript ResourceKind = "script"
	KindIframe ResourceKind = "iframe"
	KindImage  ResourceKind = "image"
	KindForm   ResourceKind = "form"
	KindStyle  ResourceKind = "stylesheet"
	KindMedia  ResourceKind = "media"
	KindLink   ResourceKind = "link"
)

// Loads reports whether the resource kind makes the browser contact the host
// when the page loads (a plain link does not).
func (k ResourceKind) Loads() bool { return k != KindLink && k != KindForm }

// Resource is one other host a page uses.
type Resource struct {
	Kind ResourceKind `json:"kind"`
	Host string       `json:"host"`
	// URL is the first URL seen of this kind on this host.
	URL string `json:"url"`
}
