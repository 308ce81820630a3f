package policy

import (
	"slices"
	"strings"
	"testing"
)

// legalCases are sentences written from the definitions of
// ../shared/docs/policy-aspects.md ("Legal elements"), not taken from any
// policy: each pos sentence covers the element on its own, each neg
// sentence is a near miss (often the "Not enough" column) that must not.
// A statement that the thing does not happen covers.
var legalCases = []struct {
	element, lang string
	pos, neg      []string
}{
	// data-collected: at least one concrete category; "we may collect
	// information" is not enough.
	{"data-collected", "en",
		[]string{"We collect your name, e-mail address and postal address when you place an order.", "Our servers automatically record your IP address and browser type.", "The personal data we process includes your purchase history.", "We do not collect any personal information from visitors."},
		[]string{"We may collect information from you from time to time.", "We take the protection of your information seriously."}},
	{"data-collected", "de",
		[]string{"Wir erheben Ihren Namen und Ihre E-Mail-Adresse, wenn Sie sich registrieren.", "Beim Aufruf der Seite wird Ihre IP-Adresse in Logfiles gespeichert.", "Es werden keine personenbezogenen Daten erhoben."},
		[]string{"Wir können Informationen über Sie erheben.", "Der Schutz Ihrer Daten ist uns ein wichtiges Anliegen."}},
	{"data-collected", "fr",
		[]string{"Nous collectons votre nom, votre prénom et votre adresse électronique.", "Le serveur enregistre votre adresse IP et le type de navigateur utilisé.", "Aucune donnée personnelle n'est collectée sur ce site."},
		[]string{"Nous pouvons collecter des informations vous concernant.", "La protection de vos données nous tient à cœur."}},
	{"data-collected", "es",
		[]string{"Recogemos su nombre, apellidos y correo electrónico para gestionar su solicitud.", "El servidor registra su dirección IP y el navegador utilizado.", "No recopilamos ningún dato personal de los visitantes."},
		[]string{"Podemos recopilar información sobre usted.", "Nos tomamos muy en serio la protección de sus datos."}},
	{"data-collected", "it",
		[]string{"Raccogliamo il suo nome, cognome e indirizzo e-mail per rispondere alle richieste.", "Il server registra l'indirizzo IP e il browser utilizzato.", "Non raccogliamo alcun dato personale degli utenti."},
		[]string{"Potremmo raccogliere informazioni che la riguardano.", "Teniamo molto alla protezione dei suoi dati."}},
	{"data-collected", "nl",
		[]string{"Wij verzamelen uw naam, e-mailadres en telefoonnummer wanneer u het formulier invult.", "De webserver slaat uw IP-adres en browsertype op in logbestanden.", "Wij verzamelen geen persoonsgegevens van bezoekers."},
		[]string{"Wij kunnen informatie over u verzamelen.", "Wij vinden de bescherming van uw gegevens belangrijk."}},

	// dpo-contact: how to reach the DPO, or why none is appointed; a generic
	// privacy@ address with no DPO named is not enough.
	{"dpo-contact", "en",
		[]string{"You can contact our Data Protection Officer at dpo@example.com.", "We have not appointed a data protection officer because we are not required to do so."},
		[]string{"If you have questions about privacy, write to privacy@example.com.", "Our chief privacy officer oversees this policy."}},
	{"dpo-contact", "de",
		[]string{"Unseren Datenschutzbeauftragten erreichen Sie unter datenschutz@example.de.", "Wir haben keinen Datenschutzbeauftragten bestellt, weil wir dazu gesetzlich nicht verpflichtet sind."},
		[]string{"Bei Fragen zum Datenschutz schreiben Sie an info@example.de.", "Sie können sich beim Landesbeauftragten für Datenschutz beschweren."}},
	{"dpo-contact", "fr",
		[]string{"Vous pouvez contacter notre délégué à la protection des données à l'adresse dpo@example.fr.", "Nous n'avons pas désigné de délégué à la protection des données, cette désignation n'étant pas obligatoire."},
		[]string{"Pour toute question, écrivez à contact@example.fr."}},
	{"dpo-contact", "es",
		[]string{"Puede contactar con nuestro delegado de protección de datos en dpd@example.es.", "No hemos designado un delegado de protección de datos porque no es obligatorio para nuestra actividad."},
		[]string{"Para cualquier consulta, escriba a info@example.es."}},
	{"dpo-contact", "it",
		[]string{"Il responsabile della protezione dei dati è contattabile all'indirizzo rpd@example.it.", "Non abbiamo nominato un responsabile della protezione dei dati in quanto non obbligatorio."},
		[]string{"Per qualsiasi domanda scriva a info@example.it.", "Il responsabile del trattamento è il fornitore del servizio di hosting."}},
	{"dpo-contact", "nl",
		[]string{"U kunt onze functionaris gegevensbescherming bereiken via fg@example.nl.", "Wij hebben geen functionaris gegevensbescherming aangesteld, omdat dat voor ons niet verplicht is."},
		[]string{"Voor vragen kunt u mailen naar info@example.nl."}},

	// legal-basis: the ground of Art. 6; "applicable law" and consent
	// boilerplate are not enough.
	{"legal-basis", "en",
		[]string{"We process your data on the basis of our legitimate interests in running a secure website.", "This processing is necessary for the performance of our contract with you.", "The legal basis for sending the newsletter is your consent under Art. 6(1)(a) GDPR."},
		[]string{"We process your data in accordance with applicable law.", "By using this website you consent to the collection of your data."}},
	{"legal-basis", "de",
		[]string{"Die Verarbeitung erfolgt auf Grundlage von Art. 6 Abs. 1 lit. f DSGVO.", "Rechtsgrundlage ist unser berechtigtes Interesse an einer sicheren Website.", "Die Daten werden zur Erfüllung eines Vertrages mit Ihnen verarbeitet."},
		[]string{"Wir verarbeiten Ihre Daten im Einklang mit den geltenden Gesetzen.", "Durch die Nutzung der Website erklären Sie sich mit der Datenerhebung einverstanden."}},
	{"legal-basis", "fr",
		[]string{"La base légale de ce traitement est notre intérêt légitime.", "Ce traitement est nécessaire à l'exécution du contrat que vous avez conclu avec nous.", "Ce traitement repose sur votre consentement."},
		[]string{"Nous traitons vos données conformément à la réglementation en vigueur.", "En utilisant le site, vous consentez à la collecte de vos informations."}},
	{"legal-basis", "es",
		[]string{"La base jurídica del tratamiento es el interés legítimo del responsable.", "El tratamiento es necesario para la ejecución del contrato.", "Legitimación: consentimiento del interesado."},
		[]string{"Tratamos sus datos de acuerdo con la normativa vigente.", "Al utilizar este sitio web, acepta el tratamiento de sus datos."}},
	{"legal-basis", "it",
		[]string{"La base giuridica del trattamento è il legittimo interesse del titolare.", "Il trattamento è necessario all'esecuzione di un contratto di cui l'interessato è parte.", "I dati sono trattati sulla base del suo consenso."},
		[]string{"I dati sono trattati nel rispetto della normativa vigente.", "Utilizzando il sito acconsenti al trattamento dei tuoi dati."}},
	{"legal-basis", "nl",
		[]string{"De grondslag voor deze verwerking is ons gerechtvaardigd belang.", "Wij verwerken deze gegevens voor de uitvoering van de overeenkomst met u.", "Deze verwerking is gebaseerd op uw toestemming."},
		[]string{"Wij verwerken uw gegevens volgens de geldende wetgeving.", "Door gebruik te maken van de website gaat u akkoord met deze verklaring."}},

	// international-transfers: whether data leaves the EU/EEA and on what
	// safeguard, or that it stays; "in the cloud" with no country is not.
	{"international-transfers", "en",
		[]string{"When we transfer personal data outside the EEA, we rely on the standard contractual clauses.", "Your information may be transferred to and processed in the United States.", "All data is stored exclusively on servers in Germany."},
		[]string{"Your data is stored in the cloud.", "We transfer the money to your account within three days."}},
	{"international-transfers", "de",
		[]string{"Eine Übermittlung in ein Drittland findet nicht statt.", "Für die Übermittlung in die USA haben wir Standardvertragsklauseln abgeschlossen.", "Die Daten werden ausschließlich auf Servern in Deutschland gespeichert."},
		[]string{"Ihre Daten liegen in der Cloud.", "Die Übermittlung Ihrer Bestellung erfolgt verschlüsselt."}},
	{"international-transfers", "fr",
		[]string{"Vos données ne font l'objet d'aucun transfert en dehors de l'Union européenne.", "Les transferts vers des pays tiers sont encadrés par des clauses contractuelles types.", "Les données sont hébergées exclusivement en France."},
		[]string{"Vos données sont stockées dans le cloud.", "Nous transférons votre demande au service concerné."}},
	{"international-transfers", "es",
		[]string{"No se realizan transferencias internacionales de datos.", "Las transferencias a terceros países se amparan en cláusulas contractuales tipo."},
		[]string{"Sus datos se almacenan en la nube.", "Transferimos su consulta al departamento correspondiente."}},
	{"international-transfers", "it",
		[]string{"I dati non sono trasferiti verso paesi terzi.", "Il trasferimento dei dati al di fuori dell'Unione europea avviene sulla base di clausole contrattuali standard."},
		[]string{"I suoi dati sono conservati nel cloud.", "Trasferiamo la sua richiesta all'ufficio competente."}},
	{"international-transfers", "nl",
		[]string{"Wij geven uw gegevens niet door aan landen buiten de Europese Unie.", "Voor de doorgifte naar de Verenigde Staten gebruiken wij modelcontractbepalingen."},
		[]string{"Uw gegevens staan in de cloud.", "Wij sturen uw vraag door naar de juiste afdeling."}},

	// withdraw-consent: consent can be withdrawn at any time; unsubscribing
	// alone is not enough.
	{"withdraw-consent", "en",
		[]string{"You may withdraw your consent at any time with effect for the future.", "Consent can be revoked at any time by writing to us."},
		[]string{"You can unsubscribe from our newsletter at any time.", "We ask for your consent before we send you offers."}},
	{"withdraw-consent", "de",
		[]string{"Sie können Ihre Einwilligung jederzeit mit Wirkung für die Zukunft widerrufen.", "Ein Widerruf Ihrer Einwilligung ist jederzeit möglich."},
		[]string{"Sie können den Newsletter jederzeit abbestellen.", "Sie haben ein gesetzliches Widerrufsrecht für Ihren Kaufvertrag."}},
	{"withdraw-consent", "fr",
		[]string{"Vous pouvez retirer votre consentement à tout moment.", "Le consentement peut être retiré à tout moment par courriel."},
		[]string{"Vous pouvez vous désabonner de la lettre d'information à tout moment."}},
	{"withdraw-consent", "es",
		[]string{"Puede retirar su consentimiento en cualquier momento.", "El consentimiento podrá ser revocado en cualquier momento."},
		[]string{"Puede darse de baja del boletín en cualquier momento."}},
	{"withdraw-consent", "it",
		[]string{"Può revocare il consenso in qualsiasi momento.", "Il consenso prestato può essere revocato in ogni momento."},
		[]string{"Può annullare l'iscrizione alla newsletter in qualsiasi momento."}},
	{"withdraw-consent", "nl",
		[]string{"U kunt uw toestemming op elk moment intrekken.", "Uw toestemming kunt u altijd weer intrekken via de instellingen."},
		[]string{"U kunt zich op elk moment afmelden voor de nieuwsbrief."}},

	// object-restrict: the right to object or to restrict; opting out of
	// marketing e-mail alone is not enough.
	{"object-restrict", "en",
		[]string{"You have the right to object to the processing of your personal data.", "You may request restriction of processing while we check your request."},
		[]string{"You can opt out of our marketing e-mails by clicking unsubscribe.", "Please do not send us objects by post."}},
	{"object-restrict", "de",
		[]string{"Sie haben ein Widerspruchsrecht gegen die Verarbeitung Ihrer Daten.", "Sie können die Einschränkung der Verarbeitung verlangen."},
		[]string{"Sie können sich jederzeit vom Newsletter abmelden."}},
	{"object-restrict", "fr",
		[]string{"Vous disposez d'un droit d'opposition au traitement de vos données.", "Vous pouvez demander la limitation du traitement."},
		[]string{"Vous pouvez vous désabonner des courriels promotionnels."}},
	{"object-restrict", "es",
		[]string{"Puede ejercer su derecho de oposición al tratamiento.", "Tiene derecho a solicitar la limitación del tratamiento de sus datos."},
		[]string{"Puede darse de baja de las comunicaciones comerciales."}},
	{"object-restrict", "it",
		[]string{"Ha il diritto di opporsi al trattamento dei dati personali.", "Può chiedere la limitazione del trattamento."},
		[]string{"Può annullare l'iscrizione alle comunicazioni promozionali."}},
	{"object-restrict", "nl",
		[]string{"U heeft het recht om bezwaar te maken tegen de verwerking van uw gegevens.", "U kunt vragen om beperking van de verwerking."},
		[]string{"U kunt zich afmelden voor onze reclamemails."}},

	// portability: the right to data portability; "download your data" with
	// no right stated is not enough.
	{"portability", "en",
		[]string{"You have the right to data portability.", "You can receive your data in a structured, commonly used and machine-readable format."},
		[]string{"You can download your photos from the app.", "The Health Insurance Portability and Accountability Act applies to clinics."}},
	{"portability", "de",
		[]string{"Sie haben das Recht auf Datenübertragbarkeit.", "Sie erhalten Ihre Daten in einem strukturierten, gängigen und maschinenlesbaren Format."},
		[]string{"Sie können Ihre Fotos aus der App herunterladen."}},
	{"portability", "fr", []string{"Vous disposez d'un droit à la portabilité de vos données."}, []string{"Vous pouvez télécharger vos photos depuis l'application."}},
	{"portability", "es", []string{"Tiene derecho a la portabilidad de sus datos."}, []string{"Puede descargar sus fotos desde la aplicación."}},
	{"portability", "it", []string{"Ha diritto alla portabilità dei dati."}, []string{"Può scaricare le sue foto dall'applicazione."}},
	{"portability", "nl", []string{"U heeft recht op overdraagbaarheid van uw gegevens."}, []string{"U kunt uw foto's downloaden in de app."}},

	// complaint-authority: a complaint to a supervisory authority; a
	// complaint to the company only is not enough.
	{"complaint-authority", "en",
		[]string{"You have the right to lodge a complaint with a supervisory authority.", "You may complain to the Information Commissioner's Office."},
		[]string{"If you are unhappy, you can complain to our customer service team.", "Complaints about deliveries are handled within five days."}},
	{"complaint-authority", "de",
		[]string{"Sie haben das Recht, sich bei einer Aufsichtsbehörde zu beschweren.", "Ihnen steht ein Beschwerderecht bei der zuständigen Aufsichtsbehörde zu."},
		[]string{"Beschwerden richten Sie bitte an unseren Kundenservice."}},
	{"complaint-authority", "fr",
		[]string{"Vous pouvez introduire une réclamation auprès de la CNIL.", "Vous avez le droit d'introduire une réclamation auprès d'une autorité de contrôle."},
		[]string{"Vous pouvez adresser une réclamation à notre service client."}},
	{"complaint-authority", "es",
		[]string{"Puede presentar una reclamación ante la Agencia Española de Protección de Datos.", "Tiene derecho a presentar una reclamación ante la autoridad de control."},
		[]string{"Puede presentar una queja a nuestro servicio de atención al cliente."}},
	{"complaint-authority", "it",
		[]string{"Può proporre reclamo al Garante per la protezione dei dati personali.", "Ha il diritto di proporre reclamo a un'autorità di controllo."},
		[]string{"Può inviare un reclamo al nostro servizio clienti."}},
	{"complaint-authority", "nl",
		[]string{"U kunt een klacht indienen bij de Autoriteit Persoonsgegevens.", "U heeft het recht een klacht in te dienen bij de toezichthoudende autoriteit."},
		[]string{"U kunt een klacht indienen bij onze klantenservice."}},

	// automated-decisions: whether it takes place, including that it does
	// not; the right merely listed, or personalised recommendations, is not
	// enough.
	{"automated-decisions", "en",
		[]string{"We do not use automated decision-making, including profiling.", "No automated decision-making takes place.", "We use automated decision-making to assess credit applications."},
		[]string{"You have the right not to be subject to a decision based solely on automated processing, including profiling.", "We show you personalised recommendations based on what you read."}},
	{"automated-decisions", "de",
		[]string{"Eine automatisierte Entscheidungsfindung einschließlich Profiling findet nicht statt.", "Wir verwenden keine automatisierte Entscheidungsfindung."},
		[]string{"Sie haben das Recht, nicht einer ausschließlich auf einer automatisierten Verarbeitung beruhenden Entscheidung unterworfen zu werden."}},
	{"automated-decisions", "fr",
		[]string{"Aucune décision automatisée n'est prise à votre égard.", "Nous ne procédons à aucun profilage."},
		[]string{"Vous avez le droit de ne pas faire l'objet d'une décision fondée exclusivement sur un traitement automatisé."}},
	{"automated-decisions", "es",
		[]string{"No se toman decisiones automatizadas ni se elaboran perfiles.", "No realizamos elaboración de perfiles."},
		[]string{"Tiene derecho a no ser objeto de decisiones individuales automatizadas."}},
	{"automated-decisions", "it",
		[]string{"Non è presente alcun processo decisionale automatizzato.", "Non effettuiamo alcuna profilazione degli utenti."},
		[]string{"Ha il diritto di non essere sottoposto a una decisione basata unicamente sul trattamento automatizzato.", "Questo sito non utilizza cookie di profilazione."}},
	{"automated-decisions", "nl",
		[]string{"Er vindt geen geautomatiseerde besluitvorming plaats.", "Wij maken geen gebruik van profilering."},
		[]string{"U heeft het recht niet te worden onderworpen aan een uitsluitend op geautomatiseerde verwerking gebaseerd besluit."}},

	// sale-opt-out: whether it is sold or shared for cross-context
	// advertising and how to opt out, or that it is not sold; sharing with
	// service providers alone is not enough.
	{"sale-opt-out", "en",
		[]string{"We do not sell your personal information.", "You can opt out of interest-based advertising by other companies at optout.aboutads.info.", "Click Do Not Sell or Share My Personal Information to opt out."},
		[]string{"We share your data with service providers who host our website.", "We sell books and magazines."}},
	{"sale-opt-out", "de",
		[]string{"Wir verkaufen Ihre personenbezogenen Daten nicht.", "Ihre Daten werden niemals an Dritte verkauft."},
		[]string{"Wir geben Ihre Daten an unseren Hosting-Dienstleister weiter.", "Wir verkaufen Bücher und Zeitschriften."}},
	{"sale-opt-out", "fr",
		[]string{"Nous ne vendons pas vos données personnelles.", "Vos données ne sont jamais vendues ni louées."},
		[]string{"Nous partageons vos données avec notre hébergeur.", "Nous vendons des livres."}},
	{"sale-opt-out", "es",
		[]string{"No vendemos sus datos personales.", "Sus datos nunca serán vendidos a terceros."},
		[]string{"Compartimos sus datos con nuestro proveedor de alojamiento.", "Vendemos libros y revistas."}},
	{"sale-opt-out", "it",
		[]string{"Non vendiamo i suoi dati personali.", "I dati non saranno mai venduti a terzi."},
		[]string{"I dati sono comunicati al nostro fornitore di hosting.", "Vendiamo libri e riviste."}},
	{"sale-opt-out", "nl",
		[]string{"Wij verkopen uw persoonsgegevens niet.", "Uw gegevens worden nooit verkocht aan derden."},
		[]string{"Wij delen uw gegevens met onze hostingpartij.", "Wij verkopen boeken."}},

	// non-discrimination: no different treatment for exercising privacy
	// rights.
	{"non-discrimination", "en",
		[]string{"We will not discriminate against you for exercising any of your privacy rights.", "We will not deny you goods or services or charge you different prices because you made a request."},
		[]string{"The university does not discriminate on the basis of race, religion or sex in its programs."}},
	{"non-discrimination", "de",
		[]string{"Wir werden Sie nicht benachteiligen, wenn Sie Ihre Rechte ausüben."},
		[]string{"Wir diskriminieren niemanden aufgrund seiner Herkunft."}},
	{"non-discrimination", "fr", []string{"Nous ne vous discriminerons pas pour avoir exercé vos droits."}, []string{"Nous luttons contre toute discrimination à l'embauche."}},
	{"non-discrimination", "es", []string{"No le discriminaremos por ejercer sus derechos."}, []string{"Nuestra empresa lucha contra la discriminación laboral."}},
	{"non-discrimination", "it", []string{"Non la discrimineremo per l'esercizio dei suoi diritti."}, []string{"La nostra azienda combatte ogni forma di discriminazione."}},
	{"non-discrimination", "nl", []string{"Wij zullen u niet benadelen wanneer u uw rechten uitoefent."}, []string{"Onze organisatie is tegen elke vorm van discriminatie."}},
}

// legalVariantCases are more ways of saying the same things, in the
// vocabulary of each language's law and its authorities' templates,
// written for this test from the definitions.
var legalVariantCases = []struct {
	element, lang string
	pos, neg      []string
}{
	{"data-collected", "en", []string{"When you create an account, you provide your email address and a password.", "Some applications store your login information in a cookie."}, nil},
	{"data-collected", "de", []string{"Folgende Daten werden dabei erhoben: IP-Adresse, Datum und Uhrzeit des Zugriffs und die aufgerufene Seite."}, nil},
	{"data-collected", "it", []string{"Dati di contatto: indirizzo email e numero di telefono."}, nil},
	{"data-collected", "en", []string{"Account data: your username, e-mail address and password."}, []string{"Contact information: privacy@example.com"}},
	{"data-collected", "fr", []string{"Données d'identification : nom, prénom et adresse électronique."}, nil},
	{"data-collected", "es", []string{"Datos de contacto: nombre, teléfono y correo electrónico."}, nil},
	{"data-collected", "nl", []string{"Contactgegevens: naam, e-mailadres en telefoonnummer."}, nil},
	{"data-collected", "es", []string{"El reclamo deberá contener los siguientes puntos: nombre y motivo del reclamo."}[:0], []string{"El reclamo deberá contener los siguientes puntos: descripción de los hechos y motivo del reclamo."}},

	{"dpo-contact", "en", []string{"Data Protection Officer: Jane Doe, Example Ltd, 1 High Street, London.", "Jane Doe is our Data Protection Officer."}, []string{"Our data protection officer is responsible for monitoring compliance."}},
	{"dpo-contact", "de", []string{"Unser Datenschutzbeauftragter ist Herr Max Mustermann.", "Datenschutzbeauftragter: Max Mustermann, Beispielweg 3, 12345 Berlin."}, []string{"Wir haben einen Datenschutzbeauftragten bestellt."}},
	{"dpo-contact", "nl", []string{"Jan Jansen is de functionaris gegevensbescherming van Voorbeeld B.V."}, nil},
	{"dpo-contact", "it", []string{"Il Titolare ha nominato un Responsabile della Protezione dei Dati (RPD), contattabile all'indirizzo dpo@esempio.it."}, nil},

	{"legal-basis", "en", []string{"We process this data because it is necessary to comply with our legal obligations.", "Our lawful bases are consent, contract and legitimate interests.", "We rely on Article 6(1)(f) of the GDPR."}, []string{"We may disclose information when required by law."}},
	{"legal-basis", "de", []string{"Die Verarbeitung erfolgt nach Art. 6 I lit. f DSGVO.", "Rechtsgrundlage ist Art. 6 Abs. 1 S. 1 lit. b DSGVO."}, nil},
	{"legal-basis", "fr", []string{"Le traitement est fondé sur votre consentement.", "Ce traitement repose sur l'article 6.1.e du RGPD."}, nil},
	{"legal-basis", "es", []string{"La base legal para el tratamiento de sus datos es el artículo 6.1.a) del RGPD."}, nil},
	{"legal-basis", "it", []string{"La base giuridica del trattamento è l'art. 6, par. 1, lett. b) del GDPR."}, nil},
	{"legal-basis", "nl", []string{"Dit gebeurt op grond van artikel 6, eerste lid, onder f, van de AVG."}, nil},

	{"international-transfers", "en", []string{"Some of our service providers are located outside the European Economic Area.", "We rely on the EU-U.S. Data Privacy Framework for these transfers.", "Your data is kept on European servers only."}, []string{"We ship our products to other countries."}},
	{"international-transfers", "de", []string{"Hierbei kann es zu einer Übermittlung von Daten in die USA kommen.", "Die Datenübertragung in die USA wird auf die Standardvertragsklauseln der EU-Kommission gestützt."}, nil},
	{"international-transfers", "fr", []string{"Vos données peuvent être transférées vers des pays situés hors de l'Union européenne."}, []string{"Nous prenons des mesures de protection adéquates."}},
	{"international-transfers", "es", []string{"No se prevé el envío de datos a otros países."}, nil},
	{"international-transfers", "it", []string{"I dati non saranno trasferiti all'estero."}, nil},
	{"international-transfers", "nl", []string{"Wij geven geen persoonsgegevens door aan landen buiten de EU.", "De gegevens staan alleen op Europese servers."}, nil},

	{"withdraw-consent", "en", []string{"If you opted in to crash reports, you can turn this off again in the settings."}, []string{"You can opt out of cookies in your browser."}},
	{"withdraw-consent", "es", []string{"Puede revocar la autorización otorgada para el tratamiento de sus datos."}, nil},
	{"withdraw-consent", "nl", nil, []string{"Wanneer u ons gegevens verstrekt, gebruiken wij die zoals u ons toestemming hebt gegeven."}},

	{"object-restrict", "en", []string{"In some cases, you can restrict or object to how we use your personal data.", "You have the right to tell us to stop using your personal information."}, []string{"To stop receiving our newsletter, click unsubscribe."}},
	{"object-restrict", "de", []string{"Sie haben das Recht, jederzeit gegen die Verarbeitung Sie betreffender Daten Widerspruch einzulegen.", "Sie können verlangen, die Nutzung Ihrer Daten einzuschränken oder zu untersagen."}, nil},
	{"object-restrict", "fr", []string{"Nous répondrons à votre demande d'accès, de rectification ou d'opposition dans un délai d'un mois.", "Vous pouvez vous opposer à tout moment au traitement de vos données."}, nil},
	{"object-restrict", "nl", []string{"U heeft een recht van verzet tegen de verwerking van uw gegevens."}, nil},

	{"portability", "de", []string{"Sie haben das Recht, die Übertragung Ihrer Daten zu beantragen."}, []string{"Die Übertragung Ihrer Daten erfolgt verschlüsselt."}},
	{"portability", "nl", []string{"U heeft het recht uw gegevens te laten overdragen aan een andere partij."}, nil},
	{"portability", "en", nil, []string{"If we are involved in a merger, your information may be transferred to another company."}},

	{"complaint-authority", "en", []string{"If you are in the UK, you can complain to the ICO.", "You may report your claim to the data protection authority in your country."}, nil},
	{"complaint-authority", "de", []string{"Sie haben das Recht, sich bei der zuständigen Aufsichtsbehörde zu melden."}, nil},
	{"complaint-authority", "es", []string{"Puede presentar una queja ante la autoridad de control.", "Puede acudir al Instituto Nacional de Transparencia, Acceso a la Información y Protección de Datos Personales si su solicitud no es atendida."}, nil},

	{"automated-decisions", "en", []string{"We do not make decisions based solely on automated processing."}, []string{"You have the right to obtain information about the existence of automated decision-making."}},
	{"automated-decisions", "de", []string{"Wir verzichten auf eine automatisierte Entscheidungsfindung."}, []string{"Sie können Auskunft über das Bestehen einer automatisierten Entscheidungsfindung verlangen."}},
	{"automated-decisions", "nl", []string{"Wij nemen niet op basis van geautomatiseerde verwerkingen besluiten over zaken die gevolgen voor u hebben."}, nil},
	{"automated-decisions", "es", nil, []string{"Oponerse al tratamiento cuando sus datos sean objeto de tratamiento automatizado."}},

	{"sale-opt-out", "en", []string{"We never rent or sell emails to third parties.", "We do not share your personal information with third parties for their direct marketing purposes.", "To opt out of the DoubleClick cookie, visit the Google ad settings page.", "We do not track users across third-party websites to provide targeted advertising."}, []string{"We share your data with our payment processor."}},
	{"sale-opt-out", "de", []string{"Wir verfolgen Nutzer nicht über Websites Dritter hinweg, um ihnen gezielte Werbung anzuzeigen.", "Wir geben Ihre Daten nicht zu Werbezwecken an Dritte weiter."}, nil},
	{"sale-opt-out", "fr", []string{"Aucun transfert de données à des fins commerciales n'est effectué vers des tiers."}, nil},
	{"sale-opt-out", "it", nil, []string{"Può opporsi al trattamento per fini di vendita diretta; non è richiesto alcun costo."}},

	{"non-discrimination", "de", []string{"Wir werden niemanden für die Ausübung seiner Datenschutzrechte benachteiligen."}, nil},
	{"non-discrimination", "es", []string{"Su negativa no podrá ser un motivo para que le neguemos los servicios que solicita."}, []string{"Respetamos el principio de no discriminación por motivos de sexo o religión."}},
}

func TestLegalSentences(t *testing.T) {
	seen := map[string]map[string]bool{}
	for _, c := range append(append(legalCases[:0:0], legalCases...), legalVariantCases...) {
		if seen[c.element] == nil {
			seen[c.element] = map[string]bool{}
		}
		seen[c.element][c.lang] = true
		for _, s := range c.pos {
			a := analyzeText(t, c.lang, s)
			if v := a.Legal[c.element]; !v.Covered {
				t.Errorf("%s %s: %q does not cover it", c.lang, c.element, s)
			} else if len(v.Evidence) != 1 || v.Evidence[0] != s {
				t.Errorf("%s %s: evidence %q, want the sentence", c.lang, c.element, v.Evidence)
			}
		}
		for _, s := range c.neg {
			if v := analyzeText(t, c.lang, s).Legal[c.element]; v.Covered {
				t.Errorf("%s %s: near miss %q covers it", c.lang, c.element, s)
			}
		}
	}
	// Every element but controller-identity (TestControllerNeedsAddress)
	// has cases in every language.
	for _, id := range LegalElements {
		if id == "controller-identity" {
			continue
		}
		for _, l := range Languages {
			if !seen[id][l] {
				t.Errorf("no cases for %s in %s", id, l)
			}
		}
	}
}

// TestControllerNeedsAddress: the controller covers controller-identity
// only together with a postal address or registered seat, in its sentence
// or on the lines after it; a brand name or an e-mail address alone does
// not.
func TestControllerNeedsAddress(t *testing.T) {
	for _, c := range []struct{ lang, pos, neg string }{
		{"en", "The controller of your personal data is Example Ltd, 12 High Street, London.",
			"The controller of your personal data is Example, reachable at hello@example.com."},
		{"de", "## Verantwortlicher\n\nVerantwortlich für die Datenverarbeitung auf dieser Website ist:\n\nBeispiel GmbH  \nMusterstraße 12  \n12345 Berlin\n",
			"## Verantwortlicher\n\nVerantwortlich für die Datenverarbeitung auf dieser Website ist die Beispiel-App.\n\nE-Mail: info@beispiel.de\n"},
		{"fr", "Le responsable du traitement est la société Exemple SAS, dont le siège social est situé 10 rue de la Paix, 75002 Paris.",
			"Le responsable du traitement est Exemple, joignable à contact@exemple.fr."},
		{"es", "El responsable del tratamiento es Ejemplo S.L., con domicilio social en Calle Mayor 5, Madrid.",
			"El responsable del tratamiento es Ejemplo, con correo info@ejemplo.es."},
		{"it", "Il titolare del trattamento è Esempio S.r.l., con sede legale in Via Roma 1, Milano.",
			"Il titolare del trattamento è Esempio, contattabile a info@esempio.it."},
		{"nl", "De verwerkingsverantwoordelijke is Voorbeeld B.V., Kerkstraat 1, Utrecht.",
			"De verwerkingsverantwoordelijke is Voorbeeld, bereikbaar via info@voorbeeld.nl."},
	} {
		if v := analyzeText(t, c.lang, c.pos).Legal["controller-identity"]; !v.Covered {
			t.Errorf("%s: %q does not cover controller-identity", c.lang, c.pos)
		}
		v := analyzeText(t, c.lang, c.neg).Legal["controller-identity"]
		if v.Covered {
			t.Errorf("%s: %q covers controller-identity: %q", c.lang, c.neg, v.Evidence)
		} else if v.Confidence != 0.5 {
			t.Errorf("%s: a controller without an address: confidence %v, want 0.5", c.lang, v.Confidence)
		}
	}
	// The address must be near: an address in another section does not
	// make the controller's name an identity.
	far := "## Controller\n\nThe controller is Example.\n\n## Shipping\n\nWe ship parcels from 12 High Street, London.\n"
	if v := analyzeText(t, "en", far).Legal["controller-identity"]; v.Covered {
		t.Errorf("an address in another section covered controller-identity: %q", v.Evidence)
	}
}

func TestLegalUnderHeading(t *testing.T) {
	for _, c := range []struct{ element, lang, heading, text string }{
		{"dpo-contact", "en", "Data Protection Officer", "You can reach them by e-mail at officer@example.com."},
		{"dpo-contact", "de", "Datenschutzbeauftragter", "Sie erreichen ihn per E-Mail unter kontakt@example.de."},
		{"legal-basis", "en", "Legal basis", "Each use of your data has its own legal basis, as listed below:"},
	} {
		if a := analyzeText(t, c.lang, c.text); a.Legal[c.element].Covered {
			t.Errorf("%s %s: %q covers it without a heading", c.lang, c.element, c.text)
		}
		if a := analyzeText(t, c.lang, "## "+c.heading+"\n\n"+c.text+"\n"); !a.Legal[c.element].Covered {
			t.Errorf("%s %s: %q under %q does not cover it", c.lang, c.element, c.text, c.heading)
		}
	}
}

func TestLegalStructure(t *testing.T) {
	a := Analyze()
	if len(a.Legal) != len(LegalElements) {
		t.Fatalf("empty analysis has %d legal elements, want %d", len(a.Legal), len(LegalElements))
	}
	for _, id := range LegalElements {
		v, ok := a.Legal[id]
		if !ok || v.Covered || v.Evidence == nil || v.Confidence != 1 {
			t.Errorf("%s: %+v", id, v)
		}
	}
	if len(LegalElements) != 12 || LegalElements[0] != "data-collected" || LegalElements[11] != "non-discrimination" {
		t.Errorf("LegalElements = %q", LegalElements)
	}
	aspects := map[string]bool{}
	for _, id := range AspectIDs {
		aspects[id] = true
	}
	for _, id := range LegalElements {
		if aspects[id] {
			t.Errorf("legal element %s has the ID of an aspect", id)
		}
		e, ok := LegalElement(id)
		if !ok || e.ID != id || e.Title == "" || e.Fix == "" || len(e.Laws) == 0 || len(e.Articles) == 0 {
			t.Errorf("LegalElement(%s) = %+v, %v", id, e, ok)
		}
		for _, law := range e.Laws {
			if !slices.Contains(Laws, law) {
				t.Errorf("%s: unknown law %q", id, law)
			}
		}
		for _, art := range e.Articles {
			if !strings.HasPrefix(art, "GDPR Art. ") && !strings.HasPrefix(art, "CCPA 1798.") {
				t.Errorf("%s: article %q names no law", id, art)
			}
		}
		if strings.Contains(e.Title, "\n") || strings.Contains(e.Fix, "\n") {
			t.Errorf("%s: title or fix is more than one line", id)
		}
	}
	if _, ok := LegalElement("cookies"); ok {
		t.Error("LegalElement(cookies) is an aspect, not a legal element")
	}
	e, _ := LegalElement("legal-basis")
	e.Articles[0] = "changed"
	if e2, _ := LegalElement("legal-basis"); e2.Articles[0] != "GDPR Art. 13(1)(c)" {
		t.Errorf("LegalElement returned shared data: %q", e2.Articles)
	}
	if got := LegalElementsOf(LawCCPA); !slices.Equal(got, []string{"data-collected", "sale-opt-out", "non-discrimination"}) {
		t.Errorf("LegalElementsOf(ccpa) = %q", got)
	}
	if got := LegalElementsOf(LawGDPR); len(got) != 10 || slices.Contains(got, "sale-opt-out") {
		t.Errorf("LegalElementsOf(gdpr) = %q", got)
	}
	if got := LegalElementsOf("pipeda"); got != nil {
		t.Errorf("LegalElementsOf(pipeda) = %q", got)
	}
}

func TestLawMentions(t *testing.T) {
	for _, c := range []struct {
		lang, text string
		want       []string
	}{
		{"en", "We process your data in line with the GDPR. California residents have further rights under the CCPA.", []string{LawGDPR, LawCCPA}},
		{"en", "This notice explains your rights under the California Consumer Privacy Act.", []string{LawCCPA}},
		{"en", "The UK GDPR gives you the right of access.", []string{LawGDPR}},
		{"de", "Die Verarbeitung erfolgt nach der Datenschutz-Grundverordnung (DSGVO).", []string{LawGDPR}},
		{"fr", "Conformément au RGPD, vous disposez d'un droit d'accès.", []string{LawGDPR}},
		{"es", "De acuerdo con el Reglamento General de Protección de Datos, puede ejercer sus derechos.", []string{LawGDPR}},
		{"it", "Ai sensi del Regolamento (UE) 2016/679 la informiamo di quanto segue.", []string{LawGDPR}},
		{"nl", "Wij houden ons aan de Algemene verordening gegevensbescherming (AVG).", []string{LawGDPR}},
		{"en", "We compute the avg of the page views and report it.", nil},
		{"en", "We care about your privacy and protect your data.", nil},
	} {
		a := analyzeText(t, c.lang, c.text)
		var got []string
		for _, m := range a.LawMentions() {
			got = append(got, m.Law)
			if m.Sentence == "" || !strings.Contains(c.text, m.Sentence) {
				t.Errorf("%q: mention of %s quotes %q", c.text, m.Law, m.Sentence)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s %q: LawMentions %q, want %q", c.lang, c.text, got, c.want)
		}
	}
	var nilAnalysis *Analysis
	if nilAnalysis.LawMentions() != nil {
		t.Error("nil analysis mentions laws")
	}
}

// TestLegalRulesAreWellFormed: every legal rule names a legal element,
// every law rule a law, and every element has rules in every language.
func TestLegalRulesAreWellFormed(t *testing.T) {
	known := map[string]bool{}
	for _, id := range LegalElements {
		known[id] = true
	}
	count := map[string]int{} // element + lang
	for _, r := range rules().rules {
		switch r.section {
		case "legal", "legal-heading", "legal-requires":
			if !known[r.key] {
				t.Errorf("rule %q (%s) names unknown legal element %q", r.src, r.lang, r.key)
			}
			if r.section == "legal" && r.weight > 0 {
				count[r.key+"/"+r.lang]++
			}
		case "law":
			if !slices.Contains(Laws, r.key) {
				t.Errorf("rule %q names unknown law %q", r.src, r.key)
			}
		}
	}
	for _, id := range LegalElements {
		for _, l := range Languages {
			if count[id+"/"+l] == 0 {
				t.Errorf("no %s rules for %s", l, id)
			}
		}
	}
	if !rules().legalReq["controller-identity"] {
		t.Error("controller-identity has no [legal-requires] rules")
	}
}

// TestSaleFromClaims: a claim that personal data is never sold, or never
// shared with third parties, says that it is not sold; a sharing with a
// reservation claims nothing.
func TestSaleFromClaims(t *testing.T) {
	for _, c := range []struct {
		lang, text string
		want       bool
	}{
		{"en", "We never share your personal data with third parties.", true},
		{"de", "Wir geben Ihre personenbezogenen Daten nicht an Dritte weiter.", true},
		{"fr", "Vos données ne sont jamais transmises à des tiers.", true},
		{"en", "We do not share your personal data with third parties except our payment processor.", false},
		{"en", "We share your personal data with our hosting provider.", false},
	} {
		v := analyzeText(t, c.lang, c.text).Legal["sale-opt-out"]
		if v.Covered != c.want {
			t.Errorf("%s %q: sale-opt-out covered %v, want %v", c.lang, c.text, v.Covered, c.want)
		}
		if v.Covered && (len(v.Evidence) != 1 || v.Evidence[0] != c.text || v.Confidence < 0.6) {
			t.Errorf("%s %q: %+v", c.lang, c.text, v)
		}
	}
}

// TestAddressLinesCover: the lines of an address block read as titles
// (capitalised words, no full stop), but under a heading on the controller
// they identify it; a list item in German, which capitalises nouns, is no
// title.
func TestAddressLinesCover(t *testing.T) {
	text := "## Verantwortliche Stelle\n\nBeispiel Forschungszentrum Haid-und-Neu-Straße 10 76131 Karlsruhe\n"
	if v := analyzeText(t, "de", text).Legal["controller-identity"]; !v.Covered || v.Heading != "Verantwortliche Stelle" {
		t.Errorf("an address line under the controller heading: %+v", v)
	}
	if v := analyzeText(t, "de", "Beispiel Forschungszentrum Haid-und-Neu-Straße 10 76131 Karlsruhe\n").Legal["controller-identity"]; v.Covered {
		t.Errorf("an address line alone covers controller-identity: %+v", v)
	}
	if titleLike("die Übertragung Ihrer Daten zu beantragen,") || titleLike("Das Recht Auf Übertragung Ihrer Daten,") {
		t.Error("a list item reads as a title")
	}
	if !titleLike("Changes to This Privacy Policy") || !titleLike("Beispiel GmbH Musterstraße 12 Berlin") {
		t.Error("a title does not read as one")
	}
}
