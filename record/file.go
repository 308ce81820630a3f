package record

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// fileKind marks a JSON file as a privaudit crawl record.
const fileKind = "privaudit-record"

// file is the envelope of a saved record.
type file struct {
	Kind  string `json:"kind"`
	Crawl *Crawl `json:"crawl"`
}

// Write writes c as a record file (indented JSON).
func Write(w io.Writer, c *Crawl) error {
	if c.Version == "" {
		c.Version = Version
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(file{Kind: fileKind, Crawl: c}); err != nil {
		return fmt.Errorf("writing record: %w", err)
	}
	return nil
}

// Save writes c to the file at path.
func Save(path string, c *Crawl) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("saving record: %w", err)
	}
	if err := Write(f, c); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("saving record: %w", err)
	}
	return nil
}

// ErrNotRecord means a file is not a privaudit crawl record.
var ErrNotRecord = errors.New("not a privaudit record (written by privaudit audit --save-record)")

// Read decodes a record file. It refuses a file of another kind and a
// record of another major version.
func Read(r io.Reader) (*Crawl, error) {
	// The kind is read first, so that another JSON file (a report) is
	// named as such rather than failing on its first mismatched field.
	var f struct {
		Kind  string          `json:"kind"`
		Crawl json.RawMessage `json:"crawl"`
	}
	if err := json.NewDecoder(r).Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotRecord, err)
	}
	if f.Kind != fileKind || len(f.Crawl) == 0 {
		return nil, ErrNotRecord
	}
	var c Crawl
	if err := json.Unmarshal(f.Crawl, &c); err != nil {
		return nil, fmt.Errorf("a privaudit record whose crawl cannot be read: %w", err)
	}
	if major(c.Version) != major(Version) {
		return nil, fmt.Errorf("record format %s cannot be read by this version (it reads %s.x)", c.Version, major(Version))
	}
	return &c, nil
}

// Load reads the record file at path.
func Load(path string) (*Crawl, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading record: %w", err)
	}
	defer f.Close()
	return Read(f)
}

func major(v string) string {
	m, _, _ := strings.Cut(v, ".")
	return m
}
