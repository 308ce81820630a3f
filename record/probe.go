package record

// HTTPProbe records how the site answers a plain-HTTP request for its start
// page.
type HTTPProbe struct {
	// Checked is false when the probe could not be made meaningfully (the
	// site runs on a non-default port, so http:// is another service).
	Checked bool   `json:"checked"`
	URL     string `json:"url"`
	Status  int    `json:"status,omitempty"`
	// Location is the redirect target, if any.
	Location string `json:"location,omitempty"`
	// RedirectsToHTTPS is true when http:// redirects to https:// on the
	// same site.
	RedirectsToHTTPS bool   `json:"redirectsToHttps"`
	Error            string `json:"error,omitempty"`
}
