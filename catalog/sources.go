package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
)

// Source is a body of data a catalogue was built from: privaudit's own
// catalogue, or a database the user gave. Reports name them, so that
// audits made with different data are not compared as if alike.
type Source struct {
	Name string
	// Version identifies the data: a content hash ("sha256:" and 12 hex
	// digits) when the data carries no version of its own.
	Version string
	// Path is the file it was read from ("" for built-in data).
	Path string
	// Entries counts its entries.
	Entries int
}

// Sources returns the data the catalogue was built from, in load order.
func (c *Catalog) Sources() []Source { return append([]Source(nil), c.sources...) }

// contentVersion identifies data by a hash of its content.
func contentVersion(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))[:12]
}

// fileVersion identifies a file by a hash of its content ("" when it cannot
// be read again).
func fileVersion(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))[:12]
}
