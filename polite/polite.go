// Package polite keeps a crawler, or many crawlers of one batch, polite to
// the servers they visit: at most N requests in flight to one IP address
// (sites that share a hosting provider's server share its limit), at least
// the robots.txt Crawl-delay between two requests to one host, and a
// bounded wait and retry when a server answers 429 or 503 with
// Retry-After.
//
// A Limiter is shared by every crawl that should share the limits (a
// batch); Transport wraps an http.RoundTripper with it.
package polite

import (
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limiter holds the limits shared by the crawls of a batch.
type Limiter struct {
	// PerIP is the most requests in flight to one IP address (0: no
	// limit).
	PerIP int
	// MaxDelay bounds a Crawl-delay (default 10s): a robots.txt cannot
	// make a crawl wait longer between requests.
	MaxDelay time.Duration
	// MaxRetryAfter bounds the wait a Retry-After asks for (default 10s,
	// within a request's default timeout); a longer wait is not waited
	// for, and the answer is kept.
	MaxRetryAfter time.Duration
	// Retries is how many times a request answered 429 or 503 with
	// Retry-After is retried (default 2).
	Retries int
	// Resolve maps a host name to the IP address the limit is counted on
	// (default: the first address net.DefaultResolver gives; the host
	// itself when it cannot be resolved).
	Resolve func(ctx context.Context, host string) string

	mu    sync.Mutex
	slots map[string]chan struct{}
	hosts map[string]*hostState
	ips   map[string]string
}

// hostState is when a host may next be asked, and its delay.
type hostState struct {
	mu    sync.Mutex
	delay time.Duration
	next  time.Time
}

// New returns a limiter of at most perIP requests in flight to one IP
// address (0: no limit), with the default bounds.
func New(perIP int) *Limiter {
	return &Limiter{PerIP: perIP}
}

func (l *Limiter) init() {
	if l.slots == nil {
		l.slots, l.hosts, l.ips = map[string]chan struct{}{}, map[string]*hostState{}, map[string]string{}
	}
}

func (l *Limiter) maxDelay() time.Duration {
	if l.MaxDelay > 0 {
		return l.MaxDelay
	}
	return 10 * time.Second
}

func (l *Limiter) maxRetryAfter() time.Duration {
	if l.MaxRetryAfter > 0 {
		return l.MaxRetryAfter
	}
	return 10 * time.Second
}

func (l *Limiter) retries() int {
	if l.Retries > 0 {
		return l.Retries
	}
	return 2
}

// SetCrawlDelay sets the least time between two requests to host (its
// robots.txt's Crawl-delay), bounded by MaxDelay.
func (l *Limiter) SetCrawlDelay(host string, d time.Duration) {
	if d <= 0 {
		return
	}
	h := l.host(host)
	h.mu.Lock()
	h.delay = min(d, l.maxDelay())
	h.mu.Unlock()
}

// CrawlDelay returns the delay in force for host.
func (l *Limiter) CrawlDelay(host string) time.Duration {
	h := l.host(host)
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.delay
}

func (l *Limiter) host(host string) *hostState {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.init()
	h := l.hosts[host]
	if h == nil {
		h = &hostState{}
		l.hosts[host] = h
	}
	return h
}

// ip returns the address host's requests are counted on, resolved once.
func (l *Limiter) ip(ctx context.Context, host string) string {
	l.mu.Lock()
	l.init()
	ip, ok := l.ips[host]
	l.mu.Unlock()
	if ok {
		return ip
	}
	if net.ParseIP(host) != nil {
		ip = host
	} else if l.Resolve != nil {
		ip = l.Resolve(ctx, host)
	} else {
		ip = host
		rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		if addrs, err := net.DefaultResolver.LookupHost(rctx, host); err == nil && len(addrs) > 0 {
			ip = addrs[0]
		}
		cancel()
	}
	l.mu.Lock()
	l.ips[host] = ip
	l.mu.Unlock()
	return ip
}

// acquire takes a slot of host's IP address, waiting while PerIP requests
// are in flight. Without a per-IP limit it resolves nothing.
func (l *Limiter) acquire(ctx context.Context, host string) (release func(), err error) {
	if l.PerIP <= 0 {
		return func() {}, nil
	}
	ip := l.ip(ctx, host)
	l.mu.Lock()
	l.init()
	slot := l.slots[ip]
	if slot == nil {
		slot = make(chan struct{}, l.PerIP)
		l.slots[ip] = slot
	}
	l.mu.Unlock()
	select {
	case slot <- struct{}{}:
		return sync.OnceFunc(func() { <-slot }), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// wait waits for host's turn under its crawl delay, and books the next.
func (l *Limiter) wait(ctx context.Context, host string) error {
	h := l.host(host)
	h.mu.Lock()
	if h.delay <= 0 {
		h.mu.Unlock()
		return nil
	}
	now := time.Now()
	at := h.next
	if at.Before(now) {
		at = now
	}
	h.next = at.Add(h.delay)
	h.mu.Unlock()
	return l.pause(ctx, at.Sub(now))
}

func (l *Limiter) pause(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Transport is an http.RoundTripper that keeps the Limiter's limits.
type Transport struct {
	Next    http.RoundTripper
	Limiter *Limiter
}

// RoundTrip implements http.RoundTripper: it waits for the host's crawl
// delay and a free slot of its IP address, sends the request, and holds the
// slot until the response's body is closed. A GET or HEAD answered 429 or
// 503 with a Retry-After the limiter's bound allows is sent again after
// that wait, up to Retries times; otherwise the answer is returned as it
// came.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	l := t.Limiter
	ctx := req.Context()
	host := req.URL.Hostname()
	for attempt := 0; ; attempt++ {
		if err := l.wait(ctx, req.URL.Host); err != nil {
			return nil, err
		}
		release, err := l.acquire(ctx, host)
		if err != nil {
			return nil, err
		}
		resp, err := t.Next.RoundTrip(req)
		if err != nil {
			release()
			return nil, err
		}
		wait, retry := l.retryAfter(req, resp, attempt)
		if !retry {
			resp.Body = &releasingBody{ReadCloser: resp.Body, release: release}
			return resp, nil
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		release()
		if err := l.pause(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// retryAfter says whether to send req again after resp, and after how
// long.
func (l *Limiter) retryAfter(req *http.Request, resp *http.Response, attempt int) (time.Duration, bool) {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return 0, false
	}
	if (req.Method != http.MethodGet && req.Method != http.MethodHead) || attempt >= l.retries() {
		return 0, false
	}
	d, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	if !ok || d > l.maxRetryAfter() {
		return 0, false
	}
	return d, true
}

// ParseRetryAfter reads a Retry-After value: a number of seconds or an
// HTTP date, relative to now (a date in the past is no wait).
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0, false
		}
		return time.Duration(n) * time.Second, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(at.Sub(now), 0), true
}

// releasingBody frees the request's slot when the body is closed.
type releasingBody struct {
	io.ReadCloser
	release func()
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}
