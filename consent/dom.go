package consent

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// DOM is what the interpreter needs of a rendered page (package browser
// implements it on a Chromium tab). A DOM is one document: the top
// document of a tab, or the document of a frame. Every call honours ctx.
//
// Selectors are CSS selectors. The interpreter finds elements with Eval,
// in the page, because Consent-O-Matic's selections need what CSS alone
// cannot say (text, display and child filters, a parent, the root of a
// foreach, open shadow roots); it keeps the elements it found in a global
// of the page between calls, so every Eval on one document must run in
// the same JavaScript world (the page's main world, or one isolated world
// throughout). It clicks an element of the main document through Click,
// by a selector of its own ([data-privaudit-ref="N"], one match), and any
// other element (in a shadow root), or one Click failed on, with the
// element's click() in the page. Hiding is done in the page too: a rule's
// hide must keep the element's layout box, which display: none would not.
// So the interpreter itself calls Eval and Click; the other methods serve
// the callers that hold a DOM.
type DOM interface {
	// Exists reports whether an element matches css.
	Exists(ctx context.Context, css string) (bool, error)
	// Visible reports whether an element that matches css is visible:
	// rendered with a size, not hidden by CSS or opacity.
	Visible(ctx context.Context, css string) (bool, error)
	// Click clicks the first element that matches css: a real mouse click
	// when the element is visible and nothing covers it, else as the
	// element's click() does (rules click hidden checkboxes). It returns
	// an error when nothing matches.
	Click(ctx context.Context, css string) error
	// Hide hides the elements that match css.
	Hide(ctx context.Context, css string) error
	// Text returns the rendered text (innerText) of the first element that
	// matches css, trimmed; an error when nothing matches.
	Text(ctx context.Context, css string) (string, error)
	// WaitVisible waits up to timeout for an element that matches css to
	// be visible (as Visible says) and reports whether one was.
	WaitVisible(ctx context.Context, css string, timeout time.Duration) (bool, error)
	// Eval evaluates the JavaScript expression js in the document and
	// decodes its JSON value into out (a pointer; nil drops the value).
	// An exception thrown by js is an error.
	Eval(ctx context.Context, js string, out any) error
}

//go:embed page.js
var pageJS string

// pageError is an error the page's code reported (an element gone, a
// checkbox not found): Consent-O-Matic ignores such errors and goes on,
// and so does the interpreter. Other errors (the DOM failed, the context
// ended) stop it.
type pageError struct{ msg string }

func (e *pageError) Error() string { return "page: " + e.msg }

// call sends a request to the page's code and decodes the value it
// returns into out.
func call(ctx context.Context, dom DOM, req map[string]any, out any) error {
	b, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("consent: encoding a %v request: %w", req["op"], err)
	}
	var res struct {
		V   json.RawMessage `json:"v"`
		Err string          `json:"err"`
	}
	if err := dom.Eval(ctx, pageJS+"("+string(b)+")", &res); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		return fmt.Errorf("consent: %v request: %w", req["op"], err)
	}
	if res.Err != "" {
		return &pageError{msg: res.Err}
	}
	if out == nil || len(res.V) == 0 {
		return nil
	}
	if err := json.Unmarshal(res.V, out); err != nil {
		return fmt.Errorf("consent: decoding the page's answer to a %v request: %w", req["op"], err)
	}
	return nil
}

// isPageError reports whether err is one the page reported.
func isPageError(err error) bool {
	var pe *pageError
	return errors.As(err, &pe)
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
