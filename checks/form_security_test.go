package checks

import (
	"testing"

	"github.com/privaudit/privaudit/record"
)

func TestFormSecurity(t *testing.T) {
	form := func(action, method string, fields ...string) record.Form {
		return record.Form{Action: action, Method: method, PersonalFields: fields}
	}
	tests := []struct {
		name    string
		forms   []record.Form
		status  Status
		subject string
	}{
		{"https post", []record.Form{form(origin+"/send", "POST", "email")}, StatusPass, ""},
		{"http post", []record.Form{form("http://shop.test/send", "POST", "email")}, StatusFail, "form:http://shop.test/send"},
		{"password over GET", []record.Form{form(origin+"/login", "GET", "user", "password")}, StatusFail, "form-get:" + origin + "/login"},
		{"search form is not personal data", []record.Form{form("http://shop.test/search", "GET")}, StatusNotApplicable, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, FormSecurity{}, build(t, []record.Page{page("/", record.Info{Forms: tt.forms})}, nil, fakeFetcher{}))
			if res.Status != tt.status {
				t.Errorf("status %s, want %s", res.Status, tt.status)
			}
			if tt.subject != "" && !findingFor(res, origin+"/", tt.subject) {
				t.Errorf("findings %+v, want %s", res.Findings, tt.subject)
			}
		})
	}
	t.Run("form on an http page", func(t *testing.T) {
		p := page("/", record.Info{Forms: []record.Form{form("https://pay.test/go", "POST", "card")}})
		p.FinalURL = "http://shop.test/"
		res := run(t, FormSecurity{}, build(t, []record.Page{p}, nil, fakeFetcher{}))
		if res.Status != StatusFail {
			t.Errorf("got %+v", res)
		}
	})
}
