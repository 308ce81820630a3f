package catalog

import (
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Seal is a privacy trust seal, programme or certification (TRUSTe, the
// Data Privacy Framework): a page shows it when it names it or links to
// one of its hosts, a policy states it when it names it.
type Seal struct {
	// Name is the name reports record the seal by.
	Name string `yaml:"name" json:"name"`
	// Aliases are other ways pages and policies write it.
	Aliases []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	// Hosts are host names (matched exactly) whose links or images are
	// the seal.
	Hosts []string `yaml:"hosts,omitempty" json:"hosts,omitempty"`
}

// Names returns the names by which a page or a policy names the seal: its
// name, then its aliases.
func (s Seal) Names() []string {
	return append([]string{s.Name}, s.Aliases...)
}

//go:embed data/seals.yaml
var builtinSeals []byte

// seals reads the embedded data once, on first use (TestSealsEmbedded
// guarantees it is valid).
var seals = embedded("seals.yaml", builtinSeals, parseSeals)

// Seals returns the trust seals of privaudit's catalogue, in the order of
// the data file. The data are read on first use. The entries' lists are
// shared: do not modify them.
func Seals() []Seal {
	return slices.Clone(seals())
}

// SealNamed returns the seal that name names (its name or an alias, in
// any case).
func SealNamed(name string) (Seal, bool) {
	name = strings.TrimSpace(name)
	for _, s := range seals() {
		for _, n := range s.Names() {
			if strings.EqualFold(n, name) {
				return s, true
			}
		}
	}
	return Seal{}, false
}

// SealForHost returns the seal one of whose hosts is host.
func SealForHost(host string) (Seal, bool) {
	host = normalizeHost(host)
	for _, s := range seals() {
		if slices.Contains(s.Hosts, host) {
			return s, true
		}
	}
	return Seal{}, false
}

// parseSeals reads and validates a seals file.
func parseSeals(data []byte) ([]Seal, error) {
	var ss []Seal
	if err := decodeYAML(data, &ss); err != nil {
		return nil, err
	}
	if len(ss) == 0 {
		return nil, errors.New("no entries")
	}
	names := map[string]string{} // lower-cased name or alias -> seal
	hosts := map[string]string{}
	for i, s := range ss {
		if s.Name == "" {
			return nil, fmt.Errorf("entry %d: no name", i+1)
		}
		for _, n := range s.Names() {
			if err := checkSealName(n); err != nil {
				return nil, fmt.Errorf("%s: %w", s.Name, err)
			}
			key := strings.ToLower(n)
			if other, ok := names[key]; ok {
				return nil, fmt.Errorf("%s: name %q is also %s's", s.Name, n, other)
			}
			names[key] = s.Name
		}
		for _, h := range s.Hosts {
			if err := checkHost(h); err != nil {
				return nil, fmt.Errorf("%s: %w", s.Name, err)
			}
			if other, ok := hosts[h]; ok {
				return nil, fmt.Errorf("%s: host %q is also %s's", s.Name, h, other)
			}
			hosts[h] = s.Name
		}
	}
	return ss, nil
}

// checkSealName reports why n cannot name a seal: it must start and end
// with an ASCII letter or digit, so that it can be found as a whole word
// (the \b of Go's regular expressions knows ASCII word characters only).
func checkSealName(n string) error {
	first, _ := utf8.DecodeRuneInString(n)
	last, _ := utf8.DecodeLastRuneInString(n)
	if n == "" || !isAlnum(first) || !isAlnum(last) {
		return fmt.Errorf("name %q must start and end with an ASCII letter or digit", n)
	}
	return nil
}

func isAlnum(r rune) bool { return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
