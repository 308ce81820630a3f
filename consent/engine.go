package consent

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// maxSteps bounds the actions one Act runs (a rule that loops through a
// runmethod, a foreach over thousands of elements).
const maxSteps = 5000

// maxMethodDepth bounds nested runmethod calls.
const maxMethodDepth = 8

var errTooManySteps = errors.New("the rule ran more than 5000 actions")

// element is an element the page found.
type element struct {
	ID int `json:"id"`
	// Sel names it to the DOM ("" when it is in a shadow root).
	Sel string `json:"sel"`
	// Shown is offsetHeight != 0.
	Shown bool `json:"shown"`
}

// engine runs one platform's methods, as Consent-O-Matic's Action classes
// do.
type engine struct {
	dom    DOM
	p      *platform
	want   map[string]bool
	clicks int
	steps  int
	depth  int
}

// runMethod runs a method of the platform, if it has it, and returns the
// clicks it made.
func (e *engine) runMethod(ctx context.Context, name string) (int, error) {
	m, ok := e.p.methods[name]
	if !ok {
		return 0, nil
	}
	before := e.clicks
	err := e.run(ctx, m.action, 0)
	return e.clicks - before, err
}

// find asks the page for the elements a selection (parent and target)
// finds from base (0: the document).
func (e *engine) find(ctx context.Context, parent, target *sel, multi bool, base int) ([]element, error) {
	var out []element
	err := call(ctx, e.dom, map[string]any{
		"op": "find", "o": map[string]any{"parent": parent, "target": target}, "multi": multi, "base": base,
	}, &out)
	return out, err
}

// match evaluates a matcher from base.
func (e *engine) match(ctx context.Context, m *matcher, base int) (bool, error) {
	var v bool
	err := call(ctx, e.dom, map[string]any{"op": "match", "m": m, "base": base}, &v)
	return v, err
}

// click clicks an element: through the DOM when it can name it, else in
// the page. A click the DOM could not make is retried in the page.
func (e *engine) click(ctx context.Context, el element, openInTab bool) error {
	if el.Sel != "" && !openInTab {
		err := e.dom.Click(ctx, el.Sel)
		if err == nil {
			e.clicks++
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	err := call(ctx, e.dom, map[string]any{"op": "click", "id": el.ID, "tab": openInTab}, nil)
	if err != nil {
		return err
	}
	e.clicks++
	return nil
}

// pause is the wait after a click on a shown element, as Consent-O-Matic
// waits: shorter as the clicks add up.
func (e *engine) pause(ctx context.Context) error {
	var d time.Duration
	switch {
	case e.clicks > 100:
		d = 0
	case e.clicks > 20:
		d = time.Millisecond
	case e.clicks > 5:
		d = 10 * time.Millisecond
	default:
		d = 100 * time.Millisecond
	}
	return sleep(ctx, d)
}

// run executes an action from base. Errors the page reports end the
// action, not the run (Consent-O-Matic logs them and goes on); other
// errors end the run.
func (e *engine) run(ctx context.Context, a *action, base int) error {
	err := e.exec(ctx, a, base)
	if err != nil && isPageError(err) {
		return nil
	}
	return err
}

func (e *engine) exec(ctx context.Context, a *action, base int) error {
	if a == nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if e.steps++; e.steps > maxSteps {
		return errTooManySteps
	}
	switch a.Type {
	case "list":
		for _, s := range a.Actions {
			if err := e.run(ctx, s, base); err != nil {
				return err
			}
		}
	case "click":
		els, err := e.find(ctx, a.Parent, a.Target, false, base)
		if err != nil || len(els) == 0 {
			return err
		}
		if err := e.click(ctx, els[0], a.OpenInTab); err != nil {
			return err
		}
		if els[0].Shown && !a.NoTimeout {
			return e.pause(ctx)
		}
	case "multiclick":
		els, err := e.find(ctx, a.Parent, a.Target, true, base)
		if err != nil {
			return err
		}
		for _, el := range els {
			if err := e.click(ctx, el, false); err != nil && !isPageError(err) {
				return err
			}
		}
	case "consent":
		for _, c := range a.Consents {
			if err := e.setConsent(ctx, c, base); err != nil {
				return err
			}
		}
	case "ifcss":
		els, err := e.find(ctx, a.Parent, a.Target, false, base)
		if err != nil {
			return err
		}
		if len(els) > 0 {
			return e.run(ctx, a.TrueAction, base)
		}
		return e.run(ctx, a.FalseAction, base)
	case "waitcss":
		return e.waitCSS(ctx, a, base)
	case "foreach":
		els, err := e.find(ctx, a.Parent, a.Target, true, base)
		if err != nil {
			return err
		}
		for _, el := range els {
			if err := e.run(ctx, a.Action, el.ID); err != nil {
				return err
			}
		}
	case "hide":
		els, err := e.find(ctx, a.Parent, a.Target, false, base)
		if err != nil || len(els) == 0 {
			return err
		}
		// Not DOM.Hide: the element must keep its layout box (see the
		// package documentation).
		return call(ctx, e.dom, map[string]any{"op": "hide", "id": els[0].ID, "nodetect": a.HideFromDetection}, nil)
	case "slide":
		var done bool
		err := call(ctx, e.dom, map[string]any{
			"op": "slide", "o": map[string]any{"parent": a.Parent, "target": a.Target},
			"drag": a.DragTarget, "axis": a.Axis, "base": base,
		}, &done)
		if err != nil {
			return err
		}
		if done {
			e.clicks++
		}
	case "close":
		// Consent-O-Matic closes the window; the tab being audited stays.
	case "wait":
		return sleep(ctx, time.Duration(a.WaitTime)*time.Millisecond)
	case "ifallowall", "ifallownone":
		want := a.Type == "ifallowall"
		all := true
		for _, v := range e.want {
			if v != want {
				all = false
			}
		}
		if all {
			return e.run(ctx, a.TrueAction, base)
		}
		return e.run(ctx, a.FalseAction, base)
	case "runrooted":
		from := base
		if a.IgnoreOldRoot {
			from = 0
		}
		els, err := e.find(ctx, a.Parent, a.Target, false, from)
		if err != nil || len(els) == 0 {
			return err
		}
		return e.run(ctx, a.Action, els[0].ID)
	case "runmethod":
		m, ok := e.p.methods[strings.ToUpper(a.Method)]
		if !ok || !m.custom {
			// Consent-O-Matic only runs a custom method of the rule.
			return nil
		}
		if e.depth >= maxMethodDepth {
			return fmt.Errorf("runmethod %s: more than %d nested methods", a.Method, maxMethodDepth)
		}
		e.depth++
		defer func() { e.depth-- }()
		return e.run(ctx, m.action, base)
	default:
		// ParseRules lets no other type through.
		return fmt.Errorf("unsupported action type %q", a.Type)
	}
	return nil
}

// setConsent sets one category on or off, as Consent-O-Matic's
// Consent.setEnabled: with a toggle action, click it when the matcher says
// the state is wrong; with an on/off matcher, run the action that changes
// a wrong state; otherwise run the true or the false action.
func (e *engine) setConsent(ctx context.Context, c *consentItem, base int) error {
	if c == nil {
		return nil
	}
	want := e.want[c.Type]
	if c.ToggleAction != nil {
		if c.Matcher == nil {
			return nil
		}
		on, err := e.match(ctx, c.Matcher, base)
		if err != nil {
			if isPageError(err) {
				return nil
			}
			return err
		}
		if on != want {
			return e.run(ctx, c.ToggleAction, base)
		}
		return nil
	}
	if c.Matcher != nil && c.Matcher.Type == "onoff" {
		on, err := e.match(ctx, c.Matcher, base)
		switch {
		case err == nil && on && !want:
			return e.run(ctx, c.FalseAction, base)
		case err == nil && !on && want:
			return e.run(ctx, c.TrueAction, base)
		case err == nil:
			return nil
		case !isPageError(err):
			return err
		}
	}
	if want {
		return e.run(ctx, c.TrueAction, base)
	}
	return e.run(ctx, c.FalseAction, base)
}

// waitCSS waits for a selection to appear (or, negated, to go), as
// Consent-O-Matic's WaitCssAction: up to retries more tries (10 when 0)
// waitTime apart (250 ms when 0); it never fails.
func (e *engine) waitCSS(ctx context.Context, a *action, base int) error {
	retries := a.Retries
	if retries == 0 {
		retries = 10
	}
	wait := time.Duration(a.WaitTime) * time.Millisecond
	if wait == 0 {
		wait = 250 * time.Millisecond
	}
	for {
		els, err := e.find(ctx, a.Parent, a.Target, false, base)
		if err != nil {
			return err
		}
		if (len(els) > 0) != a.Negated || retries == 0 {
			return nil
		}
		retries--
		if err := sleep(ctx, wait); err != nil {
			return err
		}
	}
}
