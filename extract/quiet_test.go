package extract

import (
	"math/rand"
	"strings"
	"testing"
)

// A block quietBlock passes over is one in which contactText finds
// nothing: tried on paragraphs around its limits (400 bytes kept, six
// digits, one window), with commas, white space of every kind, line
// breaks, hidden parts and contact details.
func TestQuietBlockFindsNothing(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	prose := []string{"word ", "Word, ", "words and more words ", ",", ", , ", "  ", "\n\t", "\u00a0", "\u3000", "ä", "<br>", "<b>bold</b> ",
		"<span hidden>123456</span>", "<script>1234567</script>", "Street ", "lorem ", strings.Repeat("x", 150), strings.Repeat(" ", 150), strings.Repeat(",", 100)}
	rare := []string{"7", "12", "<p>x</p>", "<div>y</div>", "Musterstraße 12, 10115 Berlin ", "Tel. ", "+49 30 ", "(555) ", "a@b.de ", "PO Box 12 "}
	quiet := 0
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		b.WriteString("<p>")
		for n := r.Intn(150); n > 0; n-- {
			if r.Intn(12) == 0 {
				b.WriteString(rare[r.Intn(len(rare))])
			} else {
				b.WriteString(prose[r.Intn(len(prose))])
			}
		}
		b.WriteString("</p>")
		doc, err := ParseHTML([]byte(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		sc := scanDocument(doc)
		for _, bl := range sc.blocks {
			if bl.mixed || !quietBlock(bl.n) {
				continue
			}
			quiet++
			text := (&extractor{}).blockText(bl.n)
			found := false
			for start := 0; ; start += textWindow - windowOverlap {
				end := min(start+textWindow, len(text))
				f := findContacts(text[start:end], false)
				found = found || len(f.emails) > 0 || len(f.phones) > 0 || f.address != ""
				if end == len(text) {
					break
				}
			}
			if found || len(text) > textWindow {
				t.Fatalf("quietBlock passes over %q (%d bytes), in which contactText finds something", text, len(text))
			}
		}
	}
	if quiet < 500 {
		t.Errorf("only %d quiet blocks tried", quiet)
	}
}
