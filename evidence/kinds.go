package evidence

// Kind names a piece of evidence a check can require.
type Kind string

// Evidence kinds.
const (
	// KindPages are the HTML pages and what was read from them.
	KindPages Kind = "pages"
	// KindPolicy is the privacy and cookie policy, read (or known to be
	// missing).
	KindPolicy Kind = "policy"
	// KindCookies are the cookies the site's responses set.
	KindCookies Kind = "cookies"
	// KindThirdParties are the other hosts the pages use.
	KindThirdParties Kind = "third-parties"
	// KindHTTPProbe is how the site answers plain http://.
	KindHTTPProbe Kind = "http-probe"
	// KindStorage is what scripts keep in the browser (localStorage,
	// sessionStorage): only a browser sees it.
	KindStorage Kind = "storage"
	// KindScriptCookies are cookies set by scripts (document.cookie) and
	// inside third-party frames: only a browser sees them.
	KindScriptCookies Kind = "script-cookies"
	// KindConsent is the consent banner and what the site does after
	// reject and after accept: only a browser sees it.
	KindConsent Kind = "consent"
)

// Mode is how a site is gathered.
type Mode string

// Modes.
const (
	// ModeStatic reads what the server sends (the colly crawler).
	ModeStatic Mode = "static"
	// ModeBrowser renders pages in a real browser.
	ModeBrowser Mode = "browser"
)

// gatheredIn lists the modes that can gather each kind of evidence.
var gatheredIn = map[Kind][]Mode{
	KindPages:         {ModeStatic, ModeBrowser},
	KindPolicy:        {ModeStatic, ModeBrowser},
	KindCookies:       {ModeStatic, ModeBrowser},
	KindThirdParties:  {ModeStatic, ModeBrowser},
	KindHTTPProbe:     {ModeStatic, ModeBrowser},
	KindStorage:       {ModeBrowser},
	KindScriptCookies: {ModeBrowser},
	KindConsent:       {ModeBrowser},
}

// Modes returns the modes that can gather k.
func (k Kind) Modes() []Mode { return gatheredIn[k] }

// GatheredIn reports whether mode m can gather k.
func (k Kind) GatheredIn(m Mode) bool {
	for _, x := range gatheredIn[k] {
		if x == m {
			return true
		}
	}
	return false
}

// Flag returns the command-line flag that selects a mode ("" for the
// default, static).
func (m Mode) Flag() string {
	if m == ModeBrowser {
		return "--browser"
	}
	return ""
}
