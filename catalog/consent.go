package catalog

import (
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/andybalholm/cascadia"
)

// ConsentPlatform is a consent-management platform or a service that
// generates and hosts privacy policies, with what recognises it on a page:
// its cookie banner, its scripts and the policies it hosts for embedding.
// One entry, marked Generic, holds the banner words that name no platform
// ("cookie-banner", "gdpr-notice").
type ConsentPlatform struct {
	// ID is a kebab-case identifier, unique in the catalogue.
	ID string `yaml:"id" json:"id"`
	// Name is the platform's display name.
	Name string `yaml:"name" json:"name"`
	// Generic marks the entry of banner words that name no platform.
	Generic bool `yaml:"generic,omitempty" json:"generic,omitempty"`
	// BannerMarkers are regular expressions (Go syntax, lower case) over an
	// element's id and class values, lower-cased and joined by a space,
	// that mark the element as the platform's banner or part of it.
	BannerMarkers []string `yaml:"banner_markers,omitempty" json:"banner_markers,omitempty"`
	// BannerSelectors are CSS selectors of the banner's element. Each names
	// an id or class that one of BannerMarkers matches.
	BannerSelectors []string `yaml:"banner_selectors,omitempty" json:"banner_selectors,omitempty"`
	// ScriptHosts are host suffixes that serve the platform's scripts.
	ScriptHosts []string `yaml:"script_hosts,omitempty" json:"script_hosts,omitempty"`
	// PolicyURLs are regular expressions (Go syntax, matched without
	// regard to case) over the URL of a policy the service hosts for
	// embedding into a page.
	PolicyURLs []string `yaml:"policy_urls,omitempty" json:"policy_urls,omitempty"`
}

//go:embed data/consent-platforms.yaml
var builtinConsentPlatforms []byte

// consentPlatforms reads the embedded data once, on first use
// (TestConsentPlatformsEmbedded guarantees it is valid).
var consentPlatforms = embedded("consent-platforms.yaml", builtinConsentPlatforms, parseConsentPlatforms)

// ConsentPlatforms returns the consent platforms and policy generators of
// privaudit's catalogue, the generic entry included, in the order of the
// data file. The data are read on first use. The entries' lists are shared:
// do not modify them.
func ConsentPlatforms() []ConsentPlatform {
	return slices.Clone(consentPlatforms())
}

// ConsentPlatformByID returns the platform with the given ID.
func ConsentPlatformByID(id string) (ConsentPlatform, bool) {
	for _, p := range consentPlatforms() {
		if p.ID == id {
			return p, true
		}
	}
	return ConsentPlatform{}, false
}

// ConsentPlatformForHost returns the platform one of whose script hosts is
// host or a parent domain of it ("cdn.cookielaw.org" is OneTrust's).
func ConsentPlatformForHost(host string) (ConsentPlatform, bool) {
	host = normalizeHost(host)
	for _, p := range consentPlatforms() {
		for _, h := range p.ScriptHosts {
			if host == h || strings.HasSuffix(host, "."+h) {
				return p, true
			}
		}
	}
	return ConsentPlatform{}, false
}

// consentIDPattern is the form of an entry's ID.
var consentIDPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// selectorNamePattern finds the ids and classes a CSS selector names.
var selectorNamePattern = regexp.MustCompile(`[#.]([A-Za-z_-][\w-]*)`)

// parseConsentPlatforms reads and validates a consent-platforms file.
func parseConsentPlatforms(data []byte) ([]ConsentPlatform, error) {
	var ps []ConsentPlatform
	if err := decodeYAML(data, &ps); err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, errors.New("no entries")
	}
	ids := map[string]bool{}
	hosts := map[string]string{}
	generic := ""
	for i, p := range ps {
		if !consentIDPattern.MatchString(p.ID) {
			return nil, fmt.Errorf("entry %d: id %q is not kebab-case", i+1, p.ID)
		}
		if ids[p.ID] {
			return nil, fmt.Errorf("entry %d: duplicate id %q", i+1, p.ID)
		}
		ids[p.ID] = true
		if p.Generic {
			if generic != "" {
				return nil, fmt.Errorf("%s: a second generic entry (first: %s)", p.ID, generic)
			}
			generic = p.ID
		}
		if err := p.validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", p.ID, err)
		}
		for _, h := range p.ScriptHosts {
			if other, ok := hosts[h]; ok {
				return nil, fmt.Errorf("%s: script host %q is also %s's", p.ID, h, other)
			}
			hosts[h] = p.ID
		}
	}
	return ps, nil
}

// validate checks one entry (but not its relation to the others).
func (p ConsentPlatform) validate() error {
	if strings.TrimSpace(p.Name) == "" || p.Name != strings.TrimSpace(p.Name) {
		return fmt.Errorf("bad name %q", p.Name)
	}
	if len(p.BannerMarkers) == 0 && len(p.ScriptHosts) == 0 && len(p.PolicyURLs) == 0 {
		return errors.New("no banner marker, script host or policy URL")
	}
	markers := make([]*regexp.Regexp, 0, len(p.BannerMarkers))
	for _, m := range p.BannerMarkers {
		re, err := compileMarker(m)
		if err != nil {
			return err
		}
		markers = append(markers, re)
	}
	for _, s := range p.BannerSelectors {
		if _, err := cascadia.ParseGroup(s); err != nil {
			return fmt.Errorf("banner selector %q: %w", s, err)
		}
		if !selectorMarked(s, markers) {
			return fmt.Errorf("banner selector %q names no id or class that a banner marker matches", s)
		}
	}
	for _, h := range p.ScriptHosts {
		if err := checkHost(h); err != nil {
			return fmt.Errorf("script host: %w", err)
		}
	}
	for _, u := range p.PolicyURLs {
		if u == "" {
			return errors.New("empty policy URL pattern")
		}
		if _, err := regexp.Compile("(?i)" + u); err != nil {
			return fmt.Errorf("policy URL pattern %q: %w", u, err)
		}
	}
	return nil
}

// compileMarker compiles a banner marker, which must be in lower case
// (it is matched against lower-cased text) and must not match the empty
// string (it would mark every element).
func compileMarker(m string) (*regexp.Regexp, error) {
	escaped := false
	for _, r := range m {
		if unicode.IsUpper(r) && !escaped {
			return nil, fmt.Errorf("banner marker %q: write it in lower case", m)
		}
		escaped = r == '\\' && !escaped
	}
	re, err := regexp.Compile(m)
	if err != nil {
		return nil, fmt.Errorf("banner marker %q: %w", m, err)
	}
	if re.MatchString("") {
		return nil, fmt.Errorf("banner marker %q matches an empty id and class", m)
	}
	return re, nil
}

// selectorMarked reports whether an id or class the selector names, lower
// cased, is matched by one of markers.
func selectorMarked(sel string, markers []*regexp.Regexp) bool {
	for _, m := range selectorNamePattern.FindAllStringSubmatch(sel, -1) {
		name := strings.ToLower(m[1])
		for _, re := range markers {
			if re.MatchString(name) {
				return true
			}
		}
	}
	return false
}
