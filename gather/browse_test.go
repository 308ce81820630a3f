package gather_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/privaudit/privaudit/browser"
	"github.com/privaudit/privaudit/consent"
	"github.com/privaudit/privaudit/gather"
	"github.com/privaudit/privaudit/internal/testsite"
	"github.com/privaudit/privaudit/record"
)

// serverConsentPage is a banner with OneTrust's DOM (so the built-in
// onetrust rule drives it) whose buttons do not write the decision
// themselves: they POST it to the first party, which answers with
// OptanonConsent and OptanonAlertBoxClosed set HttpOnly, as a platform
// that keeps consent server-side does. The page's scripts cannot read
// either cookie.
const serverConsentPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Shop with a server-side consent banner</title>
<style>
  #onetrust-banner-sdk { position: fixed; bottom: 0; left: 0; right: 0; background: #fff; border-top: 1px solid #999; padding: 1em; }
  .ot-hide { display: none; }
</style>
</head>
<body>
<h1>Welcome</h1>
<p>Products and prices. <a href="/privacy">Privacy policy</a></p>
<div id="onetrust-consent-sdk">
  <div class="onetrust-pc-dark-filter ot-hide"></div>
  <div id="onetrust-banner-sdk" class="otFlat ot-hide" role="region" aria-label="Cookie banner">
    <div id="onetrust-policy"><p id="onetrust-policy-text">We use cookies to improve your experience and to measure traffic.</p></div>
    <div id="onetrust-button-group-parent"><div id="onetrust-button-group">
      <button id="onetrust-reject-all-handler">Reject All</button>
      <button id="onetrust-accept-btn-handler">Accept All Cookies</button>
    </div></div>
  </div>
</div>
<script>
(function () {
  var banner = document.getElementById('onetrust-banner-sdk');
  function save(choice) {
    fetch('/consent', {method: 'POST', body: choice}).then(function () {
      banner.classList.add('ot-hide');
      window.consentSaved = true;
    });
  }
  document.getElementById('onetrust-reject-all-handler').addEventListener('click', function () { save('reject'); });
  document.getElementById('onetrust-accept-btn-handler').addEventListener('click', function () { save('accept'); });
  setTimeout(function () { banner.classList.remove('ot-hide'); }, 200);
})();
</script>
</body>
</html>`

// consentServer serves serverConsentPage at / and records the decisions
// POSTed to /consent, answering each with the OneTrust cookies, HttpOnly.
type consentServer struct {
	URL string

	mu    sync.Mutex
	posts []string
}

func newConsentServer(t *testing.T) *consentServer {
	t.Helper()
	s := &consentServer{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, serverConsentPage)
	})
	mux.HandleFunc("POST /consent", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		choice := string(body)
		s.mu.Lock()
		s.posts = append(s.posts, choice)
		s.mu.Unlock()
		state := "0"
		if choice == "accept" {
			state = "1"
		}
		groups := "C0001:1"
		for _, g := range []string{"C0002", "C0003", "C0004"} {
			groups += "," + g + ":" + state
		}
		v := "isGpcEnabled=0&datestamp=" + url.QueryEscape(time.Now().UTC().Format(time.RFC1123)) +
			"&version=202409.1.0&browserGpcFlag=0&isIABGlobal=false&hosts=&consentId=3f1e2d4c" +
			"&interactionCount=1&landingPath=NotLandingPage&groups=" + url.QueryEscape(groups)
		w.Header().Add("Set-Cookie", "OptanonConsent="+v+"; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax")
		w.Header().Add("Set-Cookie", "OptanonAlertBoxClosed="+time.Now().UTC().Format("2006-01-02T15:04:05.000Z")+"; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax")
		w.WriteHeader(http.StatusNoContent)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

func (s *consentServer) decisions() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.posts...)
}

// launch starts a headless Chromium for the test, skipping the test when
// there is none.
func launch(t *testing.T) *browser.Browser {
	t.Helper()
	if _, err := browser.Find(""); err != nil {
		t.Skipf("skipping the browser test: no Chromium: %v", err)
	}
	b, err := browser.Launch(context.Background(), browser.Options{
		Concurrency: 1,
		PageTimeout: 10 * time.Second * testsite.TimeScale,
		IdleWait:    time.Second,
	})
	if err != nil {
		t.Fatalf("launching Chromium: %v", err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Error(err)
		}
	})
	return b
}

// TestBrowseReadsHttpOnlyConsent runs the three phases on a banner whose
// decision the server records in HttpOnly cookies: the choice of each
// phase is read from the browser's cookie jar (document.cookie would show
// neither cookie, and the choice would be "unknown"), and the cookie
// values stay out of the record.
func TestBrowseReadsHttpOnlyConsent(t *testing.T) {
	b := launch(t)
	s := newConsentServer(t)
	start := s.URL + "/"
	c := &record.Crawl{Version: record.Version, Gatherer: "static", Start: s.URL, Origin: s.URL, StartURL: start, Complete: true,
		Pages: []record.Page{{URL: start, FinalURL: start, Status: 200, HTML: true, ContentType: "text/html"}}}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute*testsite.TimeScale)
	defer cancel()
	if err := gather.Browse(ctx, c, b, consent.Builtin(), 1); err != nil {
		t.Fatal(err)
	}
	rb := c.Browser
	if rb == nil || rb.Consent == nil {
		t.Fatalf("no browser record or consent: %+v", rb)
	}
	if rb.Consent.Found != consent.FoundBanner || rb.Consent.Rule != "builtin:onetrust" {
		t.Fatalf("consent %+v, want the banner found by builtin:onetrust", rb.Consent)
	}
	if got := s.decisions(); strings.Join(got, ",") != "reject,accept" {
		t.Errorf("decisions POSTed: %q, want reject then accept (outcomes: reject %q, accept %q)", got, rb.Consent.Reject, rb.Consent.Accept)
	}
	want := map[record.PhaseName]string{record.PhaseReject: consent.DecisionReject, record.PhaseAccept: consent.DecisionAccept}
	seen := 0
	for _, ph := range rb.Phases {
		w, ok := want[ph.Name]
		if !ok {
			continue
		}
		seen++
		for _, name := range []string{"OptanonConsent", "OptanonAlertBoxClosed"} {
			var ck *record.BrowserCookie
			for i := range ph.Cookies {
				if ph.Cookies[i].Name == name {
					ck = &ph.Cookies[i]
				}
			}
			if ck == nil || !ck.HTTPOnly || ck.Via != "http" {
				t.Errorf("phase %s: cookie %s = %+v, want one set HttpOnly by the response", ph.Name, name, ck)
			}
		}
		if ph.Choice == nil || ph.Choice.Source != "OptanonConsent" || ph.Choice.Decision != w {
			t.Errorf("phase %s: choice %+v, want %q read from OptanonConsent", ph.Name, ph.Choice, w)
		}
	}
	if seen != 2 {
		t.Errorf("%d of the reject and accept phases recorded: %+v", seen, rb.Phases)
	}
	// The values only served to read the choice.
	js, err := json.Marshal(rb)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"consentId", "groups=", "C0002%3A0", "C0002:0"} {
		if strings.Contains(string(js), v) {
			t.Errorf("the record holds a cookie value (%q)", v)
		}
	}
}
