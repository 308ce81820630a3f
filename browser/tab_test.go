package browser

import (
	"context"
	"errors"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"

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

// TestTabCookies reads the cookie jar of a rendered page: the HttpOnly
// cookie of its response (which document.cookie does not show), the
// cookie its script sets, those of its cross-site iframe (response and
// script), and a cookie the page sets later.
func TestTabCookies(t *testing.T) {
	b := sharedBrowser(t)
	s := newSite(t)
	run := func(ctx context.Context, tab Tab) error {
		var js string
		if err := tab.Eval(ctx, `document.cookie`, &js); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(js, "fp_http") {
			t.Errorf("document.cookie shows the HttpOnly cookie: %q", js)
		}
		got, err := tab.Cookies(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]string{"fp_http": "1", "fp_js": "abc", "tp_http": "1", "tp_js": "1"} {
			if v, ok := got[name]; !ok || v != want {
				t.Errorf("Cookies()[%q] = %q, %v; want %q (all: %v)", name, v, ok, want, got)
			}
		}
		if _, ok := got["consent"]; ok {
			t.Error("consent cookie before the click")
		}
		if err := tab.Click(ctx, "#accept"); err != nil {
			t.Fatal(err)
		}
		if got, err := tab.Cookies(ctx); err != nil || got["consent"] != "yes" {
			t.Errorf("after the click: %v, %v", got, err)
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := tab.Cookies(cancelled); !errors.Is(err, context.Canceled) {
			t.Errorf("Cookies with an ended context: %v", err)
		}
		return nil
	}
	ph, err := b.Render(context.Background(), record.PhaseAccept, []string{s.fp + "/"}, run)
	if err != nil {
		t.Fatal(err)
	}
	if ph.Pages[0].Error != "" {
		t.Errorf("page: %+v", ph.Pages[0])
	}
}

// TestCookieValues picks, of the cookies of one name, the one the page is
// sent, then the one of the longest path, then of the longest domain.
func TestCookieValues(t *testing.T) {
	list := []*network.Cookie{
		{Name: "a", Value: "other-site", Domain: "other.test", Path: "/deep/path"},
		{Name: "a", Value: "root", Domain: ".shop.test", Path: "/"},
		{Name: "a", Value: "deep", Domain: ".shop.test", Path: "/deep"},
		{Name: "b", Value: "parent", Domain: ".shop.test", Path: "/"},
		{Name: "b", Value: "host", Domain: "www.shop.test", Path: "/"},
		{Name: "b", Value: "partitioned", Domain: "www.shop.test", Path: "/", PartitionKey: &network.CookiePartitionKey{TopLevelSite: "https://shop.test"}},
		{Name: "c", Value: "tp", Domain: "cmp.test", Path: "/"},
		nil,
	}
	got := cookieValues(list, "https://www.shop.test/deep/page")
	want := map[string]string{"a": "deep", "b": "host", "c": "tp"}
	if !maps.Equal(got, want) {
		t.Errorf("cookieValues = %v, want %v", got, want)
	}
	for i := range list {
		j := len(list) - 1 - i
		if i < j {
			list[i], list[j] = list[j], list[i]
		}
	}
	if got := cookieValues(list, "https://www.shop.test/deep/page"); !maps.Equal(got, want) {
		t.Errorf("in the other order: %v, want %v", got, want)
	}
	if got := cookieValues(nil, ""); len(got) != 0 {
		t.Errorf("no cookies: %v", got)
	}
}
