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

	// declarations are the cookies its tables, lists and lines declare
	// (Declarations), read by Parse.
	declarations []Declaration
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
	// Legal holds the verdict on each legal element of LegalElements (the
	// statements GDPR Art. 13/14 and the CCPA require of a notice), every
	// ID present, with the same meaning of Covered, Confidence, Evidence
	// and Heading as Aspects. A statement that the thing does not happen
	// ("we do not sell your personal information") covers an element.
	Legal  map[string]Aspect `json:"legal"`
	Names  Names             `json:"names"`
	Claims []Claim           `json:"claims,omitempty"`
	Words  int               `json:"words"`
	// Warnings say why the verdicts may not mean what they seem to, one
	// sentence each: a text too short to be a privacy policy (fewer than
	// MinWords words) is one. Empty when there is nothing to say.
	Warnings []string `json:"warnings,omitempty"`

	// text is the analysed text, kept for MentionsName and ExplainsPurpose.
	text *corpus
	// declared are the cookies the documents declare, for Declared.
	declared []Declaration
	// laws maps a law of Laws to the first sentence naming it, for
	// LawMentions.
	laws map[string]int
}

// Aspect is the verdict for one aspect ID.
type Aspect struct {
	// Covered is the verdict: the text has a statement on the aspect.
	Covered bool `json:"covered"`
	// Confidence is the confidence in the verdict, whichever it is, from
	// 0.5 (a guess) to 1 (certain); it is not the probability that the
	// aspect is covered. For a covered aspect it grows from 0.6 with the
	// weight of the evidence beyond what coverage needs. For an aspect not
	// covered it is 1 when no rule matched anything on the topic, and falls
	// towards 0.5 as the best sentence comes closer to covering it; an
	// aspect whose statements lack what it requires (privacy-contact with
	// no means of contact) gets 0.5. So "not covered, 1.00" means "surely
	// not covered".
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

// ClaimKind is a kind of claim: a statement that something never happens
// on the site, which the policy's own text or a crawl may contradict.
type ClaimKind string

// Claims the analyser recognises. A claim is a statement without
// reservation: a sentence that qualifies it ("we use no cookies other than
// those strictly necessary", "we do not share your data except with our
// processors", "if you decline, no cookies are set") makes none, and
// neither does a question or a title (see the rule files).
const (
	ClaimNoCookies  ClaimKind = "no-cookies"  // "we do not use cookies"
	ClaimNoSharing  ClaimKind = "no-sharing"  // "we never share your data with third parties"
	ClaimNoTracking ClaimKind = "no-tracking" // "we do not use analytics / tracking"
	// ClaimNoSelling is "we do not sell your personal information": no
	// crawl can see a sale, so nothing contradicts it, but it is a
	// statement the policy can be held to (and one the CCPA asks for).
	ClaimNoSelling ClaimKind = "no-selling"
)

// claimKinds lists the claims in report order.
var claimKinds = []ClaimKind{ClaimNoCookies, ClaimNoSharing, ClaimNoTracking, ClaimNoSelling}

// Claim is a statement of the policy, with the sentence that makes it.
type Claim struct {
	Kind     ClaimKind `json:"kind"`
	Sentence string    `json:"sentence"`
}
