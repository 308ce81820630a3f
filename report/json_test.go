package report

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"
)

// encodeWhole is how the JSON renderer wrote documents before it streamed
// them: the reference its output must equal byte for byte.
func encodeWhole(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func checkStreamed(t *testing.T, name string, v any) {
	t.Helper()
	var got bytes.Buffer
	if err := writeJSON(&got, v, name); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if want := encodeWhole(t, v); !bytes.Equal(got.Bytes(), want) {
		i := 0
		for i < len(want) && i < got.Len() && want[i] == got.Bytes()[i] {
			i++
		}
		from := max(0, i-200)
		t.Fatalf("%s: streamed JSON differs at byte %d:\ngot  …%s\nwant …%s", name, i,
			got.Bytes()[from:min(got.Len(), i+100)], want[from:min(len(want), i+100)])
	}
}

// The streamed JSON is what an Encoder writes, byte for byte: on the
// fixtures, and on reports, diffs and policy reports filled at random
// (nil and empty lists, nil and set pointers, characters JSON escapes).
func TestJSONStreamedMatchesEncoder(t *testing.T) {
	checkStreamed(t, "fixture report", fixtureReport())
	checkStreamed(t, "fixture diff", fixtureDiff())
	checkStreamed(t, "fixture policy", fixturePolicy())
	checkStreamed(t, "empty report", &Report{})
	checkStreamed(t, "empty diff", &Diff{})
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 200; i++ {
		var rep Report
		fillRandom(r, reflect.ValueOf(&rep).Elem(), 0)
		checkStreamed(t, "random report", &rep)
		var d Diff
		fillRandom(r, reflect.ValueOf(&d).Elem(), 0)
		checkStreamed(t, "random diff", &d)
		var p PolicyReport
		fillRandom(r, reflect.ValueOf(&p).Elem(), 0)
		checkStreamed(t, "random policy report", &p)
	}
}

// A large report streams: 20,000 pages and 20,000 findings of one check.
func TestJSONStreamedLargeReport(t *testing.T) {
	rep := fixtureReport()
	base := rep.Pages[0]
	for i := 0; i < 20000; i++ {
		p := base
		p.URL = base.URL + "/p/" + strings.Repeat("x", i%7)
		rep.Pages = append(rep.Pages, p)
	}
	f := rep.Checks[0]
	for i := 0; i < 20000; i++ {
		f.Findings = append(f.Findings, Finding{URL: "https://example.com/<p>&" + strings.Repeat("y", i%5), Message: "m", Severity: "warn"})
	}
	rep.Checks = append(rep.Checks, f)
	checkStreamed(t, "large report", rep)
}

var randomStrings = []string{"", "a", "<b>&amp;</b>", "ä €\u2028\u2029", "\"quoted\\\"", "\x00\x1f", "\xff invalid", "line\nbreak\ttab"}

// fillRandom fills v with random values, nil or empty lists and maps, nil
// or set pointers.
func fillRandom(r *rand.Rand, v reflect.Value, depth int) {
	if !v.CanSet() {
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(randomStrings[r.Intn(len(randomStrings))])
	case reflect.Bool:
		v.SetBool(r.Intn(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(r.Intn(5) - 1))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(r.Intn(3)))
	case reflect.Float32, reflect.Float64:
		v.SetFloat([]float64{0, 1.5, 73.25, 1e21, 100}[r.Intn(5)])
	case reflect.Pointer:
		if depth > 6 || r.Intn(3) == 0 {
			return
		}
		p := reflect.New(v.Type().Elem())
		fillRandom(r, p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		switch n := r.Intn(4); {
		case n == 0 || depth > 6:
			// nil
		default:
			s := reflect.MakeSlice(v.Type(), n-1, n-1)
			for i := range s.Len() {
				fillRandom(r, s.Index(i), depth+1)
			}
			v.Set(s)
		}
	case reflect.Map:
		if r.Intn(3) == 0 || depth > 6 {
			return
		}
		m := reflect.MakeMap(v.Type())
		for i := r.Intn(3); i > 0; i-- {
			k := reflect.New(v.Type().Key()).Elem()
			fillRandom(r, k, depth+1)
			e := reflect.New(v.Type().Elem()).Elem()
			fillRandom(r, e, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2024, 5, r.Intn(28)+1, 10, 0, 0, r.Intn(1000)*1e6, time.UTC)))
			return
		}
		for i := range v.NumField() {
			fillRandom(r, v.Field(i), depth+1)
		}
	}
}
