package consent

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/privaudit/privaudit/record"
)

// Decisions a site records (record.ConsentChoice.Decision).
const (
	// DecisionAccept: every optional category granted.
	DecisionAccept = "accept"
	// DecisionReject: only the necessary granted.
	DecisionReject = "reject"
	// DecisionPartial: some optional categories granted, others refused.
	DecisionPartial = "partial"
	// DecisionUnknown: a consent record is there but cannot be read (its
	// value was not given, or is in a form not understood).
	DecisionUnknown = "unknown"
)

// ReadChoice reads the consent decision a site recorded, from the cookies
// and storage keys at the end of a consent phase. Records do not keep
// cookie values, so values maps cookie names to their values as the
// gatherer read them at the end of the phase (from the browser's cookie
// jar, HttpOnly cookies included); cookies says which cookies there were,
// so that a consent cookie whose value is missing from values still reads
// as DecisionUnknown. Storage values are cut to 64 characters in records,
// so a storage key is read only when its value is shorter.
//
// It knows OneTrust (OptanonConsent: groups=C0001:1,C0002:0,...; read only
// once the banner was closed, OptanonAlertBoxClosed or an interaction
// count), Cookiebot (CookieConsent: {necessary:true,preferences:false,
// statistics:false,marketing:false,...}; -1, consent not required, reads
// as accept), Didomi (didomi_token: base64 JSON of purposes enabled and
// disabled), CookieYes (cookieyes-consent: consent:yes,action:yes,
// analytics:no,...), the GDPR Cookie Consent plugin
// (cookielawinfo-checkbox-*, once viewed_cookie_policy is set), Complianz
// (cmplz_preferences, cmplz_statistics, cmplz_marketing: allow or deny),
// Borlabs Cookie (borlabs-cookie: JSON of the groups consented), Klaro
// (klaro: JSON of services), iubenda (_iub_cs-*: JSON of purposes 1-5),
// TrustArc (notice_gdpr_prefs, notice_preferences: the levels granted),
// Osano's open-source cookieconsent (cookieconsent_status) and the IAB TCF
// v2 string (euconsent-v2: the purposes 1-10 consented, decoded from the
// core segment's bit fields). A platform's own record is read before the
// TCF string, in that order; the first record found decides. It returns
// nil when the site recorded no decision.
//
// Categories lists what was granted, as the platform names it (OneTrust
// group ids, Cookiebot's categories, "purpose 1" for TCF).
func ReadChoice(cookies []record.BrowserCookie, values map[string]string, storage []record.StorageItem) *record.ConsentChoice {
	jar := newJar(cookies, values, storage)
	for _, r := range choiceReaders {
		if c := r(jar); c != nil {
			return c
		}
	}
	return nil
}

// jar is what ReadChoice reads from.
type jar struct {
	names  map[string]bool
	values map[string]string
}

func newJar(cookies []record.BrowserCookie, values map[string]string, storage []record.StorageItem) *jar {
	j := &jar{names: map[string]bool{}, values: map[string]string{}}
	for _, c := range cookies {
		j.names[c.Name] = true
	}
	for _, s := range storage {
		j.names[s.Key] = true
		if len(s.Value) < 64 {
			if _, ok := j.values[s.Key]; !ok {
				j.values[s.Key] = s.Value
			}
		}
	}
	for k, v := range values {
		j.names[k] = true
		j.values[k] = v
	}
	return j
}

// get returns a value and whether the cookie or key is there (a value
// may be missing while the name is there).
func (j *jar) get(name string) (value string, hasValue, present bool) {
	v, ok := j.values[name]
	return v, ok, ok || j.names[name]
}

// withPrefix returns the names that start with prefix, sorted.
func (j *jar) withPrefix(prefix string) []string {
	var out []string
	for n := range j.names {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// categoryState is one category of a record: its name, whether it is a
// necessary one, whether it is granted.
type categoryState struct {
	name      string
	necessary bool
	granted   bool
}

// decide makes a choice from the categories of a record: every optional
// one granted is an accept, none a reject, some a partial; a record with
// no optional category is unknown.
func decide(source string, cats []categoryState) *record.ConsentChoice {
	c := &record.ConsentChoice{Source: source}
	on, off := 0, 0
	for _, s := range cats {
		if s.granted {
			c.Categories = append(c.Categories, s.name)
		}
		switch {
		case s.necessary:
		case s.granted:
			on++
		default:
			off++
		}
	}
	switch {
	case on == 0 && off == 0:
		c.Decision = DecisionUnknown
	case off == 0:
		c.Decision = DecisionAccept
	case on == 0:
		c.Decision = DecisionReject
	default:
		c.Decision = DecisionPartial
	}
	return c
}

func unknown(source string) *record.ConsentChoice {
	return &record.ConsentChoice{Source: source, Decision: DecisionUnknown}
}

// choiceReaders read the records, in order; each returns nil when its
// record is absent or holds no decision yet.
var choiceReaders = []func(*jar) *record.ConsentChoice{
	readOneTrust,
	readCookiebot,
	readDidomi,
	readCookieYes,
	readCookieLawInfo,
	readComplianz,
	readBorlabs,
	readKlaro,
	readIubenda,
	readTrustArc,
	readCookieConsentStatus,
	readTCF,
}

// readOneTrust reads OptanonConsent. OneTrust writes it at the first
// visit with the default groups, so it holds a decision only once the
// banner was closed (OptanonAlertBoxClosed) or the visitor interacted.
func readOneTrust(j *jar) *record.ConsentChoice {
	const name = "OptanonConsent"
	v, ok, present := j.get(name)
	if !present {
		return nil
	}
	_, _, closed := j.get("OptanonAlertBoxClosed")
	if !ok {
		if closed {
			return unknown(name)
		}
		return nil
	}
	q, err := url.ParseQuery(v)
	if err != nil {
		return unknown(name)
	}
	if n, err := strconv.Atoi(q.Get("interactionCount")); !closed && (err != nil || n == 0) {
		return nil
	}
	groups := q.Get("groups")
	if groups == "" {
		return unknown(name)
	}
	var cats []categoryState
	for g := range strings.SplitSeq(groups, ",") {
		id, state, ok := strings.Cut(strings.TrimSpace(g), ":")
		if !ok || id == "" {
			continue
		}
		cats = append(cats, categoryState{name: id, necessary: id == "C0001" || id == "1", granted: state == "1"})
	}
	return decide(name, cats)
}

// readCookiebot reads CookieConsent: a URL-encoded JavaScript object
// literal, or -1 where consent is not required.
func readCookiebot(j *jar) *record.ConsentChoice {
	const name = "CookieConsent"
	v, res, ok := j.read(name, url.PathUnescape)
	if !ok {
		return res
	}
	v = strings.TrimSpace(v)
	if v == "-1" {
		return &record.ConsentChoice{Source: name, Decision: DecisionAccept, Categories: []string{"necessary", "preferences", "statistics", "marketing"}}
	}
	if !strings.HasPrefix(v, "{") || !strings.HasSuffix(v, "}") {
		return unknown(name)
	}
	fields := map[string]string{}
	for f := range strings.SplitSeq(v[1:len(v)-1], ",") {
		k, val, ok := strings.Cut(f, ":")
		if ok {
			fields[strings.Trim(strings.TrimSpace(k), `'"`)] = strings.Trim(strings.TrimSpace(val), `'"`)
		}
	}
	var cats []categoryState
	for _, c := range []string{"necessary", "preferences", "statistics", "marketing"} {
		if val, ok := fields[c]; ok {
			cats = append(cats, categoryState{name: c, necessary: c == "necessary", granted: val == "true"})
		}
	}
	return decide(name, cats)
}

// decodeBase64 decodes standard or URL-safe base64, padded or not.
func decodeBase64(s string) ([]byte, error) {
	s = strings.TrimRight(strings.TrimSpace(s), "=")
	if strings.ContainsAny(s, "-_") {
		return base64.RawURLEncoding.DecodeString(s)
	}
	return base64.RawStdEncoding.DecodeString(s)
}

// readDidomi reads didomi_token: base64 of JSON with the purposes enabled
// and disabled.
func readDidomi(j *jar) *record.ConsentChoice {
	const name = "didomi_token"
	v, res, ok := j.read(name, url.QueryUnescape)
	if !ok {
		return res
	}
	b, err := decodeBase64(v)
	if err != nil {
		return unknown(name)
	}
	var tok struct {
		Purposes struct {
			Enabled  []string `json:"enabled"`
			Disabled []string `json:"disabled"`
		} `json:"purposes"`
	}
	if json.Unmarshal(b, &tok) != nil {
		return unknown(name)
	}
	var cats []categoryState
	for _, p := range tok.Purposes.Enabled {
		cats = append(cats, categoryState{name: p, granted: true})
	}
	for _, p := range tok.Purposes.Disabled {
		cats = append(cats, categoryState{name: p})
	}
	return decide(name, cats)
}

// keyValues splits "k:v,k:v".
func keyValues(s string) map[string]string {
	out := map[string]string{}
	for f := range strings.SplitSeq(s, ",") {
		k, v, ok := strings.Cut(f, ":")
		if ok {
			out[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return out
}

// readCookieYes reads cookieyes-consent ("consentid:..,consent:yes,
// action:yes,necessary:yes,functional:no,analytics:no,..."); it holds a
// decision once action is yes.
func readCookieYes(j *jar) *record.ConsentChoice {
	const name = "cookieyes-consent"
	v, res, ok := j.read(name, url.QueryUnescape)
	if !ok {
		return res
	}
	kv := keyValues(v)
	if kv["action"] != "yes" {
		return nil
	}
	var cats []categoryState
	for _, c := range []string{"necessary", "functional", "analytics", "performance", "advertisement", "other"} {
		if val, ok := kv[c]; ok {
			cats = append(cats, categoryState{name: c, necessary: c == "necessary", granted: val == "yes"})
		}
	}
	return decide(name, cats)
}

// readCookieLawInfo reads the GDPR Cookie Consent plugin's
// cookielawinfo-checkbox-<category> cookies (yes or no), once
// viewed_cookie_policy says the banner was answered.
func readCookieLawInfo(j *jar) *record.ConsentChoice {
	const prefix = "cookielawinfo-checkbox-"
	names := j.withPrefix(prefix)
	if len(names) == 0 {
		return nil
	}
	if _, _, answered := j.get("viewed_cookie_policy"); !answered {
		return nil
	}
	var cats []categoryState
	for _, n := range names {
		v, ok, _ := j.get(n)
		if !ok {
			return unknown(prefix + "*")
		}
		c := strings.TrimPrefix(n, prefix)
		cats = append(cats, categoryState{name: c, necessary: c == "necessary", granted: v == "yes"})
	}
	return decide(prefix+"*", cats)
}

// readComplianz reads cmplz_preferences, cmplz_statistics and
// cmplz_marketing (allow or deny); functional cookies are always allowed.
func readComplianz(j *jar) *record.ConsentChoice {
	var cats []categoryState
	seen := false
	for _, c := range []string{"preferences", "statistics", "marketing"} {
		v, ok, present := j.get("cmplz_" + c)
		if !present {
			continue
		}
		seen = true
		if !ok {
			return unknown("cmplz_*")
		}
		cats = append(cats, categoryState{name: c, granted: v == "allow"})
	}
	if !seen {
		return nil
	}
	if v, _, _ := j.get("cmplz_functional"); v == "allow" {
		cats = append([]categoryState{{name: "functional", necessary: true, granted: true}}, cats...)
	}
	return decide("cmplz_*", cats)
}

// readBorlabs reads borlabs-cookie: URL-encoded JSON whose consents map
// each group consented to its services. It lists only the groups granted,
// so beyond "essential" a record reads as an accept when it has both
// statistics and marketing, as a partial otherwise.
func readBorlabs(j *jar) *record.ConsentChoice {
	const name = "borlabs-cookie"
	v, res, ok := j.read(name, url.QueryUnescape)
	if !ok {
		return res
	}
	var rec struct {
		Consents map[string][]string `json:"consents"`
	}
	if json.Unmarshal([]byte(v), &rec) != nil || rec.Consents == nil {
		return unknown(name)
	}
	c := &record.ConsentChoice{Source: name}
	for g := range rec.Consents {
		c.Categories = append(c.Categories, g)
	}
	sort.Strings(c.Categories)
	optional := slices.DeleteFunc(slices.Clone(c.Categories), func(g string) bool { return g == "essential" })
	switch {
	case len(optional) == 0:
		c.Decision = DecisionReject
	case slices.Contains(optional, "statistics") && slices.Contains(optional, "marketing"):
		c.Decision = DecisionAccept
	default:
		c.Decision = DecisionPartial
	}
	return c
}

// klaroNecessary are Klaro service names that are necessary (Klaro keeps
// required services on after a reject).
var klaroNecessary = []string{"klaro", "necessary", "essential", "required", "session", "csrf", "cookie-consent", "consent"}

// readKlaro reads klaro, a cookie or a storage key: URL-encoded JSON of
// services, each true or false.
func readKlaro(j *jar) *record.ConsentChoice {
	const name = "klaro"
	v, res, ok := j.read(name, url.QueryUnescape)
	if !ok {
		return res
	}
	var services map[string]bool
	if json.Unmarshal([]byte(v), &services) != nil {
		return unknown(name)
	}
	var cats []categoryState
	for s, on := range services {
		cats = append(cats, categoryState{name: s, necessary: slices.Contains(klaroNecessary, strings.ToLower(s)), granted: on})
	}
	sort.Slice(cats, func(a, b int) bool { return cats[a].name < cats[b].name })
	return decide(name, cats)
}

// readIubenda reads _iub_cs-<site id>: URL-encoded JSON of purposes 1 to 5
// (1 strictly necessary), or an older {"consent": true}.
func readIubenda(j *jar) *record.ConsentChoice {
	names := j.withPrefix("_iub_cs-")
	if len(names) == 0 {
		return nil
	}
	name := names[0]
	v, ok, _ := j.get(name)
	if !ok {
		return unknown(name)
	}
	if s, err := url.QueryUnescape(v); err == nil {
		v = s
	}
	var rec struct {
		Purposes map[string]bool `json:"purposes"`
		Consent  *bool           `json:"consent"`
	}
	if json.Unmarshal([]byte(v), &rec) != nil {
		return unknown(name)
	}
	if len(rec.Purposes) == 0 {
		if rec.Consent == nil {
			return unknown(name)
		}
		return decide(name, []categoryState{{name: "consent", granted: *rec.Consent}})
	}
	var cats []categoryState
	for p, on := range rec.Purposes {
		cats = append(cats, categoryState{name: "purpose " + p, necessary: p == "1", granted: on})
	}
	sort.Slice(cats, func(a, b int) bool { return cats[a].name < cats[b].name })
	return decide(name, cats)
}

// readTrustArc reads notice_gdpr_prefs ("0,1,2:" the levels granted:
// 0 required, 1 functional, 2 advertising) or notice_preferences ("2:",
// the highest level granted).
func readTrustArc(j *jar) *record.ConsentChoice {
	levels := []string{"required", "functional", "advertising"}
	if v, ok, present := j.get("notice_gdpr_prefs"); present {
		if !ok {
			return unknown("notice_gdpr_prefs")
		}
		if s, err := url.QueryUnescape(v); err == nil {
			v = s
		}
		list, _, _ := strings.Cut(v, ":")
		granted := map[string]bool{}
		for l := range strings.SplitSeq(list, ",") {
			granted[strings.TrimSpace(l)] = true
		}
		var cats []categoryState
		for i, l := range levels {
			cats = append(cats, categoryState{name: l, necessary: i == 0, granted: granted[strconv.Itoa(i)]})
		}
		return decide("notice_gdpr_prefs", cats)
	}
	if v, ok, present := j.get("notice_preferences"); present {
		if !ok {
			return unknown("notice_preferences")
		}
		if s, err := url.QueryUnescape(v); err == nil {
			v = s
		}
		top, _, _ := strings.Cut(v, ":")
		n, err := strconv.Atoi(strings.TrimSpace(top))
		if err != nil {
			return unknown("notice_preferences")
		}
		var cats []categoryState
		for i, l := range levels {
			cats = append(cats, categoryState{name: l, necessary: i == 0, granted: i <= n})
		}
		return decide("notice_preferences", cats)
	}
	return nil
}

// readCookieConsentStatus reads cookieconsent_status (Osano's open-source
// cookieconsent): allow, deny, or dismiss (an information banner: no
// choice).
func readCookieConsentStatus(j *jar) *record.ConsentChoice {
	const name = "cookieconsent_status"
	v, ok, present := j.get(name)
	if !present {
		return nil
	}
	switch {
	case !ok:
		return unknown(name)
	case v == "allow":
		return &record.ConsentChoice{Source: name, Decision: DecisionAccept}
	case v == "deny":
		return &record.ConsentChoice{Source: name, Decision: DecisionReject}
	}
	return unknown(name)
}

// readTCF reads the IAB TCF v2 string (euconsent-v2): the purposes
// consented in its core segment. Purposes 1 to 10 all on is an accept, no
// purpose at all a reject, anything else a partial.
func readTCF(j *jar) *record.ConsentChoice {
	const name = "euconsent-v2"
	v, res, ok := j.read(name, nil)
	if !ok {
		return res
	}
	tc, err := DecodeTCString(v)
	if err != nil {
		return unknown(name)
	}
	c := &record.ConsentChoice{Source: name}
	on := 0
	for p := 1; p <= 24; p++ {
		if tc.PurposesConsent[p] {
			c.Categories = append(c.Categories, "purpose "+strconv.Itoa(p))
			if p <= 10 {
				on++
			}
		}
	}
	switch {
	case len(c.Categories) == 0:
		c.Decision = DecisionReject
	case on == 10:
		c.Decision = DecisionAccept
	default:
		c.Decision = DecisionPartial
	}
	return c
}

// TCString is the part of an IAB TCF v2 TC string's core segment that
// ReadChoice uses.
type TCString struct {
	Version           int
	CMPID             int
	CMPVersion        int
	ConsentScreen     int
	ConsentLanguage   string
	VendorListVersion int
	TCFPolicyVersion  int
	IsServiceSpecific bool
	// PurposesConsent holds the purposes (1 to 24) the user consented to.
	PurposesConsent map[int]bool
	// PurposesLITransparency holds the purposes whose legitimate interest
	// was disclosed and not objected to.
	PurposesLITransparency map[int]bool
	PublisherCC            string
}

// bits reads big-endian bit fields.
type bits struct {
	b   []byte
	pos int
}

func (r *bits) read(n int) (int, error) {
	if r.pos+n > len(r.b)*8 {
		return 0, errors.New("the string is too short")
	}
	v := 0
	for range n {
		byteAt, bit := r.pos/8, 7-r.pos%8
		v = v<<1 | int(r.b[byteAt]>>bit&1)
		r.pos++
	}
	return v, nil
}

func (r *bits) letters(n int) (string, error) {
	var sb strings.Builder
	for range n {
		v, err := r.read(6)
		if err != nil {
			return "", err
		}
		sb.WriteByte(byte('A' + v))
	}
	return sb.String(), nil
}

// DecodeTCString decodes the core segment of an IAB TCF v2 TC string (the
// part before the first "."): version, CMP, language, policy version and
// the purposes' consents and legitimate interests, at the bit offsets the
// TCF v2 specification gives (purposes consent at bit 152).
func DecodeTCString(s string) (TCString, error) {
	core, _, _ := strings.Cut(strings.TrimSpace(s), ".")
	b, err := decodeBase64(core)
	if err != nil {
		return TCString{}, fmt.Errorf("consent: TC string: %w", err)
	}
	r := &bits{b: b}
	var tc TCString
	field := func(n int) int {
		if err != nil {
			return 0
		}
		var v int
		v, err = r.read(n)
		return v
	}
	tc.Version = field(6)
	field(36) // created
	field(36) // last updated
	tc.CMPID = field(12)
	tc.CMPVersion = field(12)
	tc.ConsentScreen = field(6)
	if err == nil {
		tc.ConsentLanguage, err = r.letters(2)
	}
	tc.VendorListVersion = field(12)
	tc.TCFPolicyVersion = field(6)
	tc.IsServiceSpecific = field(1) == 1
	field(1)  // use non-standard texts
	field(12) // special feature opt-ins
	tc.PurposesConsent = map[int]bool{}
	for p := 1; p <= 24; p++ {
		if field(1) == 1 {
			tc.PurposesConsent[p] = true
		}
	}
	tc.PurposesLITransparency = map[int]bool{}
	for p := 1; p <= 24; p++ {
		if field(1) == 1 {
			tc.PurposesLITransparency[p] = true
		}
	}
	field(1) // purpose one treatment
	if err == nil {
		tc.PublisherCC, err = r.letters(2)
	}
	if err != nil {
		return TCString{}, fmt.Errorf("consent: TC string: %w", err)
	}
	if tc.Version != 2 {
		return TCString{}, fmt.Errorf("consent: TC string: version %d, want 2", tc.Version)
	}
	return tc, nil
}

// Respected reports whether the decision a site recorded agrees with the
// action taken in the phase: a reject recorded as an accept or a partial,
// or an accept recorded as a reject, does not ("reject not respected"). An
// absent or unknown decision contradicts nothing.
func Respected(a Action, c *record.ConsentChoice) bool {
	if c == nil {
		return true
	}
	switch a {
	case Reject:
		return c.Decision != DecisionAccept && c.Decision != DecisionPartial
	case Accept:
		return c.Decision != DecisionReject
	}
	return true
}

// read returns the value of the cookie name, unescaped with unescape when
// not nil (a value that does not unescape is kept as it is). ok is false
// when there is no decision to read: res is then nil (no such cookie) or
// unknown (its value was not read).
func (j *jar) read(name string, unescape func(string) (string, error)) (v string, res *record.ConsentChoice, ok bool) {
	v, got, present := j.get(name)
	switch {
	case !present:
		return "", nil, false
	case !got:
		return "", unknown(name), false
	}
	if unescape != nil {
		if s, err := unescape(v); err == nil {
			v = s
		}
	}
	return v, nil, true
}
