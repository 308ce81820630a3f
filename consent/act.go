package consent

import (
	"context"
	"fmt"
	"time"
)

// Action is what Act does with a banner.
type Action int

// Actions.
const (
	// Reject refuses every optional purpose (keeps only the necessary).
	Reject Action = iota + 1
	// Accept grants every purpose.
	Accept
)

// String returns "reject" or "accept".
func (a Action) String() string {
	switch a {
	case Reject:
		return "reject"
	case Accept:
		return "accept"
	}
	return fmt.Sprintf("Action(%d)", int(a))
}

// What Act did (record.Consent's Reject and Accept).
const (
	// OutcomeClicked: a button on the banner itself did it.
	OutcomeClicked = "clicked"
	// OutcomeSecondLayer: it took opening the banner's settings.
	OutcomeSecondLayer = "second-layer"
	// OutcomeNotFound: no way to do it was found; nothing was saved.
	OutcomeNotFound = "not-found"
	// OutcomeFailed prefixes the error of an Act that failed.
	OutcomeFailed = "failed: "
)

// utilityWait is how long Act looks for the banner a utility rule opened.
const utilityWait = 3 * time.Second

// Act rejects or accepts on the banner d found (on the same page), and
// returns what it did: OutcomeClicked, OutcomeSecondLayer or
// OutcomeNotFound (also for a detection that found no banner). On an error
// it returns OutcomeFailed followed by the error, and the error.
//
// For a platform found by a rule, Act runs the rule's methods in
// Consent-O-Matic's order: HIDE_CMP, OPEN_OPTIONS, HIDE_CMP, DO_CONSENT
// (every consent category off to reject, on to accept), SAVE_CONSENT. A
// utility rule (only a UTILITY method) runs that method. When the rule
// clicked but saved nothing (DO_CONSENT and SAVE_CONSENT clicked nothing:
// a utility rule, or one that only opens another banner), Act looks for
// the next rule's banner, for up to 3 s, and goes on with it. The outcome
// is OutcomeClicked when the rule saved with no OPEN_OPTIONS or UTILITY
// click, OutcomeSecondLayer when it took one. When the rules save nothing,
// Act acts as on a generic banner, below, on what is open by then (and an
// outcome of clicked becomes second-layer if the rules had clicked).
//
// For a Generic banner, Act clicks the button whose label means reject or
// "only necessary" (or accept), in English, German, French, Dutch, Spanish
// or Italian. Without one, when the banner has a save button ("Save my
// choices"), it sets every switch of the banner off (or on) and saves;
// otherwise it opens the settings, waits up to 3 s for them, and does the
// same there.
func Act(ctx context.Context, dom DOM, d Detection, action Action) (string, error) {
	if action != Reject && action != Accept {
		err := fmt.Errorf("consent: unknown action %v", action)
		return OutcomeFailed + err.Error(), err
	}
	if d.Found != FoundBanner {
		return OutcomeNotFound, nil
	}
	out, err := act(ctx, dom, d, action)
	if err != nil {
		err = fmt.Errorf("consent: %s on %s: %w", action, d.Platform, err)
		return OutcomeFailed + err.Error(), err
	}
	return out, nil
}

func act(ctx context.Context, dom DOM, d Detection, action Action) (string, error) {
	if d.platform == nil {
		return actGeneric(ctx, dom, action)
	}
	want := allLetters(action == Accept)
	p := d.platform
	tried := map[*platform]bool{}
	opened, clicks := false, 0
	for hop := 0; p != nil && hop < 5; hop++ {
		tried[p] = true
		e := &engine{dom: dom, p: p, want: want}
		methods := []string{methodHide, methodOpen, methodHide, methodConsent, methodSave}
		if p.utility() {
			methods = []string{methodUtility}
		}
		saved := 0
		for _, name := range methods {
			n, err := e.runMethod(ctx, name)
			if err != nil {
				return "", fmt.Errorf("%s %s: %w", p.id(), name, err)
			}
			clicks += n
			switch name {
			case methodOpen, methodUtility:
				opened = opened || n > 0
			case methodConsent, methodSave:
				saved += n
			}
		}
		if saved > 0 {
			if opened {
				return OutcomeSecondLayer, nil
			}
			return OutcomeClicked, nil
		}
		if clicks == 0 {
			break
		}
		// The rule opened something (a utility rule opens the banner
		// another rule handles): look for the next rule's banner.
		var err error
		if p, err = nextShowing(ctx, dom, d.rules, tried); err != nil {
			return "", err
		}
	}
	// The rules saved nothing: try the buttons, on what is open now.
	out, err := actGeneric(ctx, dom, action)
	if out == OutcomeClicked && clicks > 0 {
		out = OutcomeSecondLayer
	}
	return out, err
}

// nextShowing waits up to utilityWait for the banner of a rule not yet
// tried to show, and returns its rule (nil when none shows).
func nextShowing(ctx context.Context, dom DOM, rules *Rules, tried map[*platform]bool) (*platform, error) {
	deadline := time.Now().Add(utilityWait)
	for {
		p, _, _, err := detectRule(ctx, dom, rules, tried)
		if err != nil || p != nil {
			return p, err
		}
		if !time.Now().Before(deadline) {
			return nil, nil
		}
		if err := sleep(ctx, pollEvery); err != nil {
			return nil, err
		}
	}
}
