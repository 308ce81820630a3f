package consent

import (
	"strings"
	"unicode"
)

// Kind says what a banner button does, as its label (or, for a label that
// says nothing, its id and classes) tells.
type Kind string

// Button kinds.
const (
	// KindReject refuses every optional purpose: "Reject all", "Nur
	// notwendige", "Continuer sans accepter".
	KindReject Kind = "reject"
	// KindAccept grants every purpose: "Accept all", "Alle akzeptieren".
	KindAccept Kind = "accept"
	// KindSettings opens the choice of purposes: "Settings", "Anpassen".
	KindSettings Kind = "settings"
	// KindSave saves the purposes chosen: "Save my choices", "Auswahl
	// speichern".
	KindSave Kind = "save"
	// KindOther is any other button or link (a policy link, "close").
	KindOther Kind = "other"
)

// labelPhrases are the phrases of each kind, in lower case, in English,
// German, French, Dutch, Spanish and Italian, tried in this order: reject
// first (so "only accept necessary" is a reject and "do not accept" is no
// accept), then save ("accept selected"), settings, accept. A phrase
// matches whole words; one starting with "=" must be the whole label.
var labelPhrases = []struct {
	kind    Kind
	phrases []string
}{
	{KindReject, []string{
		// en
		"reject", "decline", "deny", "refuse", "disagree", "do not agree", "don't agree", "i do not accept",
		"do not accept", "don't accept", "only necessary", "necessary only", "only essential", "essential only",
		"necessary cookies only", "essential cookies only", "only required", "required only", "required cookies only",
		"strictly necessary only", "use necessary", "continue without accepting", "continue without agreeing",
		"=no", "=no thanks", "no, thanks", "opt out", "object to all", "do not consent", "don't consent",
		// de
		"ablehnen", "alle ablehnen", "nur notwendige", "nur essenzielle", "nur essentielle", "nur erforderliche",
		"nur technisch notwendige", "nur funktionale", "verweigern", "nicht einverstanden", "nicht zustimmen",
		"nicht akzeptieren", "weiter ohne einwilligung", "ohne zustimmung fortfahren", "widersprechen",
		// fr
		"refuser", "tout refuser", "je refuse", "continuer sans accepter", "uniquement les cookies nécessaires",
		"uniquement nécessaires", "nécessaires uniquement", "cookies nécessaires uniquement", "n'accepte pas",
		"n accepte pas", "refuser tout", "rejeter", "tout rejeter", "s'opposer",
		// nl
		"weigeren", "alles weigeren", "alle weigeren", "afwijzen", "alles afwijzen", "alleen noodzakelijke",
		"alleen noodzakelijk", "alleen functionele", "alleen essentiële", "niet akkoord", "niet accepteren",
		"weiger",
		// es
		"rechazar", "rechazar todo", "rechazar todas", "solo necesarias", "sólo necesarias", "solo las necesarias",
		"solo cookies necesarias", "únicamente necesarias", "denegar", "no acepto", "no aceptar",
		"continuar sin aceptar", "rechazo",
		// it
		"rifiuta", "rifiuta tutto", "rifiuta tutti", "rifiuto", "solo necessari", "solo essenziali",
		"solo cookie necessari", "solo cookie tecnici", "continua senza accettare", "non accetto", "nega",
		"non acconsento",
	}},
	{KindSave, []string{
		"save", "save choices", "save my choices", "save preferences", "save settings", "save and close",
		"confirm my choices", "confirm choices", "confirm selection", "allow selection", "accept selected",
		"accept selection", "allow selected",
		"speichern", "auswahl speichern", "einstellungen speichern", "auswahl bestätigen", "auswahl erlauben",
		"auswahl akzeptieren", "ausgewählte akzeptieren", "ausgewählte cookies akzeptieren",
		"enregistrer", "sauvegarder", "confirmer mes choix", "valider mes choix", "accepter la sélection",
		"opslaan", "keuze opslaan", "voorkeuren opslaan", "selectie toestaan", "selectie accepteren",
		"guardar", "guardar preferencias", "guardar configuración", "confirmar selección", "aceptar selección",
		"permitir selección",
		"salva", "salva preferenze", "salva impostazioni", "salva le mie scelte", "conferma le scelte",
		"accetta selezionati", "consenti selezione",
	}},
	{KindSettings, []string{
		"settings", "cookie settings", "preferences", "cookie preferences", "manage", "manage cookies",
		"manage preferences", "manage options", "customize", "customise", "options", "more options",
		"let me choose", "show purposes", "configure", "individual settings", "privacy settings",
		"einstellungen", "cookie einstellungen", "anpassen", "verwalten", "individuelle einstellungen",
		"mehr optionen", "optionen", "konfigurieren", "auswählen",
		"paramètres", "paramétrer", "personnaliser", "gérer", "gérer mes choix", "gérer les cookies",
		"préférences", "plus d'options", "plus d options", "choisir",
		"instellingen", "cookie instellingen", "voorkeuren", "aanpassen", "beheren", "meer opties", "opties",
		"configurar", "configuración", "preferencias", "personalizar", "gestionar", "ajustes", "más opciones",
		"opciones",
		"impostazioni", "preferenze", "personalizza", "gestisci", "gestisci preferenze", "opzioni",
		"altre opzioni", "scopri di più e personalizza",
	}},
	{KindAccept, []string{
		"accept", "accept all", "accept cookies", "accept all cookies", "allow", "allow all", "allow cookies",
		"allow all cookies", "agree", "i agree", "agree and close", "agree & close", "i accept", "=ok", "=okay",
		"=ok, got it", "got it", "yes, i agree", "yes i agree", "consent", "continue and accept", "that's ok",
		"akzeptieren", "alle akzeptieren", "alles akzeptieren", "zustimmen", "alle zulassen", "alles zulassen",
		"zulassen", "einverstanden", "annehmen", "alle annehmen", "erlauben", "alle erlauben", "ich stimme zu",
		"akzeptieren und schließen", "zustimmen und weiter", "das ist ok",
		"accepter", "tout accepter", "j'accepte", "j accepte", "accepter et fermer", "accepter et continuer",
		"autoriser", "tout autoriser", "d'accord", "d accord", "ok pour moi",
		"accepteren", "alles accepteren", "alle accepteren", "akkoord", "ik ga akkoord", "toestaan",
		"alles toestaan", "alle cookies toestaan", "ja, ik ga akkoord",
		"aceptar", "aceptar todo", "aceptar todas", "acepto", "aceptar y cerrar", "aceptar cookies",
		"permitir", "permitir todas", "de acuerdo", "estoy de acuerdo",
		"accetta", "accetta tutto", "accetta tutti", "accetto", "accetta e chiudi", "acconsento",
		"consenti", "consenti tutti", "accetta i cookie",
	}},
}

// hintWords are the words of ids and classes that say what a button does
// when its label does not ("onetrust-reject-all-handler").
var hintWords = []struct {
	kind  Kind
	words []string
}{
	{KindReject, []string{"reject", "decline", "deny", "refuse", "disagree", "necessary", "essential", "required", "denyall"}},
	{KindSave, []string{"save", "selection", "confirm"}},
	{KindSettings, []string{"settings", "preferences", "customize", "manage", "options"}},
	{KindAccept, []string{"accept", "agree", "allow", "allowall", "acceptall"}},
}

// words splits lower-cased text into words: letters and digits, with
// apostrophes and hyphens as separators.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// containsWords reports whether the word sequence sub occurs in ws.
func containsWords(ws, sub []string) bool {
	if len(sub) == 0 || len(sub) > len(ws) {
		return false
	}
	for i := 0; i+len(sub) <= len(ws); i++ {
		ok := true
		for j := range sub {
			if ws[i+j] != sub[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// Classify says what a button with the given label does. Labels longer
// than 80 characters are sentences, not buttons, and are KindOther.
func Classify(label string) Kind {
	label = strings.TrimSpace(label)
	if label == "" || len(label) > 80 {
		return KindOther
	}
	ws := words(label)
	whole := strings.Join(ws, " ")
	for _, k := range labelPhrases {
		for _, p := range k.phrases {
			if exact, ok := strings.CutPrefix(p, "="); ok {
				if whole == strings.Join(words(exact), " ") {
					return k.kind
				}
				continue
			}
			if containsWords(ws, words(p)) {
				return k.kind
			}
		}
	}
	return KindOther
}

// classifyButton says what a button does from its label, or from its id
// and classes (hint) when the label says nothing.
func classifyButton(label, hint string) Kind {
	if k := Classify(label); k != KindOther {
		return k
	}
	if hint == "" {
		return KindOther
	}
	// Class names join words with '-', '_' or camel case.
	h := strings.ToLower(hint)
	for _, k := range hintWords {
		for _, w := range k.words {
			if strings.Contains(h, w) {
				return k.kind
			}
		}
	}
	return KindOther
}
