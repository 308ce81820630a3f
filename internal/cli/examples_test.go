package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/privaudit/privaudit/batch"
)

// exampleCommands finds the privaudit command lines of a YAML example:
// every string value that runs privaudit, folded to one line, with the
// shell's tail (|| ...) and the scheduler's variables replaced by values.
func exampleCommands(t *testing.T, name, text string, vars map[string]string) [][]string {
	t.Helper()
	var cmds [][]string
	dec := yaml.NewDecoder(strings.NewReader(text))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			break
		}
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			if n.Kind == yaml.ScalarNode {
				for _, line := range strings.Split(strings.ReplaceAll(n.Value, "\\\n", " "), "\n") {
					line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "exec "))
					if !strings.HasPrefix(line, "privaudit ") {
						continue
					}
					line, _, _ = strings.Cut(line, " ||")
					for k, v := range vars {
						line = strings.ReplaceAll(line, k, v)
					}
					line = strings.NewReplacer(`"`, "", "'", "").Replace(line)
					cmds = append(cmds, strings.Fields(line)[1:])
				}
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(&doc)
	}
	if len(cmds) == 0 {
		t.Fatalf("%s runs no privaudit command", name)
	}
	return cmds
}

// The scheduler examples run privaudit batch and merge with flags that
// exist and values that parse, each shard index in range.
func TestBatchExamples(t *testing.T) {
	shell := regexp.MustCompile(`\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)`)
	for name, vars := range map[string]map[string]string{
		"kubernetes-batch.yaml":    {"$JOB_COMPLETION_INDEX": "3"},
		"github-actions-batch.yml": {"${{ matrix.shard }}": "4"},
		"gitlab-ci-batch.yml":      {"$CI_NODE_INDEX": "2", "$CI_NODE_TOTAL": "4"},
	} {
		raw, err := os.ReadFile(filepath.Join("..", "..", "examples", name))
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, args := range exampleCommands(t, name, shell.ReplaceAllString(string(raw), "4"), vars) {
			root := newRootCommand()
			cmd, rest, err := root.Find(args)
			if err != nil {
				t.Errorf("%s: %v: %v", name, args, err)
				continue
			}
			seen[cmd.Name()] = true
			if err := cmd.ParseFlags(rest); err != nil {
				t.Errorf("%s: privaudit %s: %v", name, strings.Join(args, " "), err)
				continue
			}
			if s := cmd.Flags().Lookup("shard"); s != nil && s.Changed {
				if _, err := batch.ParseShard(s.Value.String()); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		}
		if !seen["batch"] || !seen["merge"] {
			t.Errorf("%s: runs %v, want batch and merge", name, seen)
		}
	}
}

// The history example runs audit, history and policy-history with flags
// that exist and values that parse.
func TestHistoryExample(t *testing.T) {
	const name = "github-actions-history.yml"
	raw, err := os.ReadFile(filepath.Join("..", "..", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, args := range exampleCommands(t, name, string(raw), nil) {
		cmd, rest, err := newRootCommand().Find(args)
		if err != nil {
			t.Errorf("%s: %v: %v", name, args, err)
			continue
		}
		seen[cmd.Name()] = true
		rest = slices.DeleteFunc(rest, func(s string) bool { return s == ">>" || strings.HasPrefix(s, "$GITHUB") })
		if err := cmd.ParseFlags(rest); err != nil {
			t.Errorf("%s: privaudit %s: %v", name, strings.Join(args, " "), err)
			continue
		}
		if b := cmd.Flags().Lookup("baseline"); b != nil && b.Changed && b.Value.String() != "last-passing" {
			t.Errorf("%s: --baseline %s", name, b.Value)
		}
	}
	for _, want := range []string{"audit", "history", "policy-history"} {
		if !seen[want] {
			t.Errorf("%s: runs %v, want %s", name, seen, want)
		}
	}
}
