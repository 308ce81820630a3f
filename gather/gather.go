// Package gather defines the seam between privaudit and what gathers a
// site, in colly's spirit of small interfaces: a Gatherer takes a target
// and returns the crawl record; a Fetcher fetches one document. The static
// crawler (package crawler, colly) is both; a browser is the next
// gatherer. Documents runs the second stage of gathering: the policies and
// link targets the evidence will read.
package gather

import (
	"context"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/record"
)

// Gatherer gathers the record of the site a target URL belongs to.
type Gatherer interface {
	Gather(ctx context.Context, target string) (*record.Crawl, error)
}

// Fetcher fetches one document (a policy, a link target). An error is a
// transport failure; an HTTP error status is returned in the document.
type Fetcher interface {
	Fetch(ctx context.Context, url string) (*record.Document, error)
}

// Documents fetches what the evidence will read of a crawl: the policy
// candidates, the chapters of a privacy centre and the link targets the
// crawl did not fetch. It adds them to c.Documents, each fetched once (the
// pages the crawl kept are not fetched again), and marks the stage done.
// Bodies are kept only of documents that may be read as a policy. When ctx
// ends, the documents not yet fetched are left out: the evidence then
// treats them as never fetched.
func Documents(ctx context.Context, c *record.Crawl, f Fetcher) {
	index := map[string]int{}
	for i, d := range c.Documents {
		index[d.URL] = i
	}
	// Bodies are read as documents are fetched, and dropped at the end of
	// those never asked for as a policy (a link target's): a target that
	// turns out to be a chapter of the privacy centre is not fetched twice.
	fetched, read := map[string]bool{}, map[string]bool{}
	defer func() {
		for i := range c.Documents {
			if d := &c.Documents[i]; fetched[d.URL] && !read[d.URL] {
				d.Body = ""
			}
		}
	}()
	get := func(u string, body bool) *record.Document {
		read[u] = read[u] || body
		if i, ok := index[u]; ok && (!body || c.Documents[i].Body != "" || !c.Documents[i].OK()) {
			d := c.Documents[i]
			return &d
		}
		if ctx.Err() != nil {
			return nil
		}
		d, err := f.Fetch(ctx, u)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			d = &record.Document{URL: u, FinalURL: u, Error: err.Error()}
		}
		d.URL = u
		fetched[u] = true
		if i, ok := index[u]; ok {
			c.Documents[i] = *d
		} else {
			index[u] = len(c.Documents)
			c.Documents = append(c.Documents, *d)
		}
		return d
	}
	evidence.Trace(c, get)
	c.DocumentsGathered = ctx.Err() == nil
}
