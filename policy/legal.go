package policy

import (
	"slices"
	"strings"
)

// The legal elements are what a law requires a privacy notice to say (GDPR
// Art. 13/14, CCPA/CPRA), as opposed to the aspects customers expect
// (../shared/docs/policy-aspects.md, "Legal elements"). Analyze decides each
// one from the [legal:ID] rules of the rule files, in every supported
// language, and reports it in Analysis.Legal. Which elements a site owes
// depends on the law that applies to it (see ElementInfo.Laws and
// Analysis.LawMentions); this package only says which are there.

// Laws a legal element can belong to, as ElementInfo.Laws and LawMention.Law
// name them.
const (
	// LawGDPR is the EU General Data Protection Regulation (and the UK
	// GDPR): the information Art. 13 and 14 require.
	LawGDPR = "gdpr"
	// LawCCPA is the California Consumer Privacy Act as amended by the
	// California Privacy Rights Act (Cal. Civ. Code 1798.100 ff.).
	LawCCPA = "ccpa"
)

// Laws lists the laws of LawGDPR and LawCCPA in report order.
var Laws = []string{LawGDPR, LawCCPA}

// LawName is the name a reader knows a law by: "GDPR", "CCPA".
func LawName(law string) string { return strings.ToUpper(law) }

// ElementInfo describes a legal element: what the law asks for, where, and
// how to supply it when it is missing.
type ElementInfo struct {
	// ID is the stable element ID, as in LegalElements and the label files.
	ID string `json:"id"`
	// Title says in one line what the notice must state.
	Title string `json:"title"`
	// Laws are the laws that require the element (LawGDPR, LawCCPA).
	Laws []string `json:"laws"`
	// Articles are the provisions that require it, law first ("GDPR Art.
	// 13(1)(c)", "CCPA 1798.120").
	Articles []string `json:"articles"`
	// Fix says in one line what to add to the notice.
	Fix string `json:"fix"`
}

// legalInfo is the element catalogue, in report order.
var legalInfo = []ElementInfo{
	{
		ID: "data-collected", Title: "What personal data is collected",
		Laws: []string{LawGDPR, LawCCPA}, Articles: []string{"GDPR Art. 14(1)(d)", "CCPA 1798.100"},
		Fix: "List the categories of personal data collected (name, e-mail address, IP address, purchase history...), not just \"information\".",
	},
	{
		ID: "controller-identity", Title: "Who the controller is, with a postal address",
		Laws: []string{LawGDPR}, Articles: []string{"GDPR Art. 13(1)(a)"},
		Fix: "Name the organisation responsible for the data by its legal name, with its postal address or registered seat.",
	},
	{
		ID: "dpo-contact", Title: "How to reach the data protection officer",
		Laws: []string{LawGDPR}, Articles: []string{"GDPR Art. 13(1)(b)"},
		Fix: "Give the contact details of the data protection officer (e-mail, address or form), or say why none is appointed.",
	},
	{
		ID: "legal-basis", Title: "The legal basis of the processing",
		Laws: []string{LawGDPR}, Articles: []string{"GDPR Art. 13(1)(c)", "GDPR Art. 13(1)(d)"},
		Fix: "State the legal ground of each processing under Art. 6 GDPR (consent, contract, legal obligation, legitimate interests...), not just \"applicable law\".",
	},
	{
		ID: "international-transfers", Title: "Transfers outside the EU/EEA and their safeguards",
		Laws: []string{LawGDPR}, Articles: []string{"GDPR Art. 13(1)(f)"},
		Fix: "Say whether personal data leaves the EU/EEA and on which safeguard (adequacy decision, standard contractual clauses, Data Privacy Framework), or that it does not.",
	},
	{
		ID: "withdraw-consent", Title: "The right to withdraw consent at any time",
		Laws: []string{LawGDPR}, Articles: []string{"GDPR Art. 13(2)(c)", "GDPR Art. 7(3)"},
		Fix: "Say that consent can be withdrawn at any time, without affecting the processing before, and how to do it.",
	},
	{
		ID: "object-restrict", Title: "The rights to object to and to restrict processing",
		Laws: []string{LawGDPR}, Articles: []string{"GDPR Art. 13(2)(b)", "GDPR Art. 18", "GDPR Art. 21"},
		Fix: "Name the right to object to the processing and the right to restrict it, and how to exercise them.",
	},
	{
		ID: "portability", Title: "The right to data portability",
		Laws: []string{LawGDPR}, Articles: []string{"GDPR Art. 13(2)(b)", "GDPR Art. 20"},
		Fix: "Name the right to receive the data in a structured, machine-readable format or to have it sent to another controller.",
	},
	{
		ID: "complaint-authority", Title: "The right to complain to a supervisory authority",
		Laws: []string{LawGDPR}, Articles: []string{"GDPR Art. 13(2)(d)", "GDPR Art. 77"},
		Fix: "Say that people may lodge a complaint with a data-protection supervisory authority, and name the competent one.",
	},
	{
		ID: "automated-decisions", Title: "Whether automated decisions or profiling take place",
		Laws: []string{LawGDPR}, Articles: []string{"GDPR Art. 13(2)(f)", "GDPR Art. 22"},
		Fix: "Say whether automated decision-making or profiling with legal or similarly significant effects takes place (and if so its logic and consequences), or that it does not.",
	},
	{
		ID: "sale-opt-out", Title: "Whether personal information is sold or shared, and how to opt out",
		Laws: []string{LawCCPA}, Articles: []string{"CCPA 1798.120", "CCPA 1798.135"},
		Fix: "Say whether personal information is sold or shared for cross-context behavioural advertising and how to opt out (\"Do Not Sell or Share My Personal Information\"), or that it is not.",
	},
	{
		ID: "non-discrimination", Title: "No discrimination for exercising privacy rights",
		Laws: []string{LawCCPA}, Articles: []string{"CCPA 1798.125"},
		Fix: "Say that people will not be denied service, charged more or served worse for exercising their privacy rights.",
	},
}

// LegalElements lists the legal element IDs in report order
// (../shared/docs/policy-aspects.md, "Legal elements"). Every one is a key
// of Analysis.Legal.
var LegalElements = func() []string {
	ids := make([]string, len(legalInfo))
	for i, e := range legalInfo {
		ids[i] = e.ID
	}
	return ids
}()

// LegalElement returns the description of legal element id, and whether id
// is one of LegalElements. The result is a copy: changing it changes
// nothing here.
func LegalElement(id string) (ElementInfo, bool) {
	for _, e := range legalInfo {
		if e.ID == id {
			e.Laws = slices.Clone(e.Laws)
			e.Articles = slices.Clone(e.Articles)
			return e, true
		}
	}
	return ElementInfo{}, false
}

// LegalElementsOf returns the IDs of the legal elements law (LawGDPR or
// LawCCPA) requires, in report order; nil for an unknown law.
func LegalElementsOf(law string) []string {
	var ids []string
	for _, e := range legalInfo {
		if slices.Contains(e.Laws, law) {
			ids = append(ids, e.ID)
		}
	}
	return ids
}

// LawMention is a law the analysed text names, with the first sentence that
// names it.
type LawMention struct {
	// Law is LawGDPR or LawCCPA.
	Law string `json:"law"`
	// Sentence is the first sentence naming it, verbatim.
	Sentence string `json:"sentence"`
}

// LawMentions returns the laws the analysed text names, in the order of
// Laws, each with the first sentence that names it: the GDPR by any of its
// names (GDPR, UK GDPR, DSGVO, RGPD, AVG, Regulation (EU) 2016/679, its
// title in each language), the CCPA by its names or the CPRA's, by
// "California residents" or by its sections of the Civil Code. It is a
// signal of the regime the notice is written for, not a finding: a notice
// may name a law to say it does not apply. Nil when the text names none.
func (a *Analysis) LawMentions() []LawMention {
	if a == nil || a.text == nil {
		return nil
	}
	var out []LawMention
	for _, law := range Laws {
		if i, ok := a.laws[law]; ok {
			out = append(out, LawMention{Law: law, Sentence: a.text.sents[i].text})
		}
	}
	return out
}
