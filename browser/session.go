package browser

import (
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
)

// bindingName is the name of the binding through which the write hook
// reports the cookies and storage items scripts set. The hook takes it off
// the page's global object before any script of the page runs.
const bindingName = "__privauditCookie"

// writeHook runs in every document before its scripts (and in the
// documents open when it is installed). It wraps the setter of
// document.cookie, cookieStore.set and Storage's setItem so that each
// cookie or storage item a script sets is reported with the document it
// was set in: the frame that ran the script. It changes nothing of what
// the page sees but the identity of those functions, and never throws
// into the page.
const writeHook = `(() => {
  const name = ` + "`" + bindingName + "`" + `;
  const send = globalThis[name];
  if (typeof send !== "function") return;
  try { delete globalThis[name]; } catch (e) {}
  const report = (m) => { try { send(JSON.stringify(m)); } catch (e) {} };
  const origin = (doc) => {
    try { return String((doc && doc.defaultView && doc.defaultView.origin) || self.origin); } catch (e) { return ""; }
  };
  try {
    const d = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
    if (d && d.set && d.configurable) {
      const set = d.set;
      Object.defineProperty(Document.prototype, "cookie", {
        configurable: true, enumerable: d.enumerable, get: d.get,
        set: { cookie(v) {
          set.call(this, v);
          try { report({k: "cookie", u: String(this.URL), o: origin(this), c: String(v)}); } catch (e) {}
        } }.cookie,
      });
    }
  } catch (e) {}
  try {
    if (typeof CookieStore === "function" && CookieStore.prototype.set) {
      const set = CookieStore.prototype.set;
      CookieStore.prototype.set = { set(...args) {
        const p = set.apply(this, args);
        let c = "";
        try {
          const o = args[0];
          c = o && typeof o === "object"
            ? o.name + "=" + o.value + (o.domain ? "; domain=" + o.domain : "") + (o.path ? "; path=" + o.path : "")
            : o + "=" + args[1];
        } catch (e) {}
        const u = typeof document === "object" ? document.URL : String(location.href);
        Promise.resolve(p).then(() => report({k: "cookie", u, o: String(self.origin), c}), () => {});
        return p;
      } }.set;
    }
  } catch (e) {}
  try {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = { setItem(k, v) {
      const r = setItem.call(this, k, v);
      let kind = "";
      try { kind = this === self.localStorage ? "local" : this === self.sessionStorage ? "session" : ""; } catch (e) {}
      if (kind) report({k: kind, o: String(self.origin), key: String(k)});
      return r;
    } }.setItem;
  } catch (e) {}
})()`

// sessionConfig is how every session of a tab is set up.
type sessionConfig struct {
	userAgent string
	locale    string
}

// command is a DevTools command to send.
type command struct {
	method string
	params any
}

// sessionSetup returns the commands that set up a session of a target of
// the type kind ("page", "iframe", "worker"...): the events to record,
// the cookie hook, the User-Agent and language, and the automatic attach
// (holding each new target until conn has set it up) to the iframes and
// workers it starts.
func sessionSetup(kind string, cfg *sessionConfig) []command {
	autoAttach := command{target.SetAutoAttach.Method, target.SetAutoAttachParams{AutoAttach: true, WaitForDebuggerOnStart: true, Flatten: new(true)}}
	netEnable := command{network.Enable.Method, network.EnableParams{MaxTotalBufferSize: new(int64(1 << 20)), MaxResourceBufferSize: new(int64(64 << 10)), MaxPostDataSize: new(int64(0))}}
	switch kind {
	case "page", "iframe":
		// The tab's own session has the Inspector domain already (chromedp
		// enables it): only a crash of the page's renderer ends the page.
		return []command{
			{runtime.Enable.Method, nil},
			{page.Enable.Method, page.EnableParams{}},
			netEnable,
			{"DOMStorage.enable", nil},
			{runtime.AddBinding.Method, runtime.AddBindingParams{Name: bindingName}},
			{page.AddScriptToEvaluateOnNewDocument.Method, page.AddScriptToEvaluateOnNewDocumentParams{Source: writeHook, RunImmediately: new(true)}},
			{emulation.SetUserAgentOverride.Method, emulation.SetUserAgentOverrideParams{UserAgent: cfg.userAgent, AcceptLanguage: cfg.locale}},
			autoAttach,
		}
	case "worker", "shared_worker", "service_worker":
		return []command{
			netEnable,
			{"Network.setUserAgentOverride", emulation.SetUserAgentOverrideParams{UserAgent: cfg.userAgent, AcceptLanguage: cfg.locale}},
			autoAttach,
		}
	}
	return nil
}
