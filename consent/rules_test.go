package consent

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/internal/testsite"
)

// countTypes walks a rule file's JSON and counts the action types and the
// matcher types it uses, independently of the parser.
func countTypes(t *testing.T, b []byte) (actions, matchers map[string]int, rules int) {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	actions, matchers = map[string]int{}, map[string]int{}
	var walk func(v any, key string)
	walk = func(v any, key string) {
		switch v := v.(type) {
		case map[string]any:
			if typ, ok := v["type"].(string); ok {
				switch key {
				case "presentMatcher", "showingMatcher", "matcher":
					matchers[typ]++
				case "consents":
					// A consent category (A, B, ...), not an action.
				default:
					actions[typ]++
				}
			}
			for k, x := range v {
				walk(x, k)
			}
		case []any:
			for _, x := range v {
				walk(x, key)
			}
		}
	}
	for name, r := range doc {
		if strings.HasPrefix(name, "$") {
			continue
		}
		rules++
		walk(r, "")
	}
	return actions, matchers, rules
}

// TestParseConsentOMatic parses the whole Consent-O-Matic rule set from
// ../shared and reports what parses and what is skipped, and why.
func TestParseConsentOMatic(t *testing.T) {
	b, err := os.ReadFile(testsite.SharedPath(t, "data/consent-o-matic/rules-all.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := ParseRules(b, "consent-o-matic")
	if err != nil {
		t.Fatalf("ParseRules: %v", err)
	}
	actions, matchers, n := countTypes(t, b)
	keys := func(m map[string]int) string {
		var out []string
		for _, k := range slices.Sorted(maps.Keys(m)) {
			out = append(out, k+"="+strconv.Itoa(m[k]))
		}
		return strings.Join(out, " ")
	}
	t.Logf("the file has %d rules; action types used: %s; matcher types used: %s", n, keys(actions), keys(matchers))
	t.Logf("%d rules parse, %d are skipped", r.Len(), len(r.Skipped()))
	for _, s := range r.Skipped() {
		t.Logf("skipped %s: %s", s.Rule, s.Reason)
	}
	if r.Len()+len(r.Skipped()) != n {
		t.Errorf("%d parsed + %d skipped, want the file's %d rules", r.Len(), len(r.Skipped()), n)
	}
	if r.Len() < n*95/100 {
		t.Errorf("only %d of %d rules parse", r.Len(), n)
	}
	for _, s := range r.Skipped() {
		if s.Reason == "" || s.Source != "consent-o-matic" {
			t.Errorf("skipped %+v: no reason or source", s)
		}
		if strings.Contains(s.Reason, "unsupported") {
			t.Errorf("skipped %s for a type the interpreter should support: %s", s.Rule, s.Reason)
		}
	}
	// Every action and matcher type the file uses is one the parser
	// accepts: a rule made of it alone parses.
	for typ := range actions {
		if _, err := parseOneAction(typ); err != nil {
			t.Errorf("action type %q (used %d times): %v", typ, actions[typ], err)
		}
	}
	for typ := range matchers {
		if err := checkMatcher(sampleMatcher(typ)); err != nil {
			t.Errorf("matcher type %q (used %d times): %v", typ, matchers[typ], err)
		}
	}
	// Utility-only rules come first, as in Consent-O-Matic's engine.
	names := r.Names()
	seenFull := false
	for i, p := range r.platforms {
		if !p.utility() {
			seenFull = true
		} else if seenFull {
			t.Errorf("utility rule %s at %d, after a full rule", names[i], i)
		}
	}
	for _, want := range []string{"consent-o-matic:cookiebot", "consent-o-matic:onetrust", "consent-o-matic:sourcepoint_frame_2022", "consent-o-matic:trustarcframe"} {
		if !slices.Contains(names, want) {
			t.Errorf("%s did not parse", want)
		}
	}
}

// sampleMatcher returns a well-formed matcher of a type.
func sampleMatcher(typ string) *matcher {
	s := "#x"
	target := &sel{Selector: &s}
	return &matcher{Type: typ, Target: target, URL: &texts{"example.org"}, OnMatcher: target, OffMatcher: target}
}

// parseOneAction parses a rule whose SAVE_CONSENT is one well-formed
// action of a type.
func parseOneAction(typ string) (*Rules, error) {
	a := map[string]any{"type": typ, "target": map[string]any{"selector": "#x"}}
	switch typ {
	case "list":
		a["actions"] = []any{}
	case "consent":
		a["consents"] = []any{map[string]any{"type": "B"}}
	case "foreach", "runrooted":
		a["action"] = map[string]any{"type": "wait", "waitTime": 1}
	case "slide":
		a["dragTarget"] = map[string]any{"target": map[string]any{"selector": "#y"}}
		a["axis"] = "x"
	case "runmethod":
		a["method"] = "OTHER"
	}
	rule := map[string]any{"r": map[string]any{
		"detectors": []any{map[string]any{"presentMatcher": map[string]any{"type": "css", "target": map[string]any{"selector": "#x"}}}},
		"methods":   []any{map[string]any{"name": "SAVE_CONSENT", "action": a}},
	}}
	b, _ := json.Marshal(rule)
	r, err := ParseRules(b, "test")
	if err != nil {
		return nil, err
	}
	if len(r.Skipped()) > 0 {
		return nil, errorString(r.Skipped()[0].Reason)
	}
	return r, nil
}

type errorString string

func (e errorString) Error() string { return string(e) }

// TestBuiltinRules checks privaudit's own rules: they parse with nothing
// skipped, cover the twelve platforms and find the banners the catalogue
// names.
func TestBuiltinRules(t *testing.T) {
	r := Builtin()
	if len(r.Skipped()) > 0 {
		t.Fatalf("built-in rules skipped: %+v", r.Skipped())
	}
	names := map[string]bool{}
	for _, p := range r.platforms {
		names[displayName(p)] = true
		if p.source != "builtin" || !strings.HasPrefix(p.id(), "builtin:") {
			t.Errorf("rule %s has source %q", p.name, p.source)
		}
		for _, m := range []string{methodSave} {
			if _, ok := p.methods[m]; !ok {
				t.Errorf("rule %s has no %s", p.name, m)
			}
		}
	}
	want := []string{"OneTrust", "Cookiebot", "Didomi", "Quantcast Choice", "Usercentrics", "CookieYes", "TrustArc", "Osano", "Klaro", "Complianz", "Borlabs Cookie", "iubenda"}
	for _, n := range want {
		if !names[n] {
			t.Errorf("no built-in rule for %s (have %v)", n, slices.Sorted(maps.Keys(names)))
		}
	}
	// A catalogue platform's banner selector is among those the rule's
	// present matcher looks for.
	for _, c := range catalog.ConsentPlatforms() {
		if c.Generic || len(c.BannerSelectors) == 0 {
			continue
		}
		for _, p := range r.platforms {
			if p.name != c.ID {
				continue
			}
			present := *p.detectors[0].Present[0].Target.Selector
			found := false
			for _, s := range c.BannerSelectors {
				found = found || slices.Contains(strings.Split(present, ", "), s)
			}
			if !found {
				t.Errorf("rule %s looks for %q, none of the catalogue's %q", p.name, present, c.BannerSelectors)
			}
		}
	}
}

// TestBuiltinRulesSchema validates privaudit's own rules against
// Consent-O-Matic's schema, from ../shared.
func TestBuiltinRulesSchema(t *testing.T) {
	raw, err := os.ReadFile(testsite.SharedPath(t, "data/consent-o-matic/rules.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	// The schema names no draft the compiler knows; it uses $defs, so
	// 2020-12 reads it as meant.
	doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	c := jsonschema.NewCompiler()
	const id = "https://raw.githubusercontent.com/cavi-au/Consent-O-Matic/master/rules.schema.json"
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(builtinJSON))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("consent/rules/builtin.json does not follow Consent-O-Matic's schema: %v", err)
	}
	// The check works: a rule with an unknown action fails it.
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"x": {"detectors": [], "methods": [{"name": "SAVE_CONSENT", "action": {"type": "teleport"}}]}}`))
	if sch.Validate(bad) == nil {
		t.Error("the schema accepts an unknown action type")
	}
}

// TestParseRulesSkips checks that a rule the interpreter cannot run is
// left out with its reason while the others load.
func TestParseRulesSkips(t *testing.T) {
	set := `{
	  "$schema": "ignored",
	  "good": {"detectors": [{"presentMatcher": {"type": "css", "target": {"selector": "#good"}}}],
	           "methods": [{"name": "SAVE_CONSENT", "action": {"type": "click", "target": {"selector": "#ok"}}}]},
	  "newaction": {"detectors": [{"presentMatcher": {"type": "css", "target": {"selector": "#a"}}}],
	           "methods": [{"name": "SAVE_CONSENT", "action": {"type": "list", "actions": [{"type": "teleport"}]}}]},
	  "newmatcher": {"detectors": [{"presentMatcher": {"type": "xpath", "target": {"selector": "//a"}}}], "methods": []},
	  "letter": {"detectors": [{"presentMatcher": {"type": "css", "target": {"selector": "#a"}}}],
	           "methods": [{"name": "DO_CONSENT", "action": {"type": "consent", "consents": [{"type": "Z", "trueAction": {"type": "wait", "waitTime": 1}}]}}]},
	  "noselector": {"detectors": [{"presentMatcher": {"type": "css", "target": {"textFilter": "cookies"}}}], "methods": []},
	  "nodetector": {"detectors": [], "methods": []},
	  "notarule": [1, 2],
	  "helper": {"detectors": [{"presentMatcher": {"type": "css", "target": {"selector": "#h"}}}],
	           "methods": [{"name": "UTILITY", "action": {"type": "click", "target": {"selector": "#open"}}}, {"name": "HIDE_CMP"}]}
	}`
	r, err := ParseRules([]byte(set), "test")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Names(); !slices.Equal(got, []string{"test:helper", "test:good"}) {
		t.Errorf("Names = %q, want the utility rule first, then good", got)
	}
	reasons := map[string]string{}
	for _, s := range r.Skipped() {
		reasons[s.Rule] = s.Reason
	}
	for rule, want := range map[string]string{
		"newaction":  `unsupported action type "teleport"`,
		"newmatcher": `unsupported matcher type "xpath"`,
		"letter":     `unsupported consent category "Z"`,
		"noselector": "a selection without a selector",
		"nodetector": "no detector",
		"notarule":   "not a rule",
	} {
		if !strings.Contains(reasons[rule], want) {
			t.Errorf("%s skipped for %q, want %q", rule, reasons[rule], want)
		}
	}
	if len(reasons) != 6 {
		t.Errorf("skipped %v", reasons)
	}
	for _, bad := range []string{``, `[]`, `{"a": }`, `{} {}`, `"rules"`} {
		if _, err := ParseRules([]byte(bad), "test"); err == nil {
			t.Errorf("ParseRules(%q) succeeded", bad)
		}
	}
	if _, err := ParseRules([]byte(`{}`), "bad:source"); err == nil {
		t.Error("a source with a colon was accepted")
	}
}

// TestMerge checks the order of merged sets and which rule wins a clash.
func TestMerge(t *testing.T) {
	rule := `{"detectors": [{"presentMatcher": {"type": "css", "target": {"selector": "#x"}}}], "methods": []}`
	parse := func(src string, names ...string) *Rules {
		var parts []string
		for _, n := range names {
			parts = append(parts, `"`+n+`": `+rule)
		}
		r, err := ParseRules([]byte("{"+strings.Join(parts, ",")+"}"), src)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a := parse("a", "one", "Two")
	b := parse("b", "two", "three")
	if got := a.Merge(b).Names(); !slices.Equal(got, []string{"a:one", "a:Two", "b:three"}) {
		t.Errorf("a.Merge(b) = %q", got)
	}
	if got := b.Merge(a).Names(); !slices.Equal(got, []string{"b:two", "b:three", "a:one"}) {
		t.Errorf("b.Merge(a) = %q", got)
	}
	com := parse("consent-o-matic", "cookiebot", "sirdata")
	if got := Builtin().Merge(com).Names(); !slices.Contains(got, "builtin:cookiebot") || slices.Contains(got, "consent-o-matic:cookiebot") ||
		!slices.Contains(got, "consent-o-matic:sirdata") || got[0] != "builtin:onetrust" {
		t.Errorf("Builtin().Merge(com) = %q", got)
	}
	m := com.Merge(Builtin())
	if got := m.Names(); !slices.Contains(got, "builtin:cookiebot") || slices.Contains(got, "consent-o-matic:cookiebot") || got[0] != "consent-o-matic:sirdata" {
		t.Errorf("com.Merge(Builtin()) = %q: the built-in rule must win", got)
	}
	found := false
	for _, s := range m.Skipped() {
		found = found || s.Rule == "cookiebot" && s.Source == "consent-o-matic" && strings.Contains(s.Reason, "built-in")
	}
	if !found {
		t.Errorf("the dropped rule is not among Skipped: %+v", m.Skipped())
	}
	if Builtin().Len() != 13 || a.Len() != 2 {
		t.Errorf("the merges changed their sets: %d, %d", Builtin().Len(), a.Len())
	}
	var nilRules *Rules
	if got := nilRules.Merge(a).Names(); !slices.Equal(got, []string{"a:one", "a:Two"}) {
		t.Errorf("nil.Merge(a) = %q", got)
	}
}

func TestCategories(t *testing.T) {
	for letter, want := range map[string][]string{
		"A": {catalog.Preferences, catalog.Functional}, "B": {catalog.Analytics}, "D": {},
		"E": {catalog.Marketing}, "F": {catalog.Marketing}, "X": {catalog.Social}, "Q": nil,
	} {
		got := Categories(letter)
		if !slices.Equal(got, want) || (want == nil) != (got == nil) {
			t.Errorf("Categories(%s) = %q, want %q", letter, got, want)
		}
	}
	got := Letters(catalog.Analytics)
	if want := map[string]bool{"A": false, "B": true, "D": true, "E": false, "F": false, "X": false}; !maps.Equal(got, want) {
		t.Errorf("Letters(analytics) = %v, want %v", got, want)
	}
	for l, on := range Letters() {
		if on {
			t.Errorf("Letters() has %s on", l)
		}
	}
	all := Letters(catalog.Preferences, catalog.Analytics, catalog.Marketing, catalog.Social)
	if keys := slices.Sorted(maps.Keys(all)); !slices.Equal(keys, consentLetters) {
		t.Errorf("Letters covers %v, want %v", keys, consentLetters)
	}
	for l, on := range all {
		if !on {
			t.Errorf("Letters(all) has %s off", l)
		}
	}
}
