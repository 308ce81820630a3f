package consent

import (
	"encoding/base64"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/record"
)

// optanon returns an OptanonConsent value in OneTrust's format.
func optanon(groups string, interactions string) string {
	return "isGpcEnabled=0&datestamp=Tue+Oct+08+2024+10%3A15%3A42+GMT%2B0200+(Central+European+Summer+Time)" +
		"&version=202409.1.0&browserGpcFlag=0&isIABGlobal=false&hosts=&consentId=0b4f2c9e-7d1a-4a55-9f0e-2b6f7c1d3e4a" +
		"&interactionCount=" + interactions + "&isAnonUser=1&landingPath=NotLandingPage&groups=" + url.QueryEscape(groups) +
		"&AwaitingReconsent=false&geolocation=DE%3BBE"
}

// cookiebot returns a CookieConsent value in Cookiebot's format.
func cookiebot(pref, stat, mark string) string {
	return "{stamp:%27-23ZkT3bOC%2BSfShm7VGMV8u4%2BqvF%2FDSBbmpPnM0bMWTrbQ%3D%3D%27%2Cnecessary:true%2Cpreferences:" + pref +
		"%2Cstatistics:" + stat + "%2Cmarketing:" + mark + "%2Cmethod:%27explicit%27%2Cver:1%2Cutc:1728375342123%2Cregion:%27de%27}"
}

// didomi returns a didomi_token value: base64 of Didomi's JSON.
func didomi(enabled, disabled string) string {
	js := `{"user_id":"18f5b4b2-6c1e-6f0d-a0c3-2b1c9d8e7f6a","created":"2024-10-08T08:15:42.123Z","updated":"2024-10-08T08:15:45.456Z",` +
		`"vendors":{"enabled":["google"],"disabled":[]},"purposes":{"enabled":[` + enabled + `],"disabled":[` + disabled + `]},` +
		`"vendors_li":{"enabled":["google"]},"version":2,"ac":"AAAA.AAAA"}`
	return base64.StdEncoding.EncodeToString([]byte(js))
}

// tcBits writes TC string bit fields.
type tcBits []bool

func (b *tcBits) put(v, n int) {
	for i := n - 1; i >= 0; i-- {
		*b = append(*b, v>>i&1 == 1)
	}
}

func (b *tcBits) letters(s string) {
	for _, r := range s {
		b.put(int(r-'A'), 6)
	}
}

// encodeTC writes a TCF v2 core segment with the purposes given consented,
// following the specification's field order.
func encodeTC(cmp int, purposes ...int) string {
	var b tcBits
	b.put(2, 6)                // version
	b.put(17283753421, 36)     // created, deciseconds
	b.put(17283753421, 36)     // last updated
	b.put(cmp, 12)             // CMP id
	b.put(3, 12)               // CMP version
	b.put(1, 6)                // consent screen
	b.letters("EN")            // consent language
	b.put(71, 12)              // vendor list version
	b.put(4, 6)                // TCF policy version
	b.put(0, 1)                // is service specific
	b.put(0, 1)                // use non-standard texts
	b.put(0, 12)               // special feature opt-ins
	for p := 1; p <= 24; p++ { // purposes consent
		b.put(map[bool]int{true: 1}[slices.Contains(purposes, p)], 1)
	}
	b.put(0, 24)    // purposes legitimate interest
	b.put(0, 1)     // purpose one treatment
	b.letters("DE") // publisher country
	b.put(0, 16)    // max vendor id (consents)
	b.put(0, 1)     // bit field
	b.put(0, 16)    // max vendor id (legitimate interests)
	b.put(0, 1)     // bit field
	b.put(0, 12)    // publisher restrictions
	out := make([]byte, (len(b)+7)/8)
	for i, bit := range b {
		if bit {
			out[i/8] |= 1 << (7 - i%8)
		}
	}
	return base64.RawURLEncoding.EncodeToString(out)
}

// TestDecodeTCString checks the decoder on TC strings published with
// their decoded fields (LiveRamp/iabconsent's fixtures, made with the IAB's
// encoder at iabtcf.com) and on strings encoded here.
func TestDecodeTCString(t *testing.T) {
	for _, c := range []struct {
		s        string
		cmp      int
		lang, cc string
		policy   int
		service  bool
		purposes []int
	}{
		{"COvzTO5OvzTO5B7ABCENAPCYAKdAADkAAIqIFhwBAAGAAXAFGAsMAhYAgAMAAegBYAEKAAA.IFoEUQQgAIQwgIwQABAEAAAAOIAACAIAAAAQAIAgEAACEAAAAAgAQBAAAAAAAGBAAgAAAAAAAFAAECAAAgAAQARAEQAAAAAJAAIAAgAAAYQEAAAQmAgBC3ZAYzUw.QE5QAwCvgHyATkA",
			123, "EN", "FR", 2, false, []int{1, 3, 6, 7, 8, 10}},
		{"COvzTO5OvzTO5BRAAAENAPCoALIAADgAAAAAAewAwABAAlAB6ABBFADBQAQA9hAAAcAA",
			81, "EN", "AA", 2, true, []int{1, 3, 4, 7}},
		{"COvzTO5OvzTO5BZAFMENAPCgAAAAAAAAAAwIFoEUQQgAIQwgIwQABAEAAAAOIAACAIAAAAQAIAgEAACEAAAAAgAQBAAAAAAAGBAAgAAAAAAAFAAECAAAgAAQARAEQAAAAAJAAIAAgAAAYQEAAAQmAgBC3ZAYzUwLQIoghAAQhhARggACAIAAAAcQAAEAQAAAAgAQBAIAAEIAAAABAAgCAAAAAAAMCABAAAAAAAAKAAIEAABAAAgAiAIgAAAAASAAQABAAAAwgIAAAhMBACFuyAxmpgAA",
			89, "EN", "GB", 2, true, nil},
		{"COvzTO5OvzTO5B7ABCENAPEYAIAAAIAAAIqIAAoAAoAA.QAAo.IAAo", 123, "EN", "FR", 4, false, []int{1}},
		{encodeTC(300, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 300, "EN", "DE", 4, false, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
		{encodeTC(7), 7, "EN", "DE", 4, false, nil},
	} {
		tc, err := DecodeTCString(c.s)
		if err != nil {
			t.Errorf("DecodeTCString(%.30s...): %v", c.s, err)
			continue
		}
		got := slices.Sorted(maps.Keys(tc.PurposesConsent))
		if tc.Version != 2 || tc.CMPID != c.cmp || tc.ConsentLanguage != c.lang || tc.PublisherCC != c.cc ||
			tc.TCFPolicyVersion != c.policy || tc.IsServiceSpecific != c.service || !slices.Equal(got, c.purposes) {
			t.Errorf("DecodeTCString(%.30s...) = CMP %d, %s, %s, policy %d, service-specific %v, purposes %v; want %d, %s, %s, %d, %v, %v",
				c.s, tc.CMPID, tc.ConsentLanguage, tc.PublisherCC, tc.TCFPolicyVersion, tc.IsServiceSpecific, got,
				c.cmp, c.lang, c.cc, c.policy, c.service, c.purposes)
		}
	}
	for _, bad := range []string{"", "COvzTO5O", "!!!", "BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA"} {
		if _, err := DecodeTCString(bad); err == nil {
			t.Errorf("DecodeTCString(%q) decoded", bad)
		}
	}
}

func TestReadChoice(t *testing.T) {
	closed := map[string]string{"OptanonAlertBoxClosed": "2024-10-08T08:15:42.123Z"}
	with := func(m map[string]string, kv ...string) map[string]string {
		out := maps.Clone(m)
		if out == nil {
			out = map[string]string{}
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	cases := []struct {
		name    string
		values  map[string]string
		names   []string // cookies present without a value
		storage []record.StorageItem
		// want: source, decision, categories ("" source: nil).
		source, decision string
		cats             []string
	}{
		{name: "onetrust reject", values: with(closed, "OptanonConsent", optanon("C0001:1,C0002:0,C0003:0,C0004:0", "1")),
			source: "OptanonConsent", decision: DecisionReject, cats: []string{"C0001"}},
		{name: "onetrust accept", values: with(closed, "OptanonConsent", optanon("C0001:1,C0002:1,C0003:1,C0004:1,C0005:1", "2")),
			source: "OptanonConsent", decision: DecisionAccept, cats: []string{"C0001", "C0002", "C0003", "C0004", "C0005"}},
		{name: "onetrust partial", values: with(closed, "OptanonConsent", optanon("C0001:1,C0002:1,C0003:0,C0004:0", "1")),
			source: "OptanonConsent", decision: DecisionPartial, cats: []string{"C0001", "C0002"}},
		{name: "onetrust old numeric groups", values: with(closed, "OptanonConsent", "groups=1%3A1%2C2%3A0%2C3%3A0%2C4%3A0&hosts="),
			source: "OptanonConsent", decision: DecisionReject, cats: []string{"1"}},
		{name: "onetrust defaults before any choice", values: map[string]string{"OptanonConsent": optanon("C0001:1,C0002:0,C0003:0,C0004:0", "0")}},
		{name: "onetrust value not read", names: []string{"OptanonConsent", "OptanonAlertBoxClosed"},
			source: "OptanonConsent", decision: DecisionUnknown},
		{name: "cookiebot reject", values: map[string]string{"CookieConsent": cookiebot("false", "false", "false")},
			source: "CookieConsent", decision: DecisionReject, cats: []string{"necessary"}},
		{name: "cookiebot accept", values: map[string]string{"CookieConsent": cookiebot("true", "true", "true")},
			source: "CookieConsent", decision: DecisionAccept, cats: []string{"necessary", "preferences", "statistics", "marketing"}},
		{name: "cookiebot statistics only", values: map[string]string{"CookieConsent": cookiebot("false", "true", "false")},
			source: "CookieConsent", decision: DecisionPartial, cats: []string{"necessary", "statistics"}},
		{name: "cookiebot consent not required", values: map[string]string{"CookieConsent": "-1"},
			source: "CookieConsent", decision: DecisionAccept, cats: []string{"necessary", "preferences", "statistics", "marketing"}},
		{name: "cookiebot garbage", values: map[string]string{"CookieConsent": "yes please"},
			source: "CookieConsent", decision: DecisionUnknown},
		{name: "tcf all ten purposes", values: map[string]string{"euconsent-v2": encodeTC(10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)},
			source: "euconsent-v2", decision: DecisionAccept,
			cats: []string{"purpose 1", "purpose 2", "purpose 3", "purpose 4", "purpose 5", "purpose 6", "purpose 7", "purpose 8", "purpose 9", "purpose 10"}},
		{name: "tcf no purpose", values: map[string]string{"euconsent-v2": encodeTC(10)},
			source: "euconsent-v2", decision: DecisionReject},
		{name: "tcf storage only", values: map[string]string{"euconsent-v2": encodeTC(10, 1)},
			source: "euconsent-v2", decision: DecisionPartial, cats: []string{"purpose 1"}},
		{name: "tcf published partial", values: map[string]string{"euconsent-v2": "COvzTO5OvzTO5BRAAAENAPCoALIAADgAAAAAAewAwABAAlAB6ABBFADBQAQA9hAAAcAA"},
			source: "euconsent-v2", decision: DecisionPartial, cats: []string{"purpose 1", "purpose 3", "purpose 4", "purpose 7"}},
		{name: "tcf broken", values: map[string]string{"euconsent-v2": "%%%"}, source: "euconsent-v2", decision: DecisionUnknown},
		{name: "onetrust before tcf", values: with(closed, "OptanonConsent", optanon("C0001:1,C0002:0", "1"), "euconsent-v2", encodeTC(10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)),
			source: "OptanonConsent", decision: DecisionReject, cats: []string{"C0001"}},
		{name: "didomi reject", values: map[string]string{"didomi_token": didomi(``, `"analytics-HpBJrrK7","geolocation_data","device_characteristics"`)},
			source: "didomi_token", decision: DecisionReject},
		{name: "didomi accept", values: map[string]string{"didomi_token": strings.TrimRight(didomi(`"analytics-HpBJrrK7","geolocation_data"`, ``), "=")},
			source: "didomi_token", decision: DecisionAccept, cats: []string{"analytics-HpBJrrK7", "geolocation_data"}},
		{name: "cookieyes reject", values: map[string]string{"cookieyes-consent": "consentid:ZjlwTkF1dWJhVGZzRnV0NWJqbXRaWWJjQ1BaM0xVdGw,consent:no,action:yes,necessary:yes,functional:no,analytics:no,performance:no,advertisement:no,other:no"},
			source: "cookieyes-consent", decision: DecisionReject, cats: []string{"necessary"}},
		{name: "cookieyes accept", values: map[string]string{"cookieyes-consent": "consentid:ZjlwTkF1dWJhVGZzRnV0NWJqbXRaWWJjQ1BaM0xVdGw,consent:yes,action:yes,necessary:yes,functional:yes,analytics:yes,performance:yes,advertisement:yes,other:yes"},
			source: "cookieyes-consent", decision: DecisionAccept, cats: []string{"necessary", "functional", "analytics", "performance", "advertisement", "other"}},
		{name: "cookieyes before any choice", values: map[string]string{"cookieyes-consent": "consentid:ZjlwTkF1dWJhVGZzRnV0NWJqbXRaWWJjQ1BaM0xVdGw,consent:no,action:,necessary:yes,functional:no,analytics:no,performance:no,advertisement:no,other:no"}},
		{name: "cookielawinfo reject", values: map[string]string{
			"cookielawinfo-checkbox-necessary": "yes", "cookielawinfo-checkbox-functional": "no", "cookielawinfo-checkbox-performance": "no",
			"cookielawinfo-checkbox-analytics": "no", "cookielawinfo-checkbox-advertisement": "no", "cookielawinfo-checkbox-others": "no",
			"viewed_cookie_policy": "no"},
			source: "cookielawinfo-checkbox-*", decision: DecisionReject, cats: []string{"necessary"}},
		{name: "cookielawinfo not answered", values: map[string]string{"cookielawinfo-checkbox-necessary": "yes", "cookielawinfo-checkbox-analytics": "no"}},
		{name: "complianz reject", values: map[string]string{"cmplz_functional": "allow", "cmplz_preferences": "deny", "cmplz_statistics": "deny", "cmplz_marketing": "deny", "cmplz_banner-status": "dismissed"},
			source: "cmplz_*", decision: DecisionReject, cats: []string{"functional"}},
		{name: "complianz statistics only", values: map[string]string{"cmplz_functional": "allow", "cmplz_preferences": "deny", "cmplz_statistics": "allow", "cmplz_marketing": "deny"},
			source: "cmplz_*", decision: DecisionPartial, cats: []string{"functional", "statistics"}},
		{name: "borlabs reject", values: map[string]string{"borlabs-cookie": "%7B%22consents%22%3A%7B%22essential%22%3A%5B%22borlabs-cookie%22%5D%7D%2C%22domainPath%22%3A%22example.de%2F%22%2C%22expires%22%3A%22Wed%2C%208%20Oct%202025%2008%3A15%3A42%20GMT%22%2C%22uid%22%3A%22anonymous%22%2C%22version%22%3A%221%22%7D"},
			source: "borlabs-cookie", decision: DecisionReject, cats: []string{"essential"}},
		{name: "borlabs accept", values: map[string]string{"borlabs-cookie": "%7B%22consents%22%3A%7B%22essential%22%3A%5B%22borlabs-cookie%22%5D%2C%22statistics%22%3A%5B%22google-analytics%22%5D%2C%22marketing%22%3A%5B%22facebook-pixel%22%5D%7D%2C%22uid%22%3A%22x%22%2C%22version%22%3A%221%22%7D"},
			source: "borlabs-cookie", decision: DecisionAccept, cats: []string{"essential", "marketing", "statistics"}},
		{name: "klaro reject", values: map[string]string{"klaro": "%7B%22klaro%22%3Atrue%2C%22matomo%22%3Afalse%2C%22youtube%22%3Afalse%7D"},
			source: "klaro", decision: DecisionReject, cats: []string{"klaro"}},
		{name: "klaro in storage", storage: []record.StorageItem{{Origin: "https://example.org", Kind: "local", Key: "klaro", Value: `{"klaro":true,"matomo":true,"youtube":true}`}},
			source: "klaro", decision: DecisionAccept, cats: []string{"klaro", "matomo", "youtube"}},
		{name: "klaro in storage, cut", storage: []record.StorageItem{{Origin: "https://example.org", Kind: "local", Key: "klaro", Value: strings.Repeat("x", 64)}},
			source: "klaro", decision: DecisionUnknown},
		{name: "iubenda reject", values: map[string]string{"_iub_cs-12345678": "%7B%22timestamp%22%3A%222024-10-08T08%3A15%3A42.123Z%22%2C%22version%22%3A%221.67.1%22%2C%22purposes%22%3A%7B%221%22%3Atrue%2C%222%22%3Afalse%2C%223%22%3Afalse%2C%224%22%3Afalse%2C%225%22%3Afalse%7D%2C%22id%22%3A12345678%2C%22cons%22%3A%7B%22rand%22%3A%22a1b2c3%22%7D%7D"},
			source: "_iub_cs-12345678", decision: DecisionReject, cats: []string{"purpose 1"}},
		{name: "trustarc required only", values: map[string]string{"notice_gdpr_prefs": "0:", "notice_preferences": "0:"},
			source: "notice_gdpr_prefs", decision: DecisionReject, cats: []string{"required"}},
		{name: "trustarc all", values: map[string]string{"notice_preferences": "2:"},
			source: "notice_preferences", decision: DecisionAccept, cats: []string{"required", "functional", "advertising"}},
		{name: "cookieconsent deny", values: map[string]string{"cookieconsent_status": "deny"}, source: "cookieconsent_status", decision: DecisionReject},
		{name: "cookieconsent dismiss", values: map[string]string{"cookieconsent_status": "dismiss"}, source: "cookieconsent_status", decision: DecisionUnknown},
		{name: "nothing recorded", values: map[string]string{"_ga": "GA1.1.1.1", "PHPSESSID": "abc"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var cookies []record.BrowserCookie
			for n, v := range c.values {
				cookies = append(cookies, record.BrowserCookie{Name: n, ValueLength: len(v)})
			}
			for _, n := range c.names {
				cookies = append(cookies, record.BrowserCookie{Name: n})
			}
			got := ReadChoice(cookies, c.values, c.storage)
			if c.source == "" {
				if got != nil {
					t.Fatalf("ReadChoice = %+v, want no decision", got)
				}
				return
			}
			if got == nil || got.Source != c.source || got.Decision != c.decision {
				t.Fatalf("ReadChoice = %+v, want %s from %s", got, c.decision, c.source)
			}
			if c.cats != nil && !reflect.DeepEqual(got.Categories, c.cats) {
				t.Errorf("categories = %q, want %q", got.Categories, c.cats)
			}
		})
	}
}

// TestRejectNotRespected is the case the reject-respected check flags: a
// site that records an accept after the visitor rejected.
func TestRejectNotRespected(t *testing.T) {
	values := map[string]string{
		"OptanonAlertBoxClosed": "2024-10-08T08:15:42.123Z",
		// All groups on, after a click on "Reject All".
		"OptanonConsent": optanon("C0001:1,C0002:1,C0003:1,C0004:1", "1"),
	}
	c := ReadChoice([]record.BrowserCookie{{Name: "OptanonConsent"}, {Name: "OptanonAlertBoxClosed"}}, values, nil)
	if c == nil || c.Decision != DecisionAccept {
		t.Fatalf("ReadChoice = %+v, want an accept", c)
	}
	if Respected(Reject, c) {
		t.Error("Respected(Reject, an accept) = true")
	}
	if !Respected(Accept, c) {
		t.Error("Respected(Accept, an accept) = false")
	}
	partial := &record.ConsentChoice{Source: "CookieConsent", Decision: DecisionPartial}
	reject := &record.ConsentChoice{Source: "CookieConsent", Decision: DecisionReject}
	unknown := &record.ConsentChoice{Source: "CookieConsent", Decision: DecisionUnknown}
	for _, c := range []struct {
		a    Action
		c    *record.ConsentChoice
		want bool
	}{
		{Reject, partial, false}, {Reject, reject, true}, {Reject, unknown, true}, {Reject, nil, true},
		{Accept, reject, false}, {Accept, partial, true}, {Accept, nil, true},
	} {
		if got := Respected(c.a, c.c); got != c.want {
			t.Errorf("Respected(%s, %+v) = %v, want %v", c.a, c.c, got, c.want)
		}
	}
}
