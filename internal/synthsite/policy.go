package synthsite

// policyText is the main content of the privacy policy page: a plain GDPR
// policy of a small German web shop, consistent with what the pages show
// (Google Analytics through gtag, Google Fonts, jsDelivr, a newsletter form
// with a consent box, a search form, a contact address).
const policyText = `<article class="policy">
<h1>Privacy policy</h1>
<p>Last updated: 1 March 2024</p>
<p>This privacy policy explains how Synthetic Shop GmbH ("we", "us") collects, uses and protects personal data when you visit our website, order from our shop, subscribe to our newsletter or contact us.</p>

<h2>1. Controller</h2>
<p>The controller responsible for processing your personal data is Synthetic Shop GmbH, Musterstraße 12, 10115 Berlin, Germany, e-mail: <a href="mailto:` + ContactEmail + `">` + ContactEmail + `</a>, phone: ` + ContactPhone + `. You can reach our data protection officer at <a href="mailto:privacy@synthshop.de">privacy@synthshop.de</a> or by post at the same address, marked "Data protection officer".</p>

<h2>2. What data we collect</h2>
<p>When you visit our website, our servers record your IP address, the date and time of the request, the page requested, the referring page and your browser and operating system (server log files). We need this data to deliver the website and to keep it secure.</p>
<p>When you place an order we collect your name, billing and delivery address, e-mail address, phone number and the items you ordered. Payment data is processed by our payment provider; we never see your full card number.</p>
<p>When you subscribe to our newsletter we collect your e-mail address and the date and time of your consent. When you write to us by e-mail or through the contact page we collect your name, your e-mail address and the content of your message.</p>

<h2>3. Purposes and legal bases</h2>
<p>We process your personal data for the following purposes and on the following legal bases under the General Data Protection Regulation (GDPR):</p>
<ul>
<li>to provide the website and keep it secure, on the basis of our legitimate interests (Art. 6(1)(f) GDPR);</li>
<li>to process and deliver your orders, because this is necessary for the performance of a contract (Art. 6(1)(b) GDPR);</li>
<li>to keep invoices and order records, because we are under a legal obligation to do so (Art. 6(1)(c) GDPR);</li>
<li>to send you our newsletter, on the basis of your consent (Art. 6(1)(a) GDPR), which you can withdraw at any time;</li>
<li>to measure how our website is used, on the basis of your consent (Art. 6(1)(a) GDPR and § 25(1) TDDDG);</li>
<li>to answer your enquiries, on the basis of our legitimate interest in answering them or, where your enquiry concerns an order, for the performance of a contract.</li>
</ul>

<h2>4. Newsletter</h2>
<p>We send our newsletter only with your consent. After you subscribe we send you a confirmation e-mail, and your subscription starts only when you click the link in it (double opt-in). Every newsletter contains an unsubscribe link, and you can withdraw your consent at any time by writing to <a href="mailto:privacy@synthshop.de">privacy@synthshop.de</a>. Withdrawing your consent does not affect the lawfulness of processing before the withdrawal.</p>

<h2>5. Cookies and analytics</h2>
<p>We use cookies that are strictly necessary to keep your basket and your session while you browse; they are deleted when you close your browser. With your consent we use Google Analytics, a web analytics service of Google Ireland Limited, Gordon House, Barrow Street, Dublin 4, Ireland, to count visits and understand which pages are used. Google Analytics sets the cookies _ga and _ga_* for up to two years; IP addresses are anonymised before storage. Details of every cookie we use, and how to change your choice, are in our <a href="/cookie-policy">cookie policy</a>.</p>

<h2>6. Recipients and third-party services</h2>
<p>We never sell your personal data. We share it only with service providers that process it on our behalf under a data processing agreement (Art. 28 GDPR): our hosting provider in Germany, our payment provider, our parcel carriers (your name and delivery address only), our e-mail provider for the newsletter, and Google for analytics. Our pages load fonts from Google Fonts and scripts from the jsDelivr content delivery network; when they do, your browser sends your IP address to these providers.</p>

<h2>7. Transfers outside the European Union</h2>
<p>Google may process data in the United States. Such transfers rely on the EU-U.S. Data Privacy Framework, under which Google LLC is certified, and on the standard contractual clauses adopted by the European Commission.</p>

<h2>8. How long we keep your data</h2>
<p>Server log files are deleted after seven days. Order data is kept for as long as the contract requires and then for the retention periods of commercial and tax law (up to ten years). Newsletter data is kept until you unsubscribe. Enquiries are deleted twelve months after the last message, unless they concern an order.</p>

<h2>9. Your rights</h2>
<p>You have the right to access the personal data we hold about you (Art. 15 GDPR), to have it corrected (Art. 16 GDPR) or erased (Art. 17 GDPR), to restrict its processing (Art. 18 GDPR), to receive it in a portable format (Art. 20 GDPR) and to object to processing based on our legitimate interests (Art. 21 GDPR). Where we process data on the basis of your consent you may withdraw it at any time with effect for the future. To exercise your rights, write to <a href="mailto:privacy@synthshop.de">privacy@synthshop.de</a>; we answer within one month.</p>
<p>You also have the right to lodge a complaint with a supervisory authority, in particular the Berlin Commissioner for Data Protection and Freedom of Information (Berliner Beauftragte für Datenschutz und Informationsfreiheit), Alt-Moabit 59-61, 10555 Berlin.</p>

<h2>10. Security</h2>
<p>Our website uses TLS encryption. Access to customer data is restricted to the employees who need it, and they are bound by confidentiality.</p>

<h2>11. Automated decisions and children</h2>
<p>We do not make decisions based solely on automated processing, including profiling. Our shop is not directed at children under 16, and we do not knowingly collect their personal data.</p>

<h2>12. Changes to this policy</h2>
<p>We may update this policy when our services or the law change. The current version is always on this page, with the date of its last update; we tell newsletter subscribers about important changes by e-mail.</p>

<h2>13. Contact</h2>
<p>Questions about this policy or your data go to Synthetic Shop GmbH, Musterstraße 12, 10115 Berlin, Germany, <a href="mailto:privacy@synthshop.de">privacy@synthshop.de</a>, or through our <a href="/contact">contact page</a>.</p>
</article>
`
