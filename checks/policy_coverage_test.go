package checks

import (
	"strings"
	"testing"

	"github.com/privaudit/privaudit/record"
)

func TestPolicyCoverage(t *testing.T) {
	policy := origin + "/privacy/"
	pages := []record.Page{page("/", record.Info{PrivacyLinks: []string{policy}})}
	t.Run("a thorough policy", func(t *testing.T) {
		res := run(t, PolicyCoverage{}, build(t, pages, nil, fakeFetcher{policy: longPolicy}))
		if res.Score < 0.6 || res.Status == StatusFail {
			t.Errorf("got %s %v: %s", res.Status, res.Score, res.Summary)
		}
		if !findingFor(res, policy, "do-not-track") {
			t.Errorf("do-not-track is not in the policy: findings %+v", res.Findings)
		}
		if findingFor(res, policy, "children") || findingFor(res, policy, "cookies") {
			t.Errorf("children and cookies are covered: findings %+v", res.Findings)
		}
	})
	t.Run("a thin policy", func(t *testing.T) {
		thin := policyHTML("We care about your privacy. This page describes our practices in general terms and may be read by anyone who visits our website or contacts our team for any reason at all, including questions about orders, deliveries and returns.")
		res := run(t, PolicyCoverage{}, build(t, pages, nil, fakeFetcher{policy: thin}))
		if res.Status != StatusFail || res.Score > 0.2 {
			t.Errorf("got %s %v: %s", res.Status, res.Score, res.Summary)
		}
	})
	t.Run("the summary names what was analysed", func(t *testing.T) {
		res := run(t, PolicyCoverage{}, build(t, pages, nil, fakeFetcher{policy: longPolicy}))
		if !strings.Contains(res.Summary, "aspects covered in /privacy/") {
			t.Errorf("summary %q: name the document analysed", res.Summary)
		}
	})
	t.Run("a cookie policy alone earns no coverage", func(t *testing.T) {
		cookies := origin + "/cookies/"
		only := []record.Page{page("/", record.Info{CookiePolicyLinks: []string{cookies}})}
		res := run(t, PolicyCoverage{}, build(t, only, nil, fakeFetcher{cookies: longPolicy}))
		if res.Status != StatusFail || res.Score != 0 || !strings.Contains(res.Summary, "only the cookie policy /cookies/ was analysed") ||
			!findingFor(res, cookies, "privacy-policy") {
			t.Errorf("got %s %v %q %+v", res.Status, res.Score, res.Summary, res.Findings)
		}
	})
	t.Run("no policy", func(t *testing.T) {
		res := run(t, PolicyCoverage{}, build(t, []record.Page{page("/", record.Info{})}, nil, fakeFetcher{}))
		if res.Status != StatusFail || res.Score != 0 {
			t.Errorf("got %+v", res)
		}
	})
}
