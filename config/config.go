// Package config reads privaudit's configuration file, .privaudit.yaml.
//
// Every command-line flag of `privaudit audit` has a key of the same name,
// but regimes, the list of --regime values.
// The file is looked up from --config, then the PRIVAUDIT_CONFIG
// environment variable, then .privaudit.yaml (or .privaudit.yml) in the
// working directory; --no-config skips it. An unknown key or a bad value is
// an error naming the key and the line.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/invopop/jsonschema"
	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"
)

// Version is the configuration format version this build reads.
const Version = 1

// FileNames are the names looked for in the working directory.
var FileNames = []string{".privaudit.yaml", ".privaudit.yml"}

// EnvVar names the environment variable that points at a config file.
const EnvVar = "PRIVAUDIT_CONFIG"

// Config is the content of .privaudit.yaml. Pointer fields are nil when the
// key is absent, so that flags given on the command line win and absent keys
// keep the defaults.
type Config struct {
	// Version must be 1.
	Version int `yaml:"version" json:"version" jsonschema:"enum=1,description=Configuration format version"`

	Format StringList `yaml:"format,omitempty" json:"format,omitempty" jsonschema:"description=Report formats: one or a list"`
	Output *string    `yaml:"output,omitempty" json:"output,omitempty" jsonschema:"description=Report path (a base name when several formats are asked for)"`

	FailUnder *float64 `yaml:"fail-under,omitempty" json:"fail-under,omitempty" jsonschema:"minimum=0,maximum=100,description=Fail when the score is under this value"`
	FailOn    *string  `yaml:"fail-on,omitempty" json:"fail-on,omitempty" jsonschema:"enum=info,enum=low,enum=medium,enum=high,enum=critical,enum=none,description=Fail on any finding at or above this severity"`
	Baseline  *string  `yaml:"baseline,omitempty" json:"baseline,omitempty" jsonschema:"description=Earlier JSON report: gate only on findings new since it"`
	// BaselineAnyOrigin accepts a baseline of another site.
	BaselineAnyOrigin *bool `yaml:"baseline-any-origin,omitempty" json:"baseline-any-origin,omitempty" jsonschema:"description=Compare with a baseline of another site (fingerprints are unique per origin)"`
	// IgnoreFile is the path of the ignore file (default .privauditignore.yaml).
	IgnoreFile     *string   `yaml:"ignore-file,omitempty" json:"ignore-file,omitempty"`
	ShowSuppressed *bool     `yaml:"show-suppressed,omitempty" json:"show-suppressed,omitempty"`
	MaxTime        *Duration `yaml:"max-time,omitempty" json:"max-time,omitempty" jsonschema:"type=string,description=Give up after this long (exit 4), e.g. 10m"`

	MaxPages          *int       `yaml:"max-pages,omitempty" json:"max-pages,omitempty" jsonschema:"minimum=0"`
	MaxDepth          *int       `yaml:"max-depth,omitempty" json:"max-depth,omitempty" jsonschema:"minimum=0"`
	Concurrency       *int       `yaml:"concurrency,omitempty" json:"concurrency,omitempty" jsonschema:"minimum=0"`
	PerHost           *int       `yaml:"per-host,omitempty" json:"per-host,omitempty" jsonschema:"minimum=0,description=At most this many requests in flight to one IP address, across the sites of a batch (0: no limit)"`
	Timeout           *Duration  `yaml:"timeout,omitempty" json:"timeout,omitempty" jsonschema:"type=string,description=Timeout of one request, e.g. 20s"`
	MaxBodySize       *int       `yaml:"max-body-size,omitempty" json:"max-body-size,omitempty" jsonschema:"minimum=0"`
	IncludeSubdomains *bool      `yaml:"include-subdomains,omitempty" json:"include-subdomains,omitempty"`
	Alias             StringList `yaml:"alias,omitempty" json:"alias,omitempty" jsonschema:"description=Other host names of the same site: one or a list"`
	IgnoreRobots      *bool      `yaml:"ignore-robots,omitempty" json:"ignore-robots,omitempty"`
	NoSitemaps        *bool      `yaml:"no-sitemaps,omitempty" json:"no-sitemaps,omitempty"`
	UserAgent         *string    `yaml:"user-agent,omitempty" json:"user-agent,omitempty"`
	Browser           *bool      `yaml:"browser,omitempty" json:"browser,omitempty" jsonschema:"description=Also render pages in headless Chromium (cookies set by scripts, storage, requests, the consent banner in three phases)"`
	Chrome            *string    `yaml:"chrome,omitempty" json:"chrome,omitempty" jsonschema:"description=Chromium binary for browser mode"`
	BrowserPages      *string    `yaml:"browser-pages,omitempty" json:"browser-pages,omitempty" jsonschema:"description=Pages browser mode renders: a number or all"`
	CACert            *string    `yaml:"ca-cert,omitempty" json:"ca-cert,omitempty" jsonschema:"description=PEM file of certificate authorities to trust (a staging site with its own CA)"`
	Insecure          *bool      `yaml:"insecure,omitempty" json:"insecure,omitempty" jsonschema:"description=Do not verify TLS certificates"`
	SaveRecord        *string    `yaml:"save-record,omitempty" json:"save-record,omitempty" jsonschema:"description=Also write what was gathered to this file"`
	CookieDB          *string    `yaml:"cookie-db,omitempty" json:"cookie-db,omitempty" jsonschema:"description=Open Cookie Database file (CSV or JSON)"`
	// Store is the history store's DSN; StoreRequired makes a store that
	// fails an error.
	Store         *string `yaml:"store,omitempty" json:"store,omitempty" jsonschema:"description=History store: a SQLite file (or sqlite://PATH) or a postgres:// DSN (keep passwords in $PRIVAUDIT_STORE instead)"`
	StoreRequired *bool   `yaml:"store-required,omitempty" json:"store-required,omitempty" jsonschema:"description=Exit 2 when the history store cannot be opened or written (default: a warning)"`
	// Regimes are the laws whose notice requirements apply (the --regime
	// flag, repeated).
	Regimes StringList `yaml:"regimes,omitempty" json:"regimes,omitempty" jsonschema:"description=Laws whose notice requirements apply: gdpr and/or ccpa; none; or auto (the default: decided from what the site shows)"`

	Quiet      *bool `yaml:"quiet,omitempty" json:"quiet,omitempty"`
	Verbose    *bool `yaml:"verbose,omitempty" json:"verbose,omitempty"`
	NoColor    *bool `yaml:"no-color,omitempty" json:"no-color,omitempty"`
	NoProgress *bool `yaml:"no-progress,omitempty" json:"no-progress,omitempty"`

	// Checks sets per-check gate levels and minimum scores.
	Checks map[string]CheckConfig `yaml:"checks,omitempty" json:"checks,omitempty" jsonschema:"description=Per-check level (error warn off) or {level min-score}"`
	// Weights overrides check weights.
	Weights map[string]float64 `yaml:"weights,omitempty" json:"weights,omitempty"`

	// Path is the file the configuration was read from (not a key).
	Path string `yaml:"-" json:"-"`

	root *yaml.Node
}

// StringList is a list of strings that YAML may also give as one string
// ("format: json" or "format: [json, sarif]").
type StringList []string

// UnmarshalYAML accepts a scalar or a sequence.
func (l *StringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = StringList{n.Value}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*l = list
	return nil
}

// JSONSchema describes a StringList: a string or an array of strings.
func (StringList) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{OneOf: []*jsonschema.Schema{
		{Type: "string"},
		{Type: "array", Items: &jsonschema.Schema{Type: "string"}},
	}}
}

// Level is how a check's findings count for the gate.
type Level string

// Levels.
const (
	// LevelError: the check's findings and minimum score can fail the gate.
	LevelError Level = "error"
	// LevelWarn: the check is reported but never fails the gate.
	LevelWarn Level = "warn"
	// LevelOff: the check is not run.
	LevelOff Level = "off"
)

// CheckConfig configures one check. In YAML it is either a level
// ("cookies-explained: warn") or a mapping with level and min-score.
type CheckConfig struct {
	Level Level `yaml:"level,omitempty" json:"level,omitempty" jsonschema:"enum=error,enum=warn,enum=off"`
	// MinScore fails the gate when the check's score (0-100) is under it.
	MinScore *float64 `yaml:"min-score,omitempty" json:"min-score,omitempty" jsonschema:"minimum=0,maximum=100"`
}

// UnmarshalYAML accepts a bare level or a mapping.
func (c *CheckConfig) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		c.Level = Level(n.Value)
		return nil
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Value != "level" && k.Value != "min-score" {
				return &Error{Line: k.Line, Key: k.Value, Msg: "unknown key (a check takes level and min-score)"}
			}
		}
	}
	type plain CheckConfig
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*c = CheckConfig(p)
	return nil
}

// Duration is a time.Duration written as "30s" or "10m".
type Duration time.Duration

// UnmarshalYAML parses a Go duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return &Error{Line: n.Line, Msg: fmt.Sprintf("invalid duration %q (use e.g. 30s or 10m)", n.Value)}
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML writes the duration as a string.
func (d Duration) MarshalYAML() (any, error) { return time.Duration(d).String(), nil }

// Error is a configuration error at a line of the file.
type Error struct {
	Path string
	Line int
	Key  string
	Msg  string
}

// Error formats the error as "config FILE:LINE: KEY: message".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("config")
	if e.Path != "" {
		b.WriteString(" " + e.Path)
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		fmt.Fprintf(&b, "%s: ", e.Key)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Find returns the path of the configuration file to read: explicit (from
// --config) first, then PRIVAUDIT_CONFIG, then a file in dir. It returns ""
// when there is none.
func Find(explicit, dir string) (string, error) {
	if explicit != "" {
		if _, err := os.Stat(explicit); err != nil {
			return "", &Error{Path: explicit, Msg: "cannot read the file given with --config: " + pathErr(err)}
		}
		return explicit, nil
	}
	if env := os.Getenv(EnvVar); env != "" {
		if _, err := os.Stat(env); err != nil {
			return "", &Error{Path: env, Msg: "cannot read the file named by " + EnvVar + ": " + pathErr(err)}
		}
		return env, nil
	}
	for _, name := range FileNames {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", nil
}

func pathErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Known holds the names the caller knows, so that validation can reject
// others with the line of the key: check IDs (checks and weights keys) and
// report formats (format key). Empty lists accept anything. Regimes are
// the values of the regimes key, for the schema's enum (the audit's
// options validate them).
type Known struct {
	Checks  []string
	Formats []string
	Regimes []string
}

// flagKeys maps the flags whose key has another name to that key.
var flagKeys = map[string]string{"regime": "regimes"}

// KeyOf returns the key of a flag: its name, but for regime (regimes).
func KeyOf(flag string) string {
	if k, ok := flagKeys[flag]; ok {
		return k
	}
	return flag
}

// flagOf returns the flag of a key: its name, but for regimes (regime).
func flagOf(key string) string {
	for f, k := range flagKeys {
		if k == key {
			return f
		}
	}
	return key
}

// Load reads and validates a configuration file.
func Load(path string, known Known) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Path: path, Msg: pathErr(err)}
	}
	c, err := Parse(b, known)
	if err != nil {
		var ce *Error
		if errors.As(err, &ce) {
			ce.Path = path
		}
		return nil, err
	}
	c.Path = path
	return c, nil
}

// Parse reads and validates configuration YAML.
func Parse(b []byte, known Known) (*Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, yamlError(err, nil)
	}
	var c Config
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, &Error{Msg: "the file is empty (it needs at least \"version: 1\")"}
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && err != io.EOF {
		return nil, yamlError(err, &root)
	}
	if err := c.validate(&root, known); err != nil {
		return nil, err
	}
	c.root = &root
	return &c, nil
}

// Apply sets every flag of fs that the file has a key for and that the
// command line did not set (flags win). Keys the command has no flag for
// (the crawl keys under `demo`) and the keys that are not flags (version,
// checks, weights) are left alone.
func (c *Config) Apply(fs *pflag.FlagSet) error {
	m := c.root
	if m == nil {
		return nil
	}
	if m.Kind == yaml.DocumentNode && len(m.Content) > 0 {
		m = m.Content[0]
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		key, val := m.Content[i], m.Content[i+1]
		name := flagOf(key.Value)
		f := fs.Lookup(name)
		if f == nil || f.Changed {
			continue
		}
		values := []*yaml.Node{val}
		if val.Kind == yaml.SequenceNode {
			values = val.Content
		}
		for _, v := range values {
			if err := fs.Set(name, v.Value); err != nil {
				return &Error{Path: c.Path, Line: v.Line, Key: key.Value, Msg: err.Error()}
			}
		}
	}
	return nil
}

var (
	yamlLine     = regexp.MustCompile(`line (\d+): (.*)`)
	unknownField = regexp.MustCompile(`field (\S+) not found in type \S+`)
	cannotDecode = regexp.MustCompile(`cannot unmarshal !!(\w+) ` + "`" + `([^` + "`" + `]*)` + "`" + ` into (\S+)`)
)

// yamlError turns a YAML error into one line naming the line and key.
func yamlError(err error, root *yaml.Node) error {
	var ce *Error
	if errors.As(err, &ce) {
		if ce.Key == "" {
			ce.Key = keyAtLine(root, ce.Line)
		}
		return ce
	}
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		first := te.Errors[0]
		if m := yamlLine.FindStringSubmatch(first); m != nil {
			line := 0
			fmt.Sscan(m[1], &line)
			msg := m[2]
			if u := unknownField.FindStringSubmatch(msg); u != nil {
				return &Error{Line: line, Key: u[1], Msg: "unknown key" + suggest(u[1])}
			}
			if d := cannotDecode.FindStringSubmatch(msg); d != nil {
				return &Error{Line: line, Key: keyAtLine(root, line), Msg: fmt.Sprintf("%q is not a valid %s", d[2], goTypeName(d[3]))}
			}
			return &Error{Line: line, Msg: msg}
		}
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line := 0
		fmt.Sscan(m[1], &line)
		return &Error{Line: line, Msg: m[2]}
	}
	return &Error{Msg: msg}
}

func goTypeName(t string) string {
	switch {
	case strings.Contains(t, "int"):
		return "integer"
	case strings.Contains(t, "float"):
		return "number"
	case strings.Contains(t, "bool"):
		return "boolean (true or false)"
	case strings.HasPrefix(t, "[]"):
		return "list"
	case strings.HasPrefix(t, "map"):
		return "mapping"
	}
	return "value of type " + t
}

// suggest proposes the closest known key.
func suggest(key string) string {
	if best := textutil.Closest(key, Keys()); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// Keys lists the top-level keys of the configuration file, from Config's
// yaml tags.
func Keys() []string {
	var keys []string
	t := reflect.TypeOf(Config{})
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	return keys
}

// validate checks what only the file can get wrong: its version, and
// values YAML would read silently wrong. What a value means (a score out of
// range, an unknown check) is validated once for flags and file alike, by
// audit.Options.Validate; Line locates the key it names.
func (c *Config) validate(root *yaml.Node, known Known) error {
	at := func(path ...string) int { return lineOf(root, path...) }
	if c.Version != Version {
		return &Error{Line: at("version"), Key: "version", Msg: fmt.Sprintf("must be %d (got %d); add \"version: 1\" at the top", Version, c.Version)}
	}
	for _, f := range c.Format {
		if len(known.Formats) > 0 && !slices.Contains(known.Formats, f) {
			return &Error{Line: at("format"), Key: "format", Msg: fmt.Sprintf("unknown format %q (use %s)", f, strings.Join(known.Formats, ", "))}
		}
	}
	for _, key := range []string{"max-pages", "max-depth", "concurrency", "per-host", "max-body-size"} {
		// YAML would truncate 1.5 to 1 without a word.
		if n := valueOf(root, key); n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!int" {
			return &Error{Line: n.Line, Key: key, Msg: fmt.Sprintf("%q is not a valid integer", n.Value)}
		}
	}
	return nil
}

// keyAtLine returns the dotted key path whose key or value is at line.
func keyAtLine(root *yaml.Node, line int) string {
	if root == nil {
		return ""
	}
	var find func(n *yaml.Node, prefix string) string
	find = func(n *yaml.Node, prefix string) string {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, k := range n.Content {
				if p := find(k, prefix); p != "" {
					return p
				}
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				path := k.Value
				if prefix != "" {
					path = prefix + "." + k.Value
				}
				if p := find(v, path); p != "" {
					return p
				}
				if k.Line == line || v.Line == line {
					return path
				}
			}
		case yaml.SequenceNode:
			for _, v := range n.Content {
				if v.Line == line {
					return prefix
				}
			}
		}
		return ""
	}
	return find(root, "")
}

// valueOf returns the value node of a top-level key (nil if absent).
func valueOf(root *yaml.Node, key string) *yaml.Node {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// Line returns the line of a dotted key ("fail-under",
// "checks.https.min-score") in the file, or 0 when the file does not set
// it. A flag's name stands for its key (regime for regimes).
func (c *Config) Line(key string) int {
	if c.root == nil {
		return 0
	}
	path := strings.Split(KeyOf(key), ".")
	if len(path) > 2 && (path[0] == "checks" || path[0] == "weights") {
		// A check ID has no dots; a trailing part is a sub-key.
		path = []string{path[0], path[1], strings.Join(path[2:], ".")}
	}
	n := c.root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for i, k := range path {
		found := false
		for j := 0; n.Kind == yaml.MappingNode && j+1 < len(n.Content); j += 2 {
			if n.Content[j].Value == k {
				if i == len(path)-1 {
					return n.Content[j].Line
				}
				n, found = n.Content[j+1], true
				break
			}
		}
		if !found {
			// checks.ID.min-score given as "checks: {ID: error}" has no
			// sub-key: the check's own line locates it.
			if i > 0 {
				return lineOf(c.root, path[:i]...)
			}
			return 0
		}
	}
	return 0
}

// lineOf finds the line of a key path in a YAML document (0 if absent).
func lineOf(root *yaml.Node, path ...string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := 0
	for _, key := range path {
		if n.Kind != yaml.MappingNode {
			return line
		}
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				line = n.Content[i].Line
				n = n.Content[i+1]
				found = true
				break
			}
		}
		if !found {
			return line
		}
	}
	return line
}

// Levels returns the gate level of each check the file sets one for.
func (c *Config) Levels() map[string]string {
	out := map[string]string{}
	for id, cc := range c.Checks {
		if cc.Level != "" {
			out[id] = string(cc.Level)
		}
	}
	return out
}

// MinScores returns the minimum score of each check the file sets one for.
func (c *Config) MinScores() map[string]float64 {
	out := map[string]float64{}
	for id, cc := range c.Checks {
		if cc.MinScore != nil {
			out[id] = *cc.MinScore
		}
	}
	return out
}
