package datadb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/version"
)

// ErrUnknownDatabase is returned by Update for a name it does not know.
var ErrUnknownDatabase = errors.New("unknown database")

// ErrInvalidSource is returned by Update for a mirror URL it cannot use.
var ErrInvalidSource = errors.New("invalid mirror URL")

// maxSize is MaxSize; tests lower it.
var maxSize int64 = MaxSize

// partWorkers is how many rule files are fetched at once.
const partWorkers = 4

// Status says what Update did with one database.
type Status struct {
	// Name is the database's name; Path its cached copy.
	Name string
	Path string
	// Meta describes the cached copy after the update: the new one, or the
	// one kept when the update failed (zero when there is none).
	Meta Meta
	// Updated is set when a new copy replaced the cache; UpToDate when the
	// server said the cached copy is current.
	Updated  bool
	UpToDate bool
	// Err says why the database could not be updated; Kept is then set
	// when a previous copy stays in the cache.
	Err  error
	Kept bool
}

// String describes the status in one line: the database's name, what was
// done, its entries, size and date, and where it came from. A failure's
// reason is in Err, not in the line.
func (s Status) String() string {
	m := s.Meta
	switch {
	case s.Err != nil && s.Kept:
		return fmt.Sprintf("%s: not updated; kept the copy fetched %s from %s", s.Name, date(m.FetchedAt), m.URL)
	case s.Err != nil:
		return s.Name + ": not updated; no copy in the cache"
	}
	state := "updated"
	if s.UpToDate {
		state = "up to date"
	}
	entries := textutil.Plural(m.Entries, "cookie", "cookies")
	if db, _ := Find(s.Name); db.kind == kindRulesList {
		entries = textutil.Plural(m.Entries, "rule", "rules") + " from " + textutil.Plural(m.Parts, "file", "files")
	}
	return fmt.Sprintf("%s: %s, %s, %s, fetched %s from %s", s.Name, state, entries, byteSize(m.Size), date(m.FetchedAt), m.URL)
}

func date(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// byteSize writes a size in bytes, KiB or MiB.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return textutil.Plural(int(n), "byte", "bytes")
}

// Update downloads the databases (all of them, or only those names) into
// dir (CacheDir when empty) and returns what it did with each, in the
// order of Databases. source, when set, is a mirror's base URL that
// replaces each database's published base (Database.Base); the paths under
// it stay the same. client nil uses a client with a 5-minute timeout.
//
// Each download is validated before it replaces the cached copy, by a
// rename, so that a reader never sees half a file; its sidecar
// (MetaSuffix) records the URL, time, size, SHA-256 and the ETag and
// Last-Modified headers. A database that fails (an error status, a body
// over MaxSize, a file that does not validate, ctx done) keeps its
// previous copy, and the others are still updated.
//
// Update returns an error without statuses for an unknown name
// (ErrUnknownDatabase), a bad source (ErrInvalidSource) or a cache
// directory it cannot create; otherwise the statuses, and, when databases
// failed, an error that joins theirs (errors.Is sees through it).
func Update(ctx context.Context, client *http.Client, dir string, names []string, source string) ([]Status, error) {
	dbs, err := selectDatabases(names)
	if err != nil {
		return nil, err
	}
	if source != "" {
		if source, err = checkSource(source); err != nil {
			return nil, err
		}
	}
	if dir == "" {
		if dir, err = CacheDir(); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating the cache directory: %w", err)
	}
	if client == nil {
		client = &http.Client{Timeout: 5 * time.Minute}
	}
	u := &updater{ctx: ctx, client: client, dir: dir, source: source}
	var statuses []Status
	var errs []error
	for _, db := range dbs {
		st := u.update(db)
		statuses = append(statuses, st)
		if st.Err != nil {
			errs = append(errs, st.Err)
		}
	}
	if len(errs) > 0 {
		return statuses, joinedError(errs)
	}
	return statuses, nil
}

// joinedError is the failures of several databases, in one line.
type joinedError []error

// Error joins the messages with "; ".
func (e joinedError) Error() string {
	msgs := make([]string, len(e))
	for i, err := range e {
		msgs[i] = err.Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap returns the failures, for errors.Is and errors.As.
func (e joinedError) Unwrap() []error { return e }

// selectDatabases returns the databases named (all when none is), in
// table order.
func selectDatabases(names []string) ([]Database, error) {
	if len(names) == 0 {
		return Databases(), nil
	}
	for _, n := range names {
		if _, ok := Find(n); !ok {
			return nil, fmt.Errorf("%w %q (known: %s)", ErrUnknownDatabase, n, strings.Join(Names(), ", "))
		}
	}
	var out []Database
	for _, db := range databases {
		if slices.Contains(names, db.Name) {
			out = append(out, db)
		}
	}
	return out, nil
}

// checkSource validates a mirror URL and returns it with one trailing
// slash, ready for a path to be appended.
func checkSource(source string) (string, error) {
	u, err := url.Parse(source)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%w %q: give an http:// or https:// URL of a directory (the file names are appended)", ErrInvalidSource, source)
	}
	return strings.TrimRight(source, "/") + "/", nil
}

// updater holds what one Update uses.
type updater struct {
	ctx    context.Context
	client *http.Client
	dir    string
	source string
}

// download is a database's new content, or the server's word that the
// cached copy is current.
type download struct {
	url           string
	body          []byte
	etag, lastMod string
	parts         int
	notModified   bool
}

// location returns the URL of the published file at path under db's base,
// or under the mirror's.
func (u *updater) location(db Database, path string) string {
	if u.source != "" {
		return u.source + path
	}
	return db.Base + path
}

func (u *updater) update(db Database) Status {
	st := Status{Name: db.Name, Path: filepath.Join(u.dir, db.File)}
	old, oldErr := Describe(st.Path)
	hasOld := oldErr == nil && old.Name == db.Name
	if hasOld {
		st.Meta = old
	}
	fail := func(err error) Status {
		st.Err = fmt.Errorf("%s: %w", db.Name, err)
		st.Kept = hasOld
		return st
	}
	if err := u.ctx.Err(); err != nil {
		return fail(err)
	}
	var d download
	var err error
	switch db.kind {
	case kindRulesList:
		d, err = u.fetchRules(db)
	default:
		var cond *Meta
		if hasOld {
			cond = &old
		}
		d, err = u.fetchFile(db, cond)
	}
	if err != nil {
		return fail(err)
	}
	now := time.Now().UTC()
	if d.notModified {
		old.CheckedAt = now
		if err := writeMeta(st.Path, old); err != nil {
			return fail(err)
		}
		st.Meta, st.UpToDate = old, true
		return st
	}
	entries, err := db.Validate(d.body)
	if err != nil {
		return fail(fmt.Errorf("%s is not a valid %s file: %w", d.url, db.Title, err))
	}
	meta := Meta{
		Name: db.Name, Title: db.Title, URL: d.url, Published: db.URL(), License: db.License,
		FetchedAt: now, Size: int64(len(d.body)), SHA256: sum(d.body),
		ETag: d.etag, LastModified: d.lastMod, Entries: entries, Parts: d.parts,
	}
	if err := writeAtomic(st.Path, d.body); err != nil {
		return fail(err)
	}
	if err := writeMeta(st.Path, meta); err != nil {
		// The data file was replaced: the old copy is gone.
		hasOld = false
		return fail(err)
	}
	st.Meta, st.Updated = meta, true
	return st
}

// fetchFile downloads a single-file database. With the metadata of a copy
// fetched from the same URL, the request is conditional.
func (u *updater) fetchFile(db Database, old *Meta) (download, error) {
	loc := u.location(db, db.Path)
	h := http.Header{}
	if old != nil && old.URL == loc {
		if old.ETag != "" {
			h.Set("If-None-Match", old.ETag)
		}
		if old.LastModified != "" {
			h.Set("If-Modified-Since", old.LastModified)
		}
	}
	r, err := u.get(u.ctx, loc, h, maxSize)
	if err != nil {
		return download{}, err
	}
	return download{url: loc, body: r.body, etag: r.etag, lastMod: r.lastMod, notModified: r.notModified}, nil
}

// fetchRules downloads a rules list and every rule file it references,
// and merges them.
func (u *updater) fetchRules(db Database) (download, error) {
	loc := u.location(db, db.Path)
	list, err := u.get(u.ctx, loc, nil, maxSize)
	if err != nil {
		return download{}, err
	}
	refs, err := parseRulesList(list.body)
	if err != nil {
		return download{}, fmt.Errorf("%s: %w", loc, err)
	}
	base, _ := url.Parse(loc)
	urls := make([]string, len(refs))
	for i, ref := range refs {
		if urls[i], err = u.ruleURL(db, base, ref); err != nil {
			return download{}, fmt.Errorf("%s: %w", loc, err)
		}
	}
	parts, err := u.getAll(urls)
	if err != nil {
		return download{}, err
	}
	merged, err := mergeRules(parts, urls)
	if err != nil {
		return download{}, err
	}
	if int64(len(merged)) > maxSize {
		return download{}, tooLarge(loc)
	}
	return download{url: loc, body: merged, etag: list.etag, lastMod: list.lastMod, parts: len(parts)}, nil
}

// ruleURL resolves a rules list's reference. From a mirror, a reference
// under the published base is fetched from the mirror at the same path; one
// elsewhere is refused (the mirror is there because the published location
// cannot be reached).
func (u *updater) ruleURL(db Database, list *url.URL, ref string) (string, error) {
	r, err := list.Parse(ref)
	if err != nil || (r.Scheme != "http" && r.Scheme != "https") {
		return "", fmt.Errorf("reference %q is not an http(s) URL", ref)
	}
	abs := r.String()
	if u.source == "" {
		return abs, nil
	}
	if rel, ok := strings.CutPrefix(abs, db.Base); ok {
		return u.source + rel, nil
	}
	if strings.HasPrefix(abs, u.source) {
		return abs, nil
	}
	return "", fmt.Errorf("reference %s is outside %s: the mirror cannot serve it", abs, db.Base)
}

// getAll downloads urls, a few at a time, within MaxSize in all; the first
// failure stops the others.
func (u *updater) getAll(urls []string) ([][]byte, error) {
	ctx, cancel := context.WithCancel(u.ctx)
	defer cancel()
	bodies := make([][]byte, len(urls))
	errs := make([]error, len(urls))
	var total atomic.Int64
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(partWorkers, len(urls)) {
		wg.Go(func() {
			for i := range jobs {
				r, err := u.get(ctx, urls[i], nil, maxSize)
				if err == nil && total.Add(int64(len(r.body))) > maxSize {
					err = tooLarge(urls[i])
				}
				if err != nil {
					errs[i] = err
					cancel()
					continue
				}
				bodies[i] = r.body
			}
		})
	}
feed:
	for i := range urls {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := u.ctx.Err(); err != nil {
		return nil, err
	}
	// The first failure, not the cancellations it caused.
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return nil, err
		}
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return bodies, nil
}

// response is a downloaded body and its validators.
type response struct {
	body          []byte
	etag, lastMod string
	notModified   bool
}

func tooLarge(loc string) error {
	return fmt.Errorf("GET %s: larger than the limit of %s", loc, byteSize(maxSize))
}

// get downloads loc, at most limit bytes. A 304 answers a conditional
// request (h has If-None-Match or If-Modified-Since).
func (u *updater) get(ctx context.Context, loc string, h http.Header, limit int64) (response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, loc, nil)
	if err != nil {
		return response{}, fmt.Errorf("GET %s: %w", loc, err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", version.UserAgent())
	resp, err := u.client.Do(req)
	if err != nil {
		return response{}, err // a *url.Error: it names the method and URL
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified && len(h) > 0 {
		return response{notModified: true}, nil
	}
	if resp.StatusCode != http.StatusOK {
		return response{}, fmt.Errorf("GET %s: %s", loc, resp.Status)
	}
	if resp.ContentLength > limit {
		return response{}, tooLarge(loc)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return response{}, fmt.Errorf("GET %s: reading the body: %w", loc, err)
	}
	if int64(len(body)) > limit {
		return response{}, tooLarge(loc)
	}
	return response{body: body, etag: resp.Header.Get("ETag"), lastMod: resp.Header.Get("Last-Modified")}, nil
}

// writeMeta writes the sidecar of the cached file at path.
func writeMeta(path string, m Meta) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the metadata of %s: %w", path, err)
	}
	return writeAtomic(path+MetaSuffix, append(b, '\n'))
}

// writeAtomic replaces the file at path with b: it writes a temporary file
// in the same directory, flushes it to disk and renames it over path, so
// that a reader sees the old file or the new one, never a part.
func writeAtomic(path string, b []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("writing %s: %w", path, err)
		}
	}()
	if _, err := f.Write(b); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
