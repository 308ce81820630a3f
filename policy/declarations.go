package policy

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/privaudit/privaudit/catalog"
	extast "github.com/yuin/goldmark/extension/ast"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Declaration is a cookie the policy declares: a row of a cookie table
// (Cookiebot's declaration, OneTrust's cookie list, a hand-written table),
// a term of a definition list, a list item or a line of text of the form
// "_ga — Google Analytics — distinguishes users — 2 years".
type Declaration struct {
	// Name is the name as written; it may be a pattern ("_ga_*",
	// "_ga_<container-id>", "_hjSession_#"), or a prefix ("_ga_") whose
	// explanation ("followed by the container ID") is left out.
	Name string `json:"name"`
	// Category is one of catalog's purpose categories (necessary,
	// functional, preferences, analytics, marketing, social), from the
	// row's category column or field, else from the heading or label
	// above the table or list; empty when neither names one.
	Category string `json:"category,omitempty"`
	Purpose  string `json:"purpose,omitempty"`
	Provider string `json:"provider,omitempty"`
	// Expiry is the storage duration as written ("2 years", "Session",
	// "1 Jahr", "13 mois").
	Expiry string `json:"expiry,omitempty"`
	// ExpirySeconds is Expiry in seconds (a year is 365 days, a month 30):
	// 0 for a session cookie (or a duration of zero), -1 when no expiry is
	// given or it states no duration ("persistent", "unknown").
	ExpirySeconds int64 `json:"expirySeconds"`
	// Source is where it was read: "table" (a table's row or column),
	// "list" (a definition list or a list item) or "text" (a paragraph).
	Source string `json:"source"`
	// Row is the row, item or line as read, cut to 300 characters: the
	// evidence to quote.
	Row string `json:"row"`
}

// Declarations returns the cookies the document declares, in document
// order.
func (d *Document) Declarations() []Declaration {
	if d == nil {
		return nil
	}
	return slices.Clone(d.declarations)
}

// Declarations returns the cookies the analysed documents declare, in the
// order of the documents; a declaration repeated word for word in another
// document is kept once.
func (a *Analysis) Declarations() []Declaration {
	if a == nil {
		return nil
	}
	return slices.Clone(a.declared)
}

// joinDeclarations collects the declarations of docs, without repeats.
func joinDeclarations(docs []*Document) []Declaration {
	type key struct{ name, cat, purpose, provider, expiry string }
	var out []Declaration
	seen := map[key]bool{}
	for _, d := range docs {
		if d == nil {
			continue
		}
		for _, x := range d.declarations {
			k := key{x.Name, x.Category, x.Purpose, x.Provider, x.Expiry}
			if !seen[k] {
				seen[k] = true
				out = append(out, x)
			}
		}
	}
	return out
}

// Declared looks a cookie name up in the declarations of the analysed
// documents: an exact name first (case-sensitive, then not), then the
// patterns, the most specific (longest literal text) first, again
// case-sensitive before not. A pattern is a name holding a placeholder:
// "*" (any text, or none), "<...>", "{...}", "[...]", "#", a run of three or
// more x ("_hjSession_XXXXXX") or a trailing "..." (any text, at least one
// character); a name that ends in "_", "-" or "." ("_ga_", written with an
// explanation of its suffix) is a prefix of longer names. "_ga" does not
// declare "_gid" nor "_ga_X1"; "_ga_*" declares "_ga_X1".
func (a *Analysis) Declared(cookieName string) (Declaration, bool) {
	if a == nil || cookieName == "" {
		return Declaration{}, false
	}
	for _, d := range a.declared {
		if d.Name == cookieName {
			return d, true
		}
	}
	for _, d := range a.declared {
		if strings.EqualFold(d.Name, cookieName) {
			return d, true
		}
	}
	for _, fold := range []bool{false, true} {
		best, bestLen := -1, -1
		for i, d := range a.declared {
			g := compileGlob(d.Name)
			if g == nil {
				continue
			}
			if g.literal > bestLen && g.match(cookieName, fold) {
				best, bestLen = i, g.literal
			}
		}
		if best >= 0 {
			return a.declared[best], true
		}
	}
	return Declaration{}, false
}

// glob is a declared name read as a pattern: runes to match, a
// placeholder being one rune of any kind followed by any text, "*" any text.
type glob struct {
	toks    []globTok
	literal int // literal runes
}

type globTok struct {
	r   rune
	one bool // any one rune
	any bool // any text, or none
}

// placeholder matches the placeholders of a pattern.
var placeholder = regexp.MustCompile(`\*+|<[^<>]{0,40}>|\{[^{}]{0,40}\}|\[[^\[\]]{0,40}\]|#+|(?:^|[^A-Za-z])[xX]{3,}(?:$|[^A-Za-z])|\.\.\.$|…$`)

// compileGlob reads name as a pattern, or returns nil when it is a plain
// name.
func compileGlob(name string) *glob {
	locs := placeholder.FindAllStringIndex(name, -1)
	if len(locs) == 0 {
		if len(name) > 1 && strings.ContainsAny(name[len(name)-1:], "_-.") {
			locs = [][]int{{len(name), len(name)}} // a prefix: one rune or more after it
		} else {
			return nil
		}
	}
	g := &glob{}
	lit := func(s string) {
		for _, r := range s {
			g.toks = append(g.toks, globTok{r: r})
			g.literal++
		}
	}
	prev := 0
	for _, l := range locs {
		start, end := l[0], l[1]
		// The x-run match takes the characters around it: give them back.
		if ph := name[start:end]; strings.ContainsAny(ph, "xX") && !strings.ContainsAny(ph, "<{[") {
			if name[start] != 'x' && name[start] != 'X' {
				start++
			}
			if name[end-1] != 'x' && name[end-1] != 'X' {
				end--
			}
		}
		if start < prev {
			continue
		}
		lit(name[prev:start])
		if start < len(name) && name[start] == '*' {
			g.toks = append(g.toks, globTok{any: true})
		} else {
			g.toks = append(g.toks, globTok{one: true}, globTok{any: true})
		}
		prev = end
	}
	lit(name[prev:])
	if g.literal == 0 {
		return nil // "*" alone declares nothing
	}
	return g
}

// match reports whether s matches the pattern, ignoring case when fold is
// set. It backtracks to the last "any" only, so it takes time linear in
// the product of the lengths.
func (g *glob) match(s string, fold bool) bool {
	if fold {
		s = strings.ToLower(s)
	}
	rs := []rune(s)
	eq := func(t globTok, r rune) bool {
		if t.one {
			return true
		}
		if fold {
			return unicode.ToLower(t.r) == r
		}
		return t.r == r
	}
	p, i, star, mark := 0, 0, -1, 0
	for i < len(rs) {
		switch {
		case p < len(g.toks) && !g.toks[p].any && eq(g.toks[p], rs[i]):
			p++
			i++
		case p < len(g.toks) && g.toks[p].any:
			star, mark = p, i
			p++
		case star >= 0:
			mark++
			p, i = star+1, mark
		default:
			return false
		}
	}
	for p < len(g.toks) && g.toks[p].any {
		p++
	}
	return p == len(g.toks)
}

// rawTable is a table or a definition list of HTML or Markdown input, kept
// as rows of cells (each cell's lines joined by "\n") for readDeclarations.
// It rides in the block stream as a block of its own, where the table
// starts, so that the headings above it are known.
type rawTable struct {
	rows    [][]string
	caption string
	hint    string // lower-cased id and class of the element and its parents
	list    bool   // a definition list: each row is a term and its descriptions
}

const (
	maxTableRows  = 2000
	maxCellBytes  = 4000
	maxRowRunes   = 300
	contextBlocks = 120 // blocks read back from a table for its heading
)

// readRows reads a <table> (its own rows, not those of nested tables) or a
// <dl> into a rawTable; nil when it has no rows.
func readRows(n *html.Node) *rawTable {
	t := &rawTable{hint: markupHint(n), list: n.DataAtom == atom.Dl}
	if t.list {
		readDefinitions(n, t)
	} else {
		walk(n, func(c *html.Node) bool {
			if c == n {
				return true
			}
			if c.Type != html.ElementNode || skipNode(c) || c.DataAtom == atom.Table || len(t.rows) >= maxTableRows {
				return false
			}
			switch c.DataAtom {
			case atom.Caption:
				if t.caption == "" {
					t.caption = squash(cellText(c))
				}
				return false
			case atom.Tr:
				var row []string
				for k := c.FirstChild; k != nil; k = k.NextSibling {
					if k.Type == html.ElementNode && (k.DataAtom == atom.Td || k.DataAtom == atom.Th) {
						row = append(row, cellText(k))
					}
				}
				if len(row) > 0 {
					t.rows = append(t.rows, row)
				}
				return false
			}
			return true
		})
	}
	if len(t.rows) == 0 {
		return nil
	}
	return t
}

// readDefinitions reads the terms of a <dl> and their descriptions; terms
// in a row without a description between them are one term.
func readDefinitions(dl *html.Node, t *rawTable) {
	var cur []string
	lastTerm := false
	walk(dl, func(c *html.Node) bool {
		if c == dl {
			return true
		}
		if c.Type != html.ElementNode || skipNode(c) || c.DataAtom == atom.Dl || len(t.rows) >= maxTableRows {
			return false
		}
		switch c.DataAtom {
		case atom.Dt:
			if lastTerm && cur != nil {
				cur[0] += "\n" + cellText(c)
			} else {
				if cur != nil {
					t.rows = append(t.rows, cur)
				}
				cur = []string{cellText(c)}
			}
			lastTerm = true
			return false
		case atom.Dd:
			if cur == nil {
				cur = []string{""}
			}
			cur = append(cur, cellText(c))
			lastTerm = false
			return false
		}
		return true
	})
	if cur != nil {
		t.rows = append(t.rows, cur)
	}
}

// markupHint returns the lower-cased id and class values of n and its
// three nearest ancestors.
func markupHint(n *html.Node) string {
	var b strings.Builder
	for k := 0; n != nil && k < 4; n, k = n.Parent, k+1 {
		b.WriteString(strings.ToLower(attr(n, "id") + " " + attr(n, "class") + " "))
	}
	return b.String()
}

// cellText returns the text under n, a line per block element or <br>,
// without the content the extractor leaves out.
func cellText(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if b.Len() > maxCellBytes {
			return false
		}
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
			return false
		case html.ElementNode:
			if c != n && skipNode(c) {
				return false
			}
			if c != n && (blockAtoms[c.DataAtom] || c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
				b.WriteByte('\n')
			}
			return true
		}
		return c.Type == html.DocumentNode
	})
	lines := strings.Split(b.String(), "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = squash(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// table reads a Markdown table into a rawTable.
func (w *mdWalker) table(t *extast.Table) *rawTable {
	rt := &rawTable{}
	for r := t.FirstChild(); r != nil && len(rt.rows) < maxTableRows; r = r.NextSibling() {
		var row []string
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			row = append(row, w.inline(c))
		}
		if len(row) > 0 {
			rt.rows = append(rt.rows, row)
		}
	}
	if len(rt.rows) == 0 {
		return nil
	}
	return rt
}

// readDeclarations reads the declarations of a document's blocks and
// returns them with the blocks other than tables, which are text.
//
// A declaration table (the definition): a table, or a definition list,
// that
//
//  1. has a header naming a name column (Name, Cookie, Cookies, Nom,
//     Naam, Nombre, Nome, Bezeichnung, ...) and at least one column of a
//     provider or domain, a purpose, an expiry or a category (see
//     headerRole) — a header row among its first three rows, or labels
//     down its first column (a table per cookie, a list of "Name" /
//     "Purpose" terms);
//  2. whose name cells read as names: at least half of its non-empty name
//     cells hold nothing but cookie names — one word each ("_ga",
//     "collect", "rc::a", "_ga_#"), several separated by commas, lines or
//     "/", or a cookie identifier followed by an explanation ("_ga_
//     followed by the container ID") — a name with spaces ("Contact
//     form") is none;
//  3. and that is about cookies: its name header says "cookie", one of its
//     names reads as a cookie identifier (an underscore, a placeholder, a
//     well-known name such as NID or PHPSESSID), or its caption, its
//     markup (Cookiebot's CookieDeclarationTable) or the section it stands
//     in (the nearest heading above it and the text between) speak of
//     cookies.
//
// So a table of prices ("Name | Price | Duration": "Basic", "Premium") or
// of data categories ("Data category | Purpose | Retention") declares
// nothing. A list item or a paragraph declares cookies when it starts
// with cookie identifiers (as rule 3 reads them) followed by a separator
// ("—", "–", " - ", ":", "|", "(") and says something of them (a
// provider, a purpose or an expiry), and it has an expiry or a category
// or stands in a section about cookies.
func readDeclarations(blocks []block) ([]Declaration, []block) {
	var decls, loose []Declaration
	tables := 0
	for i, b := range blocks {
		switch {
		case b.table != nil:
			tables++
			decls = append(decls, tableDeclarations(b.table, blocks, i)...)
		case b.heading || b.text == "":
		default:
			src := "text"
			if b.item {
				src = "list"
			}
			loose = append(loose, lineDeclarations(b.text, src, blocks, i)...)
		}
	}
	if len(loose) > 0 {
		// A table row whose cells hold paragraphs is read as text too:
		// the table's reading wins.
		inTable := map[string]bool{}
		for _, d := range decls {
			inTable[d.Name] = true
		}
		for _, d := range loose {
			if !inTable[d.Name] {
				decls = append(decls, d)
			}
		}
	}
	if tables == 0 {
		return decls, blocks
	}
	text := make([]block, 0, len(blocks)-tables)
	for _, b := range blocks {
		if b.table == nil {
			text = append(text, b)
		}
	}
	return decls, text
}

// role is what a column (or a label) of a declaration holds.
type role int

const (
	roleNone role = iota
	roleName
	roleProvider
	roleDomain
	rolePurpose
	roleExpiry
	roleCategory
)

// headerWords are the words of header cells and labels, in the six
// languages, lower-cased and without accents. A header is read in the
// order of headerOrder: "Nom du fournisseur" is a provider, "Cookie
// Subgroup" (OneTrust's domain column) a domain, "Cookie type" a category.
var headerWords = map[role][]string{
	roleProvider: {"provider", "providers", "vendor", "vendors", "company", "owner", "issuer", "partner", "partners",
		"anbieter", "unternehmen", "fournisseur", "fournisseurs", "emetteur", "editeur", "partenaire", "aanbieder",
		"aanbieders", "bedrijf", "leverancier", "proveedor", "proveedores", "empresa", "titular", "fornitore",
		"fornitori", "azienda", "titolare"},
	rolePurpose: {"purpose", "purposes", "description", "use", "usage", "function", "zweck", "zwecke", "beschreibung",
		"verwendung", "nutzung", "funktion", "finalite", "finalites", "objectif", "objet", "utilisation", "fonction",
		"doel", "doeleinde", "doeleinden", "omschrijving", "beschrijving", "gebruik", "functie", "finalidad",
		"finalidades", "descripcion", "uso", "funcion", "finalita", "scopo", "scopi", "descrizione", "utilizzo", "funzione"},
	roleExpiry: {"expiry", "expires", "expire", "expiration", "duration", "lifespan", "lifetime", "life", "retention",
		"validity", "ablauf", "ablaufdatum", "gultigkeit", "duree", "conservation", "validite", "looptijd",
		"vervaltijd", "vervaldatum", "geldigheid", "duur", "duracion", "caducidad", "vencimiento", "expiracion", "plazo",
		"conservacion", "durata", "scadenza", "conservazione", "validita"},
	roleCategory: {"category", "categories", "type", "types", "kind", "classification", "kategorie", "typ", "art",
		"categorie", "soort", "classificatie", "categoria", "categorias", "tipo", "tipos", "tipologia", "clasificacion"},
	roleDomain: {"domain", "domains", "host", "hosts", "hostname", "subgroup", "domaine", "domaines", "domein",
		"domeinen", "dominio", "dominios", "domini"},
	roleName: {"name", "names", "cookie", "cookies", "cookiename", "key", "identifier", "nom", "noms", "cle",
		"identifiant", "bezeichnung", "schlussel", "naam", "namen", "sleutel", "nombre", "nombres", "clave",
		"identificador", "nome", "nomi", "chiave"},
}

// headerSuffixes are endings of German and Dutch compounds
// ("Speicherdauer", "Drittanbieter", "Bewaartermijn").
var headerSuffixes = map[role][]string{
	roleProvider: {"anbieter"},
	rolePurpose:  {"zweck"},
	roleExpiry:   {"dauer", "frist", "laufzeit", "zeitraum", "termijn", "periode"},
	roleCategory: {"kategorie"},
}

// providerPhrases are headers that name who sets a cookie ("Set by",
// "Gesetzt von", "Déposé par").
var providerPhrases = []string{" set by ", " placed by ", " gesetzt von ", " depose par ", " deposes par ",
	" geplaatst door ", " establecida por ", " instalada por ", " impostato da ", " installato da "}

var headerOrder = []role{roleProvider, rolePurpose, roleExpiry, roleCategory, roleDomain, roleName}

// headerRole tells what a header cell or label names.
func headerRole(h string) role {
	if i := strings.IndexByte(h, '('); i > 0 {
		h = h[:i] // "Expiry (days)"
	}
	ws := words(h)
	if len(ws) == 0 || len(ws) > 6 {
		return roleNone
	}
	joined := " " + strings.Join(ws, " ") + " "
	if joined == " cookies used " { // OneTrust: "First Party"
		return roleCategory
	}
	for _, p := range providerPhrases {
		if strings.Contains(joined, p) {
			return roleProvider
		}
	}
	for _, r := range headerOrder {
		for _, w := range ws {
			if slices.Contains(headerWords[r], w) {
				return r
			}
			for _, s := range headerSuffixes[r] {
				if strings.HasSuffix(w, s) {
					return r
				}
			}
		}
	}
	return roleNone
}

// record is one declaration as read, before its names are split.
type record struct {
	fields    [roleCategory + 1]string
	nameLabel string // the header or label of the names
	row       string
}

func (r *record) set(ro role, v string) {
	if r.fields[ro] == "" {
		r.fields[ro] = v
	}
}

func (r *record) has() int {
	n := 0
	for ro := roleProvider; ro <= roleCategory; ro++ {
		if r.fields[ro] != "" {
			n++
		}
	}
	return n
}

// tableContext is what surrounds a table or a list.
type tableContext struct {
	category string // named by the caption or the heading or label above
	cookie   bool   // the caption, the markup or the section speaks of cookies
}

// tableDeclarations reads the declarations of the table blocks[i].
func tableDeclarations(t *rawTable, blocks []block, i int) []Declaration {
	ctx := contextAbove(blocks, i)
	if t.caption != "" {
		if c := categoryOf(t.caption); c != "" && countWords(t.caption) <= 8 {
			ctx.category = c
		}
		ctx.cookie = ctx.cookie || mentionsCookie(t.caption)
	}
	ctx.cookie = ctx.cookie || strings.Contains(t.hint, "cookie")
	source := "table"
	if t.list {
		source = "list"
	}
	var recs []record
	var groups []string // category of each record's group of rows, "\x00" for none
	if hdr, cols := findHeader(t); hdr >= 0 {
		group, grouped := "", false
		for _, row := range t.rows[:hdr] {
			// A title row above the header ("Analytics cookies").
			if label, ok := groupRow(row); ok && categoryOf(label) != "" {
				group, grouped = categoryOf(label), true
			}
		}
		for _, row := range t.rows[hdr+1:] {
			if label, ok := groupRow(row); ok {
				group, grouped = categoryOf(label), true
				continue
			}
			if rowRoles(row) != nil {
				continue // the header repeated
			}
			var r record
			for ro, c := range cols {
				if c >= 0 && c < len(row) {
					r.set(role(ro), row[c])
				}
			}
			r.nameLabel = t.rows[hdr][cols[roleName]]
			r.row = joinRow(row, " | ")
			recs = append(recs, r)
			if grouped {
				groups = append(groups, group)
			} else {
				groups = append(groups, "\x00")
			}
		}
	} else if labels := labelColumn(t); labels != nil {
		// A table per cookie, or labelled terms: "Name | _ga", "Purpose |
		// ...", a new cookie at each name label; each further column is
		// a cookie of its own.
		width := 0
		for _, row := range t.rows {
			width = max(width, len(row))
		}
		for c := 1; c < width; c++ {
			var cur record
			var parts []string
			flush := func() {
				if cur.fields[roleName] != "" {
					cur.row = strings.Join(parts, "; ")
					recs = append(recs, cur)
					groups = append(groups, "\x00")
				}
				cur, parts = record{}, nil
			}
			for k, row := range t.rows {
				ro := labels[k]
				if ro == roleNone || c >= len(row) {
					continue
				}
				if ro == roleName && cur.fields[roleName] != "" {
					flush()
				}
				if ro == roleName {
					cur.nameLabel = row[0]
				}
				cur.set(ro, row[c])
				parts = append(parts, squash(row[0])+": "+squash(row[c]))
			}
			flush()
		}
	} else if t.list {
		return termDeclarations(t, ctx)
	}
	return recordDeclarations(recs, groups, ctx, source)
}

// findHeader returns the header row among the first three rows of a table
// (rule 1) and the column of each role, the first column of a role
// winning; -1 when there is none.
func findHeader(t *rawTable) (int, []int) {
	if t.list {
		return -1, nil
	}
	for h := 0; h < len(t.rows) && h < 3; h++ {
		if cols := rowRoles(t.rows[h]); cols != nil {
			return h, cols
		}
	}
	return -1, nil
}

// rowRoles reads a row as a header: the column of each role (-1 for a
// role no column names), or nil unless a name column and another
// one are named.
func rowRoles(row []string) []int {
	cols := make([]int, roleCategory+1)
	for i := range cols {
		cols[i] = -1
	}
	named := 0
	for c, cell := range row {
		if ro := headerRole(cell); ro != roleNone && cols[ro] < 0 {
			cols[ro] = c
			named++
		}
	}
	if cols[roleName] < 0 || named < 2 {
		return nil
	}
	return cols
}

// labelColumn reads the first column of a table (or the terms of a
// definition list) as labels: the role of each row, or nil unless the
// labels name the cookies and something else of them and label at least
// half of the rows.
func labelColumn(t *rawTable) []role {
	labels := make([]role, len(t.rows))
	seen := map[role]bool{}
	n := 0
	for k, row := range t.rows {
		if len(row) < 2 {
			continue
		}
		if ro := headerRole(row[0]); ro != roleNone {
			labels[k] = ro
			seen[ro] = true
			n++
		}
	}
	if !seen[roleName] || len(seen) < 2 || n*2 < len(t.rows) {
		return nil
	}
	return labels
}

// groupRow reports whether a row of a table labels the rows under it (a
// row of one cell, or of one value spanning the columns: "Analytics
// cookies"), and returns the label.
func groupRow(row []string) (string, bool) {
	label := ""
	for _, c := range row {
		if c == "" || c == label {
			continue
		}
		if label != "" {
			return "", false
		}
		label = c
	}
	if label == "" || countWords(label) > 8 || isCookieIdent(label) || len(row) > 1 && (label != row[0] || categoryOf(label) == "") {
		return "", false
	}
	return label, true
}

// recordDeclarations applies rules 2 and 3 to the records of a table and
// splits their names.
func recordDeclarations(recs []record, groups []string, ctx tableContext, source string) []Declaration {
	var out []Declaration
	named, ok, cookie := 0, 0, ctx.cookie
	split := make([][]string, len(recs))
	for k, r := range recs {
		if strings.TrimSpace(r.fields[roleName]) == "" {
			continue
		}
		named++
		names, valid := splitNames(r.fields[roleName], false)
		if !valid {
			continue
		}
		split[k] = names
		ok++
		if mentionsCookie(r.nameLabel) {
			cookie = true
		}
		for _, n := range names {
			if isCookieIdent(n) {
				cookie = true
			}
		}
	}
	if named == 0 || ok*2 < named || !cookie {
		return nil
	}
	for k, r := range recs {
		names := split[k]
		if names == nil {
			continue
		}
		cat := categoryOf(r.fields[roleCategory])
		if cat == "" {
			if groups[k] != "\x00" {
				cat = groups[k]
			} else {
				cat = ctx.category
			}
		}
		out = append(out, declare(names, r, cat, source)...)
	}
	return out
}

// declare makes the declarations of a record's names. When the expiry
// cell lists as many durations as there are names, each name gets its own.
func declare(names []string, r record, category, source string) []Declaration {
	provider := joinLines(r.fields[roleProvider], ", ")
	if provider == "" {
		provider = joinLines(r.fields[roleDomain], ", ")
	}
	expiries := []string{joinLines(r.fields[roleExpiry], " ")}
	if len(names) > 1 {
		if parts := splitList(r.fields[roleExpiry]); len(parts) == len(names) {
			expiries = parts
		}
	}
	out := make([]Declaration, 0, len(names))
	for k, n := range names {
		exp := expiries[0]
		if len(expiries) == len(names) {
			exp = expiries[k]
		}
		out = append(out, Declaration{
			Name: n, Category: category, Purpose: joinLines(r.fields[rolePurpose], " "), Provider: provider,
			Expiry: exp, ExpirySeconds: ParseExpiry(exp), Source: source, Row: cut(squash(r.row), maxRowRunes),
		})
	}
	return out
}

// termDeclarations reads a definition list whose terms are cookie names
// and whose descriptions say what they are ("_ga" / "Google Analytics —
// distinguishes users — 2 years").
func termDeclarations(t *rawTable, ctx tableContext) []Declaration {
	var out []Declaration
	for _, row := range t.rows {
		if len(row) < 2 {
			continue
		}
		names, ok := splitNames(row[0], true)
		if !ok {
			continue
		}
		r := readFields(strings.Join(row[1:], " — "))
		if r.has() == 0 || r.fields[roleExpiry] == "" && r.fields[roleCategory] == "" && !ctx.cookie {
			continue
		}
		cat := categoryOf(r.fields[roleCategory])
		if cat == "" {
			cat = ctx.category
		}
		r.row = squash(row[0]) + " — " + joinRow(row[1:], " — ")
		out = append(out, declare(names, r, cat, "list")...)
	}
	return out
}

// lineHead is the separator after the names a list item or line starts
// with.
var lineHead = regexp.MustCompile(`\s*[—–|]\s*|\s+-\s+|:\s+|:$|\s*\(|\t`)

// lineDeclarations reads a list item or a paragraph of the form "_ga —
// Google Analytics — distinguishes users — 2 years" or "_ga, _gid: ...".
func lineDeclarations(text, source string, blocks []block, i int) []Declaration {
	first, _, _ := strings.Cut(text, " ")
	first = trimName(first)
	if len(first) > 100 || !strings.ContainsAny(first, "_*<[{#.…") && !knownCookies[first] || !isCookieIdent(first) {
		return nil // the cheap test: most blocks stop here
	}
	loc := lineHead.FindStringIndex(text)
	if loc == nil || loc[0] == 0 {
		return nil
	}
	names, ok := splitNames(text[:loc[0]], true)
	if !ok || len(names) > 8 {
		return nil
	}
	rest := text[loc[1]:]
	var paren string
	if strings.HasSuffix(strings.TrimSpace(text[loc[0]:loc[1]]), "(") {
		j := strings.IndexByte(rest, ')')
		if j < 0 {
			return nil
		}
		paren, rest = strings.TrimSpace(rest[:j]), strings.TrimLeft(rest[j+1:], " :—–-|")
	}
	r := readFields(rest)
	if paren != "" {
		pr := readFields(paren)
		for ro := roleProvider; ro <= roleCategory; ro++ {
			r.set(ro, pr.fields[ro])
		}
		if pr.fields[rolePurpose] != "" && r.fields[roleProvider] == "" && countWords(paren) <= 4 {
			r.fields[roleProvider] = paren
		}
	}
	if r.has() == 0 {
		return nil
	}
	ctx := contextAbove(blocks, i)
	if r.fields[roleExpiry] == "" && r.fields[roleCategory] == "" && !ctx.cookie {
		return nil
	}
	cat := categoryOf(r.fields[roleCategory])
	if cat == "" {
		cat = ctx.category
	}
	r.row = text
	return declare(names, r, cat, source)
}

// fieldSep separates the fields of a declaration written as a line.
var fieldSep = regexp.MustCompile(`\s*[—–|]\s*|\s+-\s+|;\s+|\t`)

// readFields reads what a line says of a cookie: labelled fields
// ("Expiry: 2 years", "Anbieter: Google"), a duration, a category label,
// a provider (a short name in capitals: "Google Analytics") and the
// purpose (the rest). An expiry stated inside the purpose ("..., expires
// after 2 years") is found too.
func readFields(s string) record {
	var r record
	var rest []string
	for _, f := range fieldSep.Split(s, -1) {
		f = strings.TrimSpace(strings.Trim(f, " .;,"))
		if f == "" {
			continue
		}
		if label, value, ok := strings.Cut(f, ":"); ok && strings.TrimSpace(value) != "" {
			if ro := headerRole(label); ro != roleNone && ro != roleName && countWords(label) <= 4 {
				r.set(ro, strings.TrimSpace(value))
				continue
			}
		}
		switch {
		case r.fields[roleExpiry] == "" && expiryField(f):
			r.fields[roleExpiry] = durationText(f)
		case r.fields[roleCategory] == "" && categoryLabel(f):
			r.fields[roleCategory] = f
		default:
			rest = append(rest, f)
		}
	}
	for k, f := range rest {
		if r.fields[roleProvider] == "" && nameLike(f) && (len(rest) > 1 || countWords(f) <= 3) {
			r.fields[roleProvider] = f
			rest = append(rest[:k:k], rest[k+1:]...)
			break
		}
	}
	if len(rest) > 0 {
		r.set(rolePurpose, strings.Join(rest, "; "))
	}
	if r.fields[roleExpiry] == "" && r.fields[rolePurpose] != "" {
		r.fields[roleExpiry] = statedExpiry(r.fields[rolePurpose])
	}
	return r
}

// nameLike reports whether a field reads as the name of a company or
// service: a few words, those of four letters or more capitalised.
func nameLike(f string) bool {
	ws := strings.Fields(f)
	if len(ws) == 0 || len(ws) > 6 || strings.HasSuffix(f, ".") && !strings.HasSuffix(f, "Inc.") && !strings.HasSuffix(f, "Ltd.") {
		return false
	}
	first, _ := utf8.DecodeRuneInString(ws[0])
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) {
		return false
	}
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if utf8.RuneCountInString(w) >= 4 && unicode.IsLetter(r) && !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// expiryWords are stems of words that introduce a storage duration in
// running text ("expires after", "Speicherdauer", "conservé pendant").
var expiryWords = []string{"expir", "valid", "lasts", "stored for", "kept for", "retain", "dauer", "laufzeit", "gultig",
	"gespeichert", "lebensdauer", "duree", "conserv", "bewaar", "vervalt", "geldig", "opgeslagen", "duracion", "caduc",
	"almacena", "durata", "scad", "session", "sitzung", "sessie", "sesion"}

// statedExpiry returns the duration a purpose text states after an expiry
// word ("... Expires after 2 years." gives "2 years"), or "".
func statedExpiry(s string) string {
	f, offs := fold(s)
	hit := false
	for _, w := range expiryWords {
		if strings.Contains(f, w) {
			hit = true
			break
		}
	}
	if !hit {
		return ""
	}
	if d := durations(f); len(d) > 0 {
		return strings.TrimSpace(s[offs[d[0].start]:offs[d[0].end]])
	}
	if sessionLike(f) {
		for _, w := range []string{"session", "sitzung", "sessie", "sesion"} {
			if k := strings.Index(f, w); k >= 0 {
				end := k + len(w)
				for end < len(f) && f[end] >= 'a' && f[end] <= 'z' {
					end++
				}
				return s[offs[k]:offs[end]]
			}
		}
	}
	return ""
}

// splitNames splits a name cell or the head of a line into cookie names:
// at lines, commas, semicolons, " / " and words such as "and"; a name
// followed by words explaining it ("_ga_ followed by the container ID",
// "_ga (Google Analytics)") is that name. It reports false when a part is
// no name (rule 2); strict asks every name to be a cookie identifier.
func splitNames(cell string, strict bool) ([]string, bool) {
	var names []string
	for _, part := range splitList(cell) {
		ws := strings.Fields(part)
		var kept []string
		for _, w := range ws {
			if !conjunction(w) {
				kept = append(kept, w)
			}
		}
		switch {
		case len(kept) == 0:
			continue
		case len(kept) == 1:
			n := trimName(kept[0])
			if !nameToken(n) || strict && !isCookieIdent(n) {
				return nil, false
			}
			names = append(names, n)
		case allIdents(kept):
			for _, w := range kept {
				names = append(names, trimName(w))
			}
		default:
			// A placeholder with spaces ("_ga_<container id>") or a name
			// and its explanation.
			if spacedPlaceholder.MatchString(part) {
				names = append(names, part)
				continue
			}
			n := trimName(ws[0])
			if !isCookieIdent(n) {
				return nil, false
			}
			names = append(names, n)
		}
	}
	return names, len(names) > 0
}

// spacedPlaceholder is a name whose placeholder holds spaces
// ("_ga_<container id>").
var spacedPlaceholder = regexp.MustCompile(`^[^\s<>]+<[^<>]{1,40}>[^\s<>]*$`)

// splitList splits a cell into its items: lines, and parts separated by
// commas, semicolons or " / ".
func splitList(cell string) []string {
	var out []string
	for _, line := range strings.Split(cell, "\n") {
		for _, p := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' }) {
			for _, q := range strings.Split(p, " / ") {
				if q = strings.TrimSpace(q); q != "" {
					out = append(out, q)
				}
			}
		}
	}
	return out
}

func conjunction(w string) bool {
	switch strings.ToLower(w) {
	case "and", "or", "und", "oder", "et", "ou", "en", "of", "y", "o", "e", "&", "+":
		return true
	}
	return false
}

func allIdents(ws []string) bool {
	for _, w := range ws {
		if !isCookieIdent(trimName(w)) {
			return false
		}
	}
	return true
}

// trimName strips quotes and trailing punctuation off a name as written.
func trimName(s string) string {
	s = strings.Trim(s, "\"'“”‘’`«»")
	return strings.TrimRight(s, ":,;")
}

// nameToken reports whether s can be a cookie or storage key name as a
// table writes it: one word of up to 100 characters with a letter, not a
// web address nor an e-mail address. Cookie names are free-form
// ("collect", "rc::a", "iU5q-!O9@$", "pagead/1p-user-list/#").
func nameToken(s string) bool {
	if s == "" || len(s) > 100 || strings.Contains(s, "://") || strings.ContainsAny(s, " \t") || hasEmail(s) {
		return false
	}
	return hasLetter(s)
}

// isCookieIdent reports whether s reads as a cookie identifier on its
// own: a name with an underscore or a placeholder, or a well-known name
// (see cookieTokens).
func isCookieIdent(s string) bool {
	if s == "" || strings.ContainsAny(s, " \t") {
		return false
	}
	toks := cookieTokens(s)
	return len(toks) == 1
}

// mentionsCookie reports whether s speaks of cookies or similar trackers.
func mentionsCookie(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "cookie") || strings.Contains(l, "tracker") || strings.Contains(l, "traceur") ||
		strings.Contains(l, "témoin")
}

// contextAbove reads what stands above blocks[i]: the category a heading
// or a label names, and whether its own section speaks of cookies. It goes
// up from the block: within its own section a short label ("Necessary
// (3)", Cookiebot's) names the category, and the section speaks of
// cookies when its heading or a paragraph under it does (a heading higher
// up does not count: a "Privacy and Cookie Policy" holds tables of
// processors); then up the headings, each of a higher level than the
// last, the first naming a category gives it, and one that names none
// ends the search for a category ("Other cookies" under "Analytics" is not
// analytics). It stops at the table before.
func contextAbove(blocks []block, i int) tableContext {
	var ctx tableContext
	level := 7 // level of the last heading passed; 7 until one is
	catDone := false
	for j := i - 1; j >= 0 && i-j <= contextBlocks; j-- {
		b := blocks[j]
		if b.table != nil {
			break
		}
		if b.heading {
			if b.level >= level {
				continue
			}
			if level == 7 {
				ctx.cookie = ctx.cookie || mentionsCookie(b.text)
			}
			level = b.level
			if !catDone && ctx.category == "" {
				ctx.category = categoryOf(b.text)
				catDone = ctx.category == ""
			}
			continue
		}
		if level < 7 || b.item {
			continue
		}
		ctx.cookie = ctx.cookie || mentionsCookie(b.text)
		if !catDone && ctx.category == "" && countWords(b.text) <= 6 {
			ctx.category = categoryOf(b.text)
		}
	}
	return ctx
}

// categoryStems are the stems (lower-cased, without accents) of the words
// that name a purpose category in the six languages; a word names the
// category when it starts with a stem (stems of three letters or fewer
// must be the whole word). categoryOrder decides between categories a
// label names together: "Marketing and analytics" is marketing.
var categoryStems = map[string][]string{
	catalog.Necessary: {
		"necessar", "necessai", "necesari", "essential", "essentiel", "essenziel", "essenzial", "esencial",
		"required", "erforderlich", "notwendig", "notig", "unbedingt", "noodzakelijk", "indispensab",
		"imprescindib", "technisch", "technical", "techniq", "tecnic", "securit", "sicherheit", "seguridad",
		"sicurezza", "beveilig",
	},
	catalog.Functional: {"function", "funktion", "fonction", "funcional", "funzional", "komfort", "comfort"},
	catalog.Preferences: {
		"preferen", "praferenz", "voorkeur", "personali", "personnali", "einstellung",
	},
	catalog.Analytics: {
		"analyti", "analitic", "analys", "analis", "statisti", "estadistic", "performance", "leistung", "prestatie",
		"prestazion", "rendimiento", "measurement", "audience", "reichweite", "medicion", "misurazion", "meting",
	},
	catalog.Marketing: {
		"marketing", "advertis", "advertentie", "werbung", "werbe", "targeting", "retargeting", "ciblage", "publicit",
		"pubblicit", "reclame", "tracking", "profilazion", "comportamental", "ads",
	},
	catalog.Social: {"social", "sociau", "sozial", "soziale"},
}

var categoryOrder = []string{catalog.Necessary, catalog.Marketing, catalog.Analytics, catalog.Social, catalog.Preferences, catalog.Functional}

// categoryFiller are the words a category label may hold besides its
// category words ("Strictly necessary cookies", "Cookies de mesure
// d'audience", "Statistik (3)").
var categoryFiller = map[string]bool{
	"cookie": true, "cookies": true, "strictly": true, "strikt": true, "estrictamente": true, "strettamente": true,
	"strictement": true, "and": true, "und": true, "et": true, "en": true, "y": true, "e": true, "of": true,
	"de": true, "des": true, "du": true, "di": true, "del": true, "van": true, "the": true, "mesure": true, "d": true,
	"media": true, "medien": true, "medios": true, "network": true, "networks": true, "reseaux": true, "redes": true,
	"sociales": true, "purposes": true, "zwecke": true, "finalites": true, "la": true, "le": true, "les": true,
	"tracker": true, "trackers": true, "traceurs": true,
}

// categoryOf returns the purpose category a label or heading names, or ""
// ("Unclassified", "Non-essential cookies", "Cookies we use").
func categoryOf(s string) string {
	ws := words(s)
	found := map[string]bool{}
	for k, w := range ws {
		if k > 0 && negation(ws[k-1]) || strings.HasPrefix(w, "un") && len(w) > 2 && wordCategory(w[2:]) != "" {
			continue
		}
		if c := wordCategory(w); c != "" {
			found[c] = true
		}
	}
	for _, c := range categoryOrder {
		if found[c] {
			return c
		}
	}
	return ""
}

// categoryLabel reports whether s is nothing but a category label (every
// word a category word or filler): a field of a line that gives the
// category ("Analytics", "Cookies statistiques"), unlike a provider
// ("Google Analytics").
func categoryLabel(s string) bool {
	ws := words(s)
	hit := false
	for _, w := range ws {
		switch {
		case wordCategory(w) != "":
			hit = true
		case categoryFiller[w] || w[0] >= '0' && w[0] <= '9':
		default:
			return false
		}
	}
	return hit && categoryOf(s) != ""
}

func wordCategory(w string) string {
	for _, c := range categoryOrder {
		for _, st := range categoryStems[c] {
			if len(st) <= 3 && w == st || len(st) > 3 && strings.HasPrefix(w, st) {
				return c
			}
		}
	}
	return ""
}

func negation(w string) bool {
	switch w {
	case "non", "not", "nicht", "niet", "no", "sin", "sans", "ohne", "zonder", "senza", "without":
		return true
	}
	return false
}

// Units of ParseExpiry, in seconds.
const (
	minute = 60
	hour   = 60 * minute
	day    = 24 * hour
	week   = 7 * day
	month  = 30 * day
	year   = 365 * day
)

// durationUnits are the words of time units in the six languages,
// lower-cased and without accents, with abbreviations.
var durationUnits = func() map[string]int64 {
	m := map[string]int64{}
	for unit, ws := range map[int64]string{
		year:   "year years yr yrs y jahr jahre jahren an ans annee annees jaar jaren ano anos anno anni",
		month:  "month months mo mos mth mths monat monate monaten mois maand maanden mnd mes meses mese mesi",
		week:   "week weeks wk wks woche wochen semaine semaines weken semana semanas settimana settimane",
		day:    "day days d tag tage tagen jour jours j dag dagen dia dias giorno giorni gg",
		hour:   "hour hours hr hrs h stunde stunden std heure heures uur uren hora horas ora ore",
		minute: "minute minutes min mins minuten minuut minuto minutos minuti",
		1:      "second seconds sec secs s sekunde sekunden sek seconde secondes seconden segundo segundos secondo secondi",
	} {
		for _, w := range strings.Fields(ws) {
			m[w] = unit
		}
	}
	return m
}()

// numberWords are the numbers policies write in words ("one year", "ein
// Jahr", "un an", "een jaar", "un año", "un anno").
var numberWords = map[string]float64{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "twelve": 12, "thirteen": 13, "eighteen": 18, "twenty-four": 24,
	"ein": 1, "eine": 1, "einen": 1, "einem": 1, "zwei": 2, "drei": 3, "vier": 4, "funf": 5, "sechs": 6,
	"sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "zwolf": 12, "dreizehn": 13,
	"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
	"douze": 12, "treize": 13,
	"een": 1, "twee": 2, "drie": 3, "vijf": 5, "zes": 6, "zeven": 7, "negen": 9, "tien": 10, "twaalf": 12, "dertien": 13,
	"uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
	"diez": 10, "doce": 12, "trece": 13,
	"due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8, "nove": 9, "dieci": 10,
	"dodici": 12, "tredici": 13,
}

// durationPat matches a number and a word in folded text: "2 years",
// "13 mois", "24h", "1,5 Jahre", "ein Jahr"; durations keeps those whose
// word is a unit.
var durationPat = sync.OnceValue(func() *regexp.Regexp {
	ws := make([]string, 0, len(numberWords))
	for w := range numberWords {
		ws = append(ws, w)
	}
	sort.Slice(ws, func(i, j int) bool { return len(ws[i]) > len(ws[j]) || len(ws[i]) == len(ws[j]) && ws[i] < ws[j] })
	return regexp.MustCompile(`\b(\d+(?:[.,]\d+)?)\s*-?\s*([a-z]+)\b\.?|\b(` + strings.Join(ws, "|") + `)\s+([a-z]+)\b`)
})

// span is a duration found in folded text.
type span struct {
	start, end int
	secs       float64
}

// durations returns the durations (a number and a unit) of folded text.
func durations(f string) []span {
	var spans []span
	for _, m := range durationPat().FindAllStringSubmatchIndex(f, -1) {
		var n float64
		var unit string
		if m[2] >= 0 {
			v, err := strconv.ParseFloat(strings.Replace(f[m[2]:m[3]], ",", ".", 1), 64)
			if err != nil {
				continue
			}
			n, unit = v, f[m[4]:m[5]]
		} else {
			n, unit = numberWords[f[m[6]:m[7]]], f[m[8]:m[9]]
		}
		if u, ok := durationUnits[unit]; ok {
			spans = append(spans, span{m[0], m[1], n * float64(u)})
		}
	}
	return spans
}

// ParseExpiry reads a storage duration as written in one of the six
// languages ("2 years", "1 Jahr und 6 Monate", "13 mois", "24h", "Session",
// "Sitzungsende") into seconds: a year is 365 days, a month 30. Durations
// joined by "and" (und, et, en, y, e) add up; alternatives ("1 day / 2
// years") give the longest. It returns 0 for a session and -1 for text that
// states no duration ("persistent", "unknown", "").
func ParseExpiry(s string) int64 {
	f := foldWords(s)
	spans := durations(f)
	if len(spans) == 0 {
		if sessionLike(f) {
			return 0
		}
		return -1
	}
	best, group := 0.0, spans[0].secs
	for k := 1; k < len(spans); k++ {
		switch strings.TrimSpace(f[spans[k-1].end:spans[k].start]) {
		case "", "and", "und", "et", "en", "y", "e", "+":
			group += spans[k].secs
		default:
			best, group = math.Max(best, group), spans[k].secs
		}
	}
	best = math.Max(best, group)
	return int64(math.Min(best, 1000*year))
}

// durationText returns the durations of a field as written, without the
// words before and after them ("expires after 13 months" gives "13
// months", "1 Jahr und 6 Monate" stays whole); a field without one
// (a session) is returned whole.
func durationText(s string) string {
	f, offs := fold(s)
	d := durations(f)
	if len(d) == 0 {
		return s
	}
	return strings.TrimSpace(s[offs[d[0].start]:offs[d[len(d)-1].end]])
}

// expiryField reports whether a field of a line is an expiry: a short
// field with a duration ("2 years", "expires after 13 months"), or the
// session alone ("Session", "End of session", "Sitzungsende").
func expiryField(s string) bool {
	if countWords(s) > 6 {
		return false
	}
	f := foldWords(s)
	if len(durations(f)) > 0 {
		return true
	}
	if !sessionLike(f) {
		return false
	}
	for _, w := range strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if !sessionLike(w) && !sessionFiller[w] {
			return false
		}
	}
	return true
}

var sessionFiller = map[string]bool{
	"end": true, "of": true, "the": true, "browser": true, "until": true, "cookie": true, "ende": true, "der": true,
	"bis": true, "zum": true, "fin": true, "de": true, "la": true, "du": true, "jusqu": true, "a": true, "einde": true,
	"van": true, "tot": true, "final": true, "hasta": true, "el": true, "fine": true, "della": true, "alla": true,
	"fino": true, "per": true, "only": true, "nur": true, "seulement": true, "alleen": true, "solo": true,
}

// sessionLike reports whether folded text names the browser session as a
// lifetime.
func sessionLike(f string) bool {
	for _, w := range []string{"session", "sitzung", "sessie", "sesion", "browser is closed", "closing the browser",
		"schliessen des browsers", "fermeture du navigateur", "sluiten van de browser", "cierre del navegador",
		"chiusura del browser"} {
		if strings.Contains(f, w) {
			return true
		}
	}
	return false
}

// foldRunes maps letters with accents to their base letters.
var foldRunes = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'æ': "ae", 'ç': "c", 'è': "e", 'é': "e", 'ê': "e",
	'ë': "e", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o",
	'ø': "o", 'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'ÿ': "y", 'ß': "ss", 'œ': "oe", '’': "'", '\u00a0': " ",
}

// foldWords lower-cases s and strips its accents.
func foldWords(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	f, _ := fold(s)
	return f
}

// fold lower-cases s and strips its accents; offs maps each byte of the
// result (and its end) to the byte of s it came from.
func fold(s string) (string, []int) {
	var b strings.Builder
	offs := make([]int, 0, len(s)+1)
	for i, r := range s {
		r = unicode.ToLower(r)
		t, ok := foldRunes[r]
		if !ok {
			t = string(r)
		}
		for range len(t) {
			offs = append(offs, i)
		}
		b.WriteString(t)
	}
	offs = append(offs, len(s))
	return b.String(), offs
}

// words returns the words of s, folded.
func words(s string) []string {
	f := foldWords(s)
	return strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// joinRow joins the non-empty cells of a row, each on one line.
func joinRow(row []string, sep string) string {
	var cells []string
	for _, c := range row {
		if c = joinLines(c, " "); c != "" {
			cells = append(cells, c)
		}
	}
	return strings.Join(cells, sep)
}

// joinLines joins the lines of a cell.
func joinLines(c, sep string) string {
	if !strings.Contains(c, "\n") {
		return strings.TrimSpace(c)
	}
	var ls []string
	for _, l := range strings.Split(c, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			ls = append(ls, l)
		}
	}
	return strings.Join(ls, sep)
}

// cut shortens s to n runes, the last an ellipsis.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
