package evidence_test

import (
	"slices"
	"testing"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/record"
)

func TestSample(t *testing.T) {
	pg := func(path string, depth int, info record.Info) record.Page {
		return record.Page{URL: shop + path, FinalURL: shop + path, Status: 200, HTML: true, Depth: depth, Info: info}
	}
	c := &record.Crawl{Start: shop, Origin: shop, StartURL: shop + "/", Complete: true, DocumentsGathered: true,
		Pages: []record.Page{
			pg("/", 0, record.Info{PrivacyLinks: []string{shop + "/privacy"}}),
			pg("/blog/a", 2, record.Info{}), pg("/blog/", 1, record.Info{}), pg("/blog/b", 2, record.Info{}),
			pg("/shop/", 1, record.Info{}), pg("/shop/cart", 2, record.Info{Forms: []record.Form{{Action: shop + "/buy", Method: "POST"}}}),
			pg("/privacy", 1, record.Info{}), pg("/zeta", 1, record.Info{}),
		},
		Documents: []record.Document{{URL: shop + "/privacy", FinalURL: shop + "/privacy", Status: 200, ContentType: "text/html",
			Body: "<html><body><main><h1>Privacy</h1><p>We protect your personal data and explain here how we use it.</p></main></body></html>"}},
	}
	got := evidence.Sample(c, 25)
	want := []string{shop + "/", shop + "/privacy", shop + "/shop/cart", shop + "/blog/", shop + "/shop/", shop + "/zeta"}
	if !slices.Equal(got, want) {
		t.Errorf("Sample = %v\nwant %v (start, policy, forms, one per section)", got, want)
	}
	if got := evidence.Sample(c, 2); !slices.Equal(got, want[:2]) {
		t.Errorf("Sample capped = %v", got)
	}
	if got := evidence.Sample(c, 0); len(got) != len(c.Pages) {
		t.Errorf("Sample all = %d pages, want %d", len(got), len(c.Pages))
	}
}
