package consent

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// Rules is a parsed rule set: consent platforms in the order their
// detectors are tried, and the rules a parse left out. A Rules is not
// modified after it is made, so it can be shared.
type Rules struct {
	platforms []*platform
	skipped   []Skipped
	// detectJSON is the detectors of every platform, in order, as the
	// page's detect request takes them.
	detectJSON json.RawMessage
}

// Skipped is a rule a parse left out, and why.
type Skipped struct {
	// Rule is the rule's name in its set.
	Rule string `json:"rule"`
	// Source names the set ("consent-o-matic").
	Source string `json:"source"`
	Reason string `json:"reason"`
}

// platform is one rule: a consent platform's detectors and methods.
type platform struct {
	name      string
	source    string
	detectors []detector
	methods   map[string]method
}

type method struct {
	action *action
	custom bool
}

// id names the rule as results do: "builtin:onetrust".
func (p *platform) id() string { return p.source + ":" + p.name }

// utility reports whether the rule only has a UTILITY method, as
// Consent-O-Matic's CMP.isUtility: such a rule opens or reveals a banner
// that another rule then handles.
func (p *platform) utility() bool {
	_, ok := p.methods[methodUtility]
	return ok && len(p.methods) == 1
}

// The methods Consent-O-Matic's engine runs.
const (
	methodHide    = "HIDE_CMP"
	methodOpen    = "OPEN_OPTIONS"
	methodConsent = "DO_CONSENT"
	methodSave    = "SAVE_CONSENT"
	methodUtility = "UTILITY"
)

// detector is a detector of a rule: all present matchers match when the
// platform is on the page, all showing matchers when its banner shows.
type detector struct {
	Present []*matcher `json:"p"`
	Showing []*matcher `json:"s"`
}

// sel is a DOMSelection of Consent-O-Matic's schema: a Selection (with a
// selector and filters) or a nested {parent, target}. It is sent to the
// page as it was read.
type sel struct {
	Selector           *string        `json:"selector,omitempty"`
	TextFilter         *texts         `json:"textFilter,omitempty"`
	StyleFilter        []*styleFilter `json:"styleFilter,omitempty"`
	StyleFilters       []*styleFilter `json:"styleFilters,omitempty"`
	DisplayFilter      *bool          `json:"displayFilter,omitempty"`
	IframeFilter       *bool          `json:"iframeFilter,omitempty"`
	ChildFilter        *sel           `json:"childFilter,omitempty"`
	ChildFilterNegate  bool           `json:"childFilterNegate,omitempty"`
	ChildFilterNegated bool           `json:"childFilterNegated,omitempty"`
	Parent             *sel           `json:"parent,omitempty"`
	Target             *sel           `json:"target,omitempty"`
}

type styleFilter struct {
	Option  string `json:"option"`
	Value   string `json:"value"`
	Negated bool   `json:"negated,omitempty"`
}

// texts is a string or a list of strings (textFilter, url).
type texts []string

// UnmarshalJSON reads a string or an array of strings.
func (t *texts) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*t = texts{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New("want a string or a list of strings")
	}
	*t = append(texts{}, many...)
	return nil
}

// matcher is a Consent-O-Matic matcher: css, checkbox, url or onoff.
type matcher struct {
	Type       string `json:"type"`
	Parent     *sel   `json:"parent,omitempty"`
	Target     *sel   `json:"target,omitempty"`
	Negated    bool   `json:"negated,omitempty"`
	URL        *texts `json:"url,omitempty"`
	Regexp     bool   `json:"regexp,omitempty"`
	OnMatcher  *sel   `json:"onMatcher,omitempty"`
	OffMatcher *sel   `json:"offMatcher,omitempty"`
}

// matchers is a matcher or a list of them (presentMatcher, showingMatcher).
type matchers []*matcher

// UnmarshalJSON reads a matcher or an array of matchers; null entries are
// dropped, as Consent-O-Matic's Detector does.
func (m *matchers) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	var list []*matcher
	if len(b) > 0 && b[0] == '[' {
		if err := json.Unmarshal(b, &list); err != nil {
			return err
		}
	} else {
		var one *matcher
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		list = []*matcher{one}
	}
	*m = slices.DeleteFunc(list, func(x *matcher) bool { return x == nil })
	return nil
}

// action is a Consent-O-Matic action; Type says which fields it uses.
type action struct {
	Type              string         `json:"type"`
	Target            *sel           `json:"target,omitempty"`
	Parent            *sel           `json:"parent,omitempty"`
	Actions           []*action      `json:"actions,omitempty"`
	Consents          []*consentItem `json:"consents,omitempty"`
	TrueAction        *action        `json:"trueAction,omitempty"`
	FalseAction       *action        `json:"falseAction,omitempty"`
	Action            *action        `json:"action,omitempty"`
	Retries           int            `json:"retries,omitempty"`
	WaitTime          int            `json:"waitTime,omitempty"`
	Negated           bool           `json:"negated,omitempty"`
	OpenInTab         bool           `json:"openInTab,omitempty"`
	NoTimeout         bool           `json:"noTimeout,omitempty"`
	HideFromDetection bool           `json:"hideFromDetection,omitempty"`
	ForceHide         bool           `json:"forceHide,omitempty"`
	DragTarget        *sel           `json:"dragTarget,omitempty"`
	Axis              string         `json:"axis,omitempty"`
	Method            string         `json:"method,omitempty"`
	IgnoreOldRoot     bool           `json:"ignoreOldRoot,omitempty"`
}

// consentItem is one category of a consent action.
type consentItem struct {
	Type         string   `json:"type"`
	ToggleAction *action  `json:"toggleAction,omitempty"`
	Matcher      *matcher `json:"matcher,omitempty"`
	TrueAction   *action  `json:"trueAction,omitempty"`
	FalseAction  *action  `json:"falseAction,omitempty"`
	Description  string   `json:"description,omitempty"`
}

// ruleJSON is one rule as a file holds it.
type ruleJSON struct {
	Detectors []struct {
		PresentMatcher matchers `json:"presentMatcher"`
		ShowingMatcher matchers `json:"showingMatcher"`
	} `json:"detectors"`
	Methods []struct {
		Name   string  `json:"name"`
		Action *action `json:"action"`
		Custom bool    `json:"custom"`
	} `json:"methods"`
}

// ParseRules reads a rule set in Consent-O-Matic's format: a JSON object
// from rule names to rules (the shape of rules-all.json; a "$schema" key is
// ignored). source names the set in results ("consent-o-matic" gives rules
// named "consent-o-matic:cookiebot"). A rule that cannot be interpreted is
// left out and listed by Skipped; only a document that is not such an
// object is an error. The rules keep the file's order, except that
// utility-only rules come first, as in Consent-O-Matic's engine.
func ParseRules(b []byte, source string) (*Rules, error) {
	if source == "" || strings.ContainsAny(source, ": ") {
		return nil, fmt.Errorf("consent: bad source name %q", source)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("consent: reading %s rules: %w", source, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("consent: reading %s rules: want a JSON object of rules", source)
	}
	r := &Rules{}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("consent: reading %s rules: %w", source, err)
		}
		name, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("consent: reading %s rule %q: %w", source, name, err)
		}
		if strings.HasPrefix(name, "$") {
			continue
		}
		if seen[strings.ToLower(name)] {
			r.skipped = append(r.skipped, Skipped{Rule: name, Source: source, Reason: "a second rule of the same name"})
			continue
		}
		seen[strings.ToLower(name)] = true
		p, err := parsePlatform(name, source, raw)
		if err != nil {
			r.skipped = append(r.skipped, Skipped{Rule: name, Source: source, Reason: err.Error()})
			continue
		}
		r.platforms = append(r.platforms, p)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("consent: reading %s rules: %w", source, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("consent: reading %s rules: data after the object", source)
	}
	slices.SortStableFunc(r.platforms, func(a, b *platform) int {
		switch {
		case a.utility() && !b.utility():
			return -1
		case b.utility() && !a.utility():
			return 1
		}
		return 0
	})
	if err := r.finish(); err != nil {
		return nil, err
	}
	return r, nil
}

// parsePlatform reads and checks one rule.
func parsePlatform(name, source string, raw json.RawMessage) (*platform, error) {
	var rj ruleJSON
	if err := json.Unmarshal(raw, &rj); err != nil {
		return nil, fmt.Errorf("not a rule: %w", err)
	}
	p := &platform{name: name, source: source, methods: map[string]method{}}
	for i, d := range rj.Detectors {
		for j, m := range d.PresentMatcher {
			if err := checkMatcher(m); err != nil {
				return nil, fmt.Errorf("detectors[%d].presentMatcher[%d]: %w", i, j, err)
			}
		}
		for j, m := range d.ShowingMatcher {
			if err := checkMatcher(m); err != nil {
				return nil, fmt.Errorf("detectors[%d].showingMatcher[%d]: %w", i, j, err)
			}
		}
		p.detectors = append(p.detectors, detector{Present: nonNil(d.PresentMatcher), Showing: nonNil(d.ShowingMatcher)})
	}
	if !slices.ContainsFunc(p.detectors, func(d detector) bool { return len(d.Present) > 0 }) {
		return nil, errors.New("no detector with a present matcher: it can never match")
	}
	for i, m := range rj.Methods {
		if m.Name == "" {
			return nil, fmt.Errorf("methods[%d]: no name", i)
		}
		if m.Action == nil {
			// Consent-O-Matic registers no method without an action.
			continue
		}
		if err := checkAction(m.Action); err != nil {
			return nil, fmt.Errorf("methods[%d] (%s): %w", i, m.Name, err)
		}
		p.methods[strings.ToUpper(m.Name)] = method{action: m.Action, custom: m.Custom}
	}
	return p, nil
}

func nonNil(ms matchers) []*matcher {
	if ms == nil {
		return []*matcher{}
	}
	return ms
}

// checkMatcher checks a matcher's type and fields.
func checkMatcher(m *matcher) error {
	switch m.Type {
	case "css", "checkbox":
		if m.Target == nil {
			return fmt.Errorf("%s matcher without a target", m.Type)
		}
		if err := checkSel(m.Parent); err != nil {
			return fmt.Errorf("parent: %w", err)
		}
		return checkSel(m.Target)
	case "url":
		if m.URL == nil || len(*m.URL) == 0 {
			return errors.New("url matcher without a url")
		}
		return nil
	case "onoff":
		if m.OnMatcher == nil || m.OffMatcher == nil {
			return errors.New("onoff matcher without onMatcher or offMatcher")
		}
		if err := checkSel(m.OnMatcher); err != nil {
			return fmt.Errorf("onMatcher: %w", err)
		}
		return checkSel(m.OffMatcher)
	case "":
		return errors.New("matcher without a type")
	}
	return fmt.Errorf("unsupported matcher type %q", m.Type)
}

// checkSel checks a DOMSelection: a selection needs a selector, or a
// target when it is a nested {parent, target}.
func checkSel(s *sel) error {
	if s == nil {
		return nil
	}
	if s.Selector == nil {
		if s.Target == nil {
			return errors.New("a selection without a selector")
		}
		if err := checkSel(s.Parent); err != nil {
			return err
		}
		return checkSel(s.Target)
	}
	for _, f := range append(s.StyleFilter, s.StyleFilters...) {
		if f == nil || f.Option == "" {
			return errors.New("a styleFilter without an option")
		}
	}
	if err := checkSel(s.ChildFilter); err != nil {
		return fmt.Errorf("childFilter: %w", err)
	}
	return nil
}

// consentLetters are Consent-O-Matic's consent categories.
var consentLetters = []string{"A", "B", "D", "E", "F", "X"}

// checkAction checks an action and the actions it holds.
func checkAction(a *action) error {
	if a == nil {
		return nil
	}
	needTarget := func() error {
		if a.Target == nil {
			return fmt.Errorf("%s action without a target", a.Type)
		}
		if err := checkSel(a.Parent); err != nil {
			return fmt.Errorf("%s parent: %w", a.Type, err)
		}
		if err := checkSel(a.Target); err != nil {
			return fmt.Errorf("%s target: %w", a.Type, err)
		}
		return nil
	}
	switch a.Type {
	case "click", "multiclick", "hide":
		return needTarget()
	case "ifcss", "ifallowall", "ifallownone":
		if a.Type == "ifcss" {
			if err := needTarget(); err != nil {
				return err
			}
		}
		if err := checkAction(a.TrueAction); err != nil {
			return err
		}
		return checkAction(a.FalseAction)
	case "waitcss":
		if a.Retries < 0 || a.WaitTime < 0 {
			return errors.New("waitcss with a negative retries or waitTime")
		}
		return needTarget()
	case "foreach", "runrooted":
		if err := needTarget(); err != nil {
			return err
		}
		return checkAction(a.Action)
	case "list":
		for _, s := range a.Actions {
			if err := checkAction(s); err != nil {
				return err
			}
		}
		return nil
	case "consent":
		for _, c := range a.Consents {
			if c == nil {
				continue
			}
			if !slices.Contains(consentLetters, c.Type) {
				return fmt.Errorf("unsupported consent category %q", c.Type)
			}
			switch {
			case c.Matcher == nil:
			case c.ToggleAction == nil && c.Matcher.Type != "onoff":
				// Consent-O-Matic never evaluates this matcher (it runs
				// the true or false action): only its type must be known.
				if !slices.Contains([]string{"css", "checkbox", "url"}, c.Matcher.Type) {
					return fmt.Errorf("consent %s: unsupported matcher type %q", c.Type, c.Matcher.Type)
				}
			default:
				if err := checkMatcher(c.Matcher); err != nil {
					return fmt.Errorf("consent %s matcher: %w", c.Type, err)
				}
			}
			for _, s := range []*action{c.ToggleAction, c.TrueAction, c.FalseAction} {
				if err := checkAction(s); err != nil {
					return err
				}
			}
		}
		return nil
	case "slide":
		if a.Axis != "x" && a.Axis != "y" {
			return fmt.Errorf("slide with axis %q", a.Axis)
		}
		if a.DragTarget == nil {
			return errors.New("slide without a dragTarget")
		}
		if err := checkSel(a.DragTarget); err != nil {
			return fmt.Errorf("slide dragTarget: %w", err)
		}
		return needTarget()
	case "wait":
		if a.WaitTime < 0 {
			return errors.New("wait with a negative waitTime")
		}
		return nil
	case "close":
		return nil
	case "runmethod":
		if a.Method == "" {
			return errors.New("runmethod without a method")
		}
		return nil
	case "":
		return errors.New("action without a type")
	}
	return fmt.Errorf("unsupported action type %q", a.Type)
}

// finish computes what the detection sends to the page.
func (r *Rules) finish() error {
	dets := make([][]detector, len(r.platforms))
	for i, p := range r.platforms {
		dets[i] = p.detectors
	}
	b, err := json.Marshal(dets)
	if err != nil {
		return fmt.Errorf("consent: encoding detectors: %w", err)
	}
	r.detectJSON = b
	return nil
}

// Len returns the number of rules in the set.
func (r *Rules) Len() int {
	if r == nil {
		return 0
	}
	return len(r.platforms)
}

// Names returns the rules' names as results give them ("builtin:onetrust"),
// in the order Detect tries them.
func (r *Rules) Names() []string {
	if r == nil {
		return nil
	}
	out := make([]string, len(r.platforms))
	for i, p := range r.platforms {
		out[i] = p.id()
	}
	return out
}

// Skipped returns the rules left out of the set, with the reasons: those
// the parse could not interpret and, in a merged set, those a rule of the
// same name displaced.
func (r *Rules) Skipped() []Skipped {
	if r == nil {
		return nil
	}
	return slices.Clone(r.skipped)
}

// Merge returns a set with r's rules followed by other's, which Detect
// tries in that order. On a name clash (names compared without regard to
// case) one rule is kept: the built-in one when either is built in,
// otherwise r's; the rule kept stays where its set put it. So
// Builtin().Merge(comRules) tries privaudit's rules first and drops
// Consent-O-Matic's rules of the same names ("onetrust", "cookiebot",
// "klaro", ...). Neither set is modified.
func (r *Rules) Merge(other *Rules) *Rules {
	out := &Rules{}
	if r != nil {
		out.skipped = append(out.skipped, r.skipped...)
	}
	if other != nil {
		out.skipped = append(out.skipped, other.skipped...)
	}
	var mine, theirs []*platform
	if r != nil {
		mine = r.platforms
	}
	if other != nil {
		theirs = other.platforms
	}
	byName := map[string]*platform{}
	for _, p := range theirs {
		byName[strings.ToLower(p.name)] = p
	}
	dropTheirs := map[*platform]bool{}
	for _, p := range mine {
		q, clash := byName[strings.ToLower(p.name)]
		if !clash {
			out.platforms = append(out.platforms, p)
			continue
		}
		if q.source == builtinSource && p.source != builtinSource {
			out.skipped = append(out.skipped, Skipped{Rule: p.name, Source: p.source, Reason: "a built-in rule of the same name wins"})
			continue
		}
		out.platforms = append(out.platforms, p)
		dropTheirs[q] = true
		reason := "a rule of the same name in the other set wins"
		if p.source == builtinSource {
			reason = "a built-in rule of the same name wins"
		}
		out.skipped = append(out.skipped, Skipped{Rule: q.name, Source: q.source, Reason: reason})
	}
	for _, p := range theirs {
		if !dropTheirs[p] {
			out.platforms = append(out.platforms, p)
		}
	}
	if err := out.finish(); err != nil {
		// The rules were encoded once already; this cannot fail.
		return &Rules{skipped: out.skipped}
	}
	return out
}

// builtinSource names privaudit's own rules.
const builtinSource = "builtin"

//go:embed rules/builtin.json
var builtinJSON []byte

var builtinRules = sync.OnceValues(func() (*Rules, error) { return ParseRules(builtinJSON, builtinSource) })

// Builtin returns privaudit's own rules (consent/rules/builtin.json, in
// Consent-O-Matic's format, named "builtin:onetrust" and so on) for
// OneTrust, Cookiebot, Didomi, Quantcast Choice, Usercentrics (two rules:
// its v2 and v3 banners), CookieYes (and its GDPR Cookie Consent plugin),
// TrustArc, Osano, Klaro, Complianz, Borlabs Cookie and iubenda. They click
// the banner's own reject (or accept) button when it has one, and otherwise
// open the settings, switch every category off (or on) and save; TrustArc's
// settings are a frame from another site, so its rule only uses the
// banner's buttons. TestBuiltinRules guarantees that the embedded file
// parses with nothing skipped; were it broken, Builtin would return an
// empty set.
func Builtin() *Rules {
	r, err := builtinRules()
	if err != nil {
		return &Rules{}
	}
	return r
}
