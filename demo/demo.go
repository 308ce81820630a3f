// Package demo serves privaudit's built-in example site: a small coffee
// roaster's shop in which some pages pass and some fail each check. It is
// served over HTTPS on 127.0.0.1 at a free port with a certificate that
// only the returned transport trusts.
package demo

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/privaudit/privaudit/sitefs"
)

//go:embed all:site
var files embed.FS

// Site returns the demo site's files.
func Site() fs.FS {
	sub, err := fs.Sub(files, "site")
	if err != nil {
		panic("demo: embedded site missing: " + err.Error()) // a build defect
	}
	return sub
}

// Server is a running demo site.
type Server struct {
	// URL is the site's origin (https://127.0.0.1:PORT).
	URL string
	// Transport trusts the server's certificate.
	Transport http.RoundTripper
	srv       *httptest.Server
}

// Start serves the demo site until Close.
func Start() (s *Server, err error) {
	defer func() {
		// httptest panics when it cannot listen; report it as an error.
		if r := recover(); r != nil {
			err = fmt.Errorf("starting the demo site: %v", r)
		}
	}()
	srv := httptest.NewUnstartedServer(nil)
	// A client that closes a connection mid-handshake (a browser probing
	// the self-signed certificate) is not the demo's error to print.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	origin := "https://" + srv.Listener.Addr().String()
	srv.Config.Handler = sitefs.New(Site(), map[string]string{"ORIGIN": origin})
	srv.StartTLS()
	return &Server{URL: srv.URL, Transport: srv.Client().Transport, srv: srv}, nil
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }
