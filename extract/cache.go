package extract

import (
	"bytes"
	"hash/maphash"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/privaudit/privaudit/record"
)

// Cache remembers, for one crawl, what Extract made of what the pages of
// a site repeat, so that it is worked out once, not once a page: what the
// contact patterns found in a block of text (the footer's address, phone
// number, copyright line), the URLs an inline script names (a tag-manager
// snippet), what a link resolves to and leads to (the navigation, the
// footer's links). It also holds once the strings the records repeat
// (Intern). It is bounded whatever the size of the site: at most
// cacheSlots blocks of at most textWindow bytes, scriptSlots scripts of at
// most maxCachedScript bytes, linkSlots links and stringSlots strings of
// at most maxInterned bytes (about 5 MiB at worst). It keeps a text the
// second time it sees it in a row, so that texts seen once cost it
// nothing. A Cache is safe for concurrent use; the nil *Cache remembers
// nothing.
type Cache struct {
	seed     maphash.Seed
	contacts memo[contacts]
	scripts  memo[[]*url.URL]
	strs     memo[struct{}]
	links    memo[link]
}

const (
	// cacheSlots is the number of blocks of text a Cache holds.
	cacheSlots = 1024
	// scriptSlots is the number of inline scripts a Cache holds, and
	// maxCachedScript the longest it holds.
	scriptSlots     = 256
	maxCachedScript = 4 << 10
	// stringSlots is the number of strings a Cache interns, and
	// maxInterned the longest it interns.
	stringSlots = 4096
	maxInterned = 300
	// linkSlots is the number of links a Cache holds.
	linkSlots = 1024
)

// NewCache returns an empty Cache.
func NewCache() *Cache {
	return &Cache{seed: maphash.MakeSeed(), contacts: newMemo[contacts](cacheSlots), scripts: newMemo[[]*url.URL](scriptSlots),
		strs: newMemo[struct{}](stringSlots), links: newMemo[link](linkSlots)}
}

// memo is a table of slots, each holding the last value stored in it (a
// slot is chosen by the hash of the key): bounded, and safe for concurrent
// use. A value is stored the second time its key is seen in a row in its
// slot; an entry is never changed once stored, so readers share it.
type memo[V any] struct {
	seen    []atomic.Uint64
	entries []atomic.Pointer[memoEntry[V]]
}

type memoEntry[V any] struct {
	key  string
	flag bool
	val  V
}

func newMemo[V any](slots int) memo[V] {
	return memo[V]{seen: make([]atomic.Uint64, slots), entries: make([]atomic.Pointer[memoEntry[V]], slots)}
}

// lookup returns the entry stored for key and flag, whose hash is h, or
// nil.
func (m *memo[V]) lookup(h uint64, key string, flag bool) *memoEntry[V] {
	if e := m.entries[h%uint64(len(m.entries))].Load(); e != nil && e.flag == flag && e.key == key {
		return e
	}
	return nil
}

// lookupBytes is lookup with the key in bytes.
func (m *memo[V]) lookupBytes(h uint64, key []byte, flag bool) *memoEntry[V] {
	if e := m.entries[h%uint64(len(m.entries))].Load(); e != nil && e.flag == flag && e.key == string(key) {
		return e
	}
	return nil
}

// store notes that key was seen, and stores its value when it was seen
// last in its slot too. It returns the entry stored, or nil.
func (m *memo[V]) store(h uint64, key string, flag bool, val V) *memoEntry[V] {
	slot := h % uint64(len(m.entries))
	if m.seen[slot].Swap(h) != h {
		return nil
	}
	e := &memoEntry[V]{key: strings.Clone(key), flag: flag, val: val}
	m.entries[slot].Store(e)
	return e
}

// contacts returns findContacts(text, isAddress), from memory when it can.
func (c *Cache) findContacts(text string, isAddress bool) contacts {
	if c == nil {
		return findContacts(text, isAddress)
	}
	h := maphash.String(c.seed, text)
	if e := c.contacts.lookup(h, text, isAddress); e != nil {
		return e.val
	}
	found := findContacts(text, isAddress)
	c.contacts.store(h, text, isAddress, found)
	return found
}

// scriptURLs returns scriptURLs(text), from memory when it can.
func (c *Cache) scriptURLs(text string) []*url.URL {
	if c == nil || len(text) > maxCachedScript {
		return scriptURLs(text)
	}
	h := maphash.String(c.seed, text)
	if e := c.scripts.lookup(h, text, false); e != nil {
		return e.val
	}
	urls := scriptURLs(text)
	c.scripts.store(h, text, false, urls)
	return urls
}

// link returns what anchor makes of a link: the page's link with href and
// name, on a page whose URL is base. The links every page repeats (the
// navigation, the footer) are resolved and judged once. Only hrefs that
// resolve the same against any page of an origin are remembered: an
// absolute path ("/privacy") or URL.
func (c *Cache) link(ex *extractor, href, name string) link {
	t := strings.TrimSpace(href)
	if c == nil || len(href)+len(name) > maxInterned || !(strings.HasPrefix(t, "/") || hasPrefixFold(t, "http:") || hasPrefixFold(t, "https:")) {
		return resolveLink(ex, href, name)
	}
	if ex.origin == nil {
		user := ""
		if ex.base.User != nil {
			user = ex.base.User.String()
		}
		ex.origin = []byte(ex.base.Scheme + "\x00" + user + "\x00" + ex.base.Host + "\x00")
	}
	key := append(append(append(ex.keyBuf[:0], ex.origin...), href...), 0)
	key = append(key, name...)
	ex.keyBuf = key
	h := maphash.Bytes(c.seed, key)
	if e := c.links.lookupBytes(h, key, false); e != nil {
		return e.val
	}
	l := resolveLink(ex, href, name)
	c.links.store(h, string(key), false, l)
	return l
}

// Intern returns s, or a string equal to it that the Cache returned
// before: the strings a crawl's records repeat on every page (the hosts and
// URLs of the same scripts, the same forms, the footer's contact details)
// are then held once, not once a page. The nil *Cache returns s.
func (c *Cache) Intern(s string) string {
	if c == nil || s == "" || len(s) > maxInterned {
		return s
	}
	h := maphash.String(c.seed, s)
	if e := c.strs.lookup(h, s, false); e != nil {
		return e.key
	}
	if e := c.strs.store(h, s, false, struct{}{}); e != nil {
		return e.key
	}
	return s
}

// internRecord interns the strings of a page record that pages repeat.
func (c *Cache) internRecord(info *record.Info) {
	if c == nil {
		return
	}
	info.Lang = c.Intern(info.Lang)
	for _, list := range [][]string{info.PrivacyLinks, info.CookiePolicyLinks, info.ContactLinks,
		info.Contact.Emails, info.Contact.Phones, info.Contact.Addresses, info.Contact.Placeholders} {
		for i, s := range list {
			list[i] = c.Intern(s)
		}
	}
	for i := range info.BrokenLinks {
		b := &info.BrokenLinks[i]
		b.Href, b.Text = c.Intern(b.Href), c.Intern(b.Text)
	}
	for i := range info.Forms {
		f := &info.Forms[i]
		f.Method, f.Action = c.Intern(f.Method), c.Intern(f.Action)
		for j := range f.Checkboxes {
			cb := &f.Checkboxes[j]
			cb.Name, cb.Label = c.Intern(cb.Name), c.Intern(cb.Label)
		}
		for j, s := range f.PersonalFields {
			f.PersonalFields[j] = c.Intern(s)
		}
	}
	for i := range info.Resources {
		r := &info.Resources[i]
		r.Host, r.URL = c.Intern(r.Host), c.Intern(r.URL)
	}
	info.RefreshTo = c.Intern(info.RefreshTo)
}

// lowerASCII appends s to dst with its ASCII letters lower-cased.
func lowerASCII(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// hasAnyBytes reports whether b holds one of lits.
func hasAnyBytes(b []byte, lits [][]byte) bool {
	for _, l := range lits {
		if bytes.Contains(b, l) {
			return true
		}
	}
	return false
}

// hasFoldTwin reports whether s holds ſ (U+017F) or the Kelvin sign
// (U+212A): a case-insensitive regular expression matches them as s and
// k, the only ASCII letters with a non-ASCII case twin. A literal
// pre-check on lowerASCII text is exact only without them.
func hasFoldTwin(s string) bool {
	return strings.ContainsRune(s, '\u017f') || strings.ContainsRune(s, '\u212a')
}

// containsFoldASCII reports whether s holds lit, a lower-case ASCII word
// with neither s nor k, in any case: as a case-insensitive regular
// expression would find it.
func containsFoldASCII(s, lit string) bool {
	for i := 0; i+len(lit) <= len(s); i++ {
		j := 0
		for ; j < len(lit); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != lit[j] {
				break
			}
		}
		if j == len(lit) {
			return true
		}
	}
	return false
}
