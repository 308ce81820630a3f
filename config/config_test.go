package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseValid(t *testing.T) {
	c, err := Parse([]byte(`version: 1
format: [json, sarif]
output: reports/privaudit
fail-under: 80
fail-on: high
max-time: 10m
timeout: 15s
max-pages: 2000
alias: [www.example.org, example.org]
checks:
  cookies-explained: warn
  trust-seal: off
  privacy-policy-link:
    level: error
    min-score: 95
weights:
  https: 15
`), Known{})
	if err != nil {
		t.Fatal(err)
	}
	if *c.FailUnder != 80 || *c.FailOn != "high" || time.Duration(*c.MaxTime) != 10*time.Minute || time.Duration(*c.Timeout) != 15*time.Second {
		t.Errorf("scalars: %+v", c)
	}
	if len(c.Format) != 2 || c.Format[1] != "sarif" || *c.Output != "reports/privaudit" || *c.MaxPages != 2000 || len(c.Alias) != 2 {
		t.Errorf("lists: %+v", c)
	}
	if c.Checks["cookies-explained"].Level != LevelWarn || c.Checks["trust-seal"].Level != LevelOff {
		t.Errorf("check levels: %+v", c.Checks)
	}
	if pl := c.Checks["privacy-policy-link"]; pl.Level != LevelError || *pl.MinScore != 95 {
		t.Errorf("check mapping: %+v", pl)
	}
	if c.Weights["https"] != 15 {
		t.Errorf("weights: %+v", c.Weights)
	}
	if c.Concurrency != nil {
		t.Error("absent keys must stay nil so that defaults apply")
	}
}

// TestParseErrors covers what the file alone can get wrong; what a value
// means (a score out of range, an unknown check) is validated once for
// flags and file by audit.Options.Validate (internal/cli tests the
// messages, located in the file).
func TestParseErrors(t *testing.T) {
	known := Known{Checks: []string{"cookies-explained", "https"}, Formats: []string{"table", "json", "sarif"}}
	tests := []struct{ name, yaml, want string }{
		{"unknown key", "version: 1\nfial-under: 80\n", `config:2: fial-under: unknown key (did you mean "fail-under"?)`},
		{"bad type", "version: 1\nmax-pages: lots\n", `config:2: max-pages: "lots" is not a valid integer`},
		{"bad bool", "version: 1\nquiet: maybe\n", `config:2: quiet: "maybe" is not a valid boolean (true or false)`},
		{"float for int", "version: 1\nmax-pages: 1.5\n", `config:2: max-pages: "1.5" is not a valid integer`},
		{"missing version", "fail-under: 80\n", `config: version: must be 1 (got 0)`},
		{"wrong version", "version: 2\n", `config:1: version: must be 1 (got 2)`},
		{"unknown check key", "version: 1\nchecks:\n  https:\n    minimum: 2\n", `config:4: minimum: unknown key`},
		{"bad duration", "version: 1\ntimeout: soon\n", `config:2: timeout: invalid duration "soon"`},
		{"bad format", "version: 1\nformat: [pdf]\n", `config:2: format: unknown format "pdf"`},
		{"not YAML", "version: 1\n  : [\n", `config:`},
		{"empty", "", `the file is empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), known)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

func TestFindPrecedence(t *testing.T) {
	dir := t.TempDir()
	write := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("version: 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	inDir := write(".privaudit.yaml")
	env := write("env.yaml")
	flag := write("flag.yaml")

	t.Setenv(EnvVar, "")
	if got, _ := Find("", dir); got != inDir {
		t.Errorf("working directory: got %q", got)
	}
	t.Setenv(EnvVar, env)
	if got, _ := Find("", dir); got != env {
		t.Errorf("env beats working directory: got %q", got)
	}
	if got, _ := Find(flag, dir); got != flag {
		t.Errorf("--config beats env: got %q", got)
	}
	if _, err := Find(filepath.Join(dir, "missing.yaml"), dir); err == nil || !strings.Contains(err.Error(), "--config") {
		t.Errorf("missing --config file: %v", err)
	}
	t.Setenv(EnvVar, filepath.Join(dir, "gone.yaml"))
	if _, err := Find("", dir); err == nil || !strings.Contains(err.Error(), EnvVar) {
		t.Errorf("missing env file: %v", err)
	}
	t.Setenv(EnvVar, "")
	if got, err := Find("", t.TempDir()); got != "" || err != nil {
		t.Errorf("no file: got %q %v", got, err)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml"), Known{}); err == nil {
		t.Error("Load of a missing file: want an error")
	}
	c, err := Load(inDir, Known{})
	if err != nil || c.Path != inDir {
		t.Errorf("Load: %v %+v", err, c)
	}
}

func TestLine(t *testing.T) {
	c, err := Parse([]byte("version: 1\nfail-under: 80\nchecks:\n  https: warn\n  cookies-explained:\n    min-score: 90\nweights:\n  https: 3\n"), Known{})
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]int{"fail-under": 2, "checks.https": 4, "checks.cookies-explained.min-score": 6,
		"checks.https.min-score": 4, "weights.https": 8, "fail-on": 0, "checks.nope": 3} {
		if got := c.Line(key); got != want {
			t.Errorf("Line(%q) = %d, want %d", key, got, want)
		}
	}
}
