package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// synthSite is a deterministic synthetic website rendered from memory: no
// disk, no randomness, the same bytes for the same page on every request.
// Page 0 is "/", pages 1-4 are the privacy, cookie policy, contact and
// imprint pages, and pages 5..n-1 are "/p/<i>". Every page has a nav, a
// footer with privacy and contact links, a newsletter form, a search form,
// third-party scripts, a stylesheet and an image from other hosts, an inline
// gtag snippet, and filler text up to about pageBytes bytes. Each page links
// to 20-40 pages of the site (some with fragments, so a crawler must
// de-duplicate) and to a few external hosts.
//
// Pages are rendered per request from precomputed chunks into a pooled
// buffer, so a 20,000-page site costs no memory and next to no CPU.
type synthSite struct {
	n         int
	pageBytes int
	hits      []atomic.Int32 // fetches per page index
	robots    atomic.Int32   // fetches of /robots.txt
	other     atomic.Int32   // other requests (404s)
	pool      sync.Pool
}

var synthSpecial = []string{"/", "/privacy", "/cookie-policy", "/contact", "/impressum"}

// newSynthSite returns a site of n HTML pages (n >= len(synthSpecial)) of
// about pageBytes bytes each.
func newSynthSite(n, pageBytes int) *synthSite {
	if n < len(synthSpecial) {
		n = len(synthSpecial)
	}
	s := &synthSite{n: n, pageBytes: pageBytes, hits: make([]atomic.Int32, n)}
	s.pool.New = func() any { b := make([]byte, 0, pageBytes+8<<10); return &b }
	return s
}

// path returns the URL path of page i.
func (s *synthSite) path(i int) string {
	if i < len(synthSpecial) {
		return synthSpecial[i]
	}
	return "/p/" + strconv.Itoa(i)
}

// paths returns the paths of every HTML page.
func (s *synthSite) paths() []string {
	out := make([]string, s.n)
	for i := range out {
		out[i] = s.path(i)
	}
	return out
}

// index returns the page index of a URL path, or -1.
func (s *synthSite) index(p string) int {
	for i, sp := range synthSpecial {
		if p == sp {
			return i
		}
	}
	if rest, ok := strings.CutPrefix(p, "/p/"); ok {
		if i, err := strconv.Atoi(rest); err == nil && i >= len(synthSpecial) && i < s.n && strconv.Itoa(i) == rest {
			return i
		}
	}
	return -1
}

// duplicates returns the pages fetched more than once and the pages never
// fetched. The start page "/" is fetched twice by design (see
// Crawler.resolveStart, which checks the start page before the crawl).
func (s *synthSite) duplicates() (dup, missing []string) {
	for i := range s.hits {
		h := s.hits[i].Load()
		if i == 0 && h == 2 {
			h = 1
		}
		switch {
		case h > 1:
			dup = append(dup, fmt.Sprintf("%s×%d", s.path(i), h))
		case h == 0:
			missing = append(missing, s.path(i))
		}
	}
	return dup, missing
}

func (s *synthSite) resetHits() {
	for i := range s.hits {
		s.hits[i].Store(0)
	}
	s.robots.Store(0)
	s.other.Store(0)
}

func (s *synthSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/robots.txt" {
		s.robots.Add(1)
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("User-agent: *\nDisallow: /admin/\n"))
		return
	}
	i := s.index(r.URL.Path)
	if i < 0 {
		s.other.Add(1)
		http.NotFound(w, r)
		return
	}
	s.hits[i].Add(1)
	bp := s.pool.Get().(*[]byte)
	b := s.render((*bp)[:0], i)
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

func (s *synthSite) link(b []byte, target int, text string, frag string) []byte {
	b = append(b, `<a href="`...)
	b = append(b, s.path(target)...)
	b = append(b, frag...)
	b = append(b, `">`...)
	b = append(b, text...)
	return append(b, "</a>"...)
}

// render appends page i to b.
func (s *synthSite) render(b []byte, i int) []byte {
	b = append(b, synthHead1...)
	b = append(b, "Synthetic Shop – Page "...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, synthHead2...)
	b = append(b, synthNav...)
	b = append(b, `<main><h1>Page `...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, "</h1>\n"...)

	// In-content links: the next page, two children, and 12-27 pseudo-random
	// pages; with the 5 nav links and 4 footer links, 22-38 in-site links.
	n := uint64(s.n)
	var targets []int
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
	size := s.pageBytes - synthFixedBytes
	para := 0
	for j, t := range targets {
		if j%3 == 0 {
			b = append(b, "<section><h2>Section "...)
			b = strconv.AppendInt(b, int64(j/3), 10)
			b = append(b, "</h2>\n"...)
		}
		b = append(b, "<p>"...)
		p := synthParas[int(mix(uint64(i), uint64(para))%uint64(len(synthParas)))]
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
		b = append(b, synthParas[int(mix(uint64(i), uint64(para))%uint64(len(synthParas)))]...)
		para++
		b = append(b, "</p>\n"...)
	}
	b = append(b, "</main>\n"...)
	b = append(b, synthTail...)
	return b
}

const synthHead1 = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>`

const synthHead2 = `</title>
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

const synthNav = `<header class="site-header">
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

const synthTail = `<aside class="newsletter">
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
<li><a href="/cookie-policy">record.Cookie policy</a></li>
<li><a href="/contact">record.Contact us</a></li>
<li><a href="/impressum">Impressum</a></li>
</ul>
</nav>
<address>Synthetic Shop GmbH<br>Musterstraße 12<br>10115 Berlin<br>Germany</address>
<p>E-mail: <a href="mailto:hello@synthshop.de">hello@synthshop.de</a> · Tel.: <a href="tel:+49301234567">+49 30 1234567</a></p>
<p><small>© 2024 Synthetic Shop GmbH. All rights reserved.</small></p>
</footer>
<script src="/static/app.js"></script>
</body>
</html>
`

// synthFixedBytes approximates the bytes of a page outside its filler.
const synthFixedBytes = len(synthTail) + len("</main>\n")

// synthParas are filler paragraphs: ordinary shop prose with no e-mail
// addresses, phone numbers or postal addresses in them.
var synthParas = func() []string {
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

// startSynth serves a synthetic site on 127.0.0.1.
func startSynth(tb testing.TB, n, pageBytes int) (*synthSite, *httptest.Server) {
	tb.Helper()
	site := newSynthSite(n, pageBytes)
	srv := httptest.NewServer(site)
	tb.Cleanup(srv.Close)
	return site, srv
}

func TestSynthSite(t *testing.T) {
	site := newSynthSite(2000, 20<<10)
	var minLinks, maxLinks = 1 << 30, 0
	for _, i := range []int{0, 1, 5, 17, 999, 1999} {
		page := site.render(nil, i)
		if len(page) < 18<<10 || len(page) > 24<<10 {
			t.Errorf("page %d is %d bytes, want about 20 KB", i, len(page))
		}
		if string(page) != string(site.render(nil, i)) {
			t.Errorf("page %d is not deterministic", i)
		}
		inSite := map[string]bool{}
		for _, part := range strings.Split(string(page), `<a href="`)[1:] {
			href := part[:strings.IndexByte(part, '"')]
			if strings.HasPrefix(href, "/") {
				href, _, _ = strings.Cut(href, "#")
				inSite[href] = true
				if site.index(href) < 0 {
					t.Errorf("page %d links to %q, not a page of the site", i, href)
				}
			}
		}
		minLinks, maxLinks = min(minLinks, len(inSite)), max(maxLinks, len(inSite))
	}
	if minLinks < 15 || maxLinks > 40 {
		t.Errorf("distinct in-site links per page in [%d, %d], want about 20-40", minLinks, maxLinks)
	}
}
