package checks

import (
	"testing"

	"github.com/privaudit/privaudit/record"
)

func TestContactInfo(t *testing.T) {
	contactPage := origin + "/contact/"
	docs := fakeFetcher{}
	full := record.Contact{Emails: []string{"hello@shop.test"}, Addresses: []string{"12 Harbour Street, Bristol BS1 4RN"}}
	t.Run("every page, e-mail and address", func(t *testing.T) {
		site := build(t, []record.Page{
			page("/", record.Info{Contact: full}),
			page("/a", record.Info{ContactLinks: []string{contactPage}}),
			page("/contact/", record.Info{Contact: record.Contact{Phones: []string{"+44 117 496 0123"}}}),
		}, nil, docs)
		res := run(t, ContactInfo{}, site)
		if res.Status != StatusPass || res.Score != 1 {
			t.Errorf("got %+v", res)
		}
	})
	t.Run("pages without contact", func(t *testing.T) {
		site := build(t, []record.Page{
			page("/", record.Info{Contact: full}),
			page("/a", record.Info{}),
		}, nil, docs)
		res := run(t, ContactInfo{}, site)
		if res.Status != StatusFail || !findingFor(res, origin+"/a", "contact") {
			t.Errorf("got %+v", res)
		}
		if res.Score != 0.6 { // 0.8*0.5 + 0.1 + 0.1
			t.Errorf("score %v, want 0.6", res.Score)
		}
	})
	t.Run("a contact link to a 404 does not count", func(t *testing.T) {
		site := build(t, []record.Page{
			page("/", record.Info{Contact: full}),
			page("/a", record.Info{ContactLinks: []string{origin + "/missing"}}),
		}, nil, docs)
		if res := run(t, ContactInfo{}, site); !findingFor(res, origin+"/a", "contact") {
			t.Errorf("findings %+v", res.Findings)
		}
	})
	t.Run("no e-mail and no address across the site warns", func(t *testing.T) {
		site := build(t, []record.Page{
			page("/", record.Info{Contact: record.Contact{Phones: []string{"+44 117 496 0123"}}}),
		}, nil, docs)
		res := run(t, ContactInfo{}, site)
		if res.Status != StatusWarn || !findingFor(res, origin+"/", "site-email") || !findingFor(res, origin+"/", "site-address") {
			t.Errorf("got %+v", res)
		}
	})
	t.Run("a contact form stands for an e-mail address", func(t *testing.T) {
		site := build(t, []record.Page{
			page("/", record.Info{Contact: record.Contact{Addresses: []string{"Musterstraße 12, 10115 Berlin"}},
				Forms: []record.Form{{Action: origin + "/send", Method: "POST", PersonalFields: []string{"email"}, EmailField: true}}}),
		}, nil, docs)
		if res := run(t, ContactInfo{}, site); res.Status != StatusPass {
			t.Errorf("got %+v", res)
		}
	})
	t.Run("template filler is reported", func(t *testing.T) {
		site := build(t, []record.Page{
			page("/", record.Info{Contact: record.Contact{Emails: []string{"contact@mail.com"}, Addresses: []string{"North Main Street 1, Brooklyn NY 11201"}, Placeholders: []string{"contact@mail.com", "North Main Street 1, Brooklyn NY 11201"}}}),
		}, nil, docs)
		res := run(t, ContactInfo{}, site)
		if res.Status != StatusWarn || !findingFor(res, origin+"/", "placeholder:contact@mail.com") {
			t.Errorf("got %+v", res)
		}
		if findingFor(res, origin+"/", "site-email") == false {
			t.Error("a placeholder e-mail is no e-mail: want the site-email finding")
		}
	})
}
