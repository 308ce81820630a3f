package checks

import (
	"testing"

	"github.com/privaudit/privaudit/crawler"
)

func TestConsentCheckboxes(t *testing.T) {
	form := func(boxes ...crawler.Checkbox) crawler.Form {
		return crawler.Form{Action: origin + "/signup", Method: "POST", PersonalFields: []string{"email"}, Checkboxes: boxes}
	}
	tests := []struct {
		name   string
		forms  []crawler.Form
		status Status
		score  float64
	}{
		{"unticked consent", []crawler.Form{form(crawler.Checkbox{Name: "newsletter", Consent: true})}, StatusPass, 1},
		{"pre-ticked consent", []crawler.Form{form(crawler.Checkbox{Name: "offers", Consent: true, Checked: true})}, StatusFail, 0},
		{"pre-ticked non-consent box is fine", []crawler.Form{form(crawler.Checkbox{Name: "remember", Checked: true})}, StatusNotApplicable, 1},
		{"one of two", []crawler.Form{form(crawler.Checkbox{Name: "a", Consent: true}), form(crawler.Checkbox{Name: "b", Consent: true, Checked: true})}, StatusFail, 0.5},
		{"no personal data", []crawler.Form{{Action: origin + "/q", Method: "GET", Checkboxes: []crawler.Checkbox{{Name: "x", Consent: true, Checked: true}}}}, StatusNotApplicable, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, ConsentCheckboxes{}, build(t, []crawler.Page{page("/", crawler.Info{Forms: tt.forms})}, nil, fakeFetcher{}))
			if res.Status != tt.status || res.Score != tt.score {
				t.Errorf("got %s %v, want %s %v (%+v)", res.Status, res.Score, tt.status, tt.score, res.Findings)
			}
			if tt.status == StatusFail && !findingFor(res, origin+"/", "") {
				t.Error("want a finding on the page")
			}
		})
	}
}
