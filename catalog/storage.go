package catalog

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
)

//go:embed data/storage.csv
var builtinStorage []byte

// storageKeys is the catalogue of storage keys, read once on first use.
var storageKeys = sync.OnceValue(func() *Catalog {
	c := &Catalog{exact: map[string]CookieEntry{}}
	rows, err := readCSV(builtinStorage, 6)
	if err != nil {
		panic("catalog: embedded storage.csv: " + err.Error()) // a build defect; TestStorageKeys reads it
	}
	for _, r := range rows {
		c.add(CookieEntry{Name: r[0], Wildcard: r[1] == "1", Platform: r[2], Company: r[3], Category: r[4], Description: r[5]})
	}
	sort.SliceStable(c.prefixes, func(i, j int) bool { return len(c.prefixes[i].Name) > len(c.prefixes[j].Name) })
	return c
})

// StorageKey looks a localStorage or sessionStorage key up: an exact entry
// of the storage catalogue first, then its longest prefix, then the cookie
// catalogue (many trackers keep the same identifier in both).
func (c *Catalog) StorageKey(key string) (CookieEntry, bool) {
	if e, ok := storageKeys().Cookie(key); ok {
		return e, true
	}
	if e, ok := c.Cookie(key); ok {
		return e, true
	}
	return CookieEntry{}, false
}

// Essential reports whether a category needs no consent: only cookies and
// keys strictly necessary for the service the visitor asked for.
func Essential(category string) bool { return strings.EqualFold(category, Necessary) }
