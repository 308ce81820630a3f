package crawler

import (
	"io"
	"net/http"
	"unicode/utf8"

	"golang.org/x/net/html/charset"

	"github.com/privaudit/privaudit/extract"
)

// How a page longer than MaxBodySize is read. Its first MaxBodySize bytes
// (the head) are kept whole. The crawler then reads on, keeping only the
// last tailWindow bytes in a ring buffer, until the body ends: that tail is
// where footers sit, with the privacy, contact and imprint links, so the
// links and contact details found in it count as the page's. The page is
// marked truncated all the same, since its middle was not read: it is
// judged for what it shows, never for what it lacks. A body that does not
// end within maxTailScan bytes past the head (a stream), or whose reading
// fails or times out past the head, keeps its head alone; that is not an
// error.
const (
	// tailWindow is how many of the last bytes of a long page are kept
	// (at most MaxBodySize).
	tailWindow = 256 << 10
	// maxTailScan caps the bytes read past the head to find a body's end.
	maxTailScan = 64 << 20
)

// cutBody reads a response body as the crawler reads a page: it passes on
// the first limit bytes (the head) and ends there. When the body goes on,
// it records that it was cut and, with a window, reads to the end of the
// body keeping the last window bytes (the tail). It never holds more than
// window bytes beyond what it passes on.
type cutBody struct {
	rc     io.ReadCloser
	rest   int // head bytes still to pass on
	window int // tail bytes to keep; 0: only find out whether the body goes on
	scan   int // bytes to read past the head at most, looking for the end
	ended  bool

	// cut is true when the body is longer than the head.
	cut bool
	// tail is the end of the body when cut and the end was reached (nil
	// otherwise), at most window bytes; it never overlaps the head.
	tail []byte
	// onEnd, when set, is called once the head is read and cut is known.
	onEnd func(*cutBody)
}

func newCutBody(rc io.ReadCloser, limit, window int) *cutBody {
	return &cutBody{rc: rc, rest: limit, window: min(window, limit), scan: maxTailScan}
}

// Read implements io.Reader. Errors while looking past the head are not
// returned: the head was read, and the body is then taken as cut.
func (b *cutBody) Read(p []byte) (int, error) {
	if b.ended {
		return 0, io.EOF
	}
	if b.rest <= 0 {
		b.ended = true
		b.readPast()
		if b.onEnd != nil {
			b.onEnd(b)
		}
		return 0, io.EOF
	}
	if len(p) > b.rest {
		p = p[:b.rest]
	}
	n, err := b.rc.Read(p)
	b.rest -= n
	if err == io.EOF {
		b.ended = true
		if b.onEnd != nil {
			b.onEnd(b)
		}
	}
	return n, err
}

// Close implements io.Closer.
func (b *cutBody) Close() error { return b.rc.Close() }

// readPast reads past the head: it finds out whether the body goes on and,
// with a window, reads it to its end keeping the last window bytes.
func (b *cutBody) readPast() {
	if b.window <= 0 {
		var one [1]byte
		for {
			n, err := b.rc.Read(one[:])
			if n > 0 || (err != nil && err != io.EOF) {
				// More bytes, or a failure to tell: not read whole.
				b.cut = true
				return
			}
			if err == io.EOF {
				return
			}
		}
	}
	ring := make([]byte, b.window)
	pos, wrapped, total, end := 0, false, 0, false
	for !end && total < b.scan {
		n, err := b.rc.Read(ring[pos:])
		pos += n
		total += n
		if pos == len(ring) {
			pos, wrapped = 0, true
		}
		switch {
		case err == io.EOF:
			end = true
		case err != nil:
			b.cut = true
			return
		}
	}
	if end && total == 0 {
		return // the body was exactly the head
	}
	b.cut = true
	if !end {
		return // no end in sight: the head alone
	}
	if !wrapped {
		b.tail = ring[:pos]
		return
	}
	b.tail = append(ring[pos:len(ring):len(ring)], ring[:pos]...)
}

// readCut reads a response body through a cutBody: the head, whether the
// body was cut, and its tail (nil when not cut, or not read to its end).
func readCut(rc io.Reader, limit, window int) (head, tail []byte, cut bool, err error) {
	b := newCutBody(io.NopCloser(rc), limit, window)
	head, err = io.ReadAll(b)
	return head, b.tail, b.cut, err
}

// Annotations the cutting transport adds to the header of a response whose
// body it cut, for the crawl's callbacks (colly hands them the header and
// the head it read, nothing else). They are removed from what servers
// send and never recorded.
const (
	headerCut  = "X-Privaudit-Cut"
	headerTail = "X-Privaudit-Tail"
)

// cuttingTransport is the transport of the crawl's colly collector: it
// reads each page body through a cutBody, so that a page longer than the
// limit is known to be cut and its tail is read (colly would cut it
// silently). Only successful responses are read past their head; error
// pages and redirects are cut at the limit.
type cuttingTransport struct {
	next   http.RoundTripper
	limit  int
	window int
}

// RoundTrip implements http.RoundTripper.
func (t *cuttingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp == nil || resp.Body == nil {
		return resp, err
	}
	resp.Header.Del(headerCut)
	resp.Header.Del(headerTail)
	window := 0
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		window = t.window
	}
	b := newCutBody(resp.Body, t.limit, window)
	header := resp.Header
	b.onEnd = func(b *cutBody) {
		// The header map is the one colly's callbacks read; the body is
		// read before they run, by the goroutine that runs them.
		if b.cut {
			header.Set(headerCut, "1")
			if b.tail != nil {
				header.Set(headerTail, string(b.tail))
			}
		}
	}
	resp.Body = b
	return resp, nil
}

// cutOf returns what the cutting transport noted of a response's body:
// whether it was cut, and its tail.
func cutOf(h http.Header) (cut bool, tail []byte) {
	if h == nil || h.Get(headerCut) == "" {
		return false, nil
	}
	if v := h.Values(headerTail); len(v) > 0 {
		tail = []byte(v[0])
	}
	return true, tail
}

// trimPartialRune drops an incomplete UTF-8 sequence a cut left at the end
// of b, so that a UTF-8 page cut inside a character still reads as UTF-8
// (extract.ToUTF8 would take invalid UTF-8 for windows-1252).
func trimPartialRune(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			return b
		}
	}
	return b
}

// tailText returns the tail of a page as UTF-8: leading bytes of a
// character the cut split are dropped, and a tail that is not UTF-8 is
// decoded with the charset the head's Content-Type or <meta> declares (the
// tail has no <meta> of its own).
func tailText(head, tail []byte, contentType string) []byte {
	for i := 0; i < utf8.UTFMax && len(tail) > 0 && !utf8.RuneStart(tail[0]); i++ {
		tail = tail[1:]
	}
	if utf8.Valid(tail) {
		return tail
	}
	_, name, _ := charset.DetermineEncoding(head, contentType)
	return extract.ToUTF8(tail, "text/html; charset="+name)
}

// pageText returns a page's head and tail as UTF-8, as read by readCut or
// the cutting transport.
func pageText(head, tail []byte, cut bool, contentType string) (body, tailUTF8 []byte) {
	if cut {
		head = trimPartialRune(head)
	}
	if tail != nil {
		tailUTF8 = tailText(head, tail, contentType)
	}
	return extract.ToUTF8(head, contentType), tailUTF8
}
