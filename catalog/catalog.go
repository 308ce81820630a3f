// Package catalog knows common cookies and third-party hosts (who sets
// them and what for), consent-management platforms (how their banners and
// scripts look) and privacy trust seals. It embeds a small catalogue
// written for privaudit and can load a fuller cookie database (the Open
// Cookie Database CSV or JSON) from a path the user gives. Sources names
// the data a catalogue was built from, for reports.
package catalog

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/privaudit/privaudit/internal/textutil"
)

// Cookie purpose categories, as policy.Analysis.ExplainsPurpose takes them.
const (
	Necessary   = "necessary"
	Functional  = "functional"
	Preferences = "preferences"
	Analytics   = "analytics"
	Marketing   = "marketing"
	Social      = "social"
)

// CookieEntry describes a known cookie.
type CookieEntry struct {
	Name        string `json:"name"`
	Wildcard    bool   `json:"wildcard"`
	Platform    string `json:"platform"`
	Company     string `json:"company,omitempty"`
	Category    string `json:"category"`
	Description string `json:"description,omitempty"`
}

// HostEntry describes a known third-party host.
type HostEntry struct {
	Suffix string `json:"suffix"`
	// Service is the service's usual name; Aliases are other names a
	// policy may use for it.
	Service  string   `json:"service"`
	Aliases  []string `json:"aliases,omitempty"`
	Company  string   `json:"company"`
	Category string   `json:"category"`
}

// Catalog answers what a cookie or a host is.
type Catalog struct {
	exact    map[string]CookieEntry
	prefixes []CookieEntry // wildcard entries, longest name first
	hosts    map[string]HostEntry
	sources  []Source
}

//go:embed data/cookies.csv
var builtinCookies []byte

//go:embed data/hosts.csv
var builtinHosts []byte

// Builtin returns privaudit's own small catalogue.
func Builtin() *Catalog {
	c := &Catalog{exact: map[string]CookieEntry{}, hosts: map[string]HostEntry{}}
	rows, err := readCSV(builtinCookies, 6)
	if err != nil {
		panic("catalog: embedded cookies.csv: " + err.Error()) // a build defect, caught by tests
	}
	for _, r := range rows {
		c.add(CookieEntry{Name: r[0], Wildcard: r[1] == "1", Platform: r[2], Company: r[3], Category: r[4], Description: r[5]})
	}
	rows, err = readCSV(builtinHosts, 4)
	if err != nil {
		panic("catalog: embedded hosts.csv: " + err.Error())
	}
	for _, r := range rows {
		names := strings.Split(r[1], "|")
		c.hosts[r[0]] = HostEntry{Suffix: r[0], Service: names[0], Aliases: names[1:], Company: r[2], Category: r[3]}
	}
	c.sortPrefixes()
	c.sources = append(c.sources, Source{Name: "privaudit catalogue", Version: contentVersion(builtinCookies, builtinHosts, builtinTerms, builtinConsentPlatforms, builtinSeals, builtinStorage),
		Entries: len(c.exact) + len(c.prefixes) + len(c.hosts)})
	return c
}

func readCSV(b []byte, fields int) ([][]string, error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.Comment = '#'
	r.FieldsPerRecord = fields
	return r.ReadAll()
}

func (c *Catalog) add(e CookieEntry) {
	if e.Name == "" {
		return
	}
	if e.Wildcard {
		e.Name = strings.TrimRight(e.Name, "*")
		c.prefixes = append(c.prefixes, e)
		return
	}
	if _, ok := c.exact[e.Name]; !ok {
		c.exact[e.Name] = e
	}
}

func (c *Catalog) sortPrefixes() {
	sort.SliceStable(c.prefixes, func(i, j int) bool { return len(c.prefixes[i].Name) > len(c.prefixes[j].Name) })
}

// Cookie looks a cookie name up: an exact entry first, then the longest
// wildcard prefix.
func (c *Catalog) Cookie(name string) (CookieEntry, bool) {
	if e, ok := c.exact[name]; ok {
		return e, true
	}
	for _, e := range c.prefixes {
		if strings.HasPrefix(name, e.Name) {
			return e, true
		}
	}
	return CookieEntry{}, false
}

// Host looks a host up by its longest matching suffix.
func (c *Catalog) Host(host string) (HostEntry, bool) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for h := host; h != ""; {
		if e, ok := c.hosts[h]; ok {
			return e, true
		}
		i := strings.IndexByte(h, '.')
		if i < 0 {
			break
		}
		h = h[i+1:]
	}
	return HostEntry{}, false
}

// LoadCookieDatabase adds the entries of an Open Cookie Database file (CSV
// or JSON, by extension) to the catalogue. Entries of the built-in
// catalogue keep precedence for exact names.
func (c *Catalog) LoadCookieDatabase(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("cookie database: %w", err)
	}
	defer f.Close()
	var entries []CookieEntry
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		entries, err = parseOCDJSON(f)
	default:
		entries, err = parseOCDCSV(f)
	}
	if err != nil {
		return 0, fmt.Errorf("cookie database %s: %w", path, err)
	}
	for _, e := range entries {
		c.add(e)
	}
	c.sortPrefixes()
	c.sources = append(c.sources, Source{Name: "Open Cookie Database", Path: path, Version: fileVersion(path), Entries: len(entries)})
	return len(entries), nil
}

// NormalizeCategory maps a database's category label to one of the
// purpose categories.
func NormalizeCategory(label string) string {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "analytics", "statistics", "performance":
		return Analytics
	case "marketing", "advertising", "targeting":
		return Marketing
	case "personalization", "personalisation", "preferences":
		return Preferences
	case "security", "necessary", "strictly necessary", "essential":
		return Necessary
	case "social", "social media":
		return Social
	default:
		return Functional
	}
}

func parseOCDCSV(r io.Reader) ([]CookieEntry, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New(`the file is empty; expected an Open Cookie Database CSV file with a header row ("Cookie / Data Key name", "Category", ...)`)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the header row: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	name, ok := col["cookie / data key name"]
	if !ok {
		return nil, errors.New(`not an Open Cookie Database CSV: no "Cookie / Data Key name" column`)
	}
	get := func(rec []string, key string) string {
		if i, ok := col[key]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var out []CookieEntry
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading row %d: %w", len(out)+2, err)
		}
		if name >= len(rec) {
			continue
		}
		out = append(out, CookieEntry{
			Name:        strings.TrimSpace(rec[name]),
			Wildcard:    get(rec, "wildcard match") == "1",
			Platform:    get(rec, "platform"),
			Company:     get(rec, "data controller"),
			Category:    NormalizeCategory(get(rec, "category")),
			Description: get(rec, "description"),
		})
	}
}

func parseOCDJSON(r io.Reader) ([]CookieEntry, error) {
	var db map[string][]struct {
		Category       string `json:"category"`
		Cookie         string `json:"cookie"`
		Description    string `json:"description"`
		DataController string `json:"dataController"`
		WildcardMatch  string `json:"wildcardMatch"`
	}
	if err := json.NewDecoder(r).Decode(&db); err != nil {
		return nil, textutil.JSONError(err, `an Open Cookie Database JSON file (an object of platforms, each a list of {"cookie", "category", ...})`)
	}
	platforms := make([]string, 0, len(db))
	for p := range db {
		platforms = append(platforms, p)
	}
	sort.Strings(platforms)
	var out []CookieEntry
	for _, p := range platforms {
		for _, e := range db[p] {
			out = append(out, CookieEntry{
				Name: strings.TrimSpace(e.Cookie), Wildcard: e.WildcardMatch == "1", Platform: p,
				Company: e.DataController, Category: NormalizeCategory(e.Category), Description: e.Description,
			})
		}
	}
	return out, nil
}

//go:embed data/terms.csv
var builtinTerms []byte

var categoryTerms = func() map[string][]string {
	rows, err := readCSV(builtinTerms, 2)
	if err != nil {
		panic("catalog: embedded terms.csv: " + err.Error())
	}
	m := map[string][]string{}
	for _, r := range rows {
		m[r[0]] = append(m[r[0]], r[1])
	}
	return m
}()

// CategoryTerms returns the phrases by which a policy can describe a
// third-party service of the host category without naming it.
func CategoryTerms(category string) []string { return categoryTerms[category] }

// Names returns the names by which a policy names the host's service: the
// service name and its aliases. The company's name alone is not one of
// them: naming Google as the provider of Google Analytics does not disclose
// Google Fonts.
func (e HostEntry) Names() []string {
	return append([]string{e.Service}, e.Aliases...)
}
