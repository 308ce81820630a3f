package checks

import (
	"testing"

	"github.com/privaudit/privaudit/record"
)

func TestCookiesExplained(t *testing.T) {
	policy := origin + "/privacy/"
	pages := []record.Page{page("/", record.Info{PrivacyLinks: []string{policy}})}
	cookie := func(name string) record.Cookie {
		return record.Cookie{Name: name, Domain: "shop.test", Path: "/", FirstSeenOn: origin + "/", Secure: true, HTTPOnly: true, SameSite: "Lax"}
	}
	t.Run("named, by family, and unexplained", func(t *testing.T) {
		site := build(t, pages, []record.Cookie{cookie("sid"), cookie("_ga"), cookie("trk_uid")}, fakeFetcher{policy: longPolicy})
		res := run(t, CookiesExplained{}, site)
		if res.Status != StatusFail || res.Score < 0.66 || res.Score > 0.67 {
			t.Errorf("status %s score %v, want fail 2/3", res.Status, res.Score)
		}
		if !findingFor(res, origin+"/", "cookie:trk_uid") || len(res.Findings) != 1 {
			t.Errorf("only trk_uid is unexplained: %+v", res.Findings)
		}
	})
	t.Run("explained by purpose when the category is known", func(t *testing.T) {
		byPurpose := policyHTML("We use analytics cookies to measure how visitors use our website, so that we can improve it.",
			"Strictly necessary cookies keep the site working and your session secure.")
		site := build(t, pages, []record.Cookie{cookie("_gid"), cookie("PHPSESSID")}, fakeFetcher{policy: byPurpose})
		res := run(t, CookiesExplained{}, site)
		if res.Status != StatusPass {
			t.Errorf("got %+v", res)
		}
	})
	t.Run("explained by naming who sets them", func(t *testing.T) {
		bySetter := policyHTML("Hotjar stores cookies in your browser to see how visitors move through our pages.",
			"Google may read and write cookies in your browser when our pages show ads.")
		dsid := cookie("DSID")
		dsid.Domain = "doubleclick.net"
		site := build(t, pages, []record.Cookie{cookie("_hjid"), dsid}, fakeFetcher{policy: bySetter})
		res := run(t, CookiesExplained{}, site)
		if res.Status != StatusPass || len(res.Findings) != 0 || res.Summary != "2 of 2 cookies explained" {
			t.Errorf("got %+v", res)
		}
	})
	t.Run("not by a platform named in a sentence on something else", func(t *testing.T) {
		unrelated := policyHTML("We work with Hotjar to improve our website for our visitors.", "We protect your personal data with TLS encryption.")
		site := build(t, pages, []record.Cookie{cookie("_hjid")}, fakeFetcher{policy: unrelated})
		if res := run(t, CookiesExplained{}, site); !findingFor(res, origin+"/", "cookie:_hjid") {
			t.Errorf("_hjid is unexplained: %+v", res)
		}
	})
	t.Run("a third-party cookie names the domain that set it", func(t *testing.T) {
		uid := cookie("uid")
		uid.Domain = ".px.adnet.example"
		site := build(t, pages, []record.Cookie{cookie("sid"), uid}, fakeFetcher{policy: longPolicy})
		res := run(t, CookiesExplained{}, site)
		if !findingFor(res, origin+"/", "cookie:uid") || len(res.Findings) != 1 {
			t.Fatalf("only uid is unexplained: %+v", res.Findings)
		}
		if f := res.Findings[0]; f.Message != "third-party cookie uid, set by px.adnet.example, is not explained by the policy" || f.Evidence["domain"] != ".px.adnet.example" {
			t.Errorf("finding %+v: name the domain that set it", f)
		}
		if want := "1 of 2 cookies explained; not explained: the third-party cookies of px.adnet.example"; res.Summary != want {
			t.Errorf("summary %q, want %q", res.Summary, want)
		}
	})
	t.Run("a policy that denies cookies", func(t *testing.T) {
		denies := policyHTML("This website does not use cookies.", "We only process the data you send us by e-mail to answer your questions.")
		site := build(t, pages, []record.Cookie{cookie("sid")}, fakeFetcher{policy: denies})
		res := run(t, CookiesExplained{}, site)
		if !findingFor(res, policy, "contradiction:no-cookies") || res.Score != 0 || res.Status != StatusFail {
			t.Errorf("want the contradiction reported: %+v", res)
		}
	})
	t.Run("no cookies", func(t *testing.T) {
		if res := run(t, CookiesExplained{}, build(t, pages, nil, fakeFetcher{policy: longPolicy})); res.Status != StatusNotApplicable {
			t.Errorf("status %s", res.Status)
		}
	})
	t.Run("no policy", func(t *testing.T) {
		res := run(t, CookiesExplained{}, build(t, []record.Page{page("/", record.Info{})}, []record.Cookie{cookie("sid")}, fakeFetcher{}))
		if res.Status != StatusFail || res.Score != 0 {
			t.Errorf("got %+v", res)
		}
	})
}
