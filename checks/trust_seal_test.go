package checks

import (
	"testing"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/record"
)

func TestTrustSeal(t *testing.T) {
	policy := origin + "/privacy/"
	t.Run("seal shown on a page", func(t *testing.T) {
		site := build(t, []record.Page{page("/", record.Info{Seals: []string{"TRUSTe"}})}, nil, fakeFetcher{})
		if r := run(t, TrustSeal{}, site); r.Status != StatusPass || r.Summary != "shows or states: TRUSTe" {
			t.Errorf("got %+v", r)
		}
	})
	t.Run("membership stated in the policy", func(t *testing.T) {
		doc := policyHTML("Example Shop participates in the EU-U.S. Data Privacy Framework and complies with its principles for personal data received from the European Union.")
		site := build(t, []record.Page{page("/", record.Info{PrivacyLinks: []string{policy}})}, nil, fakeFetcher{policy: doc})
		if r := run(t, TrustSeal{}, site); r.Status != StatusPass {
			t.Errorf("got %+v", r)
		}
	})
	t.Run("a page's seal and the policy's alias of it are one seal", func(t *testing.T) {
		doc := policyHTML("Example Shop is accredited by the Better Business Bureau, which resolves complaints about how we handle personal data.")
		site := build(t, []record.Page{page("/", record.Info{Seals: []string{"BBB"}, PrivacyLinks: []string{policy}})}, nil, fakeFetcher{policy: doc})
		if r := run(t, TrustSeal{}, site); r.Status != StatusPass || r.Summary != "shows or states: BBB" {
			t.Errorf("got %+v", r)
		}
	})
	t.Run("none", func(t *testing.T) {
		site := build(t, []record.Page{page("/", record.Info{})}, nil, fakeFetcher{})
		if r := run(t, TrustSeal{}, site); r.Status != StatusWarn || r.Findings[0].Severity != SeverityInfo {
			t.Errorf("got %+v", r)
		}
	})
}

// Every seal of the catalogue is found in a policy by each of its names and
// aliases, and reported by its catalogue name (as pages record it).
func TestTrustSealCatalogueNamesInPolicy(t *testing.T) {
	policy := origin + "/privacy/"
	seals := catalog.Seals()
	if len(seals) == 0 {
		t.Fatal("the catalogue has no seals")
	}
	for _, seal := range seals {
		for _, n := range seal.Names() {
			t.Run(n, func(t *testing.T) {
				doc := policyHTML("Example Shop takes part in the " + n + " programme, which reviews how we handle the personal data of our customers.")
				site := build(t, []record.Page{page("/", record.Info{PrivacyLinks: []string{policy}})}, nil, fakeFetcher{policy: doc})
				if r := run(t, TrustSeal{}, site); r.Status != StatusPass || r.Summary != "shows or states: "+seal.Name {
					t.Errorf("got %+v, want it to state %q", r, seal.Name)
				}
			})
		}
	}
}
