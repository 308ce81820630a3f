package policy

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// knownCookies are widespread cookie and storage names that do not look
// like identifiers (no underscore). Short ones must be written in this case.
var knownCookies = map[string]bool{
	"PHPSESSID": true, "JSESSIONID": true, "ASPSESSIONID": true, "CFID": true, "CFTOKEN": true,
	"NID": true, "IDE": true, "DSID": true, "HSID": true, "SSID": true, "APISID": true, "SAPISID": true,
	"SIDCC": true, "AEC": true, "OTZ": true, "ANID": true, "AWSALB": true, "AWSALBCORS": true,
	"AWSELB": true, "datr": true, "VISITOR_INFO1_LIVE": true, "YSC": true, "PREF": true,
	"OptanonConsent": true, "OptanonAlertBoxClosed": true, "CookieConsent": true, "cookielawinfo": true,
	"hubspotutk": true, "MUID": true, "ANONCHK": true, "bcookie": true, "lidc": true, "bscookie": true,
	"personalization_id": true, "guest_id": true, "intercom": true, "li_gc": true, "UserMatchHistory": true,
}

var (
	// wildcardTail matches how policies write "any suffix" after a cookie
	// name prefix: _ga_*, _ga_<container-id>, _gat_[id], wp-settings-{n},
	// _hjSession_XXXXXX, _pk_id.#.
	wildcardTail = regexp.MustCompile(`(?:\*|<[^<>\s]{0,40}>|\[[^\[\]\s]{0,40}\]|\{[^{}\s]{0,40}\}|[xX#]{3,}|#|\.\.\.|…)[\w.*#-]*$`)
	// identLike is a token that reads as an identifier: it has an
	// underscore (not only at its ends as Markdown emphasis would), or is
	// camelCase with a digit or a capital inside.
	identLike = regexp.MustCompile(`^(?:_{1,2}[A-Za-z0-9][\w.-]*|[A-Za-z0-9][\w.-]*_[\w.-]*)$`)
	tokenTrim = "\"'“”‘’`()[],;:.!?«»"
)

// cookieTokens returns the words of s that read as cookie or storage key
// names, as written, wildcards included.
func cookieTokens(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`,;()"“”|`, r)
	}) {
		t := strings.TrimRight(strings.TrimLeft(f, tokenTrim), tokenTrim)
		if strings.HasSuffix(f, "]") && strings.Contains(t, "[") || strings.HasSuffix(f, ")") && strings.Contains(t, "(") {
			t = strings.TrimLeft(f, tokenTrim)
		}
		if len(t) < 2 || len(t) > 64 || strings.ContainsAny(t, "@/\\=") {
			continue
		}
		if !strings.ContainsAny(t, "_*<[{#…") && !knownCookies[t] {
			if i := strings.Index(t, "..."); i <= 0 {
				continue // neither an identifier nor a wildcard nor a known name
			}
		}
		base := t
		if loc := wildcardTail.FindStringIndex(t); loc != nil && loc[0] > 0 {
			base = t[:loc[0]]
		}
		if knownCookies[base] || knownCookies[t] {
			out = append(out, t)
			continue
		}
		if !identLike.MatchString(base) || !hasLetter(base) {
			continue
		}
		// A domain name or file name (example.com, policy_v2.pdf) is no cookie.
		if i := strings.LastIndexByte(base, '.'); i > 0 && i < len(base)-1 && hasLetter(base[i+1:]) && !strings.ContainsAny(base[i+1:], "_") {
			continue
		}
		out = append(out, t)
	}
	return out
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// names lists the companies named (firstName: name -> first sentence) and
// finds the cookie names in cookie context, keeping the cookie-name
// families for MentionsName.
func (c *corpus) names(firstName map[string]int, cookieCtx []bool) Names {
	n := Names{Cookies: []string{}, Companies: []string{}}
	for name := range firstName {
		n.Companies = append(n.Companies, name)
	}
	sort.Slice(n.Companies, func(i, j int) bool {
		a, b := n.Companies[i], n.Companies[j]
		if firstName[a] != firstName[b] {
			return firstName[a] < firstName[b]
		}
		return a < b
	})

	headingCtx := map[string]bool{}
	have := map[string]bool{}
	for i, s := range c.sents {
		ctx := cookieCtx != nil && cookieCtx[i]
		if !ctx && s.hlower != "" {
			m, ok := headingCtx[s.hlower]
			if !ok {
				m = matchText("cookie-context", "", s.hlower, s.lang)
				headingCtx[s.hlower] = m
			}
			ctx = m
		}
		if !ctx {
			continue
		}
		for _, t := range cookieTokens(s.text) {
			lt := strings.ToLower(t)
			if have[lt] {
				continue
			}
			have[lt] = true
			n.Cookies = append(n.Cookies, t)
			if loc := wildcardTail.FindStringIndex(lt); loc != nil && loc[0] >= 2 {
				c.families = append(c.families, family{prefix: lt[:loc[0]], sent: i})
			}
		}
	}
	return n
}
