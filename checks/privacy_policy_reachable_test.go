package checks

import (
	"strings"
	"testing"

	"github.com/privaudit/privaudit/record"
)

func TestPrivacyPolicyReachable(t *testing.T) {
	policy := origin + "/privacy/"
	linked := []record.Page{page("/", record.Info{PrivacyLinks: []string{policy}})}
	tests := []struct {
		name    string
		pages   []record.Page
		body    string
		status  Status
		message string
	}{
		{"substantive policy", linked, longPolicy, StatusPass, ""},
		{"404", linked, "404", StatusFail, "answers HTTP 404"},
		{"soft 404", linked, "<html><head><title>Page not found</title></head><body><h1>Page not found</h1><p>Sorry.</p></body></html>", StatusFail, "error page"},
		{"empty shell", linked, "<html><head><title>Privacy</title></head><body><main><h1>Privacy</h1><p>Coming soon.</p></main></body></html>", StatusFail, "only"},
		{"only an embed", linked, `<html><head><title>Privacy</title></head><body><main><h1>Privacy policy</h1><div id="policy"></div><script src="https://app.termly.io/embed-policy.min.js"></script><iframe src="https://www.iubenda.com/privacy-policy/123"></iframe></main></body></html>`, StatusFail, ""},
		{"no link at all", []record.Page{page("/", record.Info{})}, "", StatusFail, "no privacy policy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs := fakeFetcher{}
			if tt.body != "" {
				docs[policy] = tt.body
			}
			res := run(t, PrivacyPolicyReachable{}, build(t, tt.pages, nil, docs))
			if res.Status != tt.status {
				t.Fatalf("status %s, want %s (%s)", res.Status, tt.status, res.Summary)
			}
			if tt.message != "" && (len(res.Findings) == 0 || !strings.Contains(res.Findings[0].Message, tt.message)) {
				t.Errorf("findings %+v should say %q", res.Findings, tt.message)
			}
		})
	}
	t.Run("a policy nobody links is found by its URL", func(t *testing.T) {
		site := build(t, []record.Page{page("/", record.Info{}), page("/privacy/", record.Info{})}, nil, fakeFetcher{policy: longPolicy})
		res := run(t, PrivacyPolicyReachable{}, site)
		if res.Status != StatusPass || !strings.Contains(res.Summary, "no page links it") {
			t.Errorf("got %+v", res)
		}
	})
}
