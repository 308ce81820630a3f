package extract

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// sitePage is a page of a made-up site: its footer is the same on every
// page but one in ten, whose footer differs.
func sitePage(i int) string {
	footer := `<footer><address>Oak Ltd<br>14 Mill Lane<br>Bristol BS1 4QA</address>
		<p>E-mail: <a href="mailto:hello@oak.example">hello@oak.example</a> · Phone: +44 117 496 0123</p>
		<p>© 2024 Oak Ltd. All rights reserved.</p><script>gtag('js'); var u = '//www.googletagmanager.com/gtag/js?id=G-1';</script></footer>`
	if i%10 == 0 {
		footer = fmt.Sprintf(`<footer><p>Branch %d, %d High Street, London SW1A %dAA, tel. 020 7946 %04d</p>
			<p>branch%d@oak.example</p><script>var p = 'https://px%d.tracker.example/pixel.js';</script></footer>`, i, i%90+1, i%9+1, i, i, i%7)
	}
	return fmt.Sprintf(`<html lang="en"><head><title>Page %d</title></head><body><main><h1>Item %d</h1>
		<p>Our item %d costs £%d.99 since %d. <a href="/p/%d">next</a></p>
		<form action="/subscribe" method="post"><input type="email" name="email"><label><input type="checkbox" name="nl"> Newsletter</label></form>
		</main>%s</body></html>`, i, i, i, i%50, 2000+i%25, i+1, footer)
}

// A Cache shared by concurrent extractions changes nothing in the records.
func TestCacheMatchesNoCache(t *testing.T) {
	const pages = 400
	base, _ := url.Parse("https://www.oak.example/p/1")
	want := make([]any, pages)
	for i := range pages {
		doc, err := ParseHTML([]byte(sitePage(i)))
		if err != nil {
			t.Fatal(err)
		}
		want[i] = Extract(doc, base)
	}
	cache := NewCache()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 3 {
				for i := w; i < pages; i += 8 {
					doc, _ := ParseHTML([]byte(sitePage((i + round*8) % pages)))
					if got := cache.ExtractCut(doc, nil, base); !reflect.DeepEqual(got, want[(i+round*8)%pages]) {
						t.Errorf("page %d: cached record differs:\n%+v\nwant %+v", i, got, want[i])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// A Cache holds a bounded number of texts of bounded size, however many
// it is shown.
func TestCacheBounded(t *testing.T) {
	c := NewCache()
	long := strings.Repeat("Musterstraße 12, 10115 Berlin, Tel. 030 1234567 ", 50)[:textWindow]
	// Each text twice, to be kept.
	for i := range 5000 {
		text := fmt.Sprintf("%d %s", i, long)[:textWindow]
		str := fmt.Sprintf("https://cdn%d.example/%s", i, strings.Repeat("x", 200))
		for range 2 {
			c.findContacts(text, i%2 == 0)
			c.Intern(str)
		}
	}
	entries, bytes := 0, 0
	for i := range c.contacts.entries {
		if e := c.contacts.entries[i].Load(); e != nil {
			entries++
			bytes += len(e.key)
		}
	}
	if entries > cacheSlots || bytes > cacheSlots*textWindow {
		t.Errorf("%d blocks of %d bytes cached, want at most %d of %d", entries, bytes, cacheSlots, cacheSlots*textWindow)
	}
	if entries == 0 {
		t.Error("nothing cached: a text seen twice is kept")
	}
	strs, sbytes := 0, 0
	for i := range c.strs.entries {
		if e := c.strs.entries[i].Load(); e != nil {
			strs++
			sbytes += len(e.key)
		}
	}
	if strs > stringSlots || sbytes > stringSlots*maxInterned {
		t.Errorf("%d strings of %d bytes interned, want at most %d of %d", strs, sbytes, stringSlots, stringSlots*maxInterned)
	}
}

// Interning returns an equal string, and the same one for the same text
// seen again.
func TestCacheIntern(t *testing.T) {
	c := NewCache()
	a := strings.Clone("text/html; charset=utf-8")
	b := strings.Clone(a)
	c.Intern(a)
	first := c.Intern(b)
	if first != a || c.Intern(strings.Clone(a)) != first {
		t.Fatal("Intern changed the text")
	}
	if (*Cache)(nil).Intern(a) != a {
		t.Fatal("nil Cache")
	}
	if long := strings.Repeat("x", maxInterned+1); c.Intern(long) != long {
		t.Fatal("long text")
	}
}

// A link is remembered only where it resolves the same on every page of
// the site: its relative hrefs resolve against each page's URL.
func TestCacheLinksResolvePerPage(t *testing.T) {
	c := NewCache()
	page := `<a href="http-guide.html">Guide</a> <a href="/privacy">Privacy</a> <a href="//cdn.example.net/x">CDN</a>
		<a href="https://other.example/contact">Contact</a> <a href="datenschutz">hier</a> <a href="?page=2">next</a>`
	for _, base := range []string{"https://www.example.com/a/b", "https://www.example.com/c/", "http://www.example.com/d/e", "https://www.example.com:8443/f"} {
		u, _ := url.Parse(base)
		for range 3 {
			doc, err := ParseHTML([]byte(page))
			if err != nil {
				t.Fatal(err)
			}
			want := Extract(doc, u)
			if got := c.ExtractCut(doc, nil, u); !reflect.DeepEqual(got, want) {
				t.Fatalf("on %s, with a Cache:\n%+v\nwant %+v", base, got, want)
			}
		}
	}
}
