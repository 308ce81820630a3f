package browser

import (
	"cmp"
	"encoding/json"
	"net"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto"
	"github.com/chromedp/cdproto/cdp"
	jsonv2 "github.com/chromedp/cdproto/cdp/jsonv2"
	"github.com/chromedp/cdproto/domstorage"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/privaudit/privaudit/record"
)

// Limits of what is kept.
const (
	maxStorageValue = 64
	maxExampleURL   = 300
)

// phase collects what the tabs of one Render observe. It is safe for
// concurrent use: conn feeds it from the connection's reader, the render
// loop reads it.
type phase struct {
	setup *sessionConfig

	mu sync.Mutex
	// requests are counted per (host, type); seen holds the requests
	// counted (by id and URL: a redirect is a new request under the same
	// id; a request two sessions report is counted once).
	requests map[requestKey]*record.Request
	seen     map[string]bool
	// reqURL is the last URL of each request, for the host that set a
	// cookie; early holds the Set-Cookie lines of responses whose request
	// was not seen yet (Chromium may send a response's extra info before
	// the request): they are read once its URL is known.
	reqURL map[network.RequestID]string
	early  map[network.RequestID][]earlyCookie
	// writes are the cookie writes observed, in order.
	writes []cookieWrite
	// areas hold the contents of each storage area, and firstSeen the page
	// where each item first appeared.
	areas     map[storageArea]map[string]string
	firstSeen map[itemKey]string
	// hooked holds the page where a script was seen setting each item:
	// the storage events of localStorage reach every tab with a frame of
	// the origin, so they do not tell which page set an item.
	hooked map[itemKey]string
	// listed holds the page after which a cookie was first listed, for
	// the cookies no write explains.
	listed map[cookieKey]string
	tabs   int
}

func newPhase(setup *sessionConfig) *phase {
	return &phase{
		setup:     setup,
		requests:  map[requestKey]*record.Request{},
		seen:      map[string]bool{},
		reqURL:    map[network.RequestID]string{},
		early:     map[network.RequestID][]earlyCookie{},
		areas:     map[storageArea]map[string]string{},
		firstSeen: map[itemKey]string{},
		hooked:    map[itemKey]string{},
		listed:    map[cookieKey]string{},
	}
}

type requestKey struct{ host, typ string }

// cookieWrite is a cookie set by a response or a script.
type cookieWrite struct {
	name, domain, path string
	// via is "http" or "script"; host the host of the response or of the
	// frame's document; page the page being rendered.
	via, host, page string
}

type cookieKey struct{ name, domain, path string }

// earlyCookie is a Set-Cookie line of a response whose request was not
// seen yet, and the page being rendered then.
type earlyCookie struct{ line, page string }

// storageArea is a localStorage area (tab 0) or a tab's sessionStorage
// area, by storage key.
type storageArea struct {
	key   string
	local bool
	tab   int
}

type itemKey struct {
	origin string
	local  bool
	key    string
}

// newTab returns the recorder of a new tab whose main frame is mainFrame.
func (p *phase) newTab(mainFrame cdp.FrameID) *tabRec {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tabs++
	return &tabRec{
		ph: p, id: p.tabs, mainFrame: mainFrame,
		inflight: map[network.RequestID]bool{},
		last:     time.Now(),
		crashed:  make(chan struct{}),
	}
}

// tabRec records the events of one tab and its frames and workers, for
// the page it renders.
type tabRec struct {
	ph *phase
	id int
	// mainFrame is the id of the tab's main frame (its target id).
	mainFrame cdp.FrameID
	crashed   chan struct{}
	crashOnce sync.Once

	// Under ph.mu:
	// page is the page being rendered; url is the main frame's URL, status
	// the HTTP status of its document.
	page   string
	url    string
	status int
	// inflight are the requests not finished; last is the time the set
	// last changed.
	inflight map[network.RequestID]bool
	last     time.Time
}

// event records one event of a session of the tab. It runs on the
// connection's reader, so it only decodes and counts.
func (t *tabRec) event(msg *cdproto.Message) {
	switch string(msg.Method) {
	case network.RequestWillBeSent.Method:
		var ev network.EventRequestWillBeSent
		if decode(msg, &ev) && ev.Request != nil {
			t.request(ev.RequestID, ev.Request.URL, string(ev.Type), ev.RedirectResponse == nil)
		}
	case network.WebSocketCreated.Method:
		var ev network.EventWebSocketCreated
		if decode(msg, &ev) {
			t.request(ev.RequestID, ev.URL, string(network.ResourceTypeWebSocket), false)
		}
	case network.ResponseReceived.Method:
		var ev network.EventResponseReceived
		if decode(msg, &ev) && ev.Response != nil && ev.Type == network.ResourceTypeDocument && ev.FrameID == t.mainFrame {
			t.ph.mu.Lock()
			t.status = int(ev.Response.Status)
			t.ph.mu.Unlock()
		}
	case network.ResponseReceivedExtraInfo.Method:
		var ev network.EventResponseReceivedExtraInfo
		if decode(msg, &ev) {
			t.setCookies(ev)
		}
	case network.LoadingFinished.Method:
		var ev network.EventLoadingFinished
		if decode(msg, &ev) {
			t.finished(ev.RequestID)
		}
	case network.LoadingFailed.Method:
		var ev network.EventLoadingFailed
		if decode(msg, &ev) {
			t.finished(ev.RequestID)
		}
	case runtime.BindingCalled.Method:
		var ev runtime.EventBindingCalled
		if decode(msg, &ev) && ev.Name == bindingName {
			t.hookReport(ev.Payload)
		}
	case domstorage.DomStorageItemAdded.Method:
		var ev domstorage.EventDomStorageItemAdded
		if decode(msg, &ev) && ev.StorageID != nil {
			t.storageSet(ev.StorageID, ev.Key, ev.NewValue)
		}
	case domstorage.DomStorageItemUpdated.Method:
		var ev domstorage.EventDomStorageItemUpdated
		if decode(msg, &ev) && ev.StorageID != nil {
			t.storageSet(ev.StorageID, ev.Key, ev.NewValue)
		}
	case domstorage.DomStorageItemRemoved.Method:
		var ev domstorage.EventDomStorageItemRemoved
		if decode(msg, &ev) && ev.StorageID != nil {
			t.ph.mu.Lock()
			delete(t.ph.areas[t.area(ev.StorageID)], ev.Key)
			t.ph.mu.Unlock()
		}
	case domstorage.DomStorageItemsCleared.Method:
		var ev domstorage.EventDomStorageItemsCleared
		if decode(msg, &ev) && ev.StorageID != nil {
			t.ph.mu.Lock()
			delete(t.ph.areas, t.area(ev.StorageID))
			t.ph.mu.Unlock()
		}
	case page.FrameNavigated.Method:
		var ev page.EventFrameNavigated
		if decode(msg, &ev) && ev.Frame != nil && ev.Frame.ID == t.mainFrame {
			t.ph.mu.Lock()
			t.url = ev.Frame.URL
			t.ph.mu.Unlock()
		}
	case "Inspector.targetCrashed":
		// Only the tab's own session enables the Inspector domain: a
		// crashed iframe does not end the page.
		t.crashOnce.Do(func() { close(t.crashed) })
	}
}

func decode(msg *cdproto.Message, v any) bool {
	return jsonv2.Unmarshal(msg.Params, v, chromedp.DefaultUnmarshalOptions) == nil
}

// request counts a request. A new one (not a redirect's next hop, not a
// WebSocket) is in flight until it finishes.
func (t *tabRec) request(id network.RequestID, rawURL, typ string, isNew bool) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return
	}
	p := t.ph
	p.mu.Lock()
	defer p.mu.Unlock()
	t.touch()
	if isNew {
		t.inflight[id] = true
	}
	if typ != string(network.ResourceTypeWebSocket) {
		p.reqURL[id] = rawURL
		for _, e := range p.early[id] {
			if w, ok := parseCookie(e.line, u); ok {
				w.via, w.host, w.page = "http", hostOf(u), e.page
				p.writes = append(p.writes, w)
			}
		}
		delete(p.early, id)
	}
	switch u.Scheme {
	case "http", "https", "ws", "wss":
	default:
		return // data:, blob:, about:...
	}
	seen := string(id) + "\x00" + rawURL
	if p.seen[seen] {
		return
	}
	p.seen[seen] = true
	if typ == "" {
		typ = string(network.ResourceTypeOther)
	}
	k := requestKey{strings.ToLower(u.Host), typ}
	r := p.requests[k]
	if r == nil {
		r = &record.Request{Host: k.host, Type: typ, ExampleURL: cut(rawURL, maxExampleURL), ExamplePage: t.page}
		p.requests[k] = r
	}
	r.Count++
}

// finished ends a request in flight.
func (t *tabRec) finished(id network.RequestID) {
	t.ph.mu.Lock()
	defer t.ph.mu.Unlock()
	if t.inflight[id] {
		delete(t.inflight, id)
		t.touch()
	}
}

// touch records network activity; under ph.mu.
func (t *tabRec) touch() { t.last = time.Now() }

// setPage starts the rendering of pageURL in the tab.
func (t *tabRec) setPage(pageURL string) {
	t.ph.mu.Lock()
	defer t.ph.mu.Unlock()
	t.page, t.url, t.status = pageURL, "", 0
	clear(t.inflight)
	t.touch()
}

// pageURL returns the page being rendered.
func (t *tabRec) pageURL() string {
	t.ph.mu.Lock()
	defer t.ph.mu.Unlock()
	return t.page
}

// quiet reports whether no request of the tab has been in flight for d.
func (t *tabRec) quiet(d time.Duration) bool {
	t.ph.mu.Lock()
	defer t.ph.mu.Unlock()
	return len(t.inflight) == 0 && time.Since(t.last) >= d
}

// state returns the main frame's URL and document status.
func (t *tabRec) state() (string, int) {
	t.ph.mu.Lock()
	defer t.ph.mu.Unlock()
	return t.url, t.status
}

// setCookies records the cookies a response set (Set-Cookie headers not
// blocked).
func (t *tabRec) setCookies(ev network.EventResponseReceivedExtraInfo) {
	var lines []string
	for k, v := range ev.Headers {
		if s, ok := v.(string); ok && strings.EqualFold(k, "set-cookie") {
			lines = append(lines, strings.Split(s, "\n")...)
		}
	}
	if len(lines) == 0 {
		return
	}
	blocked := map[string]bool{}
	for _, b := range ev.BlockedCookies {
		if b != nil {
			blocked[strings.TrimSpace(b.CookieLine)] = true
		}
	}
	p := t.ph
	p.mu.Lock()
	defer p.mu.Unlock()
	raw, known := p.reqURL[ev.RequestID]
	u, _ := url.Parse(raw)
	for _, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" || blocked[line] {
			continue
		}
		if !known {
			// The domain and path of a cookie depend on the URL.
			p.early[ev.RequestID] = append(p.early[ev.RequestID], earlyCookie{line, t.page})
			continue
		}
		w, ok := parseCookie(line, u)
		if !ok {
			continue
		}
		w.via, w.host, w.page = "http", hostOf(u), t.page
		p.writes = append(p.writes, w)
	}
}

// hookReport records what the write hook reported: a cookie a script set
// (document.cookie, cookieStore.set) or a storage item (setItem), with the
// document it was set in.
func (t *tabRec) hookReport(payload string) {
	var m struct {
		Kind   string `json:"k"`
		URL    string `json:"u"`
		Origin string `json:"o"`
		Cookie string `json:"c"`
		Key    string `json:"key"`
	}
	if json.Unmarshal([]byte(payload), &m) != nil {
		return
	}
	p := t.ph
	switch m.Kind {
	case "cookie":
		u, err := url.Parse(m.URL)
		if err != nil || u.Host == "" {
			// about:blank, srcdoc: the document has its creator's origin.
			if u, err = url.Parse(m.Origin); err != nil || u.Host == "" {
				return
			}
		}
		w, ok := parseCookie(m.Cookie, u)
		if !ok {
			return
		}
		p.mu.Lock()
		w.via, w.host, w.page = "script", hostOf(u), t.page
		p.writes = append(p.writes, w)
		p.mu.Unlock()
	case "local", "session":
		k := itemKey{origin: m.Origin, local: m.Kind == "local", key: m.Key}
		p.mu.Lock()
		if _, ok := p.hooked[k]; !ok {
			p.hooked[k] = t.page
		}
		p.mu.Unlock()
	}
}

// parseCookie reads the name, domain and path a Set-Cookie line or a
// document.cookie string gives a cookie set from u, as the browser stores
// them: a domain cookie's domain has a leading dot, a host-only cookie's
// is the host; the path defaults to the directory of u's path.
func parseCookie(line string, u *url.URL) (cookieWrite, bool) {
	parts := strings.Split(line, ";")
	nv := strings.TrimSpace(parts[0])
	name, _, hasEq := strings.Cut(nv, "=")
	if !hasEq {
		name = "" // "foo" is a cookie with an empty name
	}
	w := cookieWrite{name: strings.TrimSpace(name)}
	for _, a := range parts[1:] {
		k, v, _ := strings.Cut(a, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch k {
		case "domain":
			if d := strings.ToLower(strings.TrimPrefix(v, ".")); d != "" {
				w.domain = "." + d
			}
		case "path":
			if strings.HasPrefix(v, "/") {
				w.path = v
			}
		}
	}
	if u != nil {
		if w.domain == "" || w.domain == "."+u.Hostname() && isIP(u.Hostname()) {
			w.domain = strings.ToLower(u.Hostname())
		}
		if w.path == "" {
			w.path = defaultPath(u.Path)
		}
	}
	return w, true
}

// defaultPath is the default path of a cookie set from a URL path (RFC
// 6265, 5.1.4).
func defaultPath(p string) string {
	i := strings.LastIndex(p, "/")
	if !strings.HasPrefix(p, "/") || i <= 0 {
		return "/"
	}
	return p[:i]
}

func isIP(host string) bool { return net.ParseIP(host) != nil }

// area returns the storage area an event names; under ph.mu or not.
func (t *tabRec) area(id *domstorage.StorageID) storageArea {
	a := storageArea{key: string(id.StorageKey), local: id.IsLocalStorage}
	if a.key == "" {
		a.key = id.SecurityOrigin
	}
	if !a.local {
		a.tab = t.id
	}
	return a
}

// storageSet records a storage item set by a frame of the tab.
func (t *tabRec) storageSet(id *domstorage.StorageID, key, value string) {
	a := t.area(id)
	p := t.ph
	p.mu.Lock()
	defer p.mu.Unlock()
	m := p.areas[a]
	if m == nil {
		m = map[string]string{}
		p.areas[a] = m
	}
	m[key] = value
	k := itemKey{origin: storageOrigin(a.key), local: a.local, key: key}
	if _, ok := p.firstSeen[k]; !ok {
		p.firstSeen[k] = t.page
	}
}

// storageOrigin returns the origin of a serialized storage key
// ("https://a.example/" or, partitioned, "https://b.example/^0https://a.example").
func storageOrigin(key string) string {
	key, _, _ = strings.Cut(key, "^")
	return strings.TrimSuffix(key, "/")
}

// listCookies notes the cookies listed after pageURL rendered.
func (p *phase) listCookies(cookies []*network.Cookie, pageURL string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range cookies {
		k := cookieKey{c.Name, c.Domain, c.Path}
		if _, ok := p.listed[k]; !ok {
			p.listed[k] = pageURL
		}
	}
}

// cookies turns the cookies of the browser context into the record's,
// each with the write that set it: the last write observed for the same
// name, domain and path (or, failing that, name and domain), whose
// page is where it first appeared.
func (p *phase) cookies(cookies []*network.Cookie) []record.BrowserCookie {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]record.BrowserCookie, 0, len(cookies))
	for _, c := range cookies {
		bc := record.BrowserCookie{
			Name: c.Name, Domain: c.Domain, Path: c.Path,
			Secure: c.Secure, HTTPOnly: c.HTTPOnly, SameSite: string(c.SameSite),
			Via: "script", ValueLength: len(c.Value),
		}
		if !c.Session && c.Expires > 0 {
			sec := int64(c.Expires)
			bc.Expires = time.Unix(sec, int64((c.Expires-float64(sec))*1e9)).UTC().Format(time.RFC3339)
		}
		first, last := p.matchWrites(c)
		if last != nil {
			bc.Via, bc.SetBy, bc.FirstSeenOn = last.via, last.host, first.page
		} else {
			bc.FirstSeenOn = p.listed[cookieKey{c.Name, c.Domain, c.Path}]
		}
		out = append(out, bc)
	}
	slices.SortFunc(out, func(a, b record.BrowserCookie) int {
		return cmp.Or(cmp.Compare(a.Domain, b.Domain), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Path, b.Path))
	})
	return out
}

// matchWrites returns the first and the last write of a cookie; under
// p.mu.
func (p *phase) matchWrites(c *network.Cookie) (first, last *cookieWrite) {
	loose := func(d string) string { return strings.TrimPrefix(strings.ToLower(d), ".") }
	for _, exact := range []bool{true, false} {
		for i := range p.writes {
			w := &p.writes[i]
			if w.name != c.Name {
				continue
			}
			if exact && (w.domain != c.Domain || w.path != c.Path) || !exact && loose(w.domain) != loose(c.Domain) {
				continue
			}
			if first == nil {
				first = w
			}
			last = w
		}
		if last != nil {
			return first, last
		}
	}
	return nil, nil
}

// storage returns the storage items of the phase: every key of every
// area, by origin, the value cut to 64 characters.
func (p *phase) storage() []record.StorageItem {
	p.mu.Lock()
	defer p.mu.Unlock()
	items := map[itemKey]string{}
	for a, m := range p.areas {
		for k, v := range m {
			items[itemKey{origin: storageOrigin(a.key), local: a.local, key: k}] = v
		}
	}
	out := make([]record.StorageItem, 0, len(items))
	for k, v := range items {
		kind := "session"
		if k.local {
			kind = "local"
		}
		first, ok := p.hooked[k]
		if !ok {
			first = p.firstSeen[k]
		}
		out = append(out, record.StorageItem{Origin: k.origin, Kind: kind, Key: k.key, Value: cut(v, maxStorageValue), FirstSeenOn: first})
	}
	slices.SortFunc(out, func(a, b record.StorageItem) int {
		return cmp.Or(cmp.Compare(a.Origin, b.Origin), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// requestList returns the requests counted, by host then type.
func (p *phase) requestList() []record.Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]record.Request, 0, len(p.requests))
	for _, r := range p.requests {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b record.Request) int {
		return cmp.Or(cmp.Compare(a.Host, b.Host), cmp.Compare(a.Type, b.Type))
	})
	return out
}

// hostOf returns the host of u as the record names hosts: in lower case,
// with the port when the URL gives one (not the scheme's default).
func hostOf(u *url.URL) string {
	if u == nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// cut returns s cut to n characters.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
