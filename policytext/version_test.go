package policytext

import (
	"reflect"
	"slices"
	"testing"

	"github.com/privaudit/privaudit/policy"
)

// doc makes a document of sections, each a heading and its sentences.
func doc(lang, updated string, sections ...[]string) *policy.Document {
	d := &policy.Document{Lang: lang, LastUpdated: updated, Words: 10}
	for _, s := range sections {
		d.Sections = append(d.Sections, policy.Section{Heading: s[0], Sentences: s[1:]})
	}
	return d
}

// version makes a version of sentences, as New would.
func version(sentences ...string) *Version {
	return New("https://shop.example/privacy/", []*policy.Document{doc("en", "", append([]string{""}, sentences...))}, nil)
}

func TestNew(t *testing.T) {
	main := doc("en", "2021-05-07",
		[]string{"Privacy policy", "Last updated: May 7, 2021.", "Page generated on June 30, 2024 at 14:03."},
		[]string{"", "We collect your e-mail address.", "  ", "\u200b"},
	)
	part := doc("en", "", []string{"Cookies", "We use the cookie bk_session."})
	a := &policy.Analysis{Language: "en", LastUpdated: "2021-05-07", Aspects: map[string]policy.Aspect{
		"purpose": {Covered: true}, "cookies": {Covered: true}, "children": {Covered: false},
	}}
	v := New("https://shop.example/privacy/", []*policy.Document{main, nil, part}, a)
	if v == nil {
		t.Fatal("New returned nil for documents with sentences")
	}
	want := []string{"Privacy policy", "Last updated: [date].", "Page generated on [date] at [time].",
		"We collect your e-mail address.", "Cookies", "We use the cookie bk_session."}
	if !slices.Equal(v.Sentences, want) {
		t.Errorf("sentences %q\nwant %q", v.Sentences, want)
	}
	if !slices.Equal(v.Aspects, []string{"cookies", "purpose"}) {
		t.Errorf("aspects %q, want the covered ones, sorted", v.Aspects)
	}
	if v.LastUpdated != "2021-05-07" || v.Language != "en" || v.Words != 20 || v.URL != "https://shop.example/privacy/" {
		t.Errorf("version %+v", v)
	}
	if len(v.Hash) != 64 {
		t.Errorf("hash %q, want hex SHA-256", v.Hash)
	}

	// Without an analysis, the documents' own date and language.
	v = New("u", []*policy.Document{doc("de", "", []string{"", "Text."}), doc("fr", "2024-03-01", []string{"", "Texte."})}, nil)
	if v.LastUpdated != "2024-03-01" || v.Language != "de" || len(v.Aspects) != 0 || v.Aspects == nil {
		t.Errorf("version %+v: want the first date and language the documents state, no aspects", v)
	}

	for _, docs := range [][]*policy.Document{nil, {nil}, {doc("en", "", []string{" ", "\u00a0"})}} {
		if v := New("u", docs, a); v != nil {
			t.Errorf("New(%v) = %+v, want nil: no sentences", docs, v)
		}
	}
}

func TestHash(t *testing.T) {
	base := version("We collect your e-mail address.", "We keep it for a year.")
	same := []*Version{
		// What rotates, and case: a change of case says nothing new.
		version("We  collect your\u00a0e-mail address.", "We keep it for a year."),
		version("WE COLLECT YOUR E-MAIL ADDRESS.", "we keep it for a year."),
	}
	for _, v := range same {
		if v.Hash != base.Hash {
			t.Errorf("%q: hash differs from %q's", v.Sentences, base.Sentences)
		}
	}
	different := []*Version{
		version("We collect your e-mail address.", "We keep it for two years."),
		version("We collect your e-mail address."),
		version("We keep it for a year.", "We collect your e-mail address."),
		// Sentences are joined by lines: splitting one differently is a
		// change.
		version("We collect your e-mail address. We keep it for a year."),
	}
	for _, v := range different {
		if v.Hash == base.Hash {
			t.Errorf("%q: same hash as %q", v.Sentences, base.Sentences)
		}
	}
	if base.Hash != version("We collect your e-mail address.", "We keep it for a year.").Hash {
		t.Error("the hash is not stable")
	}
}

func TestDiff(t *testing.T) {
	prev := version("Intro.", "We collect your e-mail address.", "We keep it for a year.", "Contact us.")
	tests := []struct {
		name string
		cur  *Version
		want []Edit
	}{
		{"same", version("Intro.", "We collect your e-mail address.", "We keep it for a year.", "Contact us."), nil},
		{"case only", version("INTRO.", "We collect your E-mail address.", "We keep it for a year.", "Contact us."), nil},
		{"added", version("Intro.", "We collect your e-mail address.", "We share it with our courier.", "We keep it for a year.", "Contact us."),
			[]Edit{{Added, "We share it with our courier."}}},
		{"removed", version("Intro.", "We collect your e-mail address.", "Contact us."),
			[]Edit{{Removed, "We keep it for a year."}}},
		{"replaced", version("Intro.", "We collect your e-mail address.", "We keep it for two years.", "Contact us."),
			[]Edit{{Removed, "We keep it for a year."}, {Added, "We keep it for two years."}}},
		{"both ends", version("Welcome.", "We collect your e-mail address.", "We keep it for a year.", "Contact us.", "Thanks."),
			[]Edit{{Removed, "Intro."}, {Added, "Welcome."}, {Added, "Thanks."}}},
	}
	for _, tt := range tests {
		got := Diff(prev, tt.cur)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Diff = %+v\nwant %+v", tt.name, got, tt.want)
		}
		if (tt.cur.Hash == prev.Hash) != (len(got) == 0) {
			t.Errorf("%s: same hash %v but %d edits", tt.name, tt.cur.Hash == prev.Hash, len(got))
		}
	}
	// A repeated sentence is text like any other (no automatic junk).
	var many, more []string
	for i := range 300 {
		many = append(many, "Purpose.", "Sentence "+string(rune('a'+i%26))+string(rune('a'+i/26))+".")
	}
	more = append(slices.Clone(many[:100]), append([]string{"A new sentence."}, many[100:]...)...)
	if got := Diff(version(many...), version(more...)); !reflect.DeepEqual(got, []Edit{{Added, "A new sentence."}}) {
		t.Errorf("Diff with repeated sentences = %+v, want the one added", got)
	}
	if got := Diff(nil, version("One.")); !reflect.DeepEqual(got, []Edit{{Added, "One."}}) {
		t.Errorf("Diff(nil, v) = %+v", got)
	}
	if got := Diff(version("One."), nil); !reflect.DeepEqual(got, []Edit{{Removed, "One."}}) {
		t.Errorf("Diff(v, nil) = %+v", got)
	}
	if added, removed := Count(Diff(prev, tests[5].cur)); added != 2 || removed != 1 {
		t.Errorf("Count = +%d -%d, want +2 -1", added, removed)
	}
}

func TestAspectsDelta(t *testing.T) {
	prev := &Version{Aspects: []string{"children", "cookies", "purpose"}}
	cur := &Version{Aspects: []string{"cookies", "data-retention", "do-not-track", "purpose"}}
	gained, lost := AspectsDelta(prev, cur)
	if !slices.Equal(gained, []string{"data-retention", "do-not-track"}) || !slices.Equal(lost, []string{"children"}) {
		t.Errorf("AspectsDelta = %q, %q", gained, lost)
	}
	if gained, lost := AspectsDelta(cur, cur); gained != nil || lost != nil {
		t.Errorf("AspectsDelta of a version with itself = %q, %q, want none", gained, lost)
	}
	if gained, lost := AspectsDelta(nil, cur); len(gained) != 4 || lost != nil {
		t.Errorf("AspectsDelta(nil, cur) = %q, %q, want every aspect gained", gained, lost)
	}
}
