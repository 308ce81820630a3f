// Package datadb keeps the databases that others publish and privaudit
// reads: the Open Cookie Database and the Consent-O-Matic rule set. They
// are not committed to the project: Update (privaudit update-db) downloads
// each from where it is published, or from a mirror, into the user's cache
// directory, validates it before it replaces the cached copy, and writes
// beside the copy a JSON sidecar that says where and when it was fetched,
// so that reports can name the data they used. Lookup and Describe find a
// cached copy and its metadata for audits.
package datadb

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Names of the known databases, as update-db takes them.
const (
	OpenCookieDatabase = "open-cookie-database"
	ConsentOMatic      = "consent-o-matic"
)

// EnvCache is the environment variable that overrides the cache directory
// (for tests and CI).
const EnvCache = "PRIVAUDIT_CACHE"

// MetaSuffix is appended to a cached file's name to name its sidecar.
const MetaSuffix = ".meta.json"

// MaxSize is the most bytes a database may take, all its files together:
// a download that goes past it is abandoned (the published files are
// about 1 MB each).
const MaxSize = 50 << 20

// kind says how a database is published.
type kind int

const (
	// kindCookieCSV is one Open Cookie Database CSV file.
	kindCookieCSV kind = iota
	// kindRulesList is a Consent-O-Matic rules list: a JSON object whose
	// "references" list the URLs of rule files, which are merged.
	kindRulesList
)

// Database is a database privaudit knows how to fetch.
type Database struct {
	// Name identifies it on the command line and in the cache.
	Name string
	// Title is its display name, as reports name it.
	Title string
	// Home is the project that publishes it.
	Home string
	// License is its licence (SPDX identifier).
	License string
	// Base is the URL of the published location's root; Path, relative to
	// it, is the published file. A mirror (update-db --source) replaces
	// Base and keeps the paths.
	Base, Path string
	// File is the name of the cached copy in the cache directory.
	File string
	// Format is the cached copy's format ("csv" or "json").
	Format string

	kind kind
}

// URL returns the database's published location.
func (d Database) URL() string { return d.Base + d.Path }

var databases = []Database{
	{
		Name:  OpenCookieDatabase,
		Title: "Open Cookie Database",
		Home:  "https://github.com/jkwakman/Open-Cookie-Database", License: "Apache-2.0",
		Base: "https://raw.githubusercontent.com/jkwakman/Open-Cookie-Database/master/", Path: "open-cookie-database.csv",
		File: "open-cookie-database.csv", Format: "csv",
		kind: kindCookieCSV,
	},
	{
		// Consent-O-Matic publishes one file per rule and, in
		// rules-list.json, the list of the rule files its extension
		// loads; the repository's Rules.json is an old merge of a few of
		// them. The list is the official set: Update fetches every file
		// it references and caches their merge.
		Name:  ConsentOMatic,
		Title: "Consent-O-Matic rules",
		Home:  "https://github.com/cavi-au/Consent-O-Matic", License: "MIT",
		Base: "https://raw.githubusercontent.com/cavi-au/Consent-O-Matic/master/", Path: "rules-list.json",
		File: "consent-o-matic-rules.json", Format: "json",
		kind: kindRulesList,
	},
}

// Databases returns the known databases.
func Databases() []Database { return slices.Clone(databases) }

// Names returns the names of the known databases.
func Names() []string {
	names := make([]string, len(databases))
	for i, d := range databases {
		names[i] = d.Name
	}
	return names
}

// Find returns the database of that name.
func Find(name string) (Database, bool) {
	for _, d := range databases {
		if d.Name == name {
			return d, true
		}
	}
	return Database{}, false
}

// CacheDir returns the directory the databases are cached in: $PRIVAUDIT_CACHE
// when it is set, else privaudit in the user's cache directory
// (~/.cache/privaudit on Linux).
func CacheDir() (string, error) {
	if d := os.Getenv(EnvCache); d != "" {
		return d, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("finding the cache directory (set $%s): %w", EnvCache, err)
	}
	return filepath.Join(base, "privaudit"), nil
}

// Meta is what the sidecar of a cached copy records.
type Meta struct {
	// Name is the database's name, Title its display name.
	Name  string `json:"name"`
	Title string `json:"title"`
	// URL is where the copy was downloaded from (a mirror's URL with
	// --source); Published is the database's published location.
	URL       string `json:"url"`
	Published string `json:"published"`
	License   string `json:"license"`
	// FetchedAt is when the copy was downloaded; CheckedAt, when set, when
	// the server last said it was still current.
	FetchedAt time.Time `json:"fetchedAt"`
	CheckedAt time.Time `json:"checkedAt,omitzero"`
	// Size and SHA256 (hex) are the cached file's.
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// ETag and LastModified are the server's headers, when it sent them.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"lastModified,omitempty"`
	// Entries counts cookies or rules; Parts the rule files merged.
	Entries int `json:"entries"`
	Parts   int `json:"parts,omitempty"`
}

// Version identifies the copy by its content, as catalog.Source.Version
// does ("sha256:" and 12 hex digits).
func (m Meta) Version() string {
	if len(m.SHA256) < 12 {
		return ""
	}
	return "sha256:" + m.SHA256[:12]
}

// Lookup returns the cached copy of the database name in dir and its
// metadata; ok is false when there is none, or when the copy does not
// match its sidecar.
func Lookup(dir, name string) (path string, meta Meta, ok bool) {
	db, known := Find(name)
	if !known {
		return "", Meta{}, false
	}
	path = filepath.Join(dir, db.File)
	meta, err := Describe(path)
	if err != nil || meta.Name != name {
		return "", Meta{}, false
	}
	return path, meta, true
}

// Describe returns the metadata of the file at path from its sidecar
// (path + MetaSuffix), having checked that the file is the one the sidecar
// describes (its size and SHA-256).
func Describe(path string) (Meta, error) {
	b, err := os.ReadFile(path + MetaSuffix)
	if err != nil {
		return Meta{}, fmt.Errorf("reading the metadata of %s: %w", path, err)
	}
	var m Meta
	if err := json.Unmarshal(b, &m); err != nil {
		return Meta{}, fmt.Errorf("reading %s%s: %w", path, MetaSuffix, err)
	}
	size, sum, err := hashFile(path)
	if err != nil {
		return Meta{}, err
	}
	if size != m.Size || sum != m.SHA256 {
		return Meta{}, fmt.Errorf("%s: %w", path, errMismatch)
	}
	return m, nil
}

var errMismatch = errors.New("the file does not match its metadata (run privaudit update-db again)")

func hashFile(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", fmt.Errorf("reading the cached copy: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", fmt.Errorf("reading %s: %w", path, err)
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// sum returns the SHA-256 of b in hex.
func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
