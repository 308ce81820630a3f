package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// benchPage is a realistic shop page of about 22 KB: a head with a
// stylesheet, a tag-manager snippet and scripts, a nav, a search form,
// content sections with 30 links in all (some with fragments, one to
// another host) and prose with prices, years and section numbers in it, a
// newsletter form with a consent checkbox, and a footer with the legal
// links, a postal address, an e-mail address, a phone number and a
// copyright line, as most sites repeat it on every page.
var benchPage = benchPageN(0)

// benchPageN is page n of the benchmark's shop: the same head, nav, forms
// and footer on every page, and content of its own.
func benchPageN(n int) []byte {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Oak &amp; Linen – Garden chairs ` + fmt.Sprint(n) + `</title>
<link rel="stylesheet" href="/static/site.css">
<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter:wght@400;700&display=swap">
<link rel="preconnect" href="https://fonts.gstatic.com">
<script async src="https://www.googletagmanager.com/gtag/js?id=G-OAK1234"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
  gtag('config', 'G-OAK1234', { 'anonymize_ip': true });
</script>
<script src="https://cdn.jsdelivr.net/npm/alpinejs@3.13.0/dist/cdn.min.js" defer></script>
</head>
<body>
<header class="site-header">
<a class="logo" href="/"><img src="/static/logo.svg" alt="Oak &amp; Linen"></a>
<nav aria-label="Main">
<ul>
<li><a href="/">Home</a></li>
<li><a href="/garden/">Garden</a></li>
<li><a href="/living/">Living</a></li>
<li><a href="/about#team">About us</a></li>
<li><a href="/blog/">Blog</a></li>
</ul>
</nav>
<form class="search" role="search" action="/search" method="get">
<label for="q">Search</label> <input type="search" id="q" name="q" placeholder="Search the shop">
<button type="submit">Go</button>
</form>
</header>
<main>
<h1>Garden chairs</h1>
`)
	prose := strings.Fields(`the our shop offers quality products for home and garden with fast delivery across
	europe every item is tested by our team before it ships and comes with a two year warranty customers value
	the friendly service clear prices and careful packaging we source materials from trusted suppliers and work
	with local makers whenever possible seasonal collections arrive each spring and autumn while classic pieces
	stay in the range for years you can return any order within thirty days and track every parcel online our
	blog shares care guides styling ideas and stories from the workshop subscribe to hear about new arrivals`)
	para := func(p int) string {
		var s strings.Builder
		words := 70 + p*7%30
		for w := 0; w < words; w++ {
			s.WriteString(prose[(p*131+w*w*7+w*17+n*37)%len(prose)])
			if w%13 == 12 {
				s.WriteString(". ")
			} else {
				s.WriteByte(' ')
			}
		}
		return s.String()
	}
	// 18 content links, one off-site; with the nav (6), the footer (4 and
	// a mailto) and a social link: 30.
	for j := 0; j < 18; j++ {
		if j%3 == 0 {
			fmt.Fprintf(&b, "<section><h2>Section %d</h2>\n", j/3+1)
		}
		p := para(j)
		item := 100 + j*7 + n*131
		href := fmt.Sprintf("/garden/chairs/%d", item)
		if j%5 == 4 {
			href += "#reviews"
		}
		if j == 10 {
			href = "https://www.pinterest.com/oaklinen/"
		}
		fmt.Fprintf(&b, "<p>%s <a href=%q>item %d from £%d.99</a> %s In stock since %d.</p>\n", p[:len(p)/2], href, item, 20+(j+n)*3%97, p[len(p)/2:], 2015+(j+n)%9)
		if j%3 == 2 {
			b.WriteString("</section>\n")
		}
	}
	b.WriteString("</section>\n")
	b.WriteString(`<table class="specs"><tr><th>Width</th><td>56 cm</td></tr><tr><th>Height</th><td>92 cm</td></tr><tr><th>Weight</th><td>7.5 kg</td></tr></table>` + "\n")
	b.WriteString(`<p><img src="https://images.cdn-oak.net/chairs/107.jpg" alt="Product photo"> <a href="https://www.instagram.com/oaklinen">Instagram</a></p>` + "\n")
	for p := 18; b.Len() < 21000; p++ {
		fmt.Fprintf(&b, "<p>%s</p>\n", para(p))
	}
	b.WriteString(`</main>
<aside class="newsletter">
<h2>Newsletter</h2>
<form action="/subscribe" method="post">
<label for="nl-email">Your e-mail address</label>
<input type="email" id="nl-email" name="email" autocomplete="email" required>
<input type="text" name="first_name" placeholder="First name">
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
<li><a href="/terms">Terms and conditions</a></li>
</ul>
</nav>
<div class="company">
<p>Oak &amp; Linen Ltd, 14 Mill Lane, Bristol BS1 4QA, United Kingdom</p>
<p>E-mail: <a href="mailto:hello@oaklinen.co.uk">hello@oaklinen.co.uk</a> · Phone: +44 117 496 0123</p>
<p>Registered in England and Wales, company number 09876543. VAT GB 123 4567 89.</p>
</div>
<p><small>© 2024 Oak &amp; Linen Ltd. All rights reserved.</small></p>
</footer>
<script src="/static/app.js"></script>
</body>
</html>
`)
	return []byte(b.String())
}

func benchDoc(tb testing.TB) (*goquery.Document, *url.URL) {
	tb.Helper()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(benchPage))
	if err != nil {
		tb.Fatal(err)
	}
	base, _ := url.Parse("https://www.oaklinen.co.uk/garden/chairs/107")
	return doc, base
}

// The benchmark page is what its comment says it is.
func TestBenchPage(t *testing.T) {
	if n := len(benchPage); n < 21<<10 || n > 23<<10 {
		t.Errorf("bench page is %d bytes, want about 22 KB", n)
	}
	doc, base := benchDoc(t)
	if n := doc.Find("a[href]").Length(); n != 30 {
		t.Errorf("bench page has %d links, want 30", n)
	}
	info := Extract(doc, base)
	if len(info.PrivacyLinks) != 1 || len(info.CookiePolicyLinks) != 1 || len(info.ContactLinks) != 1 ||
		len(info.Contact.Emails) != 1 || len(info.Contact.Phones) != 1 || len(info.Contact.Addresses) != 1 || len(info.Forms) != 2 {
		t.Errorf("bench page record %+v", info)
	}
}

// BenchmarkExtract times Extract on the parsed benchmark page, and, in the
// same run, a bare goquery parse of the same page: the ratio
// extract/parse is the figure to compare between machines. "page" reads
// one page alone (Extract, no Cache); "crawl" reads 256 pages of the same
// site the way the crawler does, through one Cache, so that what the
// pages repeat (the footer, the navigation, the tag-manager snippet) is
// matched once and what each page holds of its own is read every time.
//
//	go test -run '^$' -bench Extract -benchmem ./extract/
func BenchmarkExtract(b *testing.B) {
	b.Run("page", func(b *testing.B) { benchExtract(b, nil, [][]byte{benchPage}) })
	site := make([][]byte, 256)
	for i := range site {
		site[i] = benchPageN(i)
	}
	b.Run("crawl", func(b *testing.B) { benchExtract(b, NewCache(), site) })
}

func benchExtract(b *testing.B, cache *Cache, pages [][]byte) {
	base, _ := url.Parse("https://www.oaklinen.co.uk/garden/chairs/107")
	docs := make([]*goquery.Document, len(pages))
	size := 0
	for i, p := range pages {
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(p))
		if err != nil {
			b.Fatal(err)
		}
		docs[i] = doc
		size += len(p)
		cache.ExtractCut(doc, nil, base) // warm up the lazily built matchers (and the cache)
	}
	b.ReportAllocs()
	b.SetBytes(int64(size / len(pages)))
	i := 0
	for b.Loop() {
		if info := cache.ExtractCut(docs[i%len(docs)], nil, base); len(info.PrivacyLinks) != 1 {
			b.Fatalf("privacy links %v", info.PrivacyLinks)
		}
		i++
	}
	extractNs := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	// The baseline, timed outside the benchmark's timer as many times.
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	t0 := time.Now()
	for i := range b.N {
		if _, err := goquery.NewDocumentFromReader(bytes.NewReader(pages[i%len(pages)])); err != nil {
			b.Fatal(err)
		}
	}
	parseNs := float64(time.Since(t0).Nanoseconds()) / float64(b.N)
	runtime.ReadMemStats(&after)
	b.ReportMetric(parseNs, "parse-ns/op")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N), "parse-allocs/op")
	b.ReportMetric(extractNs/parseNs, "extract/parse")
}
