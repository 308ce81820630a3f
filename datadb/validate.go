package datadb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/internal/textutil"
)

// Validate checks that b is a usable copy of the database, in the form it
// is cached in, and returns its number of entries (cookies or rules).
func (d Database) Validate(b []byte) (entries int, err error) {
	switch d.kind {
	case kindCookieCSV:
		cookies, err := catalog.ParseCookieDatabase(bytes.NewReader(b), d.Format)
		if err != nil {
			return 0, err
		}
		if len(cookies) == 0 {
			return 0, errors.New("no cookie entries (only a header row)")
		}
		return len(cookies), nil
	case kindRulesList:
		rules, err := parseRules(b)
		if err != nil {
			return 0, err
		}
		if len(rules) == 0 {
			return 0, errors.New("no rules")
		}
		return len(rules), nil
	}
	return 0, fmt.Errorf("database %s: unknown kind", d.Name)
}

const rulesWhat = `a Consent-O-Matic rule file (a JSON object of platforms, each with "detectors" and "methods")`

// parseRules reads a Consent-O-Matic rule file, or a merge of them: a JSON
// object of platforms, each an object with "detectors" and "methods"
// lists. Keys starting with "$" ("$schema") are not rules.
func parseRules(b []byte) (map[string]json.RawMessage, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, textutil.JSONError(err, rulesWhat)
	}
	if obj == nil {
		return nil, errors.New("found null; expected " + rulesWhat)
	}
	rules := make(map[string]json.RawMessage, len(obj))
	for name, raw := range obj {
		if strings.HasPrefix(name, "$") {
			continue
		}
		var r struct {
			Detectors []json.RawMessage `json:"detectors"`
			Methods   []json.RawMessage `json:"methods"`
		}
		if err := json.Unmarshal(raw, &r); err != nil || r.Detectors == nil || r.Methods == nil {
			return nil, fmt.Errorf(`rule %q: expected an object with "detectors" and "methods" lists`, name)
		}
		rules[name] = raw
	}
	return rules, nil
}

// parseRulesList reads a Consent-O-Matic rules list: {"references": [URL,
// ...]}.
func parseRulesList(b []byte) ([]string, error) {
	const what = `a Consent-O-Matic rules list (a JSON object with "references", a list of rule file URLs)`
	var list struct {
		References []string `json:"references"`
	}
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, textutil.JSONError(err, what)
	}
	if len(list.References) == 0 {
		return nil, errors.New("no references; expected " + what)
	}
	if len(list.References) > maxRuleFiles {
		return nil, fmt.Errorf("%d references, more than the %d a rules list may hold", len(list.References), maxRuleFiles)
	}
	return list.References, nil
}

// maxRuleFiles caps the rule files one rules list may reference.
const maxRuleFiles = 2000

// mergeRules merges rule files in order (a rule named again replaces the
// earlier one) into one JSON object, its keys sorted.
func mergeRules(parts [][]byte, urls []string) ([]byte, error) {
	merged := map[string]json.RawMessage{}
	for i, p := range parts {
		rules, err := parseRules(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", urls[i], err)
		}
		for n, r := range rules {
			merged[n] = r
		}
	}
	b, err := json.Marshal(merged)
	if err != nil {
		return nil, fmt.Errorf("merging the rule files: %w", err)
	}
	return b, nil
}
