package catalog

import (
	"fmt"
	"io"
	"strings"
)

// ParseCookieDatabase reads the entries of an Open Cookie Database file
// from r, without adding them to a catalogue: format is "csv" or "json"
// (a leading dot is allowed, so a file's extension will do), as
// LoadCookieDatabase chooses by extension. It lets a downloader validate a
// file before it replaces a cached copy.
func ParseCookieDatabase(r io.Reader, format string) ([]CookieEntry, error) {
	switch strings.ToLower(strings.TrimPrefix(format, ".")) {
	case "csv":
		return parseOCDCSV(r)
	case "json":
		return parseOCDJSON(r)
	default:
		return nil, fmt.Errorf("cookie database: unknown format %q (use csv or json)", format)
	}
}
