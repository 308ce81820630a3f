// Package consent finds a cookie-consent banner on a rendered page, acts on
// it (reject, accept) and reads the decision a site recorded.
//
// Platforms are recognised and operated by rules in Consent-O-Matic's
// declarative format (https://github.com/cavi-au/Consent-O-Matic, MIT):
// each rule has detectors (a present matcher and a showing matcher) and
// methods (HIDE_CMP, OPEN_OPTIONS, DO_CONSENT, SAVE_CONSENT, UTILITY and
// custom ones) made of actions. The package interprets that format in Go:
// ParseRules reads a rule set such as Consent-O-Matic's rules-all.json,
// Builtin returns privaudit's own rules, written in the same format, for
// twelve common platforms, and Detect and Act run them against a DOM. A
// banner no rule knows is found by its text and buttons (Detect's
// "generic" platform), in English, German, French, Dutch, Spanish and
// Italian.
//
// # Actions and matchers
//
// Every action type of Consent-O-Matic's schema is interpreted: click
// (openInTab, noTimeout), multiclick, list, consent, ifcss, waitcss (with
// retries, waitTime and negated), foreach, hide (hideFromDetection;
// forceHide is how every hide is done), slide, close, wait, ifallowall,
// ifallownone, runrooted
// (ignoreOldRoot) and runmethod with custom methods; and every matcher:
// css, checkbox (negated), url (regexp, negated) and onoff. A selection has
// a selector (":scope" is the current root), textFilter, styleFilter,
// displayFilter, iframeFilter, childFilter (childFilterNegate) and a
// parent; a selection may also be a nested {parent, target}. Finding
// elements runs in the page (DOM.Eval) with Consent-O-Matic's semantics:
// open shadow roots of the root are searched, displayFilter means a
// non-zero offsetHeight, iframeFilter asks whether the document evaluated
// is a frame. Three behaviours differ on purpose:
//
//   - close does nothing: Consent-O-Matic closes the window, which would end
//     the tab being audited.
//   - hide makes an element transparent (opacity 0) but keeps its layout
//     box, as Consent-O-Matic's "hider" does, so a hidden banner can still
//     be operated (displayFilter still sees it); elements are not shown
//     again. Consent-O-Matic's rules hide a banner and then click in it.
//   - childFilterNegate, the schema's name, is honoured (Consent-O-Matic's
//     engine reads childFilterNegated and so ignores it); both are accepted,
//     as are styleFilter (the schema's) and styleFilters (the engine's).
//
// A rule that uses an action or matcher type outside the schema, a consent
// category other than A, B, D, E, F and X, an action without the fields it
// needs (a click without a target) or a selection without a selector, is
// left out of the set with the reason (Rules.Skipped); the rest of the set
// still loads. A part Consent-O-Matic never evaluates (the matcher of a
// consent that has true and false actions and no toggle) need only have a
// known type. Unknown fields are ignored, as Consent-O-Matic ignores them
// ("noTimeout" on a click, outside the schema, is honoured).
//
// # Consent categories
//
// Consent-O-Matic's consent actions name categories by letter. Act sets
// every letter off to reject and on to accept. Categories maps the letters
// to privaudit's purpose categories (catalog.Preferences and the others):
//
//	A  preferences and functionality            preferences, functional
//	B  performance and analytics                analytics
//	D  information storage and access (TCF 1)   none of its own: the device access every other purpose needs
//	E  content selection, delivery, reporting   marketing (personalised content)
//	F  ad selection, delivery, reporting        marketing
//	X  other purposes                           social and anything else (embedded media, geolocation)
//
// # Frames
//
// A DOM is one document. A banner drawn inside a frame from another site
// (Sourcepoint, TrustArc's preference centre) is out of reach of a DOM of
// the top document; rules for such frames use iframeFilter and match when
// Detect runs on a DOM of the frame itself.
package consent
