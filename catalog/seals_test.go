package catalog

import (
	"strings"
	"testing"
)

// The embedded seals file loads and every entry is valid (the guarantee
// behind the panic of Seals).
func TestSealsEmbedded(t *testing.T) {
	ss, err := parseSeals(builtinSeals)
	if err != nil {
		t.Fatal(err)
	}
	if got := Seals(); len(got) != len(ss) || len(got) < 6 {
		t.Fatalf("Seals() has %d entries, the file %d", len(got), len(ss))
	}
	for _, s := range ss {
		for _, n := range s.Names() {
			if got, ok := SealNamed(n); !ok || got.Name != s.Name {
				t.Errorf("SealNamed(%q) = %q, %v; want %q", n, got.Name, ok, s.Name)
			}
		}
		for _, h := range s.Hosts {
			if got, ok := SealForHost(h); !ok || got.Name != s.Name {
				t.Errorf("SealForHost(%q) = %q, %v; want %q", h, got.Name, ok, s.Name)
			}
		}
	}
}

func TestSealLookup(t *testing.T) {
	names := []struct{ in, want string }{
		{"TRUSTe", "TRUSTe"},
		{"better business bureau", "BBB"},
		{" bbbonline ", "BBB"},
		{"cross-border privacy rules", "APEC CBPR"},
		{"EPRIVACY SEAL", "ePrivacyseal"},
		{"Trusted Shops", ""},
	}
	for _, tt := range names {
		s, ok := SealNamed(tt.in)
		if ok != (tt.want != "") || s.Name != tt.want {
			t.Errorf("SealNamed(%q) = %q, %v; want %q", tt.in, s.Name, ok, tt.want)
		}
	}
	hosts := []struct{ in, want string }{
		{"privacy.truste.com", "TRUSTe"},
		{"WWW.BBB.ORG.", "BBB"},
		{"www.dataprivacyframework.gov", "Data Privacy Framework"},
		{"seal.example.com", ""},
	}
	for _, tt := range hosts {
		s, ok := SealForHost(tt.in)
		if ok != (tt.want != "") || s.Name != tt.want {
			t.Errorf("SealForHost(%q) = %q, %v; want %q", tt.in, s.Name, ok, tt.want)
		}
	}
}

func TestParseSealsErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"empty", "", "no entries"},
		{"unknown field", "- name: A\n  alias: [B]\n", "alias"},
		{"no name", "- aliases: [B]\n", "no name"},
		{"name not a word", "- name: '-A'\n", "letter or digit"},
		{"alias not a word", "- name: A\n  aliases: ['B.']\n", "letter or digit"},
		{"shared alias", "- name: A\n  aliases: [C]\n- name: B\n  aliases: [c]\n", "also A's"},
		{"bad host", "- name: A\n  hosts: ['a.com/seal']\n", "host"},
		{"shared host", "- name: A\n  hosts: [a.com]\n- name: B\n  hosts: [a.com]\n", "also A's"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseSeals([]byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one about %q", err, tt.want)
			}
		})
	}
}
