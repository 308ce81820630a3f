package crawler

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// Document is one fetched document (a policy), body included.
type Document struct {
	URL         string
	FinalURL    string
	Status      int
	ContentType string
	// Error is set when the document answered but is unusable.
	Error string
	Body  []byte
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

// Fetch fetches one document, following redirects (to any host) and reading
// at most MaxBodySize bytes. Errors are transport failures; an error status
// is returned in Document.Status.
func (c *Crawler) Fetch(ctx context.Context, rawURL string) (*Document, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", rawURL, err)
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5")
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %s", rawURL, describeNetError(err))
	}
	defer resp.Body.Close()
	d := &Document{URL: rawURL, FinalURL: Normalize(resp.Request.URL).String(), Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type")}
	if resp.StatusCode != http.StatusOK {
		return d, nil
	}
	mt, _, _ := mime.ParseMediaType(d.ContentType)
	if mt != "" && !strings.HasPrefix(mt, "text/") && mt != "application/xhtml+xml" {
		d.Error = fmt.Sprintf("not a text document (%s)", mt)
		return d, nil
	}
	d.Body, err = io.ReadAll(io.LimitReader(resp.Body, int64(c.opts.MaxBodySize)))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", rawURL, err)
	}
	d.Body = ToUTF8(d.Body, d.ContentType)
	return d, nil
}

// ToUTF8 returns body as UTF-8. A body that is valid UTF-8 is returned as
// it is; another is decoded from the charset its Content-Type, byte-order
// mark or <meta charset> declares, else from windows-1252 (what browsers
// assume). A German policy in ISO-8859-1 must read "Datenschutzerklärung".
func ToUTF8(body []byte, contentType string) []byte {
	if utf8.Valid(body) {
		return body
	}
	enc, _, _ := charset.DetermineEncoding(body, contentType)
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return body
	}
	return out
}
