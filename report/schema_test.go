package report

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	invopop "github.com/invopop/jsonschema"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

const schemaFile = "schema/v1.json"

// TestSchemaComments keeps schema/comments.json, the doc comments the
// schema's descriptions come from, equal to the source.
func TestSchemaComments(t *testing.T) {
	ref := &invopop.Reflector{}
	const module = "github.com/privaudit/privaudit"
	for _, dir := range []string{"report", "policy"} {
		// Paths are relative to report/, where the test runs: the import
		// path of "../policy" joined to module/report is module/policy.
		if err := ref.AddGoComments(module+"/report", filepath.Join("..", dir)); err != nil {
			t.Fatalf("reading the comments of %s: %v", dir, err)
		}
	}
	keep := schemaCommentKeys(reflect.TypeOf(Report{}))
	comments := map[string]string{}
	for k, v := range ref.CommentMap {
		if keep[k] && v != "" {
			comments[k] = v
		}
	}
	got, err := json.MarshalIndent(comments, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile("schema/comments.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
		schemaComments = got
		return
	}
	if !bytes.Equal(got, schemaComments) {
		t.Error("report/schema/comments.json is stale (a doc comment of a report type changed): run go test ./report -update")
	}
}

// schemaCommentKeys returns the CommentMap keys of the types reachable
// from t and of their fields.
func schemaCommentKeys(t reflect.Type) map[string]bool {
	keys := map[string]bool{}
	var walk func(reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			if t.Kind() == reflect.Map {
				walk(t.Key())
			}
			t = t.Elem()
		}
		if t.Name() == "" || t.PkgPath() == "" {
			return
		}
		name := t.PkgPath() + "." + t.Name()
		if keys[name] {
			return
		}
		keys[name] = true
		if t.Kind() != reflect.Struct {
			return
		}
		for f := range t.Fields() {
			keys[name+"."+f.Name] = true
			walk(f.Type)
		}
	}
	walk(t)
	return keys
}

// TestSchemaFile keeps report/schema/v1.json, the published schema, equal
// to JSONSchema's output, and checks that a change only adds: no property
// of the published schema disappears or changes type, none becomes
// required, no enum value goes.
func TestSchemaFile(t *testing.T) {
	got, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(got) {
		t.Fatal("JSONSchema returned invalid JSON")
	}
	old, err := os.ReadFile(schemaFile)
	if err == nil {
		var o, n map[string]any
		if err := json.Unmarshal(old, &o); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(got, &n); err != nil {
			t.Fatal(err)
		}
		for _, p := range schemaBreaks(o, n) {
			t.Errorf("report schema: %s (a change within major version %s may only add fields; make the field omitempty, list it in addedInMinors, or bump the major)", p, majorVersion(SchemaVersion))
		}
	} else if !*update {
		t.Fatalf("%v (run go test ./report -update)", err)
	}
	if *update {
		if err := os.WriteFile(schemaFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(got, old) {
		t.Errorf("report/%s differs from JSONSchema(): run go test ./report -update", schemaFile)
	}
}

// schemaBreaks lists what the new schema takes away from the old one.
func schemaBreaks(oldRoot, newRoot map[string]any) []string {
	var out []string
	resolve := func(root, n map[string]any) map[string]any {
		for range 10 {
			ref, ok := n["$ref"].(string)
			if !ok {
				return n
			}
			name, ok := strings.CutPrefix(ref, "#/$defs/")
			if !ok {
				return n
			}
			defs, _ := root["$defs"].(map[string]any)
			d, _ := defs[name].(map[string]any)
			if d == nil {
				return n
			}
			n = d
		}
		return n
	}
	seen := map[string]bool{}
	var cmp func(o, n map[string]any, path string)
	cmp = func(o, n map[string]any, path string) {
		if seen[path] || len(path) > 500 {
			return
		}
		seen[path] = true
		o, n = resolve(oldRoot, o), resolve(newRoot, n)
		if n == nil {
			out = append(out, path+" is gone")
			return
		}
		if ot, nt := o["type"], n["type"]; ot != nil && !reflect.DeepEqual(ot, nt) {
			out = append(out, path+": type "+jsonString(ot)+" became "+jsonString(nt))
		}
		if op, np := o["pattern"], n["pattern"]; op != nil && op != np {
			out = append(out, path+": pattern "+jsonString(op)+" became "+jsonString(np))
		}
		if oe, ok := o["enum"].([]any); ok {
			ne, _ := n["enum"].([]any)
			for _, v := range oe {
				if n["enum"] != nil && !slices.Contains(ne, v) {
					out = append(out, path+": value "+jsonString(v)+" left the enum")
				}
			}
		}
		oreq, _ := o["required"].([]any)
		nreq, _ := n["required"].([]any)
		for _, r := range nreq {
			if !slices.Contains(oreq, r) {
				out = append(out, path+": property "+jsonString(r)+" became required")
			}
		}
		oprops, _ := o["properties"].(map[string]any)
		nprops, _ := n["properties"].(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(oprops)) {
			np, _ := nprops[k].(map[string]any)
			if np == nil {
				out = append(out, path+"."+k+" is gone")
				continue
			}
			op, _ := oprops[k].(map[string]any)
			cmp(op, np, path+"."+k)
		}
		for _, kw := range []string{"items", "additionalProperties"} {
			oi, ok1 := o[kw].(map[string]any)
			ni, ok2 := n[kw].(map[string]any)
			if ok1 && ok2 {
				cmp(oi, ni, path+"["+kw+"]")
			}
		}
	}
	cmp(oldRoot, newRoot, "report")
	return out
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// compileReportSchema compiles JSONSchema's output.
func compileReportSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	b, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatalf("the report schema does not compile: %v", err)
	}
	return sch
}

// TestSchemaValidatesGoldenReports validates every golden JSON report of
// the repository (the JSON files under a testdata directory that hold a
// schemaVersion and checks) against the schema.
func TestSchemaValidatesGoldenReports(t *testing.T) {
	sch := compileReportSchema(t)
	root := repoRoot(t)
	validated := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (strings.HasPrefix(n, ".") || n == "node_modules" || n == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".json") || !slices.Contains(strings.Split(filepath.ToSlash(p), "/"), "testdata") {
			return nil
		}
		if info, err := d.Info(); err != nil || info.Size() > 20<<20 {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return nil // not JSON: not a report
		}
		obj, ok := v.(map[string]any)
		if !ok || obj["schemaVersion"] == nil || obj["checks"] == nil {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if sv, _ := obj["schemaVersion"].(string); majorVersion(sv) != majorVersion(SchemaVersion) {
			t.Logf("%s: schema version %q is another major: not validated", rel, sv)
			return nil
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s does not validate against the report schema: %v", rel, err)
		}
		validated[rel] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"internal/cli/testdata/demo.json", "report/testdata/fixture.json"} {
		if !validated[want] {
			t.Errorf("%s was not validated (missing?)", want)
		}
	}
	t.Logf("validated %d reports: %v", len(validated), slices.Sorted(maps.Keys(validated)))
}

// TestSchemaRejects: the schema is not vacuous, and it lets later minor
// versions add fields.
func TestSchemaRejects(t *testing.T) {
	sch := compileReportSchema(t)
	base := render(t, "json", fixtureReport())
	for _, c := range []struct {
		name  string
		edit  func(m map[string]any)
		valid bool
	}{
		{"as is", func(map[string]any) {}, true},
		{"a field of a later minor version", func(m map[string]any) { m["futureField"] = []any{1}; m["schemaVersion"] = "1.7.0" }, true},
		{"a 1.0 report (no suppressed, no contradictions)", func(m map[string]any) {
			delete(m, "suppressed")
			delete(m["policy"].(map[string]any), "contradictions")
		}, true},
		{"no checks", func(m map[string]any) { delete(m, "checks") }, false},
		{"checks null", func(m map[string]any) { m["checks"] = nil }, false},
		{"another major", func(m map[string]any) { m["schemaVersion"] = "2.0.0" }, false},
		{"not semver", func(m map[string]any) { m["schemaVersion"] = "1.0" }, false},
		{"unknown status", func(m map[string]any) { check(m)["status"] = "great" }, false},
		{"unknown severity", func(m map[string]any) { check(m)["severity"] = "urgent" }, false},
		{"score a string", func(m map[string]any) { m["score"] = "61.5" }, false},
		{"startedAt not a date", func(m map[string]any) { m["startedAt"] = "yesterday" }, false},
		{"finding without fingerprint", func(m map[string]any) {
			delete(check(m)["findings"].([]any)[0].(map[string]any), "fingerprint")
		}, false},
	} {
		var m map[string]any
		if err := json.Unmarshal(base, &m); err != nil {
			t.Fatal(err)
		}
		c.edit(m)
		b, _ := json.Marshal(m)
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); (err == nil) != c.valid {
			t.Errorf("%s: valid=%v, want %v (%v)", c.name, err == nil, c.valid, err)
		}
	}
}

func check(m map[string]any) map[string]any {
	return m["checks"].([]any)[0].(map[string]any)
}

// TestSchemaTop checks the schema's identity.
func TestSchemaTop(t *testing.T) {
	b, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Schema      string `json:"$schema"`
		ID          string `json:"$id"`
		Title       string `json:"title"`
		Description string `json:"description"`
		Defs        map[string]struct {
			Description string `json:"description"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if s.Schema != "https://json-schema.org/draft/2020-12/schema" || s.ID != SchemaID || s.Title == "" {
		t.Errorf("$schema %q, $id %q, title %q", s.Schema, s.ID, s.Title)
	}
	if !strings.HasSuffix(SchemaID, "/v"+majorVersion(SchemaVersion)+".json") {
		t.Errorf("$id %q does not name major version %s", SchemaID, majorVersion(SchemaVersion))
	}
	if d := s.Defs["Report"].Description; d == "" {
		t.Error("the Report definition has no description: are the comments loaded?")
	}
}
