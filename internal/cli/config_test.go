package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/privaudit/privaudit/config"
)

// A value that is wrong is refused with one line that locates it: in the
// configuration file when it came from there, on the command line when a
// flag gave it. Both go through the one validation (audit.Options).
func TestConfigValueErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, yaml, want string }{
		{"bad severity", "version: 1\nfail-on: severe\n", `.yaml:2: fail-on: unknown severity "severe"`},
		{"score out of range", "version: 1\nfail-under: 120\n", `.yaml:2: fail-under: must be between 0 and 100, got 120`},
		{"bad level", "version: 1\nchecks:\n  https: fatal\n", `.yaml:3: checks.https: unknown level "fatal"`},
		{"unknown check", "version: 1\nchecks:\n  cookie-explained: warn\n", `.yaml:3: checks.cookie-explained: unknown check ID`},
		{"bad min-score", "version: 1\nchecks:\n  https:\n    min-score: 200\n", `.yaml:4: checks.https.min-score: must be between 0 and 100`},
		{"negative", "version: 1\nconcurrency: -1\n", `.yaml:2: concurrency: cannot be negative`},
		{"negative weight", "version: 1\nweights:\n  https: -2\n", `.yaml:3: weights.https: cannot be negative`},
		{"unknown weight", "version: 1\nweights:\n  nope: 2\n", `.yaml:3: weights.nope: unknown check ID`},
	} {
		cfg := writeFile(t, dir, strings.ReplaceAll(tc.name, " ", "-")+".yaml", tc.yaml)
		_, stderr, code := runCLI(t, "audit", "--config", cfg, "http://127.0.0.1:1/")
		if code != ExitUsage || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and one line with %q", tc.name, code, stderr, tc.want)
		}
	}
	// The same value from a flag names the flag.
	_, stderr, code := runCLI(t, "audit", "--no-config", "--fail-under", "120", "http://127.0.0.1:1/")
	if code != ExitUsage || !strings.Contains(stderr, "--fail-under: must be between 0 and 100") {
		t.Errorf("flag: exit %d, stderr %q", code, stderr)
	}
	// A flag wins over the file: a bad value in the file that the command
	// line overrides is not used, so not an error.
	cfg := writeFile(t, dir, "overridden.yaml", "version: 1\nfail-under: 120\n")
	if _, stderr, code := runCLI(t, "audit", "--config", cfg, "--fail-under", "10", "http://127.0.0.1:1/"); code != ExitSite {
		t.Errorf("overridden: exit %d, stderr %q; want 3 (the site is unreachable)", code, stderr)
	}
}

// The published schema of .privaudit.yaml and the command line accept the
// same files: what the schema refuses, privaudit refuses (exit 2) before
// any request; what it accepts reaches the site (exit 3 for a closed port).
func TestConfigSchemaAgreesWithCLI(t *testing.T) {
	raw, err := os.ReadFile("../../config/privaudit.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(config.SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(config.SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for i, s := range []struct {
		yaml  string
		valid bool
	}{
		{"version: 1\n", true},
		{"version: 1\nfail-under: 80\nfail-on: high\nchecks:\n  https: warn\n  cookies-explained:\n    level: error\n    min-score: 90\nmax-time: 5m\n", true},
		{"version: 1\nfail-on: severe\n", false},
		{"version: 1\nchecks:\n  https: fatal\n", false},
		{"version: 1\nfail-under: 101\n", false},
		{"version: 1\nmax-pages: -5\n", false},
		{"version: 1\nfial-under: 80\n", false},
		{"version: 1\nregimes: [gdpr, ccpa]\n", true},
		{"version: 1\nregimes: none\n", true},
		{"version: 1\nregimes: [gdpr, california]\n", false},
	} {
		var v any
		if err := yaml.Unmarshal([]byte(s.yaml), &v); err != nil {
			t.Fatal(err)
		}
		j, _ := json.Marshal(v)
		inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(j))
		schemaErr := sch.Validate(inst)
		cfg := writeFile(t, dir, "s"+string(rune('a'+i))+".yaml", s.yaml)
		_, stderr, code := runCLI(t, "audit", "--config", cfg, "--timeout", "2s", "http://127.0.0.1:1/")
		cliValid := code == ExitSite
		if (schemaErr == nil) != s.valid || cliValid != s.valid {
			t.Errorf("%q: schema says %v; CLI exit %d (%s); want valid=%v", strings.TrimSpace(s.yaml), schemaErr, code, strings.TrimSpace(stderr), s.valid)
		}
	}
}
