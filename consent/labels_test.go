package consent

import "testing"

func TestClassify(t *testing.T) {
	for label, want := range map[string]Kind{
		// en
		"Reject All": KindReject, "Decline": KindReject, "Use necessary cookies only": KindReject,
		"Only essential cookies": KindReject, "Continue without accepting": KindReject, "Do not accept": KindReject,
		"Accept only necessary": KindReject, "Do not consent": KindReject,
		"Accept All Cookies": KindAccept, "Allow all": KindAccept, "I agree": KindAccept, "OK": KindAccept, "Got it!": KindAccept,
		"Cookie Settings": KindSettings, "Manage preferences": KindSettings, "Customize": KindSettings, "More options": KindSettings,
		"Allow selection": KindSave, "Save my choices": KindSave, "Confirm My Choices": KindSave,
		"Privacy Policy": KindOther, "Learn more": KindOther, "Disagree": KindReject, "Agree": KindAccept,
		// de
		"Alle akzeptieren": KindAccept, "Nur notwendige": KindReject, "Nur notwendige Cookies akzeptieren": KindReject,
		"Ablehnen": KindReject, "Einstellungen": KindSettings, "Auswahl speichern": KindSave, "Zustimmen": KindAccept,
		"Cookie-Einstellungen": KindSettings, "Nicht zustimmen": KindReject, "Alle zulassen": KindAccept,
		// fr
		"Tout accepter": KindAccept, "Tout refuser": KindReject, "Continuer sans accepter →": KindReject,
		"J'accepte": KindAccept, "Je n'accepte pas": KindReject, "Personnaliser": KindSettings, "Paramétrer les cookies": KindSettings,
		"Enregistrer": KindSave,
		// nl
		"Alles accepteren": KindAccept, "Alleen noodzakelijke cookies": KindReject, "Weigeren": KindReject,
		"Akkoord": KindAccept, "Instellingen": KindSettings, "Voorkeuren opslaan": KindSave,
		// es
		"Aceptar todo": KindAccept, "Rechazar todo": KindReject, "Solo necesarias": KindReject, "Configurar": KindSettings,
		"No acepto": KindReject, "Guardar preferencias": KindSave,
		// it
		"Accetta tutto": KindAccept, "Rifiuta tutto": KindReject, "Solo necessari": KindReject, "Personalizza": KindSettings,
		"Continua senza accettare": KindReject, "Salva preferenze": KindSave,
		// not a button
		"": KindOther, "We use cookies to improve your experience on our website and to measure our traffic, as our partners do": KindOther,
	} {
		if got := Classify(label); got != want {
			t.Errorf("Classify(%q) = %s, want %s", label, got, want)
		}
	}
}

func TestClassifyButtonHints(t *testing.T) {
	for _, c := range []struct {
		label, hint string
		want        Kind
	}{
		{"", "onetrust-reject-all-handler", KindReject},
		{"×", "cky-btn-reject", KindReject},
		{"→", "didomi-notice-agree-button", KindAccept},
		{"Continue", "osano-cm-denyall osano-cm-button", KindReject},
		{"Accept", "btn-reject", KindAccept}, // the label wins
		{"", "close-icon", KindOther},
		{"", "", KindOther},
	} {
		if got := classifyButton(c.label, c.hint); got != c.want {
			t.Errorf("classifyButton(%q, %q) = %s, want %s", c.label, c.hint, got, c.want)
		}
	}
}
