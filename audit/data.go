package audit

import (
	"github.com/privaudit/privaudit/datadb"
)

// CachedCookieDB returns the Open Cookie Database that `privaudit
// update-db` downloaded into the cache (datadb.CacheDir), for an audit to
// use when no --cookie-db is given. ok is false when the cache holds no
// copy, or one that does not match its metadata.
func CachedCookieDB() (path string, ok bool) { return cached(datadb.OpenCookieDatabase) }

// CachedConsentRules returns the Consent-O-Matic rule set (one JSON object
// of rules, each with "detectors" and "methods") that `privaudit
// update-db` downloaded into the cache. ok is false when the cache holds
// no copy, or one that does not match its metadata.
func CachedConsentRules() (path string, ok bool) { return cached(datadb.ConsentOMatic) }

// CachedData returns what the sidecar of a database file says of it (its
// title, content version, URL and download time), for the report's data
// sources. It works for any copy update-db wrote, in the cache or in a
// --dir; ok is false for a file without valid metadata (a file of the
// user's, or one changed since it was downloaded).
func CachedData(path string) (meta datadb.Meta, ok bool) {
	m, err := datadb.Describe(path)
	return m, err == nil
}

func cached(name string) (string, bool) {
	dir, err := datadb.CacheDir()
	if err != nil {
		return "", false
	}
	path, _, ok := datadb.Lookup(dir, name)
	return path, ok
}
