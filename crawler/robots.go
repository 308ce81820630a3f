package crawler

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"sync"

	"github.com/temoto/robotstxt"
)

// robotsCache holds the robots.txt of each host the crawl visits, fetched
// once: the start check, the sitemap seeds and every later request read
// the same copy (colly would fetch its own).
type robotsCache struct {
	mu    sync.Mutex
	hosts map[string]*robotsEntry
}

type robotsEntry struct {
	once sync.Once
	data *robotstxt.RobotsData // nil: allow everything
}

// robots returns the parsed robots.txt of u's host (scheme and host), or
// nil when it cannot be read: a robots.txt that is missing, fails (5xx)
// or cannot be reached allows everything, as the convention says.
func (c *Crawler) robots(ctx context.Context, u *url.URL) *robotstxt.RobotsData {
	key := u.Scheme + "://" + u.Host
	c.robotsCache.mu.Lock()
	if c.robotsCache.hosts == nil {
		c.robotsCache.hosts = map[string]*robotsEntry{}
	}
	e := c.robotsCache.hosts[key]
	if e == nil {
		e = &robotsEntry{}
		c.robotsCache.hosts[key] = e
	}
	c.robotsCache.mu.Unlock()
	e.once.Do(func() { e.data = c.fetchRobots(ctx, key+"/robots.txt") })
	return e.data
}

func (c *Crawler) fetchRobots(ctx context.Context, robotsURL string) *robotstxt.RobotsData {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, robotsURL, nil)
	if err != nil {
		return nil
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	resp, err := c.client.Do(req)
	if err != nil {
		return nil // the start request reports an unreachable site
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// No robots.txt (4xx), or a failing server (5xx) that the start
		// request will report.
		return nil
	}
	// Google reads the first 500 KiB of a robots.txt; so do we.
	body, err := io.ReadAll(io.LimitReader(resp.Body, 500<<10))
	if err != nil {
		return nil
	}
	data, err := robotstxt.FromStatusAndBytes(resp.StatusCode, body)
	if err != nil {
		return nil
	}
	// Crawl-delay: every later request to the host waits its turn.
	if g := data.FindGroup(c.opts.UserAgent); g != nil && g.CrawlDelay > 0 {
		if u, err := url.Parse(robotsURL); err == nil {
			c.opts.Limiter.SetCrawlDelay(u.Host, g.CrawlDelay)
		}
	}
	return data
}

// allowed reports whether robots.txt lets the crawler fetch u (always,
// with IgnoreRobots).
func (c *Crawler) allowed(ctx context.Context, u *url.URL) bool {
	if c.opts.IgnoreRobots {
		return true
	}
	data := c.robots(ctx, u)
	if data == nil {
		return true
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return data.TestAgent(path, c.opts.UserAgent)
}

// Allowed reports whether robots.txt lets the crawler fetch rawURL (always
// with IgnoreRobots); other gathering stages ask it before fetching pages
// the crawl did not find.
func (c *Crawler) Allowed(ctx context.Context, rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	return c.allowed(ctx, u)
}
