package store

import (
	"errors"
	"testing"
)

// TestOpenErrorOneLine: a driver's error of several lines, the same line
// repeated (pgx tries TLS, then plain), becomes one line with each line
// once, and the password is hidden.
func TestOpenErrorOneLine(t *testing.T) {
	cause := errors.New("connecting: failed to connect to `user=u database=db`:\n127.0.0.1:1: dial error: connection refused (pw s3cretpw)\n127.0.0.1:1: dial error: connection refused (pw s3cretpw)\n")
	dsn := "postgres://u:s3cretpw@127.0.0.1:1/db"
	err := newOpenError(dsn, "postgres://u:xxxxx@127.0.0.1:1/db", cause)
	want := "opening store postgres://u:xxxxx@127.0.0.1:1/db: connecting: failed to connect to `user=u database=db`: 127.0.0.1:1: dial error: connection refused (pw xxxxx)"
	if err.Error() != want {
		t.Errorf("got  %q\nwant %q", err.Error(), want)
	}
	if !errors.Is(err, cause) {
		t.Error("the cause is not wrapped")
	}
}
