package checks

import (
	"testing"

	"github.com/privaudit/privaudit/record"
)

func TestPrivacyPolicyLink(t *testing.T) {
	policy := origin + "/privacy/"
	docs := fakeFetcher{policy: longPolicy}
	t.Run("every page links it", func(t *testing.T) {
		site := build(t, []record.Page{
			page("/", record.Info{PrivacyLinks: []string{policy}}),
			page("/a", record.Info{PrivacyLinks: []string{policy}}),
			page("/privacy/", record.Info{}), // the policy itself need not link itself
		}, nil, docs)
		res := run(t, PrivacyPolicyLink{}, site)
		if res.Status != StatusPass || res.Score != 1 || len(res.Findings) != 0 {
			t.Errorf("got %+v", res)
		}
	})
	t.Run("some pages don't", func(t *testing.T) {
		site := build(t, []record.Page{
			page("/", record.Info{PrivacyLinks: []string{policy}}),
			page("/a", record.Info{}),
			page("/b", record.Info{}),
			page("/c", record.Info{PrivacyLinks: []string{policy}}),
		}, nil, docs)
		res := run(t, PrivacyPolicyLink{}, site)
		if res.Status != StatusFail || res.Score != 0.5 {
			t.Errorf("status %s score %v, want fail 0.5", res.Status, res.Score)
		}
		if !findingFor(res, origin+"/a", "privacy-link") || !findingFor(res, origin+"/b", "privacy-link") || len(res.Findings) != 2 {
			t.Errorf("findings %+v should list /a and /b", res.Findings)
		}
	})
	t.Run("a link to a 404 is not a link", func(t *testing.T) {
		site := build(t, []record.Page{
			page("/", record.Info{PrivacyLinks: []string{origin + "/privcy"}}),
		}, nil, fakeFetcher{})
		res := run(t, PrivacyPolicyLink{}, site)
		if res.Status != StatusFail || res.Score != 0 {
			t.Errorf("status %s score %v, want fail 0", res.Status, res.Score)
		}
		if len(res.Findings) != 1 || res.Findings[0].Evidence["href"] != origin+"/privcy" {
			t.Errorf("finding should name the broken href: %+v", res.Findings)
		}
	})
	t.Run("a mistyped href is not a link", func(t *testing.T) {
		site := build(t, []record.Page{
			page("/", record.Info{BrokenLinks: []record.BrokenLink{{Kind: "privacy", Href: "htps://shop.test/privacy", Text: "Privacy"}}}),
		}, nil, docs)
		res := run(t, PrivacyPolicyLink{}, site)
		if res.Status != StatusFail || res.Findings[0].Message != "page links a privacy policy that cannot be reached" {
			t.Errorf("got %+v", res)
		}
	})
	t.Run("no pages is an error", func(t *testing.T) {
		if res := run(t, PrivacyPolicyLink{}, build(t, nil, nil, docs)); res.Status != StatusError {
			t.Errorf("status %s, want error", res.Status)
		}
	})
}
