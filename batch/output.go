package batch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/privaudit/privaudit/report"
)

// Line is what a batch's summary needs of one output line: a site's
// report, or why the site could not be audited.
type Line struct {
	Target string
	// Score, Grade, Pages and GatePassed come from the report; GatePassed
	// is nil when no gate was evaluated.
	Score      float64
	Grade      string
	Pages      int
	GatePassed *bool
	TimedOut   bool
	// Error and ExitCode are set when the site could not be audited.
	Error    string
	ExitCode int
}

// Failed reports whether the site could not be audited.
func (l Line) Failed() bool { return l.Error != "" }

// Status is the site's result in a word: error, failed (its gate) or
// passed.
func (l Line) Status() string {
	switch {
	case l.Failed():
		return "error"
	case l.GatePassed != nil && !*l.GatePassed:
		return "failed"
	}
	return "passed"
}

// ErrorLine is the output line of a site that could not be audited.
type ErrorLine struct {
	Target   string `json:"target"`
	Error    string `json:"error"`
	ExitCode int    `json:"exitCode"`
}

// lineFields are the fields ParseLine reads: those of a report and of an
// ErrorLine.
type lineFields struct {
	Target        string  `json:"target"`
	SchemaVersion string  `json:"schemaVersion"`
	Score         float64 `json:"score"`
	Grade         string  `json:"grade"`
	TimedOut      bool    `json:"timedOut"`
	Crawl         struct {
		Pages int `json:"pages"`
	} `json:"crawl"`
	Gate *struct {
		Passed bool `json:"passed"`
	} `json:"gate"`
	Error    string `json:"error"`
	ExitCode *int   `json:"exitCode"`
}

// ParseLine reads one output line: a JSON object that is either a report
// (it has a schemaVersion) or an ErrorLine, with a target.
func ParseLine(b []byte) (Line, error) {
	var f lineFields
	if err := json.Unmarshal(b, &f); err != nil {
		return Line{}, fmt.Errorf("not a whole JSON object: %w", err)
	}
	if f.Target == "" {
		return Line{}, errors.New("no target")
	}
	l := Line{Target: f.Target}
	switch {
	case f.SchemaVersion != "":
		l.Score, l.Grade, l.Pages, l.TimedOut = f.Score, f.Grade, f.Crawl.Pages, f.TimedOut
		if f.Gate != nil {
			passed := f.Gate.Passed
			l.GatePassed = &passed
		}
	case f.ExitCode != nil && f.Error != "":
		l.Error, l.ExitCode = f.Error, *f.ExitCode
	default:
		return Line{}, errors.New("neither a report nor an error line")
	}
	return l, nil
}

// ReportLine is the summary line of a report.
func ReportLine(target string, r *report.Report) Line {
	l := Line{Target: target, Score: r.Score, Grade: r.Grade, Pages: r.Crawl.Pages, TimedOut: r.TimedOut}
	if r.Gate != nil {
		passed := r.Gate.Passed
		l.GatePassed = &passed
	}
	return l
}

// Output is where a batch writes its lines. Each line is written in one
// write and, for a file, synced before the next, so that a batch stopped
// at any moment leaves only whole lines (but perhaps the one being
// written, which Open drops).
type Output struct {
	mu   sync.Mutex
	w    io.Writer
	file *os.File
}

// NewOutput writes lines to w (standard output: nothing to resume).
func NewOutput(w io.Writer) *Output { return &Output{w: w} }

// Open opens the output file at path for appending, creating it (and its
// directory) when needed, and returns the lines already in it, one per
// target (the first). Whatever is not a whole line of JSON (the line a
// stopped batch was writing) is removed from the file, so that its target
// is audited again.
func Open(path string) (*Output, []Line, error) {
	lines, err := repair(path)
	if err != nil {
		return nil, nil, err
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, nil, fmt.Errorf("output %s: %w", path, err)
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("output: %w", err)
	}
	return &Output{w: f, file: f}, lines, nil
}

// repair reads an existing output file and keeps only its whole lines:
// when the bad lines are all at the end it truncates the file there, else
// it rewrites the file without them.
func repair(path string) ([]Line, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	defer f.Close()
	var (
		lines    []Line
		seen     = map[string]bool{}
		goodEnd  int64 // end of the last whole line
		pos      int64
		badAtEnd = true
		bad      int
	)
	r := bufio.NewReaderSize(f, 64<<10)
	for {
		b, err := r.ReadBytes('\n')
		if len(b) > 0 {
			pos += int64(len(b))
			whole := b[len(b)-1] == '\n'
			l, perr := ParseLine(bytes.TrimSpace(b))
			switch {
			case whole && perr == nil:
				if bad > 0 {
					badAtEnd = false
				}
				goodEnd = pos
				if k := Key(l.Target); !seen[k] {
					seen[k] = true
					lines = append(lines, l)
				}
			case len(bytes.TrimSpace(b)) == 0:
				if bad == 0 {
					goodEnd = pos
				}
			default:
				bad++
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading output %s: %w", path, err)
		}
	}
	if bad == 0 {
		return lines, nil
	}
	if badAtEnd {
		if err := os.Truncate(path, goodEnd); err != nil {
			return nil, fmt.Errorf("output %s: dropping its unfinished line: %w", path, err)
		}
		return lines, nil
	}
	if err := rewrite(path, f); err != nil {
		return nil, err
	}
	return lines, nil
}

// rewrite writes the file again with its whole lines only (a temporary
// file renamed over it).
func rewrite(path string, f *os.File) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("output %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".privaudit-batch-*")
	if err != nil {
		return fmt.Errorf("output %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	r := bufio.NewReaderSize(f, 64<<10)
	for {
		b, rerr := r.ReadBytes('\n')
		if len(b) > 0 && b[len(b)-1] == '\n' {
			if _, err := ParseLine(bytes.TrimSpace(b)); err == nil {
				if _, err := w.Write(b); err != nil {
					tmp.Close()
					return fmt.Errorf("output %s: %w", path, err)
				}
			}
		}
		if rerr != nil {
			break
		}
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("output %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("output %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("output %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("output %s: %w", path, err)
	}
	return nil
}

// Write writes v as one compact JSON line, in one write, then syncs a
// file.
func (o *Output) Write(v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encoding a batch line: %w", err)
	}
	return o.writeRaw(buf.Bytes())
}

// writeRaw writes one whole line (ending in a newline) in one write, then
// syncs a file.
func (o *Output) writeRaw(line []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, err := o.w.Write(line); err != nil {
		return fmt.Errorf("writing a batch line: %w", err)
	}
	if o.file != nil {
		if err := o.file.Sync(); err != nil {
			return fmt.Errorf("syncing the batch output: %w", err)
		}
	}
	return nil
}

// Close closes the output file.
func (o *Output) Close() error {
	if o.file == nil {
		return nil
	}
	if err := o.file.Close(); err != nil {
		return fmt.Errorf("closing the batch output: %w", err)
	}
	return nil
}
