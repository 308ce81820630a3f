package browser

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/privaudit/privaudit/record"
)

// TestTab drives the Tab of a rendered page: selectors that reach open
// shadow roots and same-origin iframes (not closed roots nor cross-origin
// frames), visibility, waiting, real and fallback clicks, hiding, text and
// scripts.
func TestTab(t *testing.T) {
	b := sharedBrowser(t)
	s := newSite(t)
	pageURL := s.fp + "/tab"
	run := func(ctx context.Context, tab Tab) error {
		if got := tab.URL(); got != pageURL {
			t.Errorf("URL %q", got)
		}
		exists := map[string]bool{
			"#vis": true, "#nope": false, "#deep": true, "#inframe": true, "#fbtn": true,
			"#secret": false, "#xinner": false,
		}
		for sel, want := range exists {
			if got, err := tab.Exists(ctx, sel); err != nil || got != want {
				t.Errorf("Exists(%q) = %v, %v; want %v", sel, got, err, want)
			}
		}
		visible := map[string]bool{"#vis": true, "#hid": false, "#faint": false, "#deep": true, "#inframe": true, "#nope": false}
		for sel, want := range visible {
			if got, err := tab.Visible(ctx, sel); err != nil || got != want {
				t.Errorf("Visible(%q) = %v, %v; want %v", sel, got, err, want)
			}
		}
		if _, err := tab.Exists(ctx, "<<bad"); err == nil {
			t.Error("Exists with a bad selector: no error")
		}
		if got, err := tab.Text(ctx, "#vis"); err != nil || got != "Hello world" {
			t.Errorf("Text = %q, %v", got, err)
		}
		if got, err := tab.Text(ctx, "#inframe"); err != nil || got != "in a frame" {
			t.Errorf("Text in a frame = %q, %v", got, err)
		}
		if _, err := tab.Text(ctx, "#nope"); !errors.Is(err, ErrNoElement) {
			t.Errorf("Text of nothing: %v", err)
		}
		if ok, err := tab.WaitVisible(ctx, "#hid", 200*time.Millisecond); err != nil || ok {
			t.Errorf("WaitVisible(#hid) = %v, %v", ok, err)
		}
		if ok, err := tab.WaitVisible(ctx, "#later", 3*time.Second); err != nil || !ok {
			t.Errorf("WaitVisible(#later) = %v, %v", ok, err)
		}

		// The overlay covers the page: the click goes through click().
		if err := tab.Click(ctx, "#covered"); err != nil {
			t.Error(err)
		}
		if err := tab.Hide(ctx, "#overlay"); err != nil {
			t.Error(err)
		}
		if ok, _ := tab.Visible(ctx, "#overlay"); ok {
			t.Error("the overlay is visible after Hide")
		}
		for _, sel := range []string{"#deep", "#fbtn"} {
			if err := tab.Click(ctx, sel); err != nil {
				t.Errorf("Click(%q): %v", sel, err)
			}
		}
		if err := tab.Click(ctx, "#nope"); !errors.Is(err, ErrNoElement) {
			t.Errorf("Click on nothing: %v", err)
		}
		var got struct {
			Covered bool   `json:"covered"`
			Deep    bool   `json:"deep"`
			Title   string `json:"title"`
		}
		if err := tab.Eval(ctx, `({covered: window.coveredClicked === true, deep: window.deepTrusted === true, title: document.title})`, &got); err != nil {
			t.Fatal(err)
		}
		if !got.Covered || !got.Deep || got.Title != "frame clicked" {
			t.Errorf("clicks: %+v (deep wants a trusted click)", got)
		}

		var n int
		if err := tab.Eval(ctx, `new Promise(r => setTimeout(() => r(1 + 2), 10))`, &n); err != nil || n != 3 {
			t.Errorf("Eval = %d, %v", n, err)
		}
		if err := tab.Eval(ctx, `undefined`, &n); err != nil || n != 3 {
			t.Errorf("Eval(undefined) = %d, %v", n, err)
		}
		if err := tab.Eval(ctx, `(() => { throw new Error("boom") })()`, nil); err == nil {
			t.Error("Eval of a throw: no error")
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := tab.Exists(cancelled, "#vis"); !errors.Is(err, context.Canceled) {
			t.Errorf("Exists with an ended context: %v", err)
		}
		return nil
	}
	ph, err := b.Render(context.Background(), record.PhaseBefore, []string{pageURL}, run)
	if err != nil {
		t.Fatal(err)
	}
	if ph.Pages[0].Error != "" {
		t.Errorf("page: %+v", ph.Pages[0])
	}
}
