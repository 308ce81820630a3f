package policy

import (
	"slices"
	"strings"
	"testing"
)

// analyzeText analyses text (sections split at lines starting with "## ")
// as a document in lang.
func analyzeText(t *testing.T, lang, text string) *Analysis {
	t.Helper()
	d, err := Parse(Source{Format: FormatMarkdown, Body: []byte(text)})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	d.Lang = lang
	return Analyze(d)
}

// aspectCases are sentences that cover an aspect (pos) and near misses that
// do not (neg), per language.
var aspectCases = []struct {
	aspect, lang string
	pos, neg     []string
}{
	{"data-security", "en",
		[]string{"All data is sent over an SSL encrypted connection.", "We maintain physical, electronic and procedural safeguards to protect your information.", "We use industry-standard measures to protect your data against unauthorized access."},
		[]string{"We care about your privacy.", "Transfers rely on appropriate safeguards such as standard contractual clauses."}},
	{"data-security", "de", []string{"Wir treffen technische und organisatorische Maßnahmen, um Ihre Daten zu schützen.", "Die Übertragung erfolgt verschlüsselt."}, []string{"Der Schutz Ihrer Privatsphäre ist uns wichtig."}},
	{"data-security", "fr", []string{"Nous mettons en œuvre des mesures de sécurité adaptées.", "Les données sont chiffrées lors de leur transfert."}, []string{"Nous recevons les quatre derniers chiffres de votre carte."}},
	{"data-security", "nl", []string{"Wij nemen passende beveiligingsmaatregelen om misbruik te voorkomen."}, []string{"Wij respecteren uw privacy."}},
	{"data-security", "es", []string{"Aplicamos medidas de seguridad técnicas y organizativas."}, []string{"Respetamos su privacidad en todo momento."}},
	{"data-security", "it", []string{"Adottiamo misure di sicurezza adeguate per proteggere i dati."}, []string{"Rispettiamo la sua privacy."}},

	{"limited-access", "en", []string{"Access to your personal information is restricted to employees who need it to perform their jobs.", "Our staff are bound by confidentiality obligations."}, []string{"We use reasonable security measures.", "You can access your account at any time."}},
	{"limited-access", "de", []string{"Nur Mitarbeiter, die die Daten für ihre Aufgaben benötigen, haben Zugriff darauf.", "Unsere Mitarbeiter sind zur Vertraulichkeit verpflichtet."}, []string{"Sie können jederzeit auf Ihr Konto zugreifen."}},
	{"limited-access", "fr", []string{"L'accès à vos données est restreint aux personnes habilitées."}, []string{"Vous pouvez accéder à votre compte."}},
	{"limited-access", "nl", []string{"De toegang tot uw gegevens is beperkt tot medewerkers die deze nodig hebben."}, []string{"U heeft toegang tot uw account."}},
	{"limited-access", "es", []string{"El acceso a sus datos está restringido al personal autorizado."}, []string{"Puede acceder a su cuenta en cualquier momento."}},
	{"limited-access", "it", []string{"L'accesso ai dati è limitato al personale autorizzato."}, []string{"Può accedere al suo account."}},

	{"purpose", "en", []string{"We use your e-mail address to send you the newsletter.", "Your information is used to process your orders."}, []string{"We may use data.", "This policy applies to our websites."}},
	{"purpose", "de", []string{"Wir verwenden Ihre E-Mail-Adresse, um Ihnen den Newsletter zu senden.", "Zu diesem Zweck verarbeiten wir Ihre Kontaktdaten."}, []string{"Diese Erklärung gilt für unsere Website."}},
	{"purpose", "fr", []string{"Nous utilisons votre adresse e-mail pour vous envoyer la lettre d'information.", "Les finalités du traitement sont décrites ci-dessous."}, []string{"Cette politique s'applique à notre site."}},
	{"purpose", "nl", []string{"Wij gebruiken uw e-mailadres om u de nieuwsbrief te sturen."}, []string{"Dit beleid geldt voor onze website."}},
	{"purpose", "es", []string{"Utilizamos su dirección de correo para enviarle el boletín."}, []string{"Esta política se aplica a nuestro sitio web."}},
	{"purpose", "it", []string{"Utilizziamo il suo indirizzo e-mail per inviarle la newsletter."}, []string{"Questa informativa si applica al nostro sito."}},

	{"opt-in", "en", []string{"We will only send you marketing e-mails with your prior consent.", "You can opt in to personalised recommendations in your settings."}, []string{"By using this website you agree to our use of cookies.", "To opt out of our e-mails, click unsubscribe."}},
	{"opt-in", "de", []string{"Die Verarbeitung erfolgt nur mit Ihrer Einwilligung.", "Die Angabe Ihrer Telefonnummer ist freiwillig."}, []string{"Diese Website nutzt Cookies."}},
	{"opt-in", "fr", []string{"Nous ne traitons ces données qu'avec votre consentement."}, []string{"Ce site utilise des cookies."}},
	{"opt-in", "nl", []string{"Wij verwerken deze gegevens alleen met uw toestemming."}, []string{"Deze website gebruikt cookies."}},
	{"opt-in", "es", []string{"Solo trataremos sus datos con su consentimiento."}, []string{"Este sitio utiliza cookies."}},
	{"opt-in", "it", []string{"Trattiamo i dati solo con il suo consenso."}, []string{"Questo sito utilizza cookie."}},

	{"double-opt-in", "en", []string{"After you sign up we send a confirmation e-mail with a link you must click.", "We will verify your identity before we act on your request."}, []string{"We send a newsletter every month."}},
	{"double-opt-in", "de", []string{"Wir nutzen das Double-Opt-In-Verfahren: Sie erhalten eine Bestätigungs-E-Mail."}, []string{"Wir versenden monatlich einen Newsletter."}},
	{"double-opt-in", "fr", []string{"Vous recevrez un e-mail de confirmation pour valider votre inscription."}, []string{"Nous envoyons une lettre d'information chaque mois."}},
	{"double-opt-in", "nl", []string{"U ontvangt een bevestigingsmail om uw aanmelding te bevestigen."}, []string{"Wij sturen elke maand een nieuwsbrief."}},
	{"double-opt-in", "es", []string{"Le enviaremos un correo de confirmación para verificar su dirección."}, []string{"Enviamos un boletín cada mes."}},
	{"double-opt-in", "it", []string{"Riceverà una e-mail di conferma per convalidare l'iscrizione."}, []string{"Inviamo una newsletter ogni mese."}},

	{"third-party-sharing", "en", []string{"We share your order details with our payment processor.", "We never sell your data.", "Third parties such as advertisers may collect information about your visits."}, []string{"This site contains links to other websites.", "We collect your name."}},
	{"third-party-sharing", "de", []string{"Eine Weitergabe Ihrer Daten an Dritte erfolgt nicht.", "Empfänger der Daten ist unser Hosting-Dienstleister."}, []string{"Wir erheben Ihren Namen."}},
	{"third-party-sharing", "fr", []string{"Nous partageons vos données avec nos sous-traitants.", "Les destinataires des données sont nos équipes."}, []string{"Nous collectons votre nom."}},
	{"third-party-sharing", "nl", []string{"Wij delen uw gegevens niet met derden."}, []string{"Wij verzamelen uw naam."}},
	{"third-party-sharing", "es", []string{"Compartimos sus datos con proveedores de servicios."}, []string{"Recopilamos su nombre."}},
	{"third-party-sharing", "it", []string{"I dati possono essere comunicati a fornitori di servizi."}, []string{"Raccogliamo il suo nome."}},

	{"user-access", "en", []string{"You may access, correct or delete your personal information at any time.", "You have the right to request a copy of your data."}, []string{"We remove your personal information before we publish aggregated reports.", "Individuals with disabilities have access to information comparable to others."}},
	{"user-access", "de", []string{"Sie haben das Recht auf Auskunft, Berichtigung und Löschung.", "Sie können Ihre Daten jederzeit in den Einstellungen ändern."}, []string{"Wir löschen die Daten nach 30 Tagen."}},
	{"user-access", "fr", []string{"Vous disposez d'un droit d'accès et de rectification.", "Vous pouvez modifier vos informations dans votre compte."}, []string{"Nous supprimons les journaux après 30 jours."}},
	{"user-access", "nl", []string{"U heeft recht op inzage en correctie van uw gegevens."}, []string{"Wij verwijderen logbestanden na 30 dagen."}},
	{"user-access", "es", []string{"Usted tiene derecho de acceso, rectificación y supresión."}, []string{"Borramos los registros tras 30 días."}},
	{"user-access", "it", []string{"Lei ha il diritto di accesso e di rettifica dei dati."}, []string{"Cancelliamo i log dopo 30 giorni."}},

	{"cookies", "en", []string{"We use cookies to remember your preferences.", "Our pages contain web beacons that count visitors."}, []string{"Cookie policy", "Read our Cookie Policy."}},
	{"cookies", "de", []string{"Wir setzen Cookies ein, um die Nutzung der Website zu analysieren."}, []string{"Cookie-Richtlinie"}},
	{"cookies", "fr", []string{"Nous utilisons des cookies pour mesurer l'audience du site."}, []string{"Politique cookies"}},
	{"cookies", "nl", []string{"Wij gebruiken cookies om het gebruik van de website te meten."}, []string{"Cookiebeleid"}},
	{"cookies", "es", []string{"Utilizamos cookies para analizar el uso del sitio."}, []string{"Política de cookies"}},
	{"cookies", "it", []string{"Utilizziamo cookie per analizzare l'uso del sito."}, []string{"Cookie policy"}},

	{"enforcement", "en", []string{"You have the right to lodge a complaint with a supervisory authority.", "We participate in the TRUSTe privacy program."}, []string{"Participate in our programs, such as Savings Catcher.", "You can complain to our customer service."}},
	{"enforcement", "de", []string{"Sie haben das Recht, sich bei einer Aufsichtsbehörde zu beschweren und Beschwerde einzulegen."}, []string{"Beschwerden richten Sie bitte an unseren Kundenservice."}},
	{"enforcement", "fr", []string{"Vous pouvez introduire une réclamation auprès de la CNIL."}, []string{"Vous pouvez adresser une réclamation à notre service client."}},
	{"enforcement", "nl", []string{"U kunt een klacht indienen bij de Autoriteit Persoonsgegevens."}, []string{"U kunt een klacht indienen bij onze klantenservice."}},
	{"enforcement", "es", []string{"Puede presentar una reclamación ante la Agencia Española de Protección de Datos."}, []string{"Puede presentar una queja a nuestro servicio de atención."}},
	{"enforcement", "it", []string{"Può proporre reclamo al Garante per la protezione dei dati personali."}, []string{"Può inviare un reclamo al nostro servizio clienti."}},

	{"children", "en", []string{"We do not knowingly collect data from children under 13.", "Our services are not directed to anyone under the age of 16."}, []string{"Demographic data of adults over the age of 18 is aggregated.", "We report child abuse material to the authorities."}},
	{"children", "de", []string{"Unsere Dienste richten sich nicht an Kinder unter 16 Jahren."}, []string{"Unsere Dienste richten sich an Unternehmen."}},
	{"children", "fr", []string{"Nous ne collectons pas sciemment de données concernant des enfants de moins de 15 ans."}, []string{"Nos services s'adressent aux entreprises."}},
	{"children", "nl", []string{"Wij verwerken geen gegevens van kinderen jonger dan 16 jaar."}, []string{"Onze diensten zijn bedoeld voor bedrijven."}},
	{"children", "es", []string{"No recopilamos datos de menores de 14 años."}, []string{"Nuestros servicios están dirigidos a empresas."}},
	{"children", "it", []string{"Non raccogliamo dati di minori di 14 anni."}, []string{"I nostri servizi sono rivolti alle aziende."}},

	{"policy-changes", "en", []string{"We may update this privacy policy from time to time and will post the new version here.", "If we make material changes, we will notify you by e-mail."}, []string{"We update our apps regularly."}},
	{"policy-changes", "de", []string{"Wir behalten uns vor, diese Datenschutzerklärung anzupassen."}, []string{"Wir aktualisieren unsere Apps regelmäßig."}},
	{"policy-changes", "fr", []string{"Nous pouvons modifier la présente politique de confidentialité à tout moment."}, []string{"Nous mettons à jour nos applications régulièrement."}},
	{"policy-changes", "nl", []string{"Wij kunnen dit privacybeleid wijzigen."}, []string{"Wij werken onze apps regelmatig bij."}},
	{"policy-changes", "es", []string{"Podemos modificar esta política de privacidad en cualquier momento."}, []string{"Actualizamos nuestras aplicaciones con frecuencia."}},
	{"policy-changes", "it", []string{"Potremmo modificare la presente informativa in qualsiasi momento."}, []string{"Aggiorniamo spesso le nostre app."}},

	{"privacy-contact", "en", []string{"If you have questions about this policy, contact us at privacy@example.com.", "You can reach our Data Protection Officer by post."}, []string{"Contact us", "We collect your contact details when you register."}},
	{"privacy-contact", "de", []string{"Unseren Datenschutzbeauftragten erreichen Sie unter datenschutz@example.de."}, []string{"Kontakt"}},
	{"privacy-contact", "fr", []string{"Vous pouvez contacter notre délégué à la protection des données à l'adresse dpo@example.fr."}, []string{"Contact"}},
	{"privacy-contact", "nl", []string{"Neem contact met ons op via privacy@example.nl als u vragen heeft."}, []string{"Contact"}},
	{"privacy-contact", "es", []string{"Puede contactar con nuestro delegado de protección de datos en dpd@example.es."}, []string{"Contacto"}},
	{"privacy-contact", "it", []string{"Può contattare il responsabile della protezione dei dati all'indirizzo dpo@example.it."}, []string{"Contatti"}},

	{"data-retention", "en", []string{"We retain your account data for as long as your account is active.", "Server logs are deleted after 30 days."}, []string{"We collect server logs.", "We keep you informed about our products."}},
	{"data-retention", "de", []string{"Die Speicherdauer beträgt 30 Tage.", "Die Daten werden gelöscht, sobald sie nicht mehr erforderlich sind, spätestens nach 6 Monaten."}, []string{"Wir erheben Server-Logs."}},
	{"data-retention", "fr", []string{"La durée de conservation des données est de 3 ans."}, []string{"Nous collectons des journaux."}},
	{"data-retention", "nl", []string{"Wij bewaren uw gegevens niet langer dan nodig."}, []string{"Wij verzamelen logbestanden."}},
	{"data-retention", "es", []string{"Conservaremos sus datos durante el tiempo necesario."}, []string{"Recopilamos registros del servidor."}},
	{"data-retention", "it", []string{"I dati saranno conservati per un periodo di 12 mesi."}, []string{"Raccogliamo i log del server."}},

	{"do-not-track", "en", []string{"We do not respond to Do Not Track signals.", "We honor Global Privacy Control signals."}, []string{"We do not track you across websites for advertising."}},
	{"do-not-track", "fr", []string{"Nous respectons le signal « Ne pas me suivre » de votre navigateur."}, []string{"Nous ne vous suivons pas."}},
	{"do-not-track", "es", []string{"Respetamos la señal No rastrear de su navegador."}, []string{"No le seguimos."}},
	{"do-not-track", "de", []string{"Wir beachten das Do-Not-Track-Signal Ihres Browsers."}, []string{"Wir verfolgen Sie nicht."}},
}

// heldoutCases are failure patterns found on privacy policies outside the
// labelled corpus (paraphrased): wording the rules missed (pos) and near
// misses they took for coverage (neg).
var heldoutCases = []struct {
	aspect, lang string
	pos, neg     []string
}{
	{"limited-access", "en",
		[]string{"Your details sit on secured systems that are accessible only by a limited number of persons with special access rights.", "We limit employee access to customer records.", "Contractors who work for us are required to keep your information confidential."},
		[]string{"We try to limit the access to your shared posts to the people you picked, but other servers may not."}},
	{"limited-access", "it", []string{"I dati sono trattati dai dipendenti nominati incaricati del trattamento."}, nil},

	{"opt-in", "en",
		[]string{"Cookies are stored on your device only if you allow it.", "You decide whether or not you want to allow analytics cookies.", "We leave the choice up to you in the settings page."},
		[]string{"To stop our newsletter, click unsubscribe at the bottom of any e-mail."}},
	{"opt-in", "fr", []string{"Le consentement de l'utilisateur au dépôt de cookies reste valable 13 mois.", "Vous pouvez retirer votre consentement à tout moment."}, []string{"Bases légales du traitement : consentement et exécution d'une mission d'intérêt public."}},
	{"opt-in", "de", []string{"Sofern wir Sie um Ihre Einwilligung in den Einsatz der Dienste bitten, ist sie die Rechtsgrundlage."}, []string{"Rechtsgrundlagen: Einwilligung, Vertragserfüllung und berechtigte Interessen."}},
	{"opt-in", "es", []string{"Puede revocar el consentimiento prestado en cualquier momento."}, []string{"Bases jurídicas del tratamiento: consentimiento e interés legítimo."}},
	{"opt-in", "it", []string{"Il trattamento avviene solo previo consenso dell'utente."}, []string{"Basi giuridiche: consenso ed esecuzione di un contratto."}},
	{"opt-in", "nl", []string{"U kunt uw toestemming op elk moment intrekken."}, []string{"Grondslagen: toestemming en uitvoering van een overeenkomst."}},

	{"third-party-sharing", "en", []string{"The app never shares user data with 3rd parties."}, nil},
	{"third-party-sharing", "fr", []string{"Le transfert est encadré par les clauses types fournies par notre hébergeur."}, nil},

	{"purpose", "de", []string{"Für den sicheren Betrieb der Website werden Zugriffsdaten gesammelt.", "Diese Daten werden ausschließlich für den technischen Betrieb erhoben."}, []string{"Diese Erklärung gilt für den Betrieb unserer Website."}},
	{"purpose", "fr", []string{"Les données recueillies ne servent qu'à répondre à vos demandes."}, nil},

	{"policy-changes", "en", []string{"If this policy is substantially updated, we will say so on our home page."}, nil},
	{"policy-changes", "fr", []string{"Nous nous réservons le droit de modifier ce règlement à tout moment.", "Vous êtes invité à le consulter régulièrement pour prendre connaissance des modifications."}, nil},
	{"policy-changes", "it", []string{"La presente informativa è soggetta ad aggiornamenti periodici."}, nil},

	{"user-access", "it", []string{"Gli utenti possono chiederne l'aggiornamento, la rettificazione o la cancellazione."}, nil},

	{"double-opt-in", "es", []string{"Para ejercer sus derechos deberá adjuntar una fotocopia de su DNI.", "La solicitud irá acompañada de un documento que acredite su identidad."}, []string{"Necesitamos su nombre y dirección para enviar el pedido."}},

	{"privacy-contact", "es", []string{"Puede ejercitar sus derechos enviando una carta a nuestra dirección postal."}, nil},

	{"enforcement", "fr", []string{"Vous pouvez introduire une réclamation auprès de la CNIL."}, []string{"Conformément aux recommandations de la CNIL, les cookies expirent après 13 mois."}},
	{"enforcement", "nl", []string{"De dienst is aangesloten bij het Safe Harbor-programma van het ministerie."}, nil},
}

// contextCases are near misses a reviewer found (and their kin in every
// language): a word of the aspect without the context its definition needs.
// children needs an age, the children's data, parents' consent or the
// service's audience; third-party-sharing personal data going to someone;
// user-access the person's own data; policy-changes changes to this policy.
// The positives must still pass alone.
var contextCases = []struct {
	aspect, lang string
	pos, neg     []string
}{
	{"children", "en",
		[]string{"If you are under 13, please do not send us any personal information.", "We take children's privacy seriously.", "This site is not intended for use by children.", "We will obtain verifiable parental consent before we collect such data.", "Our service complies with COPPA."},
		[]string{"We may make minor changes to this policy", "We sell child car seats", "Our online shop offers toys for kids and babies.", "A court order under 18 U.S.C. 2705 may apply.", "Orders under 30 days old can be returned."}},
	{"children", "de",
		[]string{"Wir erheben wissentlich keine Daten von Kindern.", "Minderjährige dürfen unsere Dienste nur mit Zustimmung der Eltern nutzen."},
		[]string{"Wir verkaufen Kindersitze für das Auto.", "Wir können kleinere Änderungen an unserem Sortiment vornehmen."}},
	{"children", "fr",
		[]string{"Nous ne collectons pas de données concernant les mineurs.", "Le consentement des parents est requis pour les enfants de moins de 15 ans.", "Ce site ne s'adresse pas aux enfants."},
		[]string{"Nous pouvons apporter des modifications mineures à cette politique.", "Nous vendons des sièges auto pour enfants."}},
	{"children", "nl",
		[]string{"Wij verzamelen niet bewust gegevens van kinderen.", "Voor kinderen jonger dan 16 jaar is toestemming van een ouder nodig."},
		[]string{"Wij verkopen autostoeltjes voor kinderen."}},
	{"children", "es",
		[]string{"No recopilamos conscientemente datos de niños.", "Se requiere el consentimiento de los padres para los menores de edad."},
		[]string{"Podemos hacer cambios menores en esta política.", "Vendemos sillas de coche para niños."}},
	{"children", "it",
		[]string{"Non raccogliamo dati di bambini.", "Per i minori di 14 anni serve il consenso dei genitori."},
		[]string{"Possiamo apportare modifiche minori a questa informativa.", "Vendiamo seggiolini auto per bambini."}},

	{"third-party-sharing", "en",
		[]string{"We may disclose personal information to law enforcement when required by law.", "Recipients of your personal data include our hosting provider.", "We do not sell your e-mail address to anyone."},
		[]string{"Recipients of our newsletter can unsubscribe", "Our partners provide great discounts to members.", "We give discounts to our partners."}},
	{"third-party-sharing", "de",
		[]string{"Wir geben Ihre Daten nicht an Dritte weiter.", "Ihre Daten werden an unseren Hosting-Dienstleister übermittelt."},
		[]string{"Empfänger unseres Newsletters können sich jederzeit abmelden.", "Wir teilen Neuigkeiten mit unseren Partnern."}},
	{"third-party-sharing", "fr",
		[]string{"Vos données ne sont jamais vendues à des tiers.", "Les destinataires de vos données sont nos prestataires techniques."},
		[]string{"Les destinataires de notre lettre d'information peuvent se désabonner."}},
	{"third-party-sharing", "nl",
		[]string{"Wij verstrekken uw gegevens alleen aan derden als dat wettelijk verplicht is."},
		[]string{"Ontvangers van onze nieuwsbrief kunnen zich afmelden."}},
	{"third-party-sharing", "es",
		[]string{"No cedemos sus datos a terceros salvo obligación legal."},
		[]string{"Los destinatarios de nuestro boletín pueden darse de baja."}},
	{"third-party-sharing", "it",
		[]string{"I suoi dati non saranno ceduti a terzi."},
		[]string{"I destinatari della nostra newsletter possono disiscriversi."}},

	{"user-access", "en",
		[]string{"You can view and update the information you have provided in your profile.", "You may request access to the personal data we hold about you."},
		[]string{"You can update your browser settings to block pop-ups", "You can view information about our products on this page.", "You can change your notification preferences in the app."}},
	{"user-access", "de",
		[]string{"Sie können Auskunft über die zu Ihrer Person gespeicherten Daten verlangen.", "Sie können Ihr Profil und Ihre Angaben jederzeit im Kundenkonto bearbeiten.", "Sie haben das Recht, falsche Daten berichtigen zu lassen."},
		[]string{"Sie können Ihre Browsereinstellungen ändern, um Pop-ups zu blockieren.", "Auskunft zu Lieferzeiten erteilt unser Kundenservice."}},
	{"user-access", "fr",
		[]string{"Vous pouvez consulter et supprimer vos données depuis votre compte."},
		[]string{"Vous pouvez modifier vos paramètres de navigateur pour bloquer les fenêtres publicitaires."}},
	{"user-access", "nl",
		[]string{"U kunt uw gegevens inzien en laten verwijderen.", "U kunt uw profielgegevens bewerken via de instellingen."},
		[]string{"U kunt uw browserinstellingen aanpassen om pop-ups te blokkeren."}},
	{"user-access", "es",
		[]string{"Puede acceder a sus datos y rectificarlos en cualquier momento."},
		[]string{"Puede modificar su configuración del navegador para bloquear ventanas emergentes."}},
	{"user-access", "it",
		[]string{"Può chiedere la rettifica o la cancellazione dei suoi dati."},
		[]string{"Può chiedere l'aggiornamento dell'app dal negozio."}},

	{"policy-changes", "en",
		[]string{"We may make minor changes to this policy.", "We will post any changes to this privacy policy on this page."},
		[]string{"We post product updates on our blog", "We will notify you about product updates and new features.", "Price changes take effect on the first day of the month.", "We may change the terms of this offer at any time."}},
	{"policy-changes", "de",
		[]string{"Änderungen dieser Datenschutzerklärung veröffentlichen wir auf dieser Seite.", "Wir passen die Datenschutzerklärung an, sobald es erforderlich ist."},
		[]string{"Über Aktualisierungen unserer Produkte informieren wir in unserem Blog."}},
	{"policy-changes", "fr",
		[]string{"Nous pouvons mettre à jour la présente politique de confidentialité."},
		[]string{"Nous vous informerons des mises à jour de nos produits."}},
	{"policy-changes", "nl",
		[]string{"Wij passen deze privacyverklaring aan als dat nodig is."},
		[]string{"Wijzigingen in ons assortiment publiceren we op onze blog.", "Wij kunnen kleine wijzigingen aanbrengen in ons beleid voor retouren."}},
	{"policy-changes", "es",
		[]string{"Nos reservamos el derecho de modificar esta política de privacidad."},
		[]string{"Publicaremos las actualizaciones de productos en nuestro blog."}},
	{"policy-changes", "it",
		[]string{"Questa informativa può essere aggiornata periodicamente."},
		[]string{"Pubblichiamo gli aggiornamenti dei prodotti sul nostro blog."}},
}

// TestContextUnderHeading: a bare word of an aspect counts under a heading
// on that aspect, not elsewhere.
func TestContextUnderHeading(t *testing.T) {
	for _, c := range []struct{ aspect, lang, heading, text string }{
		{"children", "en", "Children's privacy", "We do not offer our services to children."},
		{"policy-changes", "en", "Changes to this policy", "We will post any changes on this page."},
		{"third-party-sharing", "de", "Empfänger", "Empfänger sind unser Hosting-Dienstleister und unser Zahlungsanbieter."},
		{"children", "fr", "Protection des enfants", "Nous ne proposons pas nos services aux enfants."},
	} {
		if a := analyzeText(t, c.lang, c.text); a.Aspects[c.aspect].Covered {
			t.Errorf("%s %s: %q covers it without a heading", c.lang, c.aspect, c.text)
		}
		if a := analyzeText(t, c.lang, "## "+c.heading+"\n\n"+c.text+"\n"); !a.Aspects[c.aspect].Covered {
			t.Errorf("%s %s: %q under %q does not cover it", c.lang, c.aspect, c.text, c.heading)
		}
	}
}

func TestAspectSentences(t *testing.T) {
	for _, c := range append(append(aspectCases, heldoutCases...), contextCases...) {
		for _, s := range c.pos {
			a := analyzeText(t, c.lang, s)
			if !a.Aspects[c.aspect].Covered {
				t.Errorf("%s %s: %q does not cover it", c.lang, c.aspect, s)
			} else if got := a.Aspects[c.aspect].Evidence; len(got) != 1 || got[0] != s {
				t.Errorf("%s %s: evidence %q, want the sentence", c.lang, c.aspect, got)
			}
		}
		for _, s := range c.neg {
			a := analyzeText(t, c.lang, s)
			if v := a.Aspects[c.aspect]; v.Covered {
				t.Errorf("%s %s: near miss %q covers it", c.lang, c.aspect, s)
			}
		}
	}
}

// TestContactNeedsMeans: "contact us" covers privacy-contact only when the
// text gives a way to do it (an address, e-mail, telephone, form, officer).
func TestContactNeedsMeans(t *testing.T) {
	bare := "## Questions\n\nIf you have any questions about this policy, do not hesitate to contact us.\n\n" +
		"## Children\n\nIf your child gave us information, please contact us immediately and we will remove it.\n"
	if a := analyzeText(t, "en", bare); a.Aspects["privacy-contact"].Covered {
		t.Errorf("contact without any means covers privacy-contact: %q", a.Aspects["privacy-contact"].Evidence)
	}
	for _, means := range []string{
		"You can write to us at 12 Example Street, Sampletown.",
		"Our e-mail is privacy@example.org.",
		"Please use the contact form on this site.",
	} {
		if a := analyzeText(t, "en", bare+"\n## Address\n\n"+means+"\n"); !a.Aspects["privacy-contact"].Covered {
			t.Errorf("contact with %q does not cover privacy-contact", means)
		}
	}
	nl := "## Contact\n\nAls je vragen hebt over deze verklaring, neem dan contact met ons op via de gegevens op onze website.\n"
	if a := analyzeText(t, "nl", nl); a.Aspects["privacy-contact"].Covered {
		t.Errorf("nl contact without any means covers privacy-contact")
	}
}

func TestAnalyzeStructure(t *testing.T) {
	a := Analyze()
	if len(a.Aspects) != len(AspectIDs) {
		t.Fatalf("empty analysis has %d aspects", len(a.Aspects))
	}
	for _, id := range AspectIDs {
		v := a.Aspects[id]
		if v.Covered || v.Evidence == nil || v.Confidence <= 0 || v.Confidence > 1 {
			t.Errorf("%s: %+v", id, v)
		}
	}
	Analyze(nil, nil) // nil documents are skipped

	text := "# Privacy\n\n## Children\n\nOur site is not directed at children under 13. We do not knowingly collect data from children under 13.\n\n## Cookie policy\n\n## Contact\n\nCookie policy\n"
	a = analyzeText(t, "en", text)
	c := a.Aspects["children"]
	if !c.Covered || c.Heading != "Children" || len(c.Headings) != len(c.Evidence) || len(c.Evidence) != 2 || c.Confidence < 0.6 || c.Confidence > 1 {
		t.Errorf("children = %+v", c)
	}
	if a.Aspects["cookies"].Covered {
		t.Errorf("a heading and a bare link covered cookies: %+v", a.Aspects["cookies"])
	}
	if nc := a.Aspects["cookies"].Confidence; nc < 0.5 || nc > 1 {
		t.Errorf("uncovered confidence = %v", nc)
	}
}

func TestAnalyzeSeveralDocuments(t *testing.T) {
	p, _ := Parse(Source{Format: FormatText, Body: []byte("Privacy Policy\n\nLast updated: 3 March 2022\n\nWe use your e-mail address to send the newsletter.")})
	c, _ := Parse(Source{Format: FormatText, Body: []byte("Cookie Policy\n\nWe use cookies to remember your language and the _ga cookie to count visits.")})
	a := Analyze(p, c)
	if !a.Aspects["purpose"].Covered || !a.Aspects["cookies"].Covered {
		t.Errorf("aspects of both documents not covered: %+v", a.Aspects)
	}
	if a.LastUpdated != "2022-03-03" || a.Language != "en" || a.Words != p.Words+c.Words {
		t.Errorf("LastUpdated %q Language %q Words %d", a.LastUpdated, a.Language, a.Words)
	}
}

// TestAnalyzeWarnsWhenTooShort: a text under MinWords words gets one
// warning that says how short it is; a longer one gets none.
func TestAnalyzeWarnsWhenTooShort(t *testing.T) {
	if MinWords != 150 {
		t.Errorf("MinWords = %d, want the 150 of policy-aspects.md", MinWords)
	}
	sentence := "We use your e-mail address only to send the newsletter you asked for. "
	tests := []struct {
		text string
		want []string
	}{
		{"Licence", []string{"only 1 word: too short to be a privacy policy (a policy needs at least 150)"}},
		{"Name,Email,Phone\nAda,ada@example.org,123\n", []string{"only 8 words: too short to be a privacy policy (a policy needs at least 150)"}},
		{strings.Repeat(sentence, 10), []string{"only 140 words: too short to be a privacy policy (a policy needs at least 150)"}},
		{strings.Repeat(sentence, 12), nil},
	}
	for _, tt := range tests {
		d, err := Parse(Source{Format: FormatText, Body: []byte(tt.text)})
		if err != nil {
			t.Fatalf("Parse(%.30q): %v", tt.text, err)
		}
		a := Analyze(d)
		if !slices.Equal(a.Warnings, tt.want) {
			t.Errorf("%d words: Warnings = %q, want %q", a.Words, a.Warnings, tt.want)
		}
	}
	if got := Analyze().Warnings; len(got) != 1 || !strings.HasPrefix(got[0], "no words of text: ") {
		t.Errorf("Analyze() with no document: Warnings = %q", got)
	}
}

func TestClaims(t *testing.T) {
	tests := []struct {
		lang, text string
		want       ClaimKind // "" = no claim
	}{
		{"en", "We do not use cookies.", ClaimNoCookies},
		{"en", "This website does not use any cookies.", ClaimNoCookies},
		{"en", "We do not use cookies except those strictly necessary.", ""},
		{"en", "We do not use cookies to collect personal information.", ""},
		{"en", "We never share your personal data with third parties.", ClaimNoSharing},
		// "We do not sell, rent or share your information with anyone."
		// makes two claims now: see TestClaimDefinitions.
		{"en", "We never sell your data.", ClaimNoSelling}, // a claim of its own kind: not no-sharing
		{"en", "We do not share your personal information with third parties except as described below.", ""},
		{"en", "We will not share your information with third parties without your consent.", ""},
		{"en", "We do not share visitor data for the purposes of advertising.", ""},
		{"en", "We do not require children to share any personal information.", ""},
		{"en", "We do not use Google Analytics or any other tracking tools.", ClaimNoTracking},
		{"en", "We do not track our visitors.", ClaimNoTracking},
		{"en", "We do not respond to Do Not Track signals.", ""},
		{"de", "Wir verwenden keine Cookies.", ClaimNoCookies},
		{"de", "Wir geben Ihre Daten nicht an Dritte weiter.", ClaimNoSharing},
		{"de", "Wir geben Ihre Daten nicht an Dritte weiter, es sei denn, Sie haben eingewilligt.", ""},
		{"de", "Wir setzen keine Analyse-Tools ein.", ClaimNoTracking},
		{"fr", "Nous n'utilisons pas de cookies.", ClaimNoCookies},
		{"fr", "Nous ne partageons jamais vos données avec des tiers.", ClaimNoSharing},
		{"fr", "Nous ne partageons pas vos données, sauf avec nos prestataires.", ""},
		{"nl", "Wij gebruiken geen cookies.", ClaimNoCookies},
		{"nl", "Wij delen uw gegevens niet met derden.", ClaimNoSharing},
		{"nl", "Wij delen uw gegevens niet met derden, tenzij dat wettelijk verplicht is.", ""},
		{"es", "No utilizamos cookies.", ClaimNoCookies},
		{"es", "No compartimos sus datos con terceros.", ClaimNoSharing},
		{"es", "No compartimos sus datos con terceros, salvo obligación legal.", ""},
		{"it", "Non utilizziamo cookie.", ClaimNoCookies},
		{"it", "Non condividiamo i tuoi dati con terzi.", ClaimNoSharing},
		{"it", "Non condividiamo i tuoi dati con terzi, tranne i nostri fornitori.", ""},
	}
	for _, tt := range tests {
		a := analyzeText(t, tt.lang, tt.text)
		var kinds []ClaimKind
		for _, c := range a.Claims {
			kinds = append(kinds, c.Kind)
			if c.Sentence != tt.text {
				t.Errorf("%q: claim sentence %q", tt.text, c.Sentence)
			}
		}
		switch {
		case tt.want == "" && len(kinds) > 0:
			t.Errorf("%s %q: claims %v, want none", tt.lang, tt.text, kinds)
		case tt.want != "" && (len(kinds) != 1 || kinds[0] != tt.want):
			t.Errorf("%s %q: claims %v, want [%s]", tt.lang, tt.text, kinds, tt.want)
		}
	}
}

func TestNamesAndMentions(t *testing.T) {
	text := "# Cookies\n\nWe use Google Analytics, which sets the _ga, _gid and _ga_<container-id> cookies, and Hotjar (_hjSession_*).\n\n" +
		"| Name | Purpose |\n|---|---|\n| PHPSESSID | session |\n| cookies_policy | stores your choice |\n\n" +
		"## Processors\n\nPayments are handled by Stripe. Our newsletter is sent with Mailchimp. We use Meta Platforms pixels. The site is hosted by Amazon Web Services.\n\n" +
		"## Other\n\nWe refer to our terms_of_service document.\n"
	a := analyzeText(t, "en", text)
	for _, want := range []string{"_ga", "_gid", "_ga_<container-id>", "_hjSession_*", "PHPSESSID", "cookies_policy"} {
		if !contains(a.Names.Cookies, want) {
			t.Errorf("Names.Cookies = %q lacks %q", a.Names.Cookies, want)
		}
	}
	if contains(a.Names.Cookies, "terms_of_service") {
		t.Errorf("an identifier outside cookie context was taken as a cookie: %q", a.Names.Cookies)
	}
	for _, want := range []string{"Google Analytics", "Hotjar", "Stripe", "Mailchimp", "Facebook", "Amazon Web Services"} {
		if !contains(a.Names.Companies, want) {
			t.Errorf("Names.Companies = %q lacks %q", a.Names.Companies, want)
		}
	}
	tests := []struct {
		name string
		ok   bool
	}{
		{"_ga", true}, {"_GA", true}, {"_gid", true}, {"_ga_ABC123XYZ", true}, {"_gat", false},
		{"_hjSession_12345", true}, {"phpsessid", true}, {"stripe", true}, {"Google", true},
		{"Facebook", true}, {"Meta Platforms", true}, {"Mailchimp", true}, {"Hotjar", true},
		{"_fbp", false}, {"Cloudflare", false}, {"goog", false}, {"_ga*", true}, {"", false}, {"*", false},
	}
	for _, tt := range tests {
		s, ok := a.MentionsName(tt.name)
		if ok != tt.ok {
			t.Errorf("MentionsName(%q) = %q, %v; want %v", tt.name, s, ok, tt.ok)
		}
		if ok && s == "" {
			t.Errorf("MentionsName(%q) returned no sentence", tt.name)
		}
	}
	var nilA *Analysis
	if _, ok := nilA.MentionsName("_ga"); ok {
		t.Error("nil Analysis mentions a name")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestExplainsPurpose(t *testing.T) {
	tests := []struct {
		lang, text, category string
		ok                   bool
	}{
		{"en", "We use analytics cookies to understand how visitors use the site.", "analytics", true},
		{"en", "We use analytics cookies to understand how visitors use the site.", "statistics", true},
		{"en", "We use analytics cookies to understand how visitors use the site.", "marketing", false},
		{"en", "Advertising cookies are set by our partners to show relevant ads.", "marketing", true},
		{"en", "Advertising cookies are set by our partners to show relevant ads.", "advertising", true},
		{"en", "Strictly necessary cookies keep you signed in.", "necessary", true},
		{"en", "Preference cookies remember your language.", "preferences", true},
		{"en", "Functional cookies remember your settings.", "functional", true},
		{"en", "Social media buttons may set cookies.", "social", true},
		{"en", "We analyse sales statistics every quarter.", "analytics", false},
		{"en", "# Cookies\n\nAnalytics: we measure how visitors use the site with Matomo.", "analytics", true},
		{"de", "Wir setzen Cookies zur Reichweitenmessung ein.", "analytics", true},
		{"de", "Marketing-Cookies werden nur mit Einwilligung gesetzt.", "marketing", true},
		{"fr", "Les cookies de mesure d'audience nous aident à améliorer le site.", "analytics", true},
		{"nl", "Wij plaatsen cookies voor statistieken.", "analytics", true},
		{"es", "Utilizamos cookies publicitarias de terceros.", "marketing", true},
		{"it", "Utilizziamo cookie di profilazione per la pubblicità.", "marketing", true},
		{"en", "We use cookies.", "unknown-category", false},
	}
	for _, tt := range tests {
		a := analyzeText(t, tt.lang, tt.text)
		s, ok := a.ExplainsPurpose(tt.category)
		if ok != tt.ok {
			t.Errorf("%s %q ExplainsPurpose(%q) = %q, %v; want %v", tt.lang, tt.text, tt.category, s, ok, tt.ok)
		}
	}
}

func TestRulesAreWellFormed(t *testing.T) {
	known := map[string]bool{}
	for _, id := range AspectIDs {
		known[id] = true
	}
	purposes := map[string]bool{"necessary": true, "functional": true, "preferences": true, "analytics": true, "marketing": true, "social": true}
	claims := map[string]bool{}
	for _, k := range claimKinds {
		claims[string(k)] = true
	}
	for _, r := range rules().rules {
		switch r.section {
		case "aspect", "heading":
			if !known[r.key] {
				t.Errorf("rule %q (%s) names unknown aspect %q", r.src, r.lang, r.key)
			}
		case "purpose":
			if !purposes[r.key] {
				t.Errorf("rule %q names unknown purpose %q", r.src, r.key)
			}
		case "claim":
			if !claims[r.key] {
				t.Errorf("rule %q names unknown claim %q", r.src, r.key)
			}
		}
		if r.src != strings.ToLower(r.src) && !strings.ContainsAny(r.src, `\`) {
			t.Errorf("rule %q is not lower case", r.src)
		}
	}
	for _, l := range Languages {
		n := 0
		for _, r := range rules().byLang[l] {
			if r.section == "aspect" {
				n++
			}
		}
		if n < 20 {
			t.Errorf("language %s has only %d aspect rules", l, n)
		}
	}
	if _, err := loadRules(); err != nil {
		t.Fatal(err)
	}
	if lits := requiredLiterals(`\b(?:foo|ba[rz])\b`); strings.Join(lits, ",") != "foo,bar,baz" {
		t.Errorf("requiredLiterals = %q", lits)
	}
	if lits := requiredLiterals(`a*`); lits != nil {
		t.Errorf("requiredLiterals(a*) = %q, want nil", lits)
	}
}

// TestJoinedPatterns: "a && b" matches a sentence holding both, in any
// order, and both parts' literals find its candidates.
func TestJoinedPatterns(t *testing.T) {
	rs := &ruleSet{byLang: map[string][]*rule{}, stopwords: map[string][]string{}, months: map[string]int{}, requires: map[string]bool{}}
	if err := rs.parseFile("t.rules", "en", "[aspect:cookies]\n3 \\bcookies\\b && \\b(?:remember|count)\n"); err != nil {
		t.Fatal(err)
	}
	r := rs.rules[0]
	if len(r.sets) != 2 || len(r.also) != 1 {
		t.Fatalf("sets %q, also %d", r.sets, len(r.also))
	}
	for s, want := range map[string]bool{"cookies remember you": true, "to count visits we set cookies": true, "cookies are files": false, "we remember you": false} {
		if got := r.match(s); got != want {
			t.Errorf("match(%q) = %v", s, got)
		}
	}
	if err := rs.parseFile("t.rules", "en", "[aspect:cookies]\n3 cookies && a*\n"); err == nil {
		t.Error("a part with no literal was accepted")
	}
	if err := rs.parseFile("t.rules", "en", "[date-label]\nupdated && on\n"); err == nil {
		t.Error("a joined date label was accepted")
	}
}

// heldout2Cases are general fixes from the second held-out evaluation:
// paraphrases of each rule (pos) and their near misses (neg), per language.
var heldout2Cases = []struct {
	aspect, lang string
	pos, neg     []string
}{
	// opt-in: a choice before a use, consent as the legal basis; consent
	// implied by using the service never counts.
	{"opt-in", "en", []string{"On first launch you get the option to turn off usage statistics.", "Visitors who sign up to receive our bulletin get it by e-mail.", "The legal basis for processing your address is your consent."},
		[]string{"By using this app you agree to the processing described here.", "Legal bases: consent, contract and legitimate interests."}},
	{"opt-in", "de", []string{"Nutzer können wählen, ob ihre Notizen in der Cloud gesichert werden.", "Die Rechtsgrundlage für den Versand ist Ihre Einwilligung.", "Die Funktion zur Fehleranalyse können Sie in den Einstellungen deaktivieren."},
		[]string{"Durch die Nutzung der App erklären Sie sich mit dieser Erklärung einverstanden.", "Rechtsgrundlagen: Einwilligung, Vertrag und berechtigtes Interesse."}},
	{"opt-in", "fr", []string{"Vous pouvez désactiver l'envoi des rapports d'erreur.", "La base juridique de cet envoi est votre consentement."},
		[]string{"En utilisant le site, vous consentez au traitement de vos informations.", "En naviguant sur l'application, vous donnez votre consentement à cette politique."}},
	{"opt-in", "es", []string{"La base jurídica del tratamiento de sus datos es el consentimiento.", "Puedes desactivar el envío de estadísticas en los ajustes."},
		[]string{"Al utilizar la aplicación, acepta el tratamiento de sus datos personales."}},
	{"opt-in", "it", []string{"La base giuridica del trattamento è il consenso dell'utente.", "Puoi disattivare l'invio dei dati di utilizzo."},
		[]string{"Utilizzando il sito acconsenti al trattamento dei tuoi dati."}},
	{"opt-in", "nl", []string{"De grondslag voor deze verwerking is uw toestemming.", "U kunt de statistieken in de app uitschakelen."},
		[]string{"Door gebruik te maken van de website gaat u akkoord met deze verklaring."}},
	// cookies: a pointer or a term definition is not coverage.
	{"cookies", "en", nil, []string{"For more information about cookies and similar technologies, please see our Cookie Policy.", `The term "data" means any information, including cookies stored on a device.`}},
	{"cookies", "fr", []string{"Nous utilisons des cookies pour mesurer l'audience du site."}, []string{"Pour en savoir plus sur les cookies et technologies similaires, voir notre politique cookies.", "Le terme « traitement » désigne l'utilisation de cookies ou toute autre opération sur des données."}},
	{"cookies", "de", []string{"Wir verwenden Cookies, um Ihre Spracheinstellung zu speichern."}, []string{"Für weitere Informationen zu Cookies und ähnlichen Technologien siehe unsere Cookie-Richtlinie.", "Der Begriff „Verarbeitung“ bezeichnet auch das Setzen von Cookies und ähnliche Vorgänge."}},
	{"cookies", "es", nil, []string{"Para más información sobre cookies y tecnologías similares, consulte nuestra política de cookies."}},
	{"cookies", "it", nil, []string{"Per informazioni sui cookie e tecnologie simili consulta la nostra cookie policy."}},
	{"cookies", "nl", []string{"Wij gebruiken cookies om het bezoek aan de website te meten."}, []string{"Voor meer informatie over cookies en vergelijkbare technologieën verwijzen wij u naar ons cookiebeleid."}},
	// user-access: a copy or details of, correction or removal of the data
	// held about the person, in any phrasing.
	{"user-access", "en", []string{"Members may ask for the deletion of their personal information from our mailing records.", "Members may request the removal of their personal data from our records.", "You can request that your account data be erased.", "On request we will supply to you details of the personal data which we hold about you."},
		[]string{"You can request a brochure from our office.", "We will remove the banner after the campaign."}},
	{"user-access", "fr", []string{"Si vous souhaitez que nous supprimions les données que vous nous avez transmises, écrivez-nous."}, []string{"Si vous souhaitez que nous vous rappelions, laissez un message."}},
	// limited-access: restriction or confidentiality for those who handle
	// the data, in any word order.
	{"limited-access", "en", []string{"The company limits accessibility to this information to a few employees with special rights."}, []string{"We limit the accessibility of our website for visitors with old browsers."}},
	{"limited-access", "fr", []string{"Nous restreignons l'accès à vos données aux salariés qui en ont la charge.", "Seuls les prestataires qui ont besoin d'en connaître y ont accès.", "Nos bénévoles sont tenus de respecter la confidentialité de vos données."},
		[]string{"Ce message est confidentiel."}},
	{"limited-access", "de", []string{"Wir beschränken den Zugriff auf Ihre Daten auf Mitarbeiter, die ihn für ihre Aufgaben brauchen.", "Alle Mitarbeiter sind schriftlich zur Wahrung der Vertraulichkeit verpflichtet."}, []string{"Wir verpflichten uns, Ihre Anfrage schnell zu bearbeiten."}},
	{"limited-access", "es", []string{"Limitamos el acceso a sus datos a los empleados que los necesitan.", "Nuestros colaboradores están obligados a guardar confidencialidad."}, []string{"El contenido de este mensaje está sujeto al deber de secreto."}},
	{"limited-access", "it", []string{"Limitiamo l'accesso ai dati ai dipendenti incaricati.", "I collaboratori sono tenuti alla riservatezza sui dati trattati."}, []string{"Il presente messaggio è riservato al destinatario."}},
	{"limited-access", "nl", []string{"Wij beperken de toegang tot uw gegevens tot medewerkers die deze nodig hebben.", "Medewerkers zijn verplicht tot geheimhouding van uw gegevens."}, []string{"Wij beperken het aantal e-mails dat wij u sturen."}},
	// data-retention: a period or ending event, either order; a person
	// retaining rights is not retention.
	{"data-retention", "en", []string{"After thirty days the uploaded files are deleted automatically.", "Your records are destroyed as soon as the purpose of collecting them has lapsed."}, []string{"You retain all rights to the content you upload."}},
	{"data-retention", "de", []string{"Nach drei Monaten werden die Protokolle automatisch gelöscht."}, []string{"Nach drei Monaten erhalten Sie eine Erinnerung."}},
	{"data-retention", "fr", []string{"Après deux semaines, les journaux sont supprimés automatiquement."}, []string{"Après deux semaines, vous recevrez un rappel."}},
	{"data-retention", "es", []string{"Transcurridos seis meses, los registros se eliminan."}, []string{"Transcurridos seis meses, recibirá un aviso."}},
	{"data-retention", "it", []string{"Dopo sei mesi i registri vengono cancellati automaticamente."}, []string{"Dopo sei mesi riceverai un promemoria."}},
	{"data-retention", "nl", []string{"Na twee weken worden de logbestanden automatisch verwijderd."}, []string{"Na twee weken ontvangt u een herinnering."}},
	// smaller ones
	{"third-party-sharing", "fr", []string{"Vos données ne sont jamais transmises à des tierces parties."}, nil},
	{"third-party-sharing", "en", []string{"We expose the diagnostic data to our crash reporting vendor."}, []string{"We expose our products at trade fairs."}},
	{"enforcement", "es", []string{"También puede reclamar ante la autoridad de control competente."}, []string{"Puede reclamar el reembolso en nuestra tienda."}},
	{"double-opt-in", "nl", []string{"Wij kunnen u vragen om u te identificeren voordat wij uw verzoek uitvoeren."}, []string{"Wij identificeren trends in het gebruik van de website."}},
	{"policy-changes", "en", []string{"We keep this privacy policy under regular review and post any updates here."}, []string{"Your application is under review."}},
}

func TestHeldout2Sentences(t *testing.T) {
	for _, c := range heldout2Cases {
		for _, s := range c.pos {
			if a := analyzeText(t, c.lang, s); !a.Aspects[c.aspect].Covered {
				t.Errorf("%s %s: %q does not cover it", c.lang, c.aspect, s)
			}
		}
		for _, s := range c.neg {
			if a := analyzeText(t, c.lang, s); a.Aspects[c.aspect].Covered {
				t.Errorf("%s %s: near miss %q covers it: %q", c.lang, c.aspect, s, a.Aspects[c.aspect].Evidence)
			}
		}
	}
}

// TestListItemLeadIn: a list item is read with its lead-in ending in ":",
// and the evidence quotes the item alone.
func TestListItemLeadIn(t *testing.T) {
	md := "## Your rights\n\nYou are entitled to request:\n\n- a copy of the personal data we keep on you\n- a review of how it is used\n"
	a := analyzeText(t, "en", md)
	v := a.Aspects["user-access"]
	if !v.Covered || len(v.Evidence) == 0 || v.Evidence[0] != "a copy of the personal data we keep on you" {
		t.Errorf("list item with lead-in: %+v", v)
	}
	if a := analyzeText(t, "en", "## Orders\n\nWe sell:\n\n- a copy of our annual report\n"); a.Aspects["user-access"].Covered {
		t.Errorf("item under a lead-in that is not about rights covers user-access")
	}
}

// TestContactLineUnderController: an e-mail line under a controller heading
// is contact details, not a label.
func TestContactLineUnderController(t *testing.T) {
	for lang, md := range map[string]string{
		"de": "## Verantwortlicher\n\nMuster GmbH\n\nE-Mail: Info@Muster-Beispiel.de Fax: +49 30 1234567\n",
		"en": "## Controller\n\nExample Ltd\n\nE-Mail: Hello@Example-Site.com Tel: +44 20 1234567\n",
		"fr": "## Responsable du traitement\n\nExemple SAS\n\nE-Mail : Contact@Exemple-Site.fr Tél : +33 1 23456789\n",
	} {
		if a := analyzeText(t, lang, md); !a.Aspects["privacy-contact"].Covered {
			t.Errorf("%s: e-mail line under controller heading does not cover privacy-contact", lang)
		}
	}
}

// freshSetCases come from a third blind set of real policies (paraphrased):
// identity documents with a rights request, removal on request, staff
// obliged to confidentiality, "zwecks", and a denial of any seal.
var freshSetCases = []struct {
	lang, aspect, text string
	want               bool
}{
	{"en", "double-opt-in", "To exercise these rights, send us your request with a copy of your identity card.", true},
	{"fr", "double-opt-in", "Vous pouvez exercer vos droits par courrier, avec une copie de votre pièce d'identité.", true},
	{"nl", "double-opt-in", "Om zeker te zijn dat het verzoek van jou komt, vragen wij een kopie van je identiteitsbewijs mee te sturen.", true},
	{"de", "double-opt-in", "Bitte fügen Sie Ihrer Anfrage eine Kopie Ihres Personalausweises bei.", true},
	{"it", "double-opt-in", "Per esercitare i diritti è necessario allegare copia del documento di identità.", true},
	{"en", "double-opt-in", "Our staff carry an identity card at all times when they visit your home.", false},
	{"en", "user-access", "Customers may request their information be removed from our systems by e-mailing us.", true},
	{"en", "user-access", "Products may be removed from our catalogue at any time.", false},
	{"en", "limited-access", "All our employees and data processors who have access to personal data are obliged to respect the confidentiality of our visitors' data.", true},
	{"de", "purpose", "Ihre Angaben aus dem Anfrageformular werden zwecks Bearbeitung der Anfrage bei uns gespeichert.", true},
	{"en", "enforcement", "We have no privacy seals or other assurance mechanisms.", false},
}

func TestFreshSetCases(t *testing.T) {
	for _, c := range freshSetCases {
		doc, err := Parse(Source{Format: FormatText, Body: []byte(c.text)})
		if err != nil {
			t.Fatal(err)
		}
		a := Analyze(doc)
		if got := a.Aspects[c.aspect].Covered; got != c.want {
			t.Errorf("[%s] %s: covered %v, want %v: %q", c.lang, c.aspect, got, c.want, c.text)
		}
	}
}
