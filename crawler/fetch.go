package crawler

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/privaudit/privaudit/extract"
	"github.com/privaudit/privaudit/record"
	"github.com/privaudit/privaudit/scope"
)

// Fetch fetches one document, following redirects (to any host) and reading
// at most MaxBodySize bytes. Errors are transport failures; an error status
// is returned in Document.Status. It implements gather.Fetcher.
func (c *Crawler) Fetch(ctx context.Context, rawURL string) (*record.Document, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", rawURL, err)
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5")
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", rawURL, netError{err})
	}
	defer resp.Body.Close()
	d := &record.Document{URL: rawURL, FinalURL: scope.Normalize(resp.Request.URL).String(), Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type")}
	if resp.StatusCode != http.StatusOK {
		return d, nil
	}
	mt, _, _ := mime.ParseMediaType(d.ContentType)
	if mt != "" && !strings.HasPrefix(mt, "text/") && mt != "application/xhtml+xml" {
		d.Error = fmt.Sprintf("not a text document (%s)", mt)
		return d, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, int64(c.opts.MaxBodySize)+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", rawURL, err)
	}
	if len(body) > c.opts.MaxBodySize {
		// Cut inside a character, UTF-8 would no longer read as UTF-8.
		body, d.Truncated = trimPartialRune(body[:c.opts.MaxBodySize]), true
	}
	d.Body = string(extract.ToUTF8(body, d.ContentType))
	return d, nil
}
