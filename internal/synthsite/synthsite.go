// Package synthsite serves a deterministic synthetic website from memory,
// for the crawl tests and the speed and memory benchmarks (crawler/ and
// internal/bench/).
//
// A Site of n pages (New(n, pageBytes)) is the same bytes for the same page
// on every request and every run: no disk, no randomness. Page 0 is "/",
// pages 1-4 are the privacy policy, the cookie policy, the contact page and
// the imprint ("/privacy", "/cookie-policy", "/contact", "/impressum"), and
// pages 5..n-1 are "/p/<i>". Pages are about pageBytes bytes (HTML of about
// 21-22 KB with DefaultPageBytes) and each links to 20-40 distinct pages of
// the site: a nav, the next page (so that every page is reachable from
// "/"), two children, 12-27 pseudo-random pages (some with fragments, so
// that a crawler must de-duplicate), and a footer with the legal links
// (privacy policy, cookie policy, contact, imprint) and contact details (a
// postal address, an e-mail address and a phone number). Every page also
// has a newsletter form, a search form, third-party scripts, a stylesheet
// and an image from other hosts, an inline gtag snippet and links to a few
// external hosts. The privacy policy page holds a real policy-like text
// (controller, data, purposes, legal bases, recipients, cookies,
// retention, rights, supervisory authority, contact) in place of the
// filler, with the same links as any other page. /robots.txt disallows
// /admin/ (no page of the site is under it).
//
// The Site counts the requests it answers: fetches per page (Hits,
// Duplicates tells the pages fetched more than once and those never
// fetched), of /robots.txt, and of any other path (404s). Pages are
// rendered per request from precomputed chunks into a pooled buffer, so a
// 20,000-page site costs no memory and next to no CPU.
//
// Serve it with httptest.NewServer(site) or any http.Server.
package synthsite

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// DefaultPageBytes is the page size the benchmarks use: pages of about
// 21-22 KB of HTML.
const DefaultPageBytes = 21 << 10

// Paths of the special pages 0-4.
const (
	HomePath    = "/"
	PrivacyPath = "/privacy"
	CookiePath  = "/cookie-policy"
	ContactPath = "/contact"
	ImprintPath = "/impressum"
)

// Contact details in the footer of every page (and in the policy).
const (
	ContactEmail = "hello@synthshop.de"
	ContactPhone = "+49 30 1234567"
)

var special = []string{HomePath, PrivacyPath, CookiePath, ContactPath, ImprintPath}

// Site is a synthetic website. It is an http.Handler; its methods are safe
// for concurrent use.
type Site struct {
	n         int
	pageBytes int
	hits      []atomic.Int32 // fetches per page index
	robots    atomic.Int32   // fetches of /robots.txt
	other     atomic.Int32   // other requests (404s)
	pool      sync.Pool
}

// New returns a site of n HTML pages (at least 5: smaller n is raised to 5)
// of about pageBytes bytes each (the privacy policy page excepted).
func New(n, pageBytes int) *Site {
	if n < len(special) {
		n = len(special)
	}
	s := &Site{n: n, pageBytes: pageBytes, hits: make([]atomic.Int32, n)}
	s.pool.New = func() any { b := make([]byte, 0, max(pageBytes, len(policyText))+8<<10); return &b }
	return s
}

// N returns the number of HTML pages.
func (s *Site) N() int { return s.n }

// Path returns the URL path of page i.
func (s *Site) Path(i int) string {
	if i < len(special) {
		return special[i]
	}
	return "/p/" + strconv.Itoa(i)
}

// Paths returns the paths of every HTML page, in page order.
func (s *Site) Paths() []string {
	out := make([]string, s.n)
	for i := range out {
		out[i] = s.Path(i)
	}
	return out
}

// Index returns the page index of a URL path, or -1 when no page has it.
func (s *Site) Index(p string) int {
	for i, sp := range special {
		if p == sp {
			return i
		}
	}
	if rest, ok := strings.CutPrefix(p, "/p/"); ok {
		if i, err := strconv.Atoi(rest); err == nil && i >= len(special) && i < s.n && strconv.Itoa(i) == rest {
			return i
		}
	}
	return -1
}

// Hits returns how many times page i was fetched since the last Reset.
func (s *Site) Hits(i int) int { return int(s.hits[i].Load()) }

// PageFetches returns the fetches of HTML pages since the last Reset,
// duplicates included.
func (s *Site) PageFetches() int {
	n := 0
	for i := range s.hits {
		n += int(s.hits[i].Load())
	}
	return n
}

// RobotsFetches returns the fetches of /robots.txt since the last Reset.
func (s *Site) RobotsFetches() int { return int(s.robots.Load()) }

// OtherRequests returns the requests for paths that are neither a page nor
// /robots.txt (answered 404) since the last Reset.
func (s *Site) OtherRequests() int { return int(s.other.Load()) }

// Duplicates returns the pages fetched more than once ("/path×count") and
// the pages never fetched, since the last Reset. The paths in allowTwice
// may be fetched twice without counting as duplicates (privaudit's crawler
// reads the start page once before the crawl, for instance).
func (s *Site) Duplicates(allowTwice ...string) (dup, missing []string) {
	for i := range s.hits {
		h := s.hits[i].Load()
		p := s.Path(i)
		if h == 2 {
			for _, a := range allowTwice {
				if a == p {
					h = 1
				}
			}
		}
		switch {
		case h > 1:
			dup = append(dup, fmt.Sprintf("%s×%d", p, h))
		case h == 0:
			missing = append(missing, p)
		}
	}
	return dup, missing
}

// Reset sets every request count to zero.
func (s *Site) Reset() {
	for i := range s.hits {
		s.hits[i].Store(0)
	}
	s.robots.Store(0)
	s.other.Store(0)
}

// RobotsTxt is the site's robots.txt.
const RobotsTxt = "User-agent: *\nDisallow: /admin/\n"

func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/robots.txt" {
		s.robots.Add(1)
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", strconv.Itoa(len(RobotsTxt)))
		_, _ = w.Write([]byte(RobotsTxt))
		return
	}
	i := s.Index(r.URL.Path)
	if i < 0 {
		s.other.Add(1)
		http.NotFound(w, r)
		return
	}
	s.hits[i].Add(1)
	bp := s.pool.Get().(*[]byte)
	b := s.Render((*bp)[:0], i)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, _ = w.Write(b)
	*bp = b
	s.pool.Put(bp)
}

// mix is a small deterministic hash.
func mix(a, b uint64) uint64 {
	x := a*0x9E3779B97F4A7C15 ^ (b + 0x632BE59BD9B4E5B + (a << 6) + (a >> 2))
	x ^= x >> 31
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 29
	return x
}

func (s *Site) link(b []byte, target int, text string, frag string) []byte {
	b = append(b, `<a href="`...)
	b = append(b, s.Path(target)...)
	b = append(b, frag...)
	b = append(b, `">`...)
	b = append(b, text...)
	return append(b, "</a>"...)
}

// targets returns the pages page i links to in its content: the next page,
// two children, and 12-27 pseudo-random pages; with the 5 nav links and
// the 4 footer links, 20-40 distinct in-site links.
func (s *Site) targets(i int) []int {
	n := uint64(s.n)
	targets := make([]int, 0, 30)
	if i+1 < s.n {
		targets = append(targets, i+1)
	}
	for _, c := range []int{2 * i, 2*i + 1} {
		if c < s.n && c > i+1 {
			targets = append(targets, c)
		}
	}
	k := 12 + int(mix(uint64(i), 7)%16)
	for j := 0; j < k; j++ {
		targets = append(targets, int(mix(uint64(i), uint64(j+100))%n))
	}
	return targets
}

// Render appends page i to b and returns the extended slice.
func (s *Site) Render(b []byte, i int) []byte {
	b = append(b, head1...)
	if i == 1 {
		b = append(b, "Privacy policy – Synthetic Shop"...)
	} else {
		b = append(b, "Synthetic Shop – Page "...)
		b = strconv.AppendInt(b, int64(i), 10)
	}
	b = append(b, head2...)
	b = append(b, nav...)
	if i == 1 {
		return s.renderPolicy(b)
	}
	b = append(b, `<main><h1>Page `...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, "</h1>\n"...)

	targets := s.targets(i)
	size := s.pageBytes - fixedBytes
	para := 0
	for j, t := range targets {
		if j%3 == 0 {
			b = append(b, "<section><h2>Section "...)
			b = strconv.AppendInt(b, int64(j/3), 10)
			b = append(b, "</h2>\n"...)
		}
		b = append(b, "<p>"...)
		p := paras[int(mix(uint64(i), uint64(para))%uint64(len(paras)))]
		para++
		b = append(b, p[:len(p)/2]...)
		b = append(b, ' ')
		frag := ""
		if j%5 == 4 {
			frag = "#details"
		}
		b = s.link(b, t, "read about item "+strconv.Itoa(t), frag)
		b = append(b, ' ')
		b = append(b, p[len(p)/2:]...)
		b = append(b, "</p>\n"...)
		if j%3 == 2 {
			b = append(b, "</section>\n"...)
		}
	}
	if len(targets)%3 != 0 {
		b = append(b, "</section>\n"...)
	}
	b = append(b, `<p><img src="https://images.cdn-synth.net/p/`...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, `.jpg" alt="Product photo"> <a href="#top">Back to top</a> <a href="https://twitter.com/synthshop">Twitter</a> <a href="https://www.linkedin.com/company/synthshop">LinkedIn</a></p>`+"\n"...)
	// Filler text up to the page size.
	for len(b) < size {
		b = append(b, "<p>"...)
		b = append(b, paras[int(mix(uint64(i), uint64(para))%uint64(len(paras)))]...)
		para++
		b = append(b, "</p>\n"...)
	}
	b = append(b, "</main>\n"...)
	b = append(b, tail...)
	return b
}

// renderPolicy appends the main part and the tail of the privacy policy
// page (page 1): the policy, then its links to the rest of the site.
func (s *Site) renderPolicy(b []byte) []byte {
	b = append(b, "<main>\n"...)
	b = append(b, policyText...)
	b = append(b, "<aside class=\"more\">\n<h2>More from the shop</h2>\n<ul>\n"...)
	for j, t := range s.targets(1) {
		b = append(b, "<li>"...)
		frag := ""
		if j%5 == 4 {
			frag = "#details"
		}
		b = s.link(b, t, "read about item "+strconv.Itoa(t), frag)
		b = append(b, "</li>\n"...)
	}
	b = append(b, "</ul>\n</aside>\n</main>\n"...)
	return append(b, tail...)
}

const head1 = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>`

const head2 = `</title>
<link rel="stylesheet" href="/static/site.css">
<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter:wght@400;700&display=swap">
<link rel="preconnect" href="https://fonts.gstatic.com">
<script async src="https://www.googletagmanager.com/gtag/js?id=G-SYNTH123"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
  gtag('config', 'G-SYNTH123', { 'anonymize_ip': true });
</script>
<script src="https://cdn.jsdelivr.net/npm/alpinejs@3.13.0/dist/cdn.min.js" defer></script>
</head>
<body>
<a id="top"></a>
`

const nav = `<header class="site-header">
<a class="logo" href="/"><img src="/static/logo.svg" alt="Synthetic Shop"></a>
<nav aria-label="Main">
<ul>
<li><a href="/">Home</a></li>
<li><a href="/p/5">Products</a></li>
<li><a href="/p/6">Services</a></li>
<li><a href="/p/7#team">About us</a></li>
<li><a href="/p/8">Blog</a></li>
</ul>
</nav>
<form class="search" role="search" action="/search" method="get">
<label for="q">Search</label> <input type="search" id="q" name="q" placeholder="Search the shop">
<button type="submit">Go</button>
</form>
</header>
`

const tail = `<aside class="newsletter">
<h2>Newsletter</h2>
<form action="/subscribe" method="post">
<label for="nl-email">Your e-mail address</label>
<input type="email" id="nl-email" name="email" autocomplete="email" required>
<label><input type="checkbox" name="newsletter_consent" value="1"> I agree to receive the newsletter and accept the privacy policy.</label>
<button type="submit">Subscribe</button>
</form>
</aside>
<footer class="site-footer">
<nav aria-label="Legal">
<ul>
<li><a href="/privacy">Privacy policy</a></li>
<li><a href="/cookie-policy">Cookie policy</a></li>
<li><a href="/contact">Contact us</a></li>
<li><a href="/impressum">Impressum</a></li>
</ul>
</nav>
<address>Synthetic Shop GmbH<br>Musterstraße 12<br>10115 Berlin<br>Germany</address>
<p>E-mail: <a href="mailto:` + ContactEmail + `">` + ContactEmail + `</a> · Tel.: <a href="tel:+49301234567">` + ContactPhone + `</a></p>
<p><small>© 2024 Synthetic Shop GmbH. All rights reserved.</small></p>
</footer>
<script src="/static/app.js"></script>
</body>
</html>
`

// fixedBytes approximates the bytes of a page outside its filler.
const fixedBytes = len(tail) + len("</main>\n")

// paras are filler paragraphs: ordinary shop prose with no e-mail
// addresses, phone numbers or postal addresses in them.
var paras = func() []string {
	words := strings.Fields(`the our shop offers quality products for home and garden with fast delivery across
	europe every item is tested by our team before it ships and comes with a two year warranty customers value
	the friendly service clear prices and careful packaging we source materials from trusted suppliers and work
	with local makers whenever possible seasonal collections arrive each spring and autumn while classic pieces
	stay in the range for years you can return any order within thirty days and track every parcel online our
	blog shares care guides styling ideas and stories from the workshop subscribe to hear about new arrivals`)
	out := make([]string, 64)
	for p := range out {
		var sb strings.Builder
		n := 60 + int(mix(uint64(p), 1)%40) // 60-99 words, ~400-650 bytes
		for w := 0; w < n; w++ {
			word := words[int(mix(uint64(p), uint64(w+2))%uint64(len(words)))]
			if w == 0 {
				word = strings.ToUpper(word[:1]) + word[1:]
			}
			sb.WriteString(word)
			if w%11 == 10 && w != n-1 {
				sb.WriteString(". ")
			} else if w != n-1 {
				sb.WriteByte(' ')
			}
		}
		sb.WriteByte('.')
		out[p] = sb.String()
	}
	return out
}()
