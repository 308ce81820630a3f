package sitefs

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestHandler(t *testing.T) {
	site := fstest.MapFS{
		"index.html":                {Data: []byte("<h1>home</h1> {{ORIGIN}}")},
		"about/index.html":          {Data: []byte("about")},
		"cookies.html":              {Data: []byte("cookies")},
		"404.html":                  {Data: []byte("not here")},
		"data.json":                 {Data: []byte(`{"a":1}`)},
		"dir with space/index.html": {Data: []byte("spaced")},
		"_headers":                  {Data: []byte("/\n  Set-Cookie: a=1; Secure\n/about/*\n  X-Test: yes\n  Set-Cookie: b=2\n")},
		"_redirects":                {Data: []byte("/old /about/ 301\n# comment\n/tmp /cookies 302\n")},
	}
	srv := httptest.NewServer(New(site, map[string]string{"ORIGIN": "https://o.test"}))
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		path, body, header, value string
		status                    int
	}{
		{"/", "<h1>home</h1> https://o.test", "Set-Cookie", "a=1; Secure", 200},
		{"/about/", "about", "X-Test", "yes", 200},
		{"/about", "", "Location", "/about/", 301},
		{"/cookies", "cookies", "Content-Type", "text/html; charset=utf-8", 200},
		{"/missing", "not here", "", "", 404},
		{"/_headers", "not here", "", "", 404},
		{"/old", "", "Location", "/about/", 301},
		{"/tmp", "", "Location", "/cookies", 302},
		{"/dir%20with%20space/", "spaced", "", "", 200},
		{"/data.json", `{"a":1}`, "Content-Type", "application/json", 200},
	}
	for _, tt := range tests {
		resp, err := client.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, resp.StatusCode, tt.status)
		}
		if tt.body != "" && string(b) != tt.body {
			t.Errorf("%s: body %q, want %q", tt.path, b, tt.body)
		}
		if tt.header != "" && !strings.Contains(strings.Join(resp.Header.Values(tt.header), "\n"), tt.value) {
			t.Errorf("%s: %s = %q, want %q", tt.path, tt.header, resp.Header.Values(tt.header), tt.value)
		}
	}
	resp, err := http.Post(srv.URL+"/about/", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/", nil)
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("DELETE: status %d", resp.StatusCode)
	}
}
