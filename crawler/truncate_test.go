package crawler

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// filler returns about n bytes of paragraphs with no link, e-mail address
// or phone number in them.
func filler(n int) string {
	const para = "<p>Our workshop makes chairs and tables from oak and ash, finished by hand and shipped across the country.</p>\n"
	return strings.Repeat(para, n/len(para)+1)
}

// sized answers an HTML page of exactly size bytes: head, then filler,
// then end (the footer).
func sized(t *testing.T, size int, head, end string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		start := "<!DOCTYPE html><html lang=\"en\"><head><title>" + r.URL.Path + "</title></head><body>" + head
		tail := end + "</body></html>"
		fill := size - len(start) - len(tail)
		if fill < 0 {
			t.Errorf("%s: %d bytes is too small", r.URL.Path, size)
			fill = 0
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(start + filler(fill)[:fill] + tail))
	}
}

const footer = `<footer><a href="/privacy">Privacy policy</a> <a href="mailto:hello@shop.test">hello@shop.test</a></footer>`

// A page longer than MaxBodySize is marked truncated, the start page as
// the others; the links and contact details of its end still count, and
// what sits between its head and its end is not seen. A page within the
// limit is not marked.
func TestCrawlMarksTruncatedPages(t *testing.T) {
	const limit = 4096
	f := newFixture(t, false, map[string]http.HandlerFunc{
		// The start page is read by getStart, the others by colly.
		"/":    sized(t, 5*limit, `<a href="/big">big</a> <a href="/middle">middle</a> <a href="/small">small</a> <a href="/exact">exact</a> <a href="/stream">stream</a> <a href="/gone">gone</a>`, footer),
		"/big": sized(t, 3*limit, ``, footer),
		// The footer is past the head, and more than the tail window
		// (at most MaxBodySize) before the end.
		"/middle": sized(t, 4*limit, ``, `<footer><a href="/from-middle">Privacy policy</a> <a href="mailto:middle@shop.test">mail</a></footer>`+filler(2*limit)),
		"/small":  sized(t, limit/2, ``, footer),
		"/exact":  sized(t, limit, ``, footer),
		// An endless body: its end is never read, its head is.
		"/stream": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			if _, err := w.Write([]byte(`<html><head><title>Endless</title></head><body>`)); err != nil {
				return
			}
			chunk := []byte(filler(32 << 10))
			for {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		},
		"/gone": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNotFound)
			sized(t, 3*limit, ``, footer)(w, r)
		},
		"/privacy":     sized(t, limit/2, ``, `Our policy.`),
		"/from-middle": sized(t, limit/2, ``, ``),
	})
	res := crawl(t, f, f.srv.URL, Options{MaxBodySize: limit, NoSitemaps: true})

	truncated := map[string]bool{"/": true, "/big": true, "/middle": true, "/stream": true}
	for _, p := range res.Pages {
		path := strings.TrimPrefix(p.URL, f.srv.URL)
		if p.Truncated != truncated[path] {
			t.Errorf("%s: Truncated %v, want %v", path, p.Truncated, truncated[path])
		}
		if p.Error != "" && path != "/gone" {
			t.Errorf("%s: error %q", path, p.Error)
		}
	}
	if res.Truncated != len(truncated) {
		t.Errorf("Crawl.Truncated %d, want %d", res.Truncated, len(truncated))
	}
	for _, path := range []string{"/", "/big", "/small", "/exact"} {
		p := pageAt(res, f.url(path))
		if p == nil || !slices.Equal(p.PrivacyLinks, []string{f.url("/privacy")}) || !slices.Equal(p.Contact.Emails, []string{"hello@shop.test"}) {
			t.Errorf("%s: the footer's links and e-mail are read: %+v", path, p)
		}
	}
	if p := pageAt(res, f.url("/middle")); p == nil || len(p.PrivacyLinks) != 0 || !p.Contact.Empty() {
		t.Errorf("/middle: nothing of the part not read: %+v", p)
	}
	if f.hitsOf("/from-middle") != 0 {
		t.Error("a link of the part not read was followed")
	}
	if p := pageAt(res, f.url("/stream")); p == nil || p.Title != "Endless" || !p.HTML {
		t.Errorf("/stream: the head of an endless page is read: %+v", p)
	}
	// Linked from the footers only (the end of the start page).
	if p := pageAt(res, f.url("/privacy")); p == nil || p.Status != 200 || p.Truncated {
		t.Errorf("/privacy, linked from the footers: %+v", p)
	}
}

// The body of a page the crawl keeps as a document (a privacy link leads
// to it) says whether it was cut.
func TestKeptDocumentTruncated(t *testing.T) {
	const limit = 4096
	f := newFixture(t, false, map[string]http.HandlerFunc{
		"/":        sized(t, limit/2, `<a href="/privacy">Privacy policy</a> <a href="/cookies">Cookie policy</a>`, ``),
		"/privacy": sized(t, 3*limit, `<h1>Privacy policy</h1>`, `<p>Last updated 2024.</p>`),
		"/cookies": sized(t, limit/2, `<h1>Cookie policy</h1>`, ``),
	})
	res := crawl(t, f, f.srv.URL, Options{MaxBodySize: limit, NoSitemaps: true})
	if d := res.Document(f.url("/privacy")); d == nil || !d.Truncated || len(d.Body) > limit || !strings.Contains(d.Body, "Privacy policy") {
		t.Errorf("kept long policy: %+v", d)
	}
	if d := res.Document(f.url("/cookies")); d == nil || d.Truncated || d.Body == "" {
		t.Errorf("kept short policy: %+v", d)
	}
}

// A page cut inside a UTF-8 character still reads as UTF-8, in a crawl and
// in a fetched document (whose charset is sniffed from its first KB, here
// plain ASCII: a body that is not valid UTF-8 would be read as
// windows-1252); a document of exactly the limit is not cut.
func TestTruncatedUTF8(t *testing.T) {
	const limit = 2000
	head := "<!DOCTYPE html><html><head><title>Shop</title></head><body>" + strings.Repeat("<p>Plain ASCII text.</p>", 50) +
		"<address>Musterstraße 12<br>10115 Berlin</address>"
	// "ä" is 2 bytes: the limit falls in the middle of one.
	body := head + strings.Repeat("a", limit-1-len(head)) + strings.Repeat("ä", 500) + "</body></html>"
	exact := body[:limit-1] + " "
	f := newFixture(t, false, map[string]http.HandlerFunc{
		"/":      text("text/html", body),
		"/doc":   text("text/html", body),
		"/exact": text("text/html", exact),
	})
	res := crawl(t, f, f.srv.URL, Options{MaxBodySize: limit, NoSitemaps: true})
	if p := pageAt(res, f.url("/")); p == nil || !p.Truncated || !slices.Equal(p.Contact.Addresses, []string{"Musterstraße 12, 10115 Berlin"}) {
		t.Errorf("page cut inside a character: %+v", p)
	}
	c := New(Options{MaxBodySize: limit})
	d, err := c.Fetch(context.Background(), f.url("/doc"))
	if err != nil {
		t.Fatal(err)
	}
	if !d.Truncated || len(d.Body) > limit || !utf8.ValidString(d.Body) || !strings.Contains(d.Body, "Musterstraße") || strings.ContainsAny(d.Body, "Ã\uFFFD") {
		t.Errorf("document cut inside a character: truncated %v, %d bytes, ...%q", d.Truncated, len(d.Body), d.Body[len(d.Body)-80:])
	}
	d, err = c.Fetch(context.Background(), f.url("/exact"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Truncated || len(d.Body) != limit {
		t.Errorf("document of exactly the limit: truncated %v, %d bytes", d.Truncated, len(d.Body))
	}
}

func TestReadCut(t *testing.T) {
	const limit, window = 100, 30
	body := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + i%26)
		}
		return b
	}
	for _, tc := range []struct {
		size, window int
		cut          bool
		tail         int // length of the tail kept, -1: none
	}{
		{0, window, false, -1},
		{limit - 1, window, false, -1},
		{limit, window, false, -1},
		{limit + 1, window, true, 1},
		{limit + window, window, true, window},
		{limit + window + 7, window, true, window},
		{10 * limit, window, true, window},
		{limit + 1, 0, true, -1},
		{limit, 0, false, -1},
	} {
		src := body(tc.size)
		head, tail, cut, err := readCut(bytes.NewReader(src), limit, tc.window)
		if err != nil {
			t.Fatal(err)
		}
		if want := src[:min(tc.size, limit)]; !bytes.Equal(head, want) {
			t.Errorf("size %d: head %d bytes, want %d", tc.size, len(head), len(want))
		}
		if cut != tc.cut {
			t.Errorf("size %d window %d: cut %v, want %v", tc.size, tc.window, cut, tc.cut)
		}
		switch {
		case tc.tail < 0 && tail != nil:
			t.Errorf("size %d window %d: tail %q, want none", tc.size, tc.window, tail)
		case tc.tail >= 0 && !bytes.Equal(tail, src[tc.size-tc.tail:]):
			t.Errorf("size %d window %d: tail %q, want the last %d bytes %q", tc.size, tc.window, tail, tc.tail, src[tc.size-tc.tail:])
		}
	}
}

func TestTrimPartialRune(t *testing.T) {
	for in, want := range map[string]string{
		"":         "",
		"abc":      "abc",
		"abä":      "abä",
		"ab\xc3":   "ab",
		"ab€"[:4]:  "ab",
		"ab€"[:3]:  "ab",
		"ab😀"[:5]:  "ab",
		"ab😀":      "ab😀",
		"\xff\xfe": "\xff\xfe", // not UTF-8 at all: left alone
	} {
		if got := string(trimPartialRune([]byte(in))); got != want {
			t.Errorf("trimPartialRune(%q) = %q, want %q", in, got, want)
		}
	}
}
