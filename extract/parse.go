package extract

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// ParseHTML parses a page the way the crawler reads it: with scripting off,
// so that the content of <noscript> (tracking-pixel fallbacks) is markup,
// not text.
func ParseHTML(body []byte) (*goquery.Document, error) {
	node, err := html.ParseWithOptions(bytes.NewReader(body), html.ParseOptionEnableScripting(false))
	if err != nil {
		return nil, err
	}
	return goquery.NewDocumentFromNode(node), nil
}

// IsHTML reports whether a Content-Type names an HTML document.
func IsHTML(contentType string) bool {
	if contentType == "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return strings.Contains(strings.ToLower(contentType), "html")
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// ToUTF8 returns body as UTF-8. A body that is valid UTF-8 is returned as
// it is; another is decoded from the charset its Content-Type, byte-order
// mark or <meta charset> declares, else from windows-1252 (what browsers
// assume). A German policy in ISO-8859-1 must read "Datenschutzerklärung".
func ToUTF8(body []byte, contentType string) []byte {
	if utf8.Valid(body) {
		return body
	}
	enc, _, _ := charset.DetermineEncoding(body, contentType)
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return body
	}
	return out
}

// ParseTail parses the last bytes of a page whose middle was not read (see
// ExtractCut). They start anywhere: inside a tag, an attribute, a script
// or a comment. A script, style or comment the tail starts inside (its
// end comes before any start of one) is dropped, then the text before the
// first thing that looks like a tag (<a, </, <!); the rest is parsed as a
// document of its own.
func ParseTail(tail []byte) (*goquery.Document, error) {
	// Lower-cased byte for byte (bytes.ToLower may change the length).
	lower := make([]byte, len(tail))
	for i, c := range tail {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	from := 0
	for _, raw := range []struct{ end, start string }{{"</script", "<script"}, {"</style", "<style"}, {"-->", "<!--"}} {
		end := bytes.Index(lower, []byte(raw.end))
		if end < 0 {
			continue
		}
		if start := bytes.Index(lower, []byte(raw.start)); start >= 0 && start < end {
			continue
		}
		end += len(raw.end)
		if gt := bytes.IndexByte(lower[end:], '>'); raw.end != "-->" && gt >= 0 {
			end += gt + 1
		}
		from = max(from, end)
	}
	tail = tail[from:]
	start := len(tail)
	for i := bytes.IndexByte(tail, '<'); i >= 0 && i+1 < len(tail); {
		if c := tail[i+1]; c == '/' || c == '!' || 'a' <= c|0x20 && c|0x20 <= 'z' {
			start = i
			break
		}
		j := bytes.IndexByte(tail[i+1:], '<')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return ParseHTML(tail[start:])
}
