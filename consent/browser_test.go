package consent

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/privaudit/privaudit/internal/testsite"
	"github.com/privaudit/privaudit/record"
)

// servePages serves testdata/pages over HTTP until the test ends.
func servePages(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir("testdata/pages")))
	t.Cleanup(srv.Close)
	return srv.URL
}

// page is a fixture page open in its own tab.
type page struct {
	t   *testing.T
	ctx context.Context
	dom tabDOM
}

// open loads url in a fresh tab (its own cookies).
func open(t *testing.T, url string) *page {
	t.Helper()
	tab := newTab(t)
	// The first run on the tab's context opens the tab and binds its life
	// to that context: run it on the tab's own.
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	p := &page{t: t, ctx: tab, dom: tabDOM{tab: tab}}
	p.navigate(url)
	return p
}

// navigate loads url in the page's tab.
func (p *page) navigate(url string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second*testsite.TimeScale)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		p.t.Fatalf("loading %s: %v", url, err)
	}
}

// timeout returns a context for one step of a test.
func (p *page) timeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d*testsite.TimeScale)
}

// cookies returns the page's cookies by name (document.cookie: the
// fixtures set none HttpOnly).
func (p *page) cookies() map[string]string {
	p.t.Helper()
	ctx, cancel := p.timeout(5 * time.Second)
	defer cancel()
	var s string
	if err := p.dom.Eval(ctx, `document.cookie`, &s); err != nil {
		p.t.Fatalf("reading cookies: %v", err)
	}
	out := map[string]string{}
	for c := range strings.SplitSeq(s, "; ") {
		if k, v, ok := strings.Cut(c, "="); ok {
			out[k] = v
		}
	}
	return out
}

// waitCookie waits up to d for a cookie and reports whether it came.
func (p *page) waitCookie(name string, d time.Duration) bool {
	p.t.Helper()
	deadline := time.Now().Add(d * testsite.TimeScale)
	for {
		if _, ok := p.cookies()[name]; ok {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// choice reads the decision the page recorded.
func (p *page) choice() *record.ConsentChoice {
	values := p.cookies()
	var list []record.BrowserCookie
	for n, v := range values {
		list = append(list, record.BrowserCookie{Name: n, ValueLength: len(v)})
	}
	return ReadChoice(list, values, nil)
}

// detect runs Detect with a time limit.
func (p *page) detect(rules *Rules, wait time.Duration) Detection {
	p.t.Helper()
	ctx, cancel := p.timeout(wait + 10*time.Second)
	defer cancel()
	d, err := DetectWithin(ctx, p.dom, rules, wait*testsite.TimeScale)
	if err != nil {
		p.t.Fatalf("Detect: %v", err)
	}
	return d
}

// act runs Act with a time limit.
func (p *page) act(d Detection, a Action) string {
	p.t.Helper()
	ctx, cancel := p.timeout(20 * time.Second)
	defer cancel()
	out, err := Act(ctx, p.dom, d, a)
	if err != nil {
		p.t.Fatalf("Act(%s): %v", a, err)
	}
	return out
}

// comRules returns Consent-O-Matic's rule set from ../shared, skipping the
// test when it is absent.
func comRules(t *testing.T) *Rules {
	t.Helper()
	b, err := os.ReadFile(testsite.SharedPath(t, "data/consent-o-matic/rules-all.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := ParseRules(b, "consent-o-matic")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// bannerCase is a fixture banner and what should happen to it.
type bannerCase struct {
	name string
	path string
	// platform and rule are what Detect should name (rule may be a
	// prefix).
	platform, rule string
	// rejectFirst is whether a reject is on the first layer; buttons are
	// labels the banner must show.
	rejectFirst bool
	buttons     []string
	// rejectOutcome and acceptOutcome are Act's answers ("" for any but
	// not-found).
	rejectOutcome, acceptOutcome string
	// choiceSource is the cookie ReadChoice reads the decision from (""
	// when the site's record is not one ReadChoice knows).
	choiceSource string
}

// runBanner loads the fixture twice, rejects in one tab and accepts in
// the other, and checks the detection, Act's outcome, the analytics cookie
// (set only after an accept) and the decision recorded.
func runBanner(t *testing.T, base string, rules *Rules, c bannerCase) {
	t.Run(c.name+"/reject", func(t *testing.T) {
		t.Parallel()
		p := open(t, base+c.path)
		d := p.detect(rules, 5*time.Second)
		checkDetection(t, d, c)
		out := p.act(d, Reject)
		t.Logf("%s: %s, buttons %q; reject: %s", d.Rule, d.Found, d.Labels(), out)
		checkOutcome(t, "reject", out, c.rejectOutcome)
		if ch := p.choice(); c.choiceSource != "" && (ch == nil || ch.Source != c.choiceSource || ch.Decision != DecisionReject) {
			t.Errorf("after the reject, the recorded choice is %+v, want a reject in %s", ch, c.choiceSource)
		}
		if p.waitCookie("_ga", 300*time.Millisecond) {
			t.Errorf("after the reject, the analytics cookie _ga was set")
		}
	})
	t.Run(c.name+"/accept", func(t *testing.T) {
		t.Parallel()
		p := open(t, base+c.path)
		d := p.detect(rules, 5*time.Second)
		checkDetection(t, d, c)
		out := p.act(d, Accept)
		t.Logf("%s: %s, buttons %q; accept: %s", d.Rule, d.Found, d.Labels(), out)
		checkOutcome(t, "accept", out, c.acceptOutcome)
		if !p.waitCookie("_ga", 3*time.Second) {
			t.Errorf("after the accept, the analytics cookie _ga was not set (cookies: %v)", p.cookies())
		}
		if ch := p.choice(); c.choiceSource != "" && (ch == nil || ch.Source != c.choiceSource || ch.Decision != DecisionAccept) {
			t.Errorf("after the accept, the recorded choice is %+v, want an accept in %s", ch, c.choiceSource)
		}
	})
}

func checkDetection(t *testing.T, d Detection, c bannerCase) {
	t.Helper()
	if d.Found != FoundBanner || d.Platform != c.platform || !strings.HasPrefix(d.Rule, c.rule) {
		t.Fatalf("Detect = %s, %q, %q; want banner, %q, %s...", d.Found, d.Platform, d.Rule, c.platform, c.rule)
	}
	if got := RejectOnFirstLayer(d); got != c.rejectFirst {
		t.Errorf("RejectOnFirstLayer = %v, want %v (buttons %+v)", got, c.rejectFirst, d.Buttons)
	}
	for _, b := range c.buttons {
		if !slices.Contains(d.Labels(), b) {
			t.Errorf("buttons %q lack %q", d.Labels(), b)
		}
	}
	res := d.Result()
	if res.Found != FoundBanner || res.Platform != c.platform || res.RejectOnFirstLayer != c.rejectFirst {
		t.Errorf("Result() = %+v", res)
	}
}

func checkOutcome(t *testing.T, what, got, want string) {
	t.Helper()
	if want == "" && got == OutcomeNotFound || want != "" && got != want {
		t.Errorf("Act(%s) = %q, want %q", what, got, cmpOr(want, "clicked or second-layer"))
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// TestBannersBuiltin runs the built-in rules and the generic banner on the
// fixture banners.
func TestBannersBuiltin(t *testing.T) {
	base := servePages(t)
	rules := Builtin()
	for _, c := range []bannerCase{
		{
			name: "onetrust", path: "/onetrust.html", platform: "OneTrust", rule: "builtin:onetrust",
			rejectFirst: true, buttons: []string{"Reject All", "Accept All Cookies", "Cookie Settings"},
			rejectOutcome: OutcomeClicked, acceptOutcome: OutcomeClicked, choiceSource: "OptanonConsent",
		},
		{
			name: "onetrust-reject-in-settings", path: "/onetrust.html?noreject=1", platform: "OneTrust", rule: "builtin:onetrust",
			rejectFirst: false, buttons: []string{"Accept All Cookies", "Cookie Settings"},
			rejectOutcome: OutcomeSecondLayer, acceptOutcome: OutcomeClicked, choiceSource: "OptanonConsent",
		},
		{
			name: "cookiebot", path: "/cookiebot.html", platform: "Cookiebot", rule: "builtin:cookiebot",
			rejectFirst: true, buttons: []string{"Use necessary cookies only", "Allow all", "Customize"},
			rejectOutcome: OutcomeClicked, acceptOutcome: OutcomeClicked, choiceSource: "CookieConsent",
		},
		{
			name: "generic-de", path: "/german.html", platform: Generic, rule: Generic,
			rejectFirst: true, buttons: []string{"Alle akzeptieren", "Nur notwendige"},
			rejectOutcome: OutcomeClicked, acceptOutcome: OutcomeClicked,
		},
		{
			name: "generic-reject-in-settings", path: "/settings.html", platform: Generic, rule: Generic,
			rejectFirst: false, buttons: []string{"Accept all", "Manage settings"},
			rejectOutcome: OutcomeSecondLayer, acceptOutcome: OutcomeClicked,
		},
	} {
		runBanner(t, base, rules, c)
	}
}

// TestBannersConsentOMatic runs Consent-O-Matic's own rules on the
// platform fixtures.
func TestBannersConsentOMatic(t *testing.T) {
	rules := comRules(t)
	base := servePages(t)
	for _, c := range []bannerCase{
		// Consent-O-Matic handles OneTrust with a utility rule that opens
		// the preference centre, then switches the groups there.
		{
			name: "onetrust", path: "/onetrust.html", platform: "OneTrust", rule: "consent-o-matic:onetrust",
			rejectFirst: true, rejectOutcome: OutcomeSecondLayer, acceptOutcome: OutcomeSecondLayer, choiceSource: "OptanonConsent",
		},
		{
			name: "onetrust-reject-in-settings", path: "/onetrust.html?noreject=1", platform: "OneTrust", rule: "consent-o-matic:onetrust",
			rejectFirst: false, rejectOutcome: OutcomeSecondLayer, acceptOutcome: OutcomeSecondLayer, choiceSource: "OptanonConsent",
		},
		// Its Cookiebot rule opens the details and saves the selection.
		{
			name: "cookiebot", path: "/cookiebot.html", platform: "Cookiebot", rule: "consent-o-matic:cookiebot",
			rejectFirst: true, rejectOutcome: OutcomeSecondLayer, acceptOutcome: OutcomeSecondLayer, choiceSource: "CookieConsent",
		},
		// No rule of the set mistakes a hand-made banner for a platform's.
		{
			name: "generic-de", path: "/german.html", platform: Generic, rule: Generic,
			rejectFirst: true, rejectOutcome: OutcomeClicked, acceptOutcome: OutcomeClicked,
		},
	} {
		runBanner(t, base, rules, c)
	}
}

// TestBuiltinWinsOnMerge checks that merged sets detect with the built-in
// rule.
func TestBuiltinWinsOnMerge(t *testing.T) {
	t.Parallel()
	rules := Builtin().Merge(comRules(t))
	p := open(t, servePages(t)+"/cookiebot.html")
	d := p.detect(rules, 5*time.Second)
	if d.Rule != "builtin:cookiebot" {
		t.Errorf("Detect with the merged rules = %q, want builtin:cookiebot", d.Rule)
	}
}

// TestNoBanner checks FoundNone on a page with a sticky header but no
// banner, and FoundNotRendered on a page whose OneTrust banner never
// shows; and that Act does nothing on either.
func TestNoBanner(t *testing.T) {
	base := servePages(t)
	t.Run("none", func(t *testing.T) {
		t.Parallel()
		p := open(t, base+"/plain.html")
		start := time.Now()
		d := p.detect(Builtin(), time.Second)
		if d.Found != FoundNone || d.Platform != "" {
			t.Errorf("Detect = %+v, want none", d)
		}
		if el := time.Since(start); el < 900*time.Millisecond {
			t.Errorf("Detect gave up after %v, before the 1 s wait", el)
		}
		if out := p.act(d, Reject); out != OutcomeNotFound {
			t.Errorf("Act on no banner = %q", out)
		}
	})
	t.Run("not-rendered", func(t *testing.T) {
		t.Parallel()
		p := open(t, base+"/onetrust.html?hidden=1")
		d := p.detect(Builtin(), time.Second)
		if d.Found != FoundNotRendered || d.Platform != "OneTrust" || d.Rule != "builtin:onetrust" {
			t.Errorf("Detect = %+v, want not-rendered OneTrust", d)
		}
		if RejectOnFirstLayer(d) || d.Result().Found != FoundNotRendered {
			t.Errorf("a banner not rendered has a reject on its first layer, or a Result %+v", d.Result())
		}
		if out := p.act(d, Accept); out != OutcomeNotFound {
			t.Errorf("Act on a hidden banner = %q", out)
		}
		if p.waitCookie("_ga", 300*time.Millisecond) {
			t.Error("the analytics cookie was set with no banner shown")
		}
	})
}

// TestRuleFallsBackToButtons checks that Act uses the banner's buttons
// when the rule that found the banner clicks nothing, and that Detect
// with no rules finds the generic banner.
func TestRuleFallsBackToButtons(t *testing.T) {
	t.Parallel()
	rules, err := ParseRules([]byte(`{"hinweis": {
		"detectors": [{"presentMatcher": [{"type": "css", "target": {"selector": "#hinweis"}}],
		               "showingMatcher": [{"type": "css", "target": {"selector": "#hinweis", "displayFilter": true}}]}],
		"methods": [{"name": "SAVE_CONSENT", "action": {"type": "click", "target": {"selector": "#no-such-button"}}}]}}`), "test")
	if err != nil {
		t.Fatal(err)
	}
	base := servePages(t)
	p := open(t, base+"/german.html")
	d := p.detect(rules, 2*time.Second)
	if d.Rule != "test:hinweis" || d.Platform != "hinweis" || !RejectOnFirstLayer(d) {
		t.Fatalf("Detect = %+v", d)
	}
	if out := p.act(d, Reject); out != OutcomeClicked {
		t.Errorf("Act = %q, want clicked", out)
	}
	if got := p.cookies()["bb_consent"]; got != "notwendig" {
		t.Errorf("the banner recorded %q, want notwendig", got)
	}
	q := open(t, base+"/german.html")
	if d := q.detect(nil, 2*time.Second); d.Found != FoundBanner || d.Platform != Generic {
		t.Errorf("Detect with no rules = %+v", d)
	}
}

// TestBuiltinPlatforms runs the built-in rules of the other platforms on
// first layers that follow their public DOM: each rule must find its
// banner and click its reject (in one tab) and its accept (in another).
func TestBuiltinPlatforms(t *testing.T) {
	base := servePages(t)
	for _, c := range []struct {
		file, platform, rule string
	}{
		{"didomi", "Didomi", "builtin:didomi"},
		{"quantcast", "Quantcast Choice", "builtin:quantcast"},
		{"usercentrics", "Usercentrics", "builtin:usercentrics"},
		{"cookieyes", "CookieYes", "builtin:cookieyes"},
		{"trustarc", "TrustArc", "builtin:trustarc"},
		{"osano", "Osano", "builtin:osano"},
		{"klaro", "Klaro", "builtin:klaro"},
		{"complianz", "Complianz", "builtin:complianz"},
		{"borlabs", "Borlabs Cookie", "builtin:borlabs"},
		{"iubenda", "iubenda", "builtin:iubenda"},
	} {
		t.Run(c.file, func(t *testing.T) {
			t.Parallel()
			p := open(t, base+"/platforms/"+c.file+".html")
			for _, a := range []Action{Reject, Accept} {
				if a == Accept {
					// The fixture keeps no state: a reload starts afresh.
					p.navigate(base + "/platforms/" + c.file + ".html")
				}
				d := p.detect(Builtin(), 3*time.Second)
				if d.Found != FoundBanner || d.Platform != c.platform || d.Rule != c.rule {
					t.Fatalf("Detect = %s, %q, %q; want %q, %q", d.Found, d.Platform, d.Rule, c.platform, c.rule)
				}
				if !RejectOnFirstLayer(d) {
					t.Errorf("no reject on the first layer among %+v", d.Buttons)
				}
				if out := p.act(d, a); out != OutcomeClicked {
					t.Errorf("Act(%s) = %q, want clicked", a, out)
				}
				ctx, cancel := p.timeout(5 * time.Second)
				defer cancel()
				var choice string
				if err := p.dom.Eval(ctx, "window.choice", &choice); err != nil {
					t.Fatal(err)
				}
				if choice != a.String() {
					t.Errorf("the banner got %q, want %s", choice, a)
				}
			}
		})
	}
}
