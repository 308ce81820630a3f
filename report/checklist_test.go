package report

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/verdict"
)

func checkInfos() []CheckInfo {
	return []CheckInfo{
		{CheckMeta: CheckMeta{ID: "https", Title: "The site is served over HTTPS", Description: "Every page is served over HTTPS.",
			Why: "Plain HTTP can be read.", Fix: "Redirect to HTTPS.", Severity: verdict.High}, Weight: 10, Modes: []string{"static", "browser"}},
		{CheckMeta: CheckMeta{ID: "trust-seal", Title: "A privacy seal is shown", Description: "The site shows a trust seal.", Severity: verdict.Info}, Weight: 0, Modes: []string{"static"}},
	}
}

func TestWriteCheckList(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCheckList(&b, checkInfos()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"│ https      │ 10     │ high     │ Every page is served over HTTPS.", "│ trust-seal │ 0      │ info     │", "`privaudit explain ID`"} {
		if !strings.Contains(out, want) {
			t.Errorf("the check list lacks %q:\n%s", want, out)
		}
	}
	b.Reset()
	if err := WriteExplanation(&b, checkInfos()[0]); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "https: The site is served over HTTPS\n====") || !strings.Contains(b.String(), "How to fix it\n  Redirect to HTTPS.\n") {
		t.Errorf("explanation:\n%s", b.String())
	}
}

// TestCheckListWriteErrors: the check list and an explanation return the
// error of their writer (tablewriter alone would drop it).
func TestCheckListWriteErrors(t *testing.T) {
	for _, w := range []interface{ Write([]byte) (int, error) }{failingWriter{}, &shortWriter{n: 10}} {
		if err := WriteCheckList(w, checkInfos()); !errors.Is(err, errWrite) || !strings.HasPrefix(err.Error(), "writing check list: ") {
			t.Errorf("check list to %T: error %v, want a wrapped %v", w, err, errWrite)
		}
		if err := WriteExplanation(w, checkInfos()[0]); !errors.Is(err, errWrite) {
			t.Errorf("explanation to %T: error %v, want a wrapped %v", w, err, errWrite)
		}
	}
}
