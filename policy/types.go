package policy

// Document is a parsed policy: its main text split into sections and
// sentences. It holds text only, never the markup it came from.
type Document struct {
	URL   string
	Title string
	// Lang is the document's language as an ISO 639-1 code: the <html lang>
	// of HTML input when it is plausible, otherwise the detected language;
	// empty when unknown.
	Lang string
	// LastUpdated is the "last updated" or effective date the document
	// states, as YYYY-MM-DD; empty when it states none.
	LastUpdated string
	Sections    []Section
	// Words is the number of words of main content.
	Words int
	// Embeds lists URLs of iframes or scripts that look like a policy hosted
	// elsewhere (e.g. a policy generator's embed), found in HTML input.
	Embeds []string
}

// Section is a run of sentences under one heading.
type Section struct {
	Heading   string
	Sentences []string
}

// Analysis is what Analyze finds in one or more documents read together.
type Analysis struct {
	Language    string            `json:"language"`
	LastUpdated string            `json:"lastUpdated,omitempty"`
	Aspects     map[string]Aspect `json:"aspects"`
	Names       Names             `json:"names"`
	Claims      []Claim           `json:"claims,omitempty"`
	Words       int               `json:"words"`

	// text is the analysed text, kept for MentionsName and ExplainsPurpose.
	text *corpus
}

// Aspect is the verdict for one aspect ID.
type Aspect struct {
	Covered    bool    `json:"covered"`
	Confidence float64 `json:"confidence"`
	// Evidence holds up to three sentences quoted verbatim.
	Evidence []string `json:"evidence"`
	// Heading is the heading the first evidence sentence stands under.
	Heading string `json:"heading,omitempty"`
	// Headings holds the heading of each evidence sentence, in order.
	Headings []string `json:"headings,omitempty"`
}

// Names are the cookie names, storage keys and companies a policy names.
type Names struct {
	Cookies   []string `json:"cookies"`
	Companies []string `json:"companies"`
}

// ClaimKind is a statement a crawl can contradict.
type ClaimKind string

// Claims the analyser recognises.
const (
	ClaimNoCookies  ClaimKind = "no-cookies"  // "we do not use cookies"
	ClaimNoSharing  ClaimKind = "no-sharing"  // "we never share your data with third parties"
	ClaimNoTracking ClaimKind = "no-tracking" // "we do not use analytics / tracking"
)

// Claim is a statement of the policy, with the sentence that makes it.
type Claim struct {
	Kind     ClaimKind `json:"kind"`
	Sentence string    `json:"sentence"`
}
