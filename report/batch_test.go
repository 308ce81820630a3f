package report

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/privaudit/privaudit/internal/golden"
)

func batchRows() []BatchRow {
	s1, s2 := 91.5, 42.25
	return []BatchRow{
		{Target: "https://shop.example/", Status: "passed", Score: &s1, Grade: "A", Pages: 120},
		{Target: "blog.example|<b>x</b>`@team", Status: "failed", Score: &s2, Grade: "E", Pages: 7, TimedOut: true},
		{Target: "gone.example", Status: "error", Error: "the site could not be reached: dial tcp: lookup gone.example: no such host | <script>"},
	}
}

func TestBatchGolden(t *testing.T) {
	var tbl, md bytes.Buffer
	if err := (TableRenderer{Width: 80}).RenderBatch(&tbl, batchRows()); err != nil {
		t.Fatal(err)
	}
	if err := (MarkdownRenderer{}).RenderBatch(&md, batchRows()); err != nil {
		t.Fatal(err)
	}
	checkWidth(t, "batch table", tbl.String(), 80)
	if !strings.Contains(tbl.String(), "3 sites: 1 passed, 1 failed the gate, 1 not audited") {
		t.Errorf("no counts:\n%s", tbl.String())
	}
	golden.Check(t, filepath.Join("testdata", "batch.txt"), tbl.Bytes(), *update, "go test ./report -update")
	golden.Check(t, filepath.Join("testdata", "batch.md"), md.Bytes(), *update, "go test ./report -update")
	doc := markdownToHTML(t, md.Bytes())
	if n := countElements(doc, "td"); n != 15 {
		t.Errorf("the Markdown summary has %d cells, want 15 (hostile text broke the table?)", n)
	}
	if countElements(doc, "b") > 0 || countElements(doc, "script") > 0 {
		t.Error("site text made an element")
	}
}

// countElements counts the elements named name in the tree.
func countElements(n *html.Node, name string) int {
	c := 0
	if n.Type == html.ElementNode && n.Data == name {
		c++
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c += countElements(k, name)
	}
	return c
}
