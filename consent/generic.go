package consent

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/privaudit/privaudit/catalog"
)

// bannerWords are words of a cookie banner's text, in lower case, in the
// six languages; a container of buttons is a banner only if its text has
// one.
var bannerWords = []string{
	"cookie", "consent", "tracking", "tracker", "privacy", "gdpr", "personal data",
	"datenschutz", "einwilligung", "zustimmung", "dsgvo", "personenbezogen",
	"traceurs", "consentement", "confidentialité", "vie privée", "données personnelles",
	"toestemming", "privacyverklaring", "persoonsgegevens",
	"privacidad", "consentimiento", "datos personales",
	"consenso", "riservatezza", "dati personali",
}

// bannerMarkers are the catalogue's patterns of ids and classes that name
// a banner with no platform ("cookie-banner", "consent").
var bannerMarkers = sync.OnceValue(func() []string {
	for _, p := range catalog.ConsentPlatforms() {
		if p.Generic {
			return slices.Clone(p.BannerMarkers)
		}
	}
	return nil
})

// candidate is a container of buttons the page's scan found.
type candidate struct {
	ID      int         `json:"id"`
	Marker  bool        `json:"marker"`
	Dialog  bool        `json:"dialog"`
	Fixed   bool        `json:"fixed"`
	Buttons []rawButton `json:"buttons"`

	buttons []Button
}

// has reports whether the candidate has a button of kind k.
func (c *candidate) has(k Kind) bool {
	return slices.ContainsFunc(c.buttons, func(b Button) bool { return b.Kind == k })
}

// first returns the candidate's first button of kind k.
func (c *candidate) first(k Kind) (Button, bool) {
	i := slices.IndexFunc(c.buttons, func(b Button) bool { return b.Kind == k })
	if i < 0 {
		return Button{}, false
	}
	return c.buttons[i], true
}

// scan asks the page for the containers of visible buttons that look like
// a cookie banner, with their buttons classified.
func scan(ctx context.Context, dom DOM) ([]*candidate, error) {
	var cands []*candidate
	err := call(ctx, dom, map[string]any{"op": "scan", "markers": bannerMarkers(), "words": bannerWords}, &cands)
	if err != nil {
		if isPageError(err) {
			return nil, nil
		}
		return nil, err
	}
	for _, c := range cands {
		c.buttons = toButtons(c.Buttons)
	}
	return cands, nil
}

// scanGeneric returns the page's generic banner: the candidate with an
// accept or a reject button that is most like a banner (named like one,
// then a dialog, then with both buttons), or nil.
func scanGeneric(ctx context.Context, dom DOM) (*candidate, error) {
	cands, err := scan(ctx, dom)
	if err != nil {
		return nil, err
	}
	var best *candidate
	bestScore := 0
	for _, c := range cands {
		if !c.has(KindAccept) && !c.has(KindReject) {
			continue
		}
		score := 1
		if c.Marker {
			score += 8
		}
		if c.Dialog {
			score += 4
		}
		if c.has(KindAccept) && c.has(KindReject) {
			score += 2
		}
		if c.has(KindSettings) {
			score++
		}
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	return best, nil
}

// secondLayerWait is how long Act waits for a banner's settings to show
// after opening them.
const secondLayerWait = 3 * time.Second

// actGeneric acts on a banner found by its buttons: it clicks the button
// whose label means the action; failing that, when the banner has a save
// button, it sets every switch off (or on) and saves; failing that, it
// opens the settings and does the same there.
func actGeneric(ctx context.Context, dom DOM, action Action) (string, error) {
	want, settingsWant := KindReject, false
	if action == Accept {
		want, settingsWant = KindAccept, true
	}
	c, err := scanGeneric(ctx, dom)
	if err != nil {
		return "", err
	}
	if c == nil {
		return OutcomeNotFound, nil
	}
	if b, ok := c.first(want); ok {
		if err := clickButton(ctx, dom, b); err != nil {
			return "", err
		}
		return OutcomeClicked, nil
	}
	if b, ok := c.first(KindSave); ok {
		// The choices are on this layer (or a rule opened them).
		if err := saveChoices(ctx, dom, c, b, settingsWant); err != nil {
			return "", err
		}
		return OutcomeClicked, nil
	}
	open, ok := c.first(KindSettings)
	if !ok {
		return OutcomeNotFound, nil
	}
	if err := clickButton(ctx, dom, open); err != nil {
		return "", err
	}
	deadline := time.Now().Add(secondLayerWait)
	for {
		if err := sleep(ctx, pollEvery); err != nil {
			return "", err
		}
		cands, err := scan(ctx, dom)
		if err != nil {
			return "", err
		}
		for _, c := range cands {
			if b, ok := c.first(want); ok {
				if err := clickButton(ctx, dom, b); err != nil {
					return "", err
				}
				return OutcomeSecondLayer, nil
			}
		}
		for _, c := range cands {
			if b, ok := c.first(KindSave); ok {
				if err := saveChoices(ctx, dom, c, b, settingsWant); err != nil {
					return "", err
				}
				return OutcomeSecondLayer, nil
			}
		}
		if !time.Now().Before(deadline) {
			return OutcomeNotFound, nil
		}
	}
}

// saveChoices sets every switch of the container on or off, then clicks
// its save button.
func saveChoices(ctx context.Context, dom DOM, c *candidate, save Button, on bool) error {
	if err := call(ctx, dom, map[string]any{"op": "toggles", "id": c.ID, "on": on}, nil); err != nil && !isPageError(err) {
		return err
	}
	return clickButton(ctx, dom, save)
}

// clickButton clicks a button the page found.
func clickButton(ctx context.Context, dom DOM, b Button) error {
	e := &engine{dom: dom}
	if err := e.click(ctx, b.el, false); err != nil {
		return fmt.Errorf("clicking %q: %w", b.Label, err)
	}
	return nil
}
