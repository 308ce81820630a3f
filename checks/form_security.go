package checks

import (
	"context"
	"fmt"
	"strings"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/internal/textutil"
)

// FormSecurity checks that forms collecting personal data submit over
// HTTPS.
type FormSecurity struct{}

// Meta implements Check.
func (FormSecurity) Meta() Meta {
	return Meta{
		ID:           "form-security",
		Title:        "Forms send personal data over HTTPS",
		FailureTitle: "Forms that send personal data insecurely",
		Description:  "Every form that asks for personal data (name, e-mail, phone, address, password, payment details) is on an HTTPS page and submits to an https:// URL, and does not put the data in the URL with method GET.",
		Why:          "A form that posts over plain HTTP hands names, addresses and passwords to anyone on the network; data sent with GET ends up in server logs, browser history and Referer headers.",
		Fix:          "Serve form pages over HTTPS, make every action an https:// URL (or a relative one on an HTTPS page), and use method=\"post\" for personal data.",
		Severity:     SeverityHigh,
		Requires:     []evidence.Kind{evidence.KindPages},
	}
}

// Run implements Check.
func (FormSecurity) Run(_ context.Context, site *evidence.Site) Result {
	var res Result
	total, secure := 0, 0
	for _, p := range site.Pages {
		for _, f := range p.Forms {
			if !f.CollectsPersonalData() {
				continue
			}
			total++
			ev := map[string]string{"action": f.Action, "method": f.Method, "fields": strings.Join(f.PersonalFields, ", ")}
			ok := true
			switch {
			case !strings.HasPrefix(f.Action, "https:"):
				ok = false
				res.Findings = append(res.Findings, Finding{URL: p.URL, Subject: "form:" + f.Action, Severity: SeverityHigh, Evidence: ev, Page: true,
					Message: "form collecting personal data submits over plain HTTP"})
			case !strings.HasPrefix(p.FinalURL, "https:"):
				ok = false
				res.Findings = append(res.Findings, Finding{URL: p.URL, Subject: "form:" + f.Action, Severity: SeverityHigh, Evidence: ev, Page: true,
					Message: "form collecting personal data is on a page served over plain HTTP"})
			}
			if f.Method == "GET" && hasSensitive(f.PersonalFields) {
				ok = false
				res.Findings = append(res.Findings, Finding{URL: p.URL, Subject: "form-get:" + f.Action, Severity: SeverityMedium, Evidence: ev, Page: true,
					Message: "form sends personal data in the URL (method GET)"})
			}
			if ok {
				secure++
			}
		}
	}
	if total == 0 {
		return notApplicable("no form collects personal data" + unreadNote(site, "forms"))
	}
	res.Score = float64(secure) / float64(total)
	res.Status = graded(res.Score, 1, 1)
	res.Summary = fmt.Sprintf("%d of %s collecting personal data submit securely", secure, textutil.Plural(total, "form", "forms")) + unreadNote(site, "forms")
	return res
}

// hasSensitive reports whether the fields include more than an e-mail
// address (a newsletter sign-up with GET is common and less harmful).
func hasSensitive(fields []string) bool {
	for _, f := range fields {
		l := strings.ToLower(f)
		if strings.Contains(l, "pass") || strings.Contains(l, "card") || strings.Contains(l, "iban") || strings.Contains(l, "phone") || strings.Contains(l, "tel") || strings.Contains(l, "address") || strings.Contains(l, "birth") {
			return true
		}
	}
	return false
}
