package consent

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/privaudit/privaudit/internal/testsite"
)

// TestInterpreter runs each action type, and the selections' filters, on
// a real page and checks what it did there.
func TestInterpreter(t *testing.T) {
	t.Parallel()
	p := open(t, servePages(t)+"/interp.html")
	rules, err := ParseRules([]byte(`{"t": {
		"detectors": [{"presentMatcher": {"type": "css", "target": {"selector": "body"}}}],
		"methods": [
			{"name": "HELPER", "custom": true, "action": {"type": "click", "target": {"selector": ".m", "textFilter": "m1"}}},
			{"name": "SAVE_CONSENT", "action": {"type": "click", "target": {"selector": ".m", "textFilter": "m3"}}}
		]}}`), "test")
	if err != nil || rules.Len() != 1 {
		t.Fatalf("ParseRules: %v %+v", err, rules.Skipped())
	}
	plat := rules.platforms[0]
	click := func(name string) string {
		return `{"type": "click", "target": {"selector": "[data-name=` + name + `]"}}`
	}
	for _, c := range []struct {
		name   string
		action string
		accept bool
		// check is a JavaScript expression that is true when the action
		// did its work; log is window.log joined by commas.
		log   string
		check string
	}{
		{name: "click with a textFilter", action: `{"type": "click", "target": {"selector": ".m", "textFilter": ["  M2 "]}}`, log: ""},
		{name: "click with a textFilter list", action: `{"type": "click", "target": {"selector": ".m", "textFilter": ["nothing", "m2"]}}`, log: "m2"},
		{name: "multiclick", action: `{"type": "multiclick", "target": {"selector": ".m"}}`, log: "m1,m2,m3"},
		{name: "displayFilter", action: `{"type": "click", "target": {"selector": ".vis", "displayFilter": true}}`, log: "vis2"},
		{name: "displayFilter false", action: `{"type": "click", "target": {"selector": ".vis", "displayFilter": false}}`, log: "vis1"},
		{name: "styleFilter", action: `{"type": "click", "target": {"selector": ".m", "styleFilter": [{"option": "color", "value": "rgb(255, 0, 0)"}]}}`, log: "m2"},
		{name: "ifcss false branch", action: `{"type": "ifcss", "target": {"selector": "#nothing"}, "trueAction": ` + click("m1") + `, "falseAction": ` + click("m3") + `}`, log: "m3"},
		{name: "ifcss with a parent", action: `{"type": "ifcss", "parent": {"selector": "#box2"}, "target": {"selector": ".in"}, "trueAction": ` + click("m1") + `}`, log: "m1"},
		{name: "nested selection", action: `{"type": "click", "target": {"parent": {"selector": "#box2"}, "target": {"selector": ".in"}}}`, log: "in2"},
		{name: "foreach, childFilter negated, checkbox toggles off",
			action: `{"type": "foreach", "target": {"selector": ".cat", "childFilter": {"target": {"selector": ".lock"}}, "childFilterNegate": true},
				"action": {"type": "consent", "consents": [{"type": "B", "matcher": {"type": "checkbox", "target": {"selector": "input"}}, "toggleAction": {"type": "click", "target": {"selector": "input"}}}]}}`,
			log: "analytics,marketing", check: `[...document.querySelectorAll('.cat input')].map(i => i.checked).join() === 'false,false,true'`},
		{name: "checkbox toggles on, :scope", accept: true,
			action: `{"type": "foreach", "target": {"selector": ".cat input:not([disabled])"},
				"action": {"type": "consent", "consents": [{"type": "F", "matcher": {"type": "checkbox", "target": {"selector": ":scope"}}, "toggleAction": {"type": "click", "target": {"selector": ":scope"}}}]}}`,
			log: "analytics,marketing", check: `[...document.querySelectorAll('.cat input')].every(i => i.checked)`},
		{name: "childFilter keeps", action: `{"type": "foreach", "target": {"selector": ".cat", "childFilter": {"target": {"selector": ".lock"}}},
				"action": {"type": "click", "target": {"selector": ".lock"}}}`, log: "lock"},
		{name: "onoff matcher", action: `{"type": "list", "actions": [
				{"type": "consent", "consents": [{"type": "A", "matcher": {"type": "onoff", "onMatcher": {"target": {"selector": ".onoff[data-state=on]"}}, "offMatcher": {"target": {"selector": ".onoff[data-state=off]"}}},
					"trueAction": ` + click("flip") + `, "falseAction": ` + click("flip") + `}]},
				{"type": "consent", "consents": [{"type": "A", "matcher": {"type": "onoff", "onMatcher": {"target": {"selector": ".onoff[data-state=on]"}}, "offMatcher": {"target": {"selector": ".onoff[data-state=off]"}}},
					"trueAction": ` + click("flip") + `, "falseAction": ` + click("flip") + `}]}]}`,
			log: "flip", check: `document.querySelector('.onoff').dataset.state === 'off'`},
		{name: "consent true and false actions", action: `{"type": "consent", "consents": [{"type": "X", "trueAction": ` + click("m1") + `, "falseAction": ` + click("m2") + `}]}`, log: "m2"},
		{name: "consent, accepting", accept: true, action: `{"type": "consent", "consents": [{"type": "X", "trueAction": ` + click("m1") + `, "falseAction": ` + click("m2") + `}]}`, log: "m1"},
		{name: "a checkbox not found is no error", action: `{"type": "list", "actions": [{"type": "consent", "consents": [{"type": "B", "matcher": {"type": "checkbox", "target": {"selector": "#none"}}, "toggleAction": ` + click("m1") + `}]}, ` + click("m3") + `]}`, log: "m3"},
		{name: "url matcher", action: `{"type": "consent", "consents": [{"type": "B", "matcher": {"type": "url", "url": ["/interp.html"]}, "toggleAction": ` + click("m1") + `}]}`, log: "m1"},
		{name: "url matcher, regexp negated", action: `{"type": "consent", "consents": [{"type": "B", "matcher": {"type": "url", "url": "interp\\.html$", "regexp": true, "negated": true}, "toggleAction": ` + click("m1") + `}]}`, log: ""},
		{name: "ifallownone", action: `{"type": "ifallownone", "trueAction": ` + click("m2") + `, "falseAction": ` + click("m3") + `}`, log: "m2"},
		{name: "ifallowall", action: `{"type": "ifallowall", "trueAction": ` + click("m2") + `, "falseAction": ` + click("m3") + `}`, log: "m3"},
		{name: "ifallowall, accepting", accept: true, action: `{"type": "ifallowall", "trueAction": ` + click("m2") + `, "falseAction": ` + click("m3") + `}`, log: "m2"},
		{name: "waitcss", action: `{"type": "list", "actions": [` + click("arm") + `, {"type": "waitcss", "target": {"selector": ".late"}, "retries": 40, "waitTime": 50}, {"type": "click", "target": {"selector": ".late"}}]}`, log: "arm,late"},
		{name: "waitcss negated", action: `{"type": "list", "actions": [` + click("disarm") + `, {"type": "waitcss", "target": {"selector": ".going"}, "retries": 40, "waitTime": 50, "negated": true},
				{"type": "ifcss", "target": {"selector": ".going"}, "trueAction": ` + click("m1") + `, "falseAction": ` + click("m2") + `}]}`, log: "disarm,m2"},
		{name: "hide, hidden from detection", action: `{"type": "list", "actions": [{"type": "hide", "target": {"selector": "#hideme"}, "hideFromDetection": true},
				{"type": "ifcss", "target": {"selector": "#hideme", "displayFilter": true}, "trueAction": ` + click("m1") + `, "falseAction": ` + click("m3") + `}]}`,
			log: "m3", check: `getComputedStyle(document.getElementById('hideme')).opacity === '0' && document.getElementById('hideme').offsetHeight > 0`},
		{name: "runmethod, custom", action: `{"type": "runmethod", "method": "HELPER"}`, log: "m1"},
		{name: "runmethod, not custom", action: `{"type": "runmethod", "method": "SAVE_CONSENT"}`, log: ""},
		{name: "runrooted", action: `{"type": "runrooted", "target": {"selector": "#box2"}, "action": {"type": "click", "target": {"selector": ":scope > .in"}}}`, log: "in2"},
		{name: "foreach then runrooted ignoring the old root", action: `{"type": "foreach", "target": {"selector": "#box1"},
				"action": {"type": "runrooted", "ignoreOldRoot": true, "target": {"selector": "#box2"}, "action": {"type": "click", "target": {"selector": ".in"}}}}`, log: "in2"},
		{name: "foreach roots the search", action: `{"type": "foreach", "target": {"selector": "#box1"}, "action": {"type": "click", "target": {"selector": ".in"}}}`, log: "in1"},
		{name: "open shadow root", action: `{"type": "click", "parent": {"selector": "#host"}, "target": {"selector": "#inner"}}`, log: "inner"},
		{name: "slide", action: `{"type": "slide", "target": {"selector": "#knob"}, "dragTarget": {"target": {"selector": "#slot"}}, "axis": "x"}`, log: "slid:190"},
		{name: "close and wait", action: `{"type": "list", "actions": [{"type": "close"}, {"type": "wait", "waitTime": 10}, ` + click("m1") + `]}`, log: "m1"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second*testsite.TimeScale)
		if err := p.dom.Eval(ctx, `window.log = []`, nil); err != nil {
			cancel()
			t.Fatal(err)
		}
		var a action
		if err := json.Unmarshal([]byte(c.action), &a); err != nil {
			cancel()
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := checkAction(&a); err != nil {
			t.Errorf("%s: checkAction: %v", c.name, err)
		}
		// Start past the clicks that Consent-O-Matic pauses after.
		e := &engine{dom: p.dom, p: plat, want: allLetters(c.accept), clicks: 1000}
		if err := e.run(ctx, &a, 0); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		var got string
		if err := p.dom.Eval(ctx, `window.log.join(',')`, &got); err != nil {
			t.Fatal(err)
		}
		if got != c.log {
			t.Errorf("%s: clicked %q, want %q", c.name, got, c.log)
		}
		if c.check != "" {
			var ok bool
			if err := p.dom.Eval(ctx, c.check, &ok); err != nil || !ok {
				t.Errorf("%s: %s is not true (%v)", c.name, c.check, err)
			}
		}
		if n := strings.Count(c.log, ",") + 1; c.log != "" && !strings.HasPrefix(c.log, "slid") && e.clicks-1000 != n {
			t.Errorf("%s: %d clicks counted, want %d", c.name, e.clicks-1000, n)
		}
		cancel()
	}
}
