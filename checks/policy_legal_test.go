package checks

import (
	"context"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/gather"
	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/record"
)

// buildRegimes is build with the regimes asked for (--regime).
func buildRegimes(t *testing.T, pages []record.Page, docs fakeFetcher, regimes ...string) *evidence.Site {
	t.Helper()
	res := &record.Crawl{Start: origin, Origin: origin, StartURL: origin + "/", Pages: pages, Complete: true}
	gather.Documents(context.Background(), res, docs)
	return evidence.Build(res, catalog.Builtin(), regimes...)
}

// gdprPolicy states several GDPR elements plainly and leaves others out
// (no data protection officer, no transfers, no automated decisions).
var gdprPolicy = policyHTML(
	"This privacy policy explains how Example Shop GmbH, Hauptstraße 1, 10115 Berlin, Germany, the controller, processes personal data under the GDPR.",
	"We collect your name, postal address and e-mail address when you place an order.",
	"We process this data on the basis of Art. 6(1)(b) GDPR because it is necessary for the performance of our contract with you.",
	"Where we rely on your consent, you may withdraw your consent at any time.",
	"You have the right to object to processing and to restrict it, and the right to data portability.",
	"You have the right to lodge a complaint with a data protection supervisory authority.",
)

// legalFindings maps the element IDs of a result's legal findings to
// their findings.
func legalFindings(res Result) map[string]Finding {
	out := map[string]Finding{}
	for _, f := range res.Findings {
		if id, ok := strings.CutPrefix(f.Subject, "legal:"); ok {
			out[id] = f
		}
	}
	return out
}

func TestPolicyGDPR(t *testing.T) {
	pol := origin + "/privacy/"
	pages := []record.Page{page("/", record.Info{PrivacyLinks: []string{pol}})}
	t.Run("each element missing is a finding naming its article", func(t *testing.T) {
		site := buildRegimes(t, pages, fakeFetcher{pol: gdprPolicy}, "gdpr")
		res := run(t, PolicyGDPR{}, site)
		items := LegalItems(policy.LawGDPR)
		found := legalFindings(res)
		present := 0
		for _, e := range items {
			f, missing := found[e.ID]
			if covered := site.Policy.Legal[e.ID].Covered; covered == missing {
				t.Errorf("%s: covered %v, finding %v", e.ID, covered, missing)
			}
			if !missing {
				present++
				continue
			}
			if f.URL != pol || f.Severity != SeverityMedium || f.Evidence["element"] != e.ID || f.Evidence["article"] != strings.Join(e.Articles, ", ") ||
				!strings.Contains(f.Message, e.Articles[0]) || !strings.Contains(f.Message, lowerFirst(e.Title)) {
				t.Errorf("%s: finding %+v", e.ID, f)
			}
			for _, a := range e.Articles {
				if !strings.HasPrefix(a, "GDPR ") {
					t.Errorf("%s: article %q of another law", e.ID, a)
				}
			}
		}
		if want := float64(present) / float64(len(items)); res.Score != want || len(res.Findings) != len(items)-present {
			t.Errorf("score %v with %d findings, want %v (%d of %d present)", res.Score, len(res.Findings), want, present, len(items))
		}
		if !strings.Contains(res.Summary, " GDPR elements in /privacy/") {
			t.Errorf("summary %q", res.Summary)
		}
		// What the policy states plainly is found (the analyser's rules).
		for _, id := range []string{"legal-basis", "complaint-authority"} {
			if _, missing := found[id]; missing {
				t.Errorf("%s is stated: %+v", id, found[id])
			}
		}
		if _, missing := found["dpo-contact"]; !missing {
			t.Error("the policy names no data protection officer")
		}
	})
	t.Run("not applicable without a signal, saying why", func(t *testing.T) {
		res := run(t, PolicyGDPR{}, buildRegimes(t, pages, fakeFetcher{pol: longPolicy}))
		if res.Status != StatusNotApplicable || res.Summary != "the GDPR does not apply: no signal of an EU/EEA/UK audience (use --regime gdpr to apply it)" {
			t.Errorf("got %s %q", res.Status, res.Summary)
		}
	})
	t.Run("not applicable when not asked for", func(t *testing.T) {
		res := run(t, PolicyGDPR{}, buildRegimes(t, pages, fakeFetcher{pol: gdprPolicy}, "ccpa"))
		if res.Status != StatusNotApplicable || res.Summary != "the GDPR does not apply: not asked for (--regime ccpa)" {
			t.Errorf("got %s %q", res.Status, res.Summary)
		}
		res = run(t, PolicyGDPR{}, buildRegimes(t, pages, fakeFetcher{pol: gdprPolicy}, "none"))
		if res.Status != StatusNotApplicable || !strings.Contains(res.Summary, "--regime none") {
			t.Errorf("none: got %s %q", res.Status, res.Summary)
		}
	})
	t.Run("applied by auto from the policy's words", func(t *testing.T) {
		site := buildRegimes(t, pages, fakeFetcher{pol: gdprPolicy})
		if site.Policy.LawMentions() == nil {
			t.Skip("the analyser finds no law named yet")
		}
		if res := run(t, PolicyGDPR{}, site); res.Status == StatusNotApplicable {
			t.Errorf("the policy names the GDPR: got %s %q", res.Status, res.Summary)
		}
	})
	t.Run("no policy, as policy-coverage", func(t *testing.T) {
		res := run(t, PolicyGDPR{}, buildRegimes(t, []record.Page{page("/", record.Info{})}, fakeFetcher{}, "gdpr"))
		if res.Status != StatusFail || res.Score != 0 || !findingFor(res, origin+"/", "privacy-policy") {
			t.Errorf("got %+v", res)
		}
	})
	t.Run("a cookie policy alone earns nothing", func(t *testing.T) {
		cookies := origin + "/cookies/"
		only := []record.Page{page("/", record.Info{CookiePolicyLinks: []string{cookies}})}
		res := run(t, PolicyGDPR{}, buildRegimes(t, only, fakeFetcher{cookies: gdprPolicy}, "gdpr"))
		if res.Status != StatusFail || res.Score != 0 || !findingFor(res, cookies, "privacy-policy") {
			t.Errorf("got %+v", res)
		}
	})
}

func TestPolicyCCPA(t *testing.T) {
	pol := origin + "/privacy/"
	pages := []record.Page{page("/", record.Info{PrivacyLinks: []string{pol}})}
	ccpa := policyHTML(
		"This policy explains how Example Inc. collects and uses personal information when you use our website.",
		"This section applies to California residents under the California Consumer Privacy Act (CCPA).",
		"We collect your name, e-mail address and IP address.",
		"We do not sell your personal information.",
		"We will not discriminate against you for exercising your rights under the CCPA.",
	)
	site := buildRegimes(t, pages, fakeFetcher{pol: ccpa}, "ccpa")
	res := run(t, PolicyCCPA{}, site)
	items := LegalItems(policy.LawCCPA)
	if len(items) != 7 {
		t.Fatalf("%d CCPA items, want the 3 elements and 4 aspects", len(items))
	}
	found := legalFindings(res)
	present := 0
	for _, e := range items {
		covered := site.Policy.Legal[e.ID].Covered
		if _, element := policy.LegalElement(e.ID); !element {
			covered = site.Policy.Aspects[e.ID].Covered
		}
		f, missing := found[e.ID]
		if covered == missing {
			t.Errorf("%s: covered %v, finding %v", e.ID, covered, missing)
		}
		if !missing {
			present++
		} else if !strings.HasPrefix(f.Evidence["article"], "CCPA ") || !strings.Contains(f.Message, f.Evidence["article"]) {
			t.Errorf("%s: finding %+v", e.ID, f)
		}
	}
	if want := float64(present) / float64(len(items)); res.Score != want {
		t.Errorf("score %v, want %v", res.Score, want)
	}
	// Stated plainly: the sale and the non-discrimination; not stated:
	// how long data is kept.
	for id, want := range map[string]bool{"sale-opt-out": false, "non-discrimination": false, "data-retention": true} {
		if _, missing := found[id]; missing != want {
			t.Errorf("%s: missing %v, want %v", id, missing, want)
		}
	}
	if f := found["data-retention"]; f.Evidence["article"] != "CCPA 1798.100(a)(3)" {
		t.Errorf("data-retention: %+v", f)
	}
	na := run(t, PolicyCCPA{}, buildRegimes(t, pages, fakeFetcher{pol: longPolicy}))
	if na.Status != StatusNotApplicable || na.Summary != "the CCPA does not apply: no signal of a Californian audience (use --regime ccpa to apply it)" {
		t.Errorf("got %s %q", na.Status, na.Summary)
	}
}

func TestLegalItems(t *testing.T) {
	for _, id := range LegalItemIDs() {
		e, ok := LegalItem(id)
		if !ok || e.Title == "" || e.Fix == "" || len(e.Articles) == 0 {
			t.Errorf("%s: %+v", id, e)
		}
	}
	if _, ok := LegalItem("cookies"); ok {
		t.Error("an aspect no legal check judges is not a legal item")
	}
	if e := LegalItems(policy.LawGDPR)[0]; e.ID != "data-collected" || strings.Join(e.Articles, ",") != "GDPR Art. 14(1)(d)" {
		t.Errorf("the GDPR's data-collected carries the GDPR's article alone: %+v", e)
	}
}
