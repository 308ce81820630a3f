package checks

import (
	"testing"

	"github.com/privaudit/privaudit/crawler"
)

func TestTrustSeal(t *testing.T) {
	policy := origin + "/privacy/"
	t.Run("seal shown on a page", func(t *testing.T) {
		site := build(t, []crawler.Page{page("/", crawler.Info{Seals: []string{"TRUSTe"}})}, nil, fakeFetcher{})
		if r := run(t, TrustSeal{}, site); r.Status != StatusPass || r.Summary != "shows or states: TRUSTe" {
			t.Errorf("got %+v", r)
		}
	})
	t.Run("membership stated in the policy", func(t *testing.T) {
		doc := policyHTML("Example Shop participates in the EU-U.S. Data Privacy Framework and complies with its principles for personal data received from the European Union.")
		site := build(t, []crawler.Page{page("/", crawler.Info{PrivacyLinks: []string{policy}})}, nil, fakeFetcher{policy: doc})
		if r := run(t, TrustSeal{}, site); r.Status != StatusPass {
			t.Errorf("got %+v", r)
		}
	})
	t.Run("none", func(t *testing.T) {
		site := build(t, []crawler.Page{page("/", crawler.Info{})}, nil, fakeFetcher{})
		if r := run(t, TrustSeal{}, site); r.Status != StatusWarn || r.Findings[0].Severity != SeverityInfo {
			t.Errorf("got %+v", r)
		}
	})
}
