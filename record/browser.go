package record

// Browser is what a browser gatherer saw of a site: the pages it rendered,
// in up to three consent phases, each in a fresh browser context.
type Browser struct {
	// Version is the browser's product and version ("HeadlessChrome/142...").
	Version   string `json:"version"`
	UserAgent string `json:"userAgent"`
	Locale    string `json:"locale"`
	// Pages are the URLs rendered (the same in every phase).
	Pages []string `json:"pages"`
	// Phases are the renderings: before any interaction, after reject,
	// after accept (a phase the gatherer could not reach is absent).
	Phases []Phase `json:"phases"`
	// Consent is what was found of the consent banner on the start page.
	Consent *Consent `json:"consent,omitempty"`
	// Warnings say what went wrong without stopping the gathering (a tab
	// that hung, a crash).
	Warnings []string `json:"warnings,omitempty"`
}

// PhaseName names a consent phase.
type PhaseName string

// Consent phases.
const (
	PhaseBefore PhaseName = "before"
	PhaseReject PhaseName = "reject"
	PhaseAccept PhaseName = "accept"
)

// Phase is the rendering of the sampled pages in one consent phase.
type Phase struct {
	Name PhaseName `json:"name"`
	// Pages holds one entry per rendered URL, in Browser.Pages order.
	Pages []RenderedPage `json:"pages"`
	// Cookies are the cookies in the browser at the end of the phase
	// (first- and third-party), with how and by whom each was set.
	Cookies []BrowserCookie `json:"cookies"`
	// Storage holds the localStorage and sessionStorage keys per origin.
	Storage []StorageItem `json:"storage"`
	// Requests are the network requests the pages made, one entry per
	// (host, type) with a count.
	Requests []Request `json:"requests"`
	// Choice is the consent decision the site recorded at the end of the
	// phase (in a cookie or storage key), when one could be read.
	Choice *ConsentChoice `json:"choice,omitempty"`
}

// RenderedPage is one page rendered in a phase.
type RenderedPage struct {
	URL string `json:"url"`
	// Status is the HTTP status of the document (0: none arrived).
	Status int `json:"status"`
	// Error says why the page could not be rendered (a time limit, a
	// crash); the other fields are then partial.
	Error string `json:"error,omitempty"`
	// Links are the absolute http(s) URLs of the rendered DOM's anchors
	// (they feed the crawl); not kept after gathering.
	Links []string `json:"-"`
}

// BrowserCookie is a cookie found in the browser.
type BrowserCookie struct {
	Name     string `json:"name"`
	Domain   string `json:"domain"`
	Path     string `json:"path"`
	Secure   bool   `json:"secure"`
	HTTPOnly bool   `json:"httpOnly"`
	SameSite string `json:"sameSite,omitempty"`
	// Expires is the expiry in RFC 3339, empty for a session cookie.
	Expires string `json:"expires,omitempty"`
	// Via is how it was set: "http" (a Set-Cookie header) or "script"
	// (document.cookie, cookieStore).
	Via string `json:"via"`
	// SetBy is the host whose response or script set it (for a script,
	// the host of the frame's document when the script's own is unknown).
	SetBy string `json:"setBy,omitempty"`
	// FirstSeenOn is the page being rendered when it first appeared.
	FirstSeenOn string `json:"firstSeenOn"`
	// ValueLength is the length of the value (the value is not kept).
	ValueLength int `json:"valueLength"`
}

// StorageItem is a key of localStorage or sessionStorage.
type StorageItem struct {
	Origin string `json:"origin"`
	// Kind is "local" or "session".
	Kind string `json:"kind"`
	Key  string `json:"key"`
	// Value is cut to 64 characters.
	Value       string `json:"value"`
	FirstSeenOn string `json:"firstSeenOn"`
}

// Request counts the requests of one type to one host.
type Request struct {
	Host string `json:"host"`
	// Type is the resource type as the browser names it: Document,
	// Script, Image, XHR, Fetch, Ping (beacons), Stylesheet, Font, Media...
	Type  string `json:"type"`
	Count int    `json:"count"`
	// ExampleURL is one URL requested (cut to 300 characters), and
	// ExamplePage a page that made it.
	ExampleURL  string `json:"exampleUrl"`
	ExamplePage string `json:"examplePage"`
}

// Consent is what was found of a consent banner.
type Consent struct {
	// Found is "banner" (one was detected), "none" (the page shows none),
	// "not-rendered" (none appeared within the time limit) or "blocked"
	// (a challenge page or an error status for the browser).
	Found string `json:"found"`
	// Platform names the consent-management platform ("OneTrust"), or
	// "generic" for a banner found by its text and buttons.
	Platform string `json:"platform,omitempty"`
	// Rule names the rule that detected it and where it came from
	// ("builtin:onetrust", "consent-o-matic:Cookiebot").
	Rule string `json:"rule,omitempty"`
	// RejectOnFirstLayer is true when a reject (or "only necessary")
	// button is on the banner itself, not behind "settings".
	RejectOnFirstLayer bool `json:"rejectOnFirstLayer"`
	// Buttons are the labels of the banner's buttons, as shown.
	Buttons []string `json:"buttons,omitempty"`
	// Reject and Accept say what was done in those phases ("clicked",
	// "second-layer", "not-found", "failed: ...").
	Reject string `json:"reject,omitempty"`
	Accept string `json:"accept,omitempty"`
}

// ConsentChoice is a decision the site recorded.
type ConsentChoice struct {
	// Source is where it was read: a cookie or storage key name.
	Source string `json:"source"`
	// Decision is "accept", "reject", "partial" or "unknown".
	Decision string `json:"decision"`
	// Categories are the purposes granted, as the platform names them.
	Categories []string `json:"categories,omitempty"`
}
