package record_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/record"
)

func TestWriteReadRoundTrip(t *testing.T) {
	c := &record.Crawl{
		Gatherer: "static", Start: "https://shop.test", Origin: "https://shop.test", StartURL: "https://shop.test/",
		Scope:  record.ScopeSettings{Aliases: []string{"www.shop.test"}},
		Limits: record.Limits{MaxPages: 10, Concurrency: 2, TimedOut: true},
		Pages: []record.Page{{URL: "https://shop.test/", FinalURL: "https://shop.test/", Status: 200, HTML: true,
			Info: record.Info{Title: "Shop <&>", PrivacyLinks: []string{"https://shop.test/privacy"},
				Resources: []record.Resource{{Kind: record.KindScript, Host: "cdn.test", URL: "https://cdn.test/a.js"}}}}},
		Cookies:           []record.Cookie{{Name: "sid", Domain: "shop.test", Path: "/", Secure: true, FirstSeenOn: "https://shop.test/"}},
		Documents:         []record.Document{{URL: "https://shop.test/privacy", FinalURL: "https://shop.test/privacy", Status: 200, ContentType: "text/html", Body: "<p>Datenschutzerklärung</p>"}},
		DocumentsGathered: true,
		HTTPProbe:         &record.HTTPProbe{Checked: true, URL: "http://shop.test/", Status: 301, RedirectsToHTTPS: true},
	}
	var buf bytes.Buffer
	if err := record.Write(&buf, c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Datenschutzerklärung") || !strings.Contains(buf.String(), `"kind": "privaudit-record"`) {
		t.Errorf("the record is readable JSON with the document's text:\n%s", buf.String())
	}
	got, err := record.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != record.Version {
		t.Errorf("Write sets the version: %q", c.Version)
	}
	if !reflect.DeepEqual(got, c) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, c)
	}
	if d := got.Document("https://shop.test/privacy"); d == nil || !d.OK() || d.Format() != "html" {
		t.Errorf("Document lookup: %+v", d)
	}
	if got.Document("https://shop.test/missing") != nil {
		t.Error("a document never fetched is nil")
	}
}

func TestReadRefuses(t *testing.T) {
	for name, in := range map[string]string{
		"not JSON":         "hello",
		"a report":         `{"schemaVersion": "1.0.0", "checks": []}`,
		"no crawl":         `{"kind": "privaudit-record"}`,
		"a future version": `{"kind": "privaudit-record", "crawl": {"version": "2.0.0"}}`,
	} {
		_, err := record.Read(strings.NewReader(in))
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if name != "a future version" && !errors.Is(err, record.ErrNotRecord) {
			t.Errorf("%s: %v, want ErrNotRecord", name, err)
		}
		if name == "a future version" && !strings.Contains(err.Error(), "2.0.0") {
			t.Errorf("%s: %v names the version", name, err)
		}
	}
	if _, err := record.Load("/nonexistent/x.json"); err == nil {
		t.Error("Load of a missing file")
	}
}

func TestDocumentFormat(t *testing.T) {
	for ct, want := range map[string]string{"text/html; charset=utf-8": "html", "application/xhtml+xml": "html", "text/markdown": "markdown", "text/plain": "text", "application/pdf": ""} {
		if got := (&record.Document{ContentType: ct}).Format(); got != want {
			t.Errorf("%s: %q, want %q", ct, got, want)
		}
	}
	if got := (&record.Document{FinalURL: "https://x.test/PRIVACY.md"}).Format(); got != "markdown" {
		t.Errorf(".md URL: %q", got)
	}
}
