package report

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// OutputOptions say which formats of a report to write, and where.
type OutputOptions struct {
	// Formats are the formats to write (none: the default, Formats[0]).
	Formats []string
	// Output is the file to write to, or with several formats the base
	// name to which each format adds its extension; "" or "-" is stdout,
	// for one format only.
	Output string
	// ShowSuppressed lists the findings the ignore file suppressed (table).
	ShowSuppressed bool
	// Width is the width of the terminal in columns (0: no limit), and
	// Color asks for ANSI colours (see RenderOptions). Both apply to the
	// report written to stdout only: a file gets neither.
	Width int
	Color bool
}

// ErrSeveralToStdout is the error of several formats without an output
// base name: only one format can go to stdout.
var ErrSeveralToStdout = errors.New("several formats need --output BASE (each format adds its extension)")

// ValidateOutput checks the options before a report exists: every format
// is known, none is asked for twice, and several formats have an output
// base name.
func ValidateOutput(o OutputOptions) error {
	seen := map[string]bool{}
	for _, format := range o.Formats {
		if _, err := RendererFor(format); err != nil {
			return err
		}
		if seen[normalize(format)] {
			return fmt.Errorf("format %q asked for twice", format)
		}
		seen[normalize(format)] = true
	}
	if len(o.Formats) > 1 && toStdout(o.Output) {
		return ErrSeveralToStdout
	}
	return nil
}

// OutputPath returns the file a format's report is written to: output
// itself for one format, and for several the base name of output (output
// without a format's extension: "out/report.json" is "out/report") with the
// format's extension. It returns "" for stdout (output "" or "-").
func OutputPath(output, format string, several bool) string {
	if toStdout(output) {
		return ""
	}
	if !several {
		return output
	}
	base := output
	for _, f := range registry {
		if trimmed, ok := strings.CutSuffix(output, f.Extension); ok {
			base = trimmed
			break
		}
	}
	return base + Extension(format)
}

// WriteAll writes a report in every format o asks for: to stdout for one
// format without an output file (with o's Width and Color), else to files
// (see OutputPath), creating their directory. It checks o with ValidateOutput first, so that a wrong
// format writes nothing. Errors of the file system are wrapped with
// "writing report"; a renderer's error says itself what it was writing.
func WriteAll(stdout io.Writer, r *Report, o OutputOptions) error {
	if err := ValidateOutput(o); err != nil {
		return err
	}
	formats := o.Formats
	if len(formats) == 0 {
		formats = Formats[:1]
	}
	for _, format := range formats {
		path := OutputPath(o.Output, format, len(formats) > 1)
		ro := RenderOptions{ShowSuppressed: o.ShowSuppressed}
		if path == "" {
			ro.Width, ro.Color = o.Width, o.Color
		}
		rd, err := newRenderer(format, ro)
		if err != nil {
			return err
		}
		if path == "" {
			err = rd.Render(stdout, r)
		} else {
			err = writeFile(path, rd, r)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// writeFile renders r into the file at path, creating its directory.
func writeFile(path string, rd Renderer, r *Report) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	if err := rd.Render(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	return nil
}

// toStdout reports whether output names stdout.
func toStdout(output string) bool {
	return output == "" || output == "-"
}
