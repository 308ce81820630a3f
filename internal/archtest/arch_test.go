// Package archtest holds tests of the project's architecture: the
// direction in which data and imports flow (gatherers → records → evidence
// → checks → runner → report → renderers).
package archtest

import (
	"bufio"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/privaudit/privaudit"

// imports returns, for each package of the module (by its path relative to
// the module root), the packages its non-test files import.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	root := filepath.Join("..", "..")
	out := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if !slices.Contains(out[rel], p) {
				out[rel] = append(out[rel], p)
			}
		}
		if _, ok := out[rel]; !ok {
			out[rel] = nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// closure returns every package pkg depends on, transitively (module
// packages by relative path, others by import path).
func closure(graph map[string][]string, pkg string) map[string]bool {
	seen := map[string]bool{}
	var visit func(string)
	visit = func(p string) {
		for _, imp := range graph[p] {
			key := imp
			if rel, ok := strings.CutPrefix(imp, module+"/"); ok {
				key = rel
			}
			if !seen[key] {
				seen[key] = true
				visit(key)
			}
		}
	}
	visit(pkg)
	return seen
}

func TestImportDirections(t *testing.T) {
	graph := imports(t)
	for _, p := range []string{"record", "evidence", "report", "checks", "crawler", "audit", "gather", "verdict", "internal/cli", "cmd/privaudit"} {
		if _, ok := graph[p]; !ok {
			t.Fatalf("package %s not found (graph has %d packages)", p, len(graph))
		}
	}
	forbidden := []struct {
		pkg, why string
		not      []string
	}{
		{"report", "renderers only read the report: no crawl, no check helper, no evidence", []string{"crawler", "checks", "evidence", "gather", "audit", "extract", "github.com/gocolly/colly/v2"}},
		{"evidence", "evidence computes from records and never gathers", []string{"crawler", "gather", "audit", "report", "checks", "github.com/gocolly/colly/v2", "net/http"}},
		{"checks", "checks judge evidence", []string{"crawler", "gather", "audit", "report", "net/http"}},
		{"record", "records are a leaf of plain values", []string{"scope", "extract", "evidence", "policy", "catalog", "crawler"}},
		{"verdict", "statuses and severities are a leaf", []string{"checks", "report", "evidence"}},
		{"scoring", "scoring reads outcomes", []string{"crawler", "report", "audit"}},
	}
	for _, f := range forbidden {
		deps := closure(graph, f.pkg)
		for _, n := range f.not {
			if deps[n] {
				t.Errorf("%s depends on %s: %s", f.pkg, n, f.why)
			}
		}
	}
	for pkg, imps := range graph {
		for _, imp := range imps {
			// internal/bench/mincolly is the minimal colly crawl the
			// benchmarks compare privaudit with, not part of privaudit.
			if strings.HasPrefix(imp, "github.com/gocolly/colly") && pkg != "crawler" && pkg != "internal/bench/mincolly" {
				t.Errorf("%s imports colly: only crawler (and the benchmark baseline internal/bench/mincolly) may", pkg)
			}
			if strings.HasPrefix(imp, module+"/cmd") {
				t.Errorf("%s imports %s: nothing imports cmd", pkg, imp)
			}
		}
	}
	// record imports nothing of the project.
	for _, imp := range graph["record"] {
		if strings.HasPrefix(imp, module) {
			t.Errorf("record imports %s: it must import nothing of the project", imp)
		}
	}
}

// cmd/ is only the entry point: under 300 lines in all.
func TestCmdIsSmall(t *testing.T) {
	n := 0
	err := filepath.WalkDir(filepath.Join("..", "..", "cmd"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			n++
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if n >= 300 {
		t.Errorf("cmd/ has %d lines, want under 300", n)
	}
}
