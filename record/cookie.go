package record

// Cookie is a cookie the site set through a Set-Cookie header, with every
// attribute it was given.
type Cookie struct {
	Name   string `json:"name"`
	Domain string `json:"domain"`
	Path   string `json:"path"`
	// HostOnly is true when Set-Cookie named no Domain attribute.
	HostOnly bool   `json:"hostOnly"`
	Secure   bool   `json:"secure"`
	HTTPOnly bool   `json:"httpOnly"`
	SameSite string `json:"sameSite"`
	// Expires is the expiry in RFC 3339, empty for a session cookie.
	Expires string `json:"expires,omitempty"`
	// MaxAge is the Max-Age attribute in seconds (0 when absent).
	MaxAge int `json:"maxAge,omitempty"`
	// FirstSeenOn is the URL whose response first set the cookie.
	FirstSeenOn string `json:"firstSeenOn"`
	// SetOverHTTPS is true when that response came over HTTPS.
	SetOverHTTPS bool `json:"setOverHttps"`
	// ValueLength is the length of the value (the value itself is not kept).
	ValueLength int `json:"valueLength"`
}
