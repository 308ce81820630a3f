package checks

import (
	"testing"

	"github.com/privaudit/privaudit/record"
)

func TestConsentCheckboxes(t *testing.T) {
	form := func(boxes ...record.Checkbox) record.Form {
		return record.Form{Action: origin + "/signup", Method: "POST", PersonalFields: []string{"email"}, Checkboxes: boxes}
	}
	tests := []struct {
		name   string
		forms  []record.Form
		status Status
		score  float64
	}{
		{"unticked consent", []record.Form{form(record.Checkbox{Name: "newsletter", Consent: true})}, StatusPass, 1},
		{"pre-ticked consent", []record.Form{form(record.Checkbox{Name: "offers", Consent: true, Checked: true})}, StatusFail, 0},
		{"pre-ticked non-consent box is fine", []record.Form{form(record.Checkbox{Name: "remember", Checked: true})}, StatusNotApplicable, 1},
		{"one of two", []record.Form{form(record.Checkbox{Name: "a", Consent: true}), form(record.Checkbox{Name: "b", Consent: true, Checked: true})}, StatusFail, 0.5},
		{"no personal data", []record.Form{{Action: origin + "/q", Method: "GET", Checkboxes: []record.Checkbox{{Name: "x", Consent: true, Checked: true}}}}, StatusNotApplicable, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, ConsentCheckboxes{}, build(t, []record.Page{page("/", record.Info{Forms: tt.forms})}, nil, fakeFetcher{}))
			if res.Status != tt.status || res.Score != tt.score {
				t.Errorf("got %s %v, want %s %v (%+v)", res.Status, res.Score, tt.status, tt.score, res.Findings)
			}
			if tt.status == StatusFail && !findingFor(res, origin+"/", "") {
				t.Error("want a finding on the page")
			}
		})
	}
}
