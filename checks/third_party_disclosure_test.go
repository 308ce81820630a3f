package checks

import (
	"testing"

	"github.com/privaudit/privaudit/record"
)

func TestThirdPartyDisclosure(t *testing.T) {
	policy := origin + "/privacy/"
	res := func(kind record.ResourceKind, host string) record.Resource {
		return record.Resource{Kind: kind, Host: host, URL: "https://" + host + "/x"}
	}
	pages := []record.Page{page("/", record.Info{PrivacyLinks: []string{policy}, Resources: []record.Resource{
		res(record.KindScript, "www.googletagmanager.com"), // named through Google Analytics, which gtag.js loads
		res(record.KindStyle, "fonts.googleapis.com"),      // not named: "Google" alone doesn't disclose Google Fonts
		res(record.KindScript, "cdn.jsdelivr.net"),         // described: "content delivery network"
		res(record.KindLink, "twitter.com"),                // a plain link loads nothing
		res(record.KindIframe, "widgets.unknown-vendor.test"),
	}})}
	doc := policyHTML("We use Google Analytics to count visits to our website and understand which pages are read most often.",
		"Some scripts are delivered through a content delivery network so that pages load quickly wherever you are.",
		"We never sell your personal data to anyone.")
	r := run(t, ThirdPartyDisclosure{}, build(t, pages, nil, fakeFetcher{policy: doc}))
	if r.Status != StatusFail || r.Score != 0.5 {
		t.Errorf("status %s score %v, want fail 2/4", r.Status, r.Score)
	}
	for _, want := range []string{"host:fonts.googleapis.com", "host:widgets.unknown-vendor.test"} {
		if !findingFor(r, origin+"/", want) {
			t.Errorf("missing %s in %+v", want, r.Findings)
		}
	}
	if len(r.Findings) != 2 {
		t.Errorf("findings %+v", r.Findings)
	}

	t.Run("a policy that says nothing is shared, on a site with trackers", func(t *testing.T) {
		denies := policyHTML("We do not share your personal data with third parties.", "We process the e-mails you send us only to answer them and delete them after a year.")
		r := run(t, ThirdPartyDisclosure{}, build(t, pages, nil, fakeFetcher{policy: denies}))
		if !findingFor(r, policy, "contradiction:no-sharing") || r.Score != 0 {
			t.Errorf("want the contradiction: %+v", r)
		}
	})
	t.Run("no third parties", func(t *testing.T) {
		r := run(t, ThirdPartyDisclosure{}, build(t, []record.Page{page("/", record.Info{})}, nil, fakeFetcher{}))
		if r.Status != StatusNotApplicable {
			t.Errorf("status %s", r.Status)
		}
	})
}
