package report

import (
	"testing"
	"time"
)

func TestCookieExpiry(t *testing.T) {
	now := time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		c    CookieInfo
		now  time.Time
		want string
	}{
		{CookieInfo{Session: true, Expires: "2027-12-01T03:00:00Z"}, now, "session"},
		{CookieInfo{MaxAge: 86400, Expires: "2030-01-01T00:00:00Z"}, now, "1 day"},
		{CookieInfo{Expires: "2027-12-01T03:00:10Z"}, now, "1 year (2027-12-01)"},
		{CookieInfo{Expires: "2026-12-31T03:00:00Z"}, now, "1 month (2026-12-31)"},
		{CookieInfo{Expires: "2027-12-01T03:00:00Z"}, time.Time{}, "2027-12-01"},
		{CookieInfo{Expires: "2020-01-01T00:00:00Z"}, now, "2020-01-01"},
		{CookieInfo{Expires: "Thu, 01 Jan 2099"}, now, "Thu, 01 Jan 2099"},
		{CookieInfo{}, now, "session"},
	} {
		if got := cookieExpiry(&tc.c, tc.now); got != tc.want {
			t.Errorf("cookieExpiry(%+v) = %q, want %q", tc.c, got, tc.want)
		}
	}
}

func TestTypeCounts(t *testing.T) {
	if got := typeCounts(map[string]int{"Script": 1, "Ping": 3, "Image": 1}); got != "Ping 3, Image 1, Script 1" {
		t.Errorf("typeCounts = %q", got)
	}
	if got := typeCounts(nil); got != "–" {
		t.Errorf("typeCounts(nil) = %q", got)
	}
}

func TestBannerText(t *testing.T) {
	for c, want := range map[*ConsentSummary]string{
		nil:                                      "",
		{Found: "none"}:                          "no consent banner",
		{Found: "not-rendered"}:                  "no consent banner appeared in time",
		{Found: "blocked"}:                       "the browser was blocked",
		{Found: "banner", Platform: "Cookiebot"}: "consent banner: Cookiebot, no reject on its first layer",
		{Found: "banner", Platform: "OneTrust", RejectOnFirstLayer: true}: "consent banner: OneTrust, reject on its first layer",
	} {
		if got := bannerText(c); got != want {
			t.Errorf("bannerText(%+v) = %q, want %q", c, got, want)
		}
	}
}
