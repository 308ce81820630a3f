package record

import (
	"mime"
	"strings"
)

// Document is one document fetched whole (a policy, or a link target whose
// status was needed).
type Document struct {
	// URL is the normalised URL that was requested.
	URL string `json:"url"`
	// FinalURL is the URL after redirects.
	FinalURL string `json:"finalUrl"`
	// Status is the HTTP status (0 when no response arrived).
	Status      int    `json:"status"`
	ContentType string `json:"contentType,omitempty"`
	// Error is set when the document could not be fetched, or answered but
	// is unusable.
	Error string `json:"error,omitempty"`
	// Body is the document's text as UTF-8 ("" when it was not kept).
	Body string `json:"body,omitempty"`
	// Truncated is true when the body was cut at the size limit.
	Truncated bool `json:"truncated,omitempty"`
}

// Format names the markup of the body: "html", "markdown", "text", or ""
// when unknown.
func (d *Document) Format() string {
	mt, _, _ := mime.ParseMediaType(d.ContentType)
	switch {
	case mt == "text/html" || mt == "application/xhtml+xml":
		return "html"
	case mt == "text/markdown" || mt == "text/x-markdown" || strings.HasSuffix(strings.ToLower(d.FinalURL), ".md"):
		return "markdown"
	case mt == "text/plain":
		return "text"
	}
	return ""
}

// OK reports whether the document answered 200 without error.
func (d *Document) OK() bool { return d != nil && d.Status == 200 && d.Error == "" }
