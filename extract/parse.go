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
