package consent

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/record"
)

// Result is what was found of a banner, as a browser record keeps it.
type Result = record.Consent

// What Detect found (Detection.Found, record.Consent.Found).
const (
	// FoundBanner: a banner shows.
	FoundBanner = "banner"
	// FoundNone: no banner and no consent platform on the page.
	FoundNone = "none"
	// FoundNotRendered: a consent platform is on the page, but its banner
	// did not show within the time limit.
	FoundNotRendered = "not-rendered"
)

// Generic is the platform name of a banner found by its text and buttons.
const Generic = "generic"

// DefaultWait is how long Detect waits for a banner to show, as long as
// Consent-O-Matic's engine looks for one.
const DefaultWait = 5 * time.Second

// pollEvery is the interval of Detect's looks at the page.
const pollEvery = 250 * time.Millisecond

// Button is a button (or a link that acts as one) of a banner's first
// layer.
type Button struct {
	// Label is the text shown (or its aria-label or title).
	Label string `json:"label"`
	// Kind says what it does.
	Kind Kind `json:"kind"`

	el element
}

// Detection is what Detect found on a page: the banner, the rule that
// recognised it and the buttons it shows. Act takes it to act on the
// same page.
type Detection struct {
	// Found is FoundBanner, FoundNone or FoundNotRendered.
	Found string `json:"found"`
	// Platform is the platform's display name ("OneTrust"), or Generic.
	// For FoundNotRendered it names the platform present.
	Platform string `json:"platform,omitempty"`
	// Rule names the rule that recognised it ("builtin:onetrust",
	// "consent-o-matic:cookiebot"), or Generic.
	Rule string `json:"rule,omitempty"`
	// Buttons are the visible buttons of the banner, as shown.
	Buttons []Button `json:"buttons,omitempty"`

	// rules is the set Detect used (Act looks for the next rule's banner
	// in it); platform is the rule that found the banner (nil for a
	// generic one).
	rules    *Rules
	platform *platform
}

// Labels returns the labels of the banner's buttons.
func (d Detection) Labels() []string {
	var out []string
	for _, b := range d.Buttons {
		if b.Label != "" {
			out = append(out, b.Label)
		}
	}
	return out
}

// Result returns the detection as a record; the caller fills Reject and
// Accept with what Act returned.
func (d Detection) Result() *Result {
	return &Result{
		Found:              d.Found,
		Platform:           d.Platform,
		Rule:               d.Rule,
		RejectOnFirstLayer: RejectOnFirstLayer(d),
		Buttons:            d.Labels(),
	}
}

// RejectOnFirstLayer reports whether the banner offers a reject (or "only
// necessary") button on its first layer, without opening its settings: one
// of the buttons Detect saw is a reject by its label (in one of the six
// languages) or, when its label says nothing, by its id or classes
// ("onetrust-reject-all-handler").
func RejectOnFirstLayer(d Detection) bool {
	if d.Found != FoundBanner {
		return false
	}
	for _, b := range d.Buttons {
		if b.Kind == KindReject {
			return true
		}
	}
	return false
}

// Detect looks for a consent banner on the page, waiting up to DefaultWait
// for one to show; see DetectWithin.
func Detect(ctx context.Context, dom DOM, rules *Rules) (Detection, error) {
	return DetectWithin(ctx, dom, rules, DefaultWait)
}

// DetectWithin looks for a consent banner on the page, as often as every
// 250 ms until one shows or wait has passed. The first rule (in the set's
// order) whose detector matches, present and showing, names the banner;
// failing that, a visible element that is fixed, a dialog or named like a
// banner, speaks of cookies or consent and holds an accept or reject
// button is a Generic banner. When none shows in time, the result is
// FoundNotRendered if a rule's platform is present (its present matcher
// matches: the banner exists but is hidden), FoundNone otherwise. rules
// may be nil (generic banners only). Errors are the DOM's.
func DetectWithin(ctx context.Context, dom DOM, rules *Rules, wait time.Duration) (Detection, error) {
	deadline := time.Now().Add(wait)
	byRule := func(p *platform, root int) (Detection, error) {
		d := Detection{Found: FoundBanner, Platform: displayName(p), Rule: p.id(), rules: rules, platform: p}
		var err error
		if d.Buttons, err = bannerButtons(ctx, dom, root); err != nil {
			return Detection{}, err
		}
		return d, nil
	}
	var present *platform
	for {
		p, root, pres, err := detectRule(ctx, dom, rules, nil)
		if err != nil {
			return Detection{}, err
		}
		if p != nil {
			return byRule(p, root)
		}
		if present == nil {
			present = pres
		}
		g, err := scanGeneric(ctx, dom)
		if err != nil {
			return Detection{}, err
		}
		if g != nil {
			// The banner may be a platform's that showed since the rules
			// were run: look again.
			p, root, _, err := detectRule(ctx, dom, rules, nil)
			if err != nil {
				return Detection{}, err
			}
			if p != nil {
				return byRule(p, root)
			}
			return Detection{Found: FoundBanner, Platform: Generic, Rule: Generic, Buttons: g.buttons, rules: rules}, nil
		}
		left := time.Until(deadline)
		if left <= 0 {
			break
		}
		if err := sleep(ctx, min(pollEvery, left)); err != nil {
			return Detection{}, err
		}
	}
	if present != nil {
		return Detection{Found: FoundNotRendered, Platform: displayName(present), Rule: present.id(), rules: rules}, nil
	}
	return Detection{Found: FoundNone, rules: rules}, nil
}

// detectRule runs the detectors of every rule not in skip and returns the
// first rule whose banner shows (and the element its matcher found), or
// the first present one.
func detectRule(ctx context.Context, dom DOM, rules *Rules, skip map[*platform]bool) (showing *platform, root int, present *platform, err error) {
	if rules.Len() == 0 {
		return nil, 0, nil, nil
	}
	var states []json.RawMessage
	if err := call(ctx, dom, map[string]any{"op": "detect", "rules": rules.detectJSON}, &states); err != nil {
		if isPageError(err) {
			return nil, 0, nil, fmt.Errorf("consent: detecting: %w", err)
		}
		return nil, 0, nil, err
	}
	for i, raw := range states {
		if i >= len(rules.platforms) {
			break
		}
		p := rules.platforms[i]
		if skip[p] {
			continue
		}
		var st []int
		if json.Unmarshal(raw, &st) != nil || len(st) != 2 {
			continue
		}
		switch st[0] {
		case 2:
			return p, st[1], present, nil
		case 1:
			if present == nil {
				present = p
			}
		}
	}
	return nil, 0, present, nil
}

// bannerButtons lists the visible buttons of the banner around the element
// root.
func bannerButtons(ctx context.Context, dom DOM, root int) ([]Button, error) {
	if root == 0 {
		return nil, nil
	}
	var raw []rawButton
	if err := call(ctx, dom, map[string]any{"op": "buttons", "id": root}, &raw); err != nil {
		if isPageError(err) {
			return nil, nil
		}
		return nil, err
	}
	return toButtons(raw), nil
}

// rawButton is a button as the page describes it.
type rawButton struct {
	ID    int    `json:"id"`
	Sel   string `json:"sel"`
	Label string `json:"label"`
	Hint  string `json:"hint"`
	Tag   string `json:"tag"`
}

// toButtons classifies buttons, leaving out links that are not buttons
// (a policy link).
func toButtons(raw []rawButton) []Button {
	var out []Button
	for _, r := range raw {
		k := classifyButton(r.Label, r.Hint)
		if r.Tag == "a" && k == KindOther {
			continue
		}
		out = append(out, Button{Label: r.Label, Kind: k, el: element{ID: r.ID, Sel: r.Sel, Shown: true}})
	}
	return out
}

// platformNames are the display names of rules, by the rule's name in
// lower case or its prefix before "_" or "-".
var platformNames = map[string]string{
	"onetrust":           "OneTrust",
	"optanon":            "OneTrust",
	"cookiebot":          "Cookiebot",
	"didomi":             "Didomi",
	"didomi.io":          "Didomi",
	"quantcast":          "Quantcast Choice",
	"usercentrics":       "Usercentrics",
	"cookieyes":          "CookieYes",
	"trustarc":           "TrustArc",
	"trustarcbar":        "TrustArc",
	"trustarcframe":      "TrustArc",
	"osano":              "Osano",
	"klaro":              "Klaro",
	"complianz":          "Complianz",
	"borlabs":            "Borlabs Cookie",
	"borlabscookiebox":   "Borlabs Cookie",
	"iubenda":            "iubenda",
	"iubuenda":           "iubenda",
	"sourcepoint":        "Sourcepoint",
	"sourcepointframe":   "Sourcepoint",
	"sourcepointpopup":   "Sourcepoint",
	"tarteaucitron":      "tarteaucitron.js",
	"cookieinformation":  "Cookie Information",
	"consentmanager.net": "consentmanager",
	"cookiescript":       "Cookie-Script",
	"evidonbanner":       "Evidon",
	"evidoniframe":       "Evidon",
}

// displayName returns the platform's name for people: the catalogue's or
// ours for known rules, the rule's name otherwise.
func displayName(p *platform) string {
	key := strings.ToLower(p.name)
	if n, ok := platformNames[key]; ok {
		return n
	}
	if i := strings.IndexAny(key, "_-"); i > 0 {
		if n, ok := platformNames[key[:i]]; ok {
			return n
		}
	}
	if c, ok := catalog.ConsentPlatformByID(key); ok {
		return c.Name
	}
	return p.name
}
