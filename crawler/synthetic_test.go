package crawler

import (
	"net/http/httptest"
	"testing"

	"github.com/privaudit/privaudit/internal/synthsite"
)

// startSynth serves a synthetic site (see internal/synthsite) of n pages of
// about pageBytes bytes on 127.0.0.1.
func startSynth(tb testing.TB, n, pageBytes int) (*synthsite.Site, *httptest.Server) {
	tb.Helper()
	site := synthsite.New(n, pageBytes)
	srv := httptest.NewServer(site)
	tb.Cleanup(srv.Close)
	return site, srv
}
