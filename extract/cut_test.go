package extract

import (
	"net/url"
	"slices"
	"testing"
)

// A page read in part: the head's title, language and base count, the
// tail is read from its first tag on (it starts inside a script here), its
// links resolved against the head's base, and what both show is listed
// once.
func TestExtractCut(t *testing.T) {
	head, err := ParseHTML([]byte(`<html lang="en"><head><title>Catalogue</title><base href="https://www.example.com/shop/"></head>
		<body><a href="contact">Contact us</a> <a href="mailto:hello@oakshop.co.uk">mail</a> <p>Item 1</p><script>var x = "`))
	if err != nil {
		t.Fatal(err)
	}
	tail, err := ParseTail([]byte(`data for the script"; if (a<b) {}</script>
		<p>Item 9999</p></main><footer><a href="privacy">Privacy policy</a> <a href="contact">Contact</a>
		<a href="mailto:hello@oakshop.co.uk">hello@oakshop.co.uk</a> <address>Example Ltd, 12 High Street, London SW1A 1AA</address>
		<img src="https://seal.truste.example/badge.png" alt="TRUSTe Certified Privacy"></footer></body></html>`))
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(testBase)
	info := ExtractCut(head, tail, base)
	if info.Title != "Catalogue" || info.Lang != "en" {
		t.Errorf("title %q lang %q, want the head's", info.Title, info.Lang)
	}
	if !slices.Equal(info.PrivacyLinks, []string{"https://www.example.com/shop/privacy"}) {
		t.Errorf("privacy links %v, want the tail's, resolved against the head's base", info.PrivacyLinks)
	}
	if !slices.Equal(info.ContactLinks, []string{"https://www.example.com/shop/contact"}) {
		t.Errorf("contact links %v, want one", info.ContactLinks)
	}
	if !slices.Equal(info.Contact.Emails, []string{"hello@oakshop.co.uk"}) || len(info.Contact.Addresses) != 1 {
		t.Errorf("contact %+v, want one e-mail and the footer's address", info.Contact)
	}
	if !slices.Equal(info.Links, []string{"https://www.example.com/shop/contact", "https://www.example.com/shop/privacy"}) {
		t.Errorf("links %v, each once", info.Links)
	}
	if len(info.Seals) != 1 {
		t.Errorf("seals %v, want the footer's", info.Seals)
	}

	// Without a tail, ExtractCut is Extract.
	if got, want := ExtractCut(head, nil, base), Extract(head, base); !slices.Equal(got.Links, want.Links) || got.Title != want.Title {
		t.Errorf("ExtractCut(head, nil) %+v, Extract %+v", got, want)
	}
}

func TestParseTailSkipsToTheFirstTag(t *testing.T) {
	for in, want := range map[string]int{
		`ref="/x">text <a href="/y">y</a>`: 1,
		// Inside a script, a comment: what follows its end counts.
		`if (a<b) { x = '<a href="/no">'; }</SCRIPT ><a href="/y">y</a><script>if (a<b) {}</script>`: 1,
		`<a href="/no">commented out</a> --><a href="/y">y</a><!-- <a href="/no2"> -->`:              1,
		`no markup at all`:                 0,
		`a < b and c<2 </p><a href="/z">z`: 1,
		`<`:                                0,
	} {
		doc, err := ParseTail([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if n := doc.Find("a[href]").Length(); n != want {
			t.Errorf("ParseTail(%q): %d links, want %d", in, n, want)
		}
	}
}

// FuzzParseTail cuts arbitrary HTML in two and reads it as a page whose
// middle was not read: no panic, every list within its cap, each link
// once. (Not named FuzzExtract...: make fuzz's -fuzz FuzzExtract must match
// one target.)
//
//	go test -run '^$' -fuzz FuzzParseTail -fuzztime 60s ./extract/
func FuzzParseTail(f *testing.F) {
	f.Add([]byte(`<html><head><title>T</title><base href="/b/"></head><body><script>if (a<b) {}</script><footer><a href="/privacy">Privacy</a></footer></body></html>`), 40)
	f.Add([]byte(`<p>a</p><!-- <a href="/x">x</a> --><a href="mailto:a@b.test">m</a></SCRIPT><style>p{}</style>`), 12)
	f.Fuzz(func(t *testing.T, data []byte, cut int) {
		if cut < 0 || cut > len(data) {
			cut = len(data) / 2
		}
		head, err := ParseHTML(data[:cut])
		if err != nil {
			return
		}
		tail, err := ParseTail(data[cut:])
		if err != nil {
			t.Fatalf("ParseTail: %v", err)
		}
		base, _ := url.Parse(testBase)
		info := ExtractCut(head, tail, base)
		for name, n := range map[string]int{"PrivacyLinks": len(info.PrivacyLinks), "ContactLinks": len(info.ContactLinks),
			"Emails": len(info.Contact.Emails), "Forms": len(info.Forms), "Seals": len(info.Seals), "BrokenLinks": len(info.BrokenLinks)} {
			if n > maxPerList {
				t.Errorf("%s: %d entries, cap %d", name, n, maxPerList)
			}
		}
		seen := map[string]bool{}
		for _, l := range info.Links {
			if seen[l] {
				t.Errorf("link %q twice", l)
			}
			seen[l] = true
		}
	})
}
