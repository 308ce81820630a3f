package report

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func TestOutputPath(t *testing.T) {
	tests := []struct {
		output, format string
		several        bool
		want           string
	}{
		{"", "json", false, ""},
		{"-", "json", false, ""},
		{"", "json", true, ""},
		{"report.out", "json", false, "report.out"},
		{"out/report.json", "sarif", false, "out/report.json"},
		{"out/report.json", "json", true, "out/report.json"},
		{"out/report.json", "sarif", true, "out/report.sarif"},
		{"out/report.json", "table", true, "out/report.txt"},
		{"out/report", "junit", true, "out/report.xml"},
		{"out/report.md", "HTML", true, "out/report.html"},
		{"out/report.v2", "markdown", true, "out/report.v2.md"},
		{"out/report.json.txt", "json", true, "out/report.json.json"},
	}
	for _, tt := range tests {
		if got := OutputPath(tt.output, tt.format, tt.several); got != tt.want {
			t.Errorf("OutputPath(%q, %q, %v) = %q, want %q", tt.output, tt.format, tt.several, got, tt.want)
		}
	}
}

func TestValidateOutput(t *testing.T) {
	tests := []struct {
		name string
		o    OutputOptions
		want string // "" for valid
	}{
		{"default", OutputOptions{}, ""},
		{"one format to stdout", OutputOptions{Formats: []string{"json"}}, ""},
		{"one format to a file", OutputOptions{Formats: []string{"sarif"}, Output: "x.sarif"}, ""},
		{"several to a base", OutputOptions{Formats: []string{"json", "sarif", "html"}, Output: "out/report"}, ""},
		{"any case", OutputOptions{Formats: []string{"JSON"}}, ""},
		{"unknown", OutputOptions{Formats: []string{"json", "pdf"}, Output: "out/report"}, `unknown report format "pdf" (want one of table, json, sarif, junit, markdown, html)`},
		{"twice", OutputOptions{Formats: []string{"json", "json"}, Output: "out/report"}, `format "json" asked for twice`},
		{"twice in another case", OutputOptions{Formats: []string{"json", "Json"}, Output: "out/report"}, `format "Json" asked for twice`},
		{"several to stdout", OutputOptions{Formats: []string{"json", "sarif"}}, ErrSeveralToStdout.Error()},
		{"several to -", OutputOptions{Formats: []string{"json", "sarif"}, Output: "-"}, ErrSeveralToStdout.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateOutput(tt.o)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("error %v, want none", err)
			case tt.want != "" && (err == nil || err.Error() != tt.want):
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// files lists the files under dir, relative to it.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var list []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			list = append(list, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWriteAllStdout(t *testing.T) {
	r := fixtureReport()
	for _, output := range []string{"", "-"} {
		var stdout bytes.Buffer
		if err := WriteAll(&stdout, r, OutputOptions{Formats: []string{"json"}, Output: output}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(stdout.Bytes(), render(t, "json", r)) {
			t.Errorf("output %q: stdout is not the JSON report", output)
		}
	}
	// No format asked for: the default, table.
	var stdout bytes.Buffer
	if err := WriteAll(&stdout, r, OutputOptions{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stdout.Bytes(), render(t, "table", r)) {
		t.Errorf("the default format is not the table:\n%s", stdout.String())
	}
	// ShowSuppressed reaches the table renderer.
	stdout.Reset()
	if err := WriteAll(&stdout, r, OutputOptions{Formats: []string{"table"}, ShowSuppressed: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "Suppressed findings") || strings.Contains(stdout.String(), "--show-suppressed lists them") {
		t.Errorf("ShowSuppressed did not list the suppressed findings:\n%s", stdout.String())
	}
}

func TestWriteAllFiles(t *testing.T) {
	r := fixtureReport()
	t.Run("one format", func(t *testing.T) {
		dir := t.TempDir()
		var stdout bytes.Buffer
		// One format: the file is named as given, in a directory created
		// for it.
		path := filepath.Join(dir, "new", "dir", "privaudit.out")
		if err := WriteAll(&stdout, r, OutputOptions{Formats: []string{"sarif"}, Output: path}); err != nil {
			t.Fatal(err)
		}
		if got := files(t, dir); !slices.Equal(got, []string{"new/dir/privaudit.out"}) {
			t.Errorf("files %q", got)
		}
		if !bytes.Equal(readFile(t, path), render(t, "sarif", r)) {
			t.Error("the file is not the SARIF report")
		}
		if stdout.Len() != 0 {
			t.Errorf("stdout: %q, want nothing", stdout.String())
		}
	})
	t.Run("several formats", func(t *testing.T) {
		dir := t.TempDir()
		var stdout bytes.Buffer
		// "-o out/report.json -f json -f sarif -f table" means the base
		// "out/report".
		formats := []string{"json", "sarif", "table"}
		if err := WriteAll(&stdout, r, OutputOptions{Formats: formats, Output: filepath.Join(dir, "out", "report.json")}); err != nil {
			t.Fatal(err)
		}
		if got := files(t, dir); !slices.Equal(got, []string{"out/report.json", "out/report.sarif", "out/report.txt"}) {
			t.Errorf("files %q", got)
		}
		for _, format := range formats {
			if !bytes.Equal(readFile(t, filepath.Join(dir, "out", "report"+Extension(format))), render(t, format, r)) {
				t.Errorf("%s: the file is not the %s report", format, format)
			}
		}
		if stdout.Len() != 0 {
			t.Errorf("stdout: %q, want nothing", stdout.String())
		}
	})
	t.Run("every format", func(t *testing.T) {
		dir := t.TempDir()
		if err := WriteAll(&bytes.Buffer{}, r, OutputOptions{Formats: Formats, Output: filepath.Join(dir, "privaudit")}); err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, format := range Formats {
			want = append(want, "privaudit"+Extension(format))
		}
		slices.Sort(want)
		if got := files(t, dir); !slices.Equal(got, want) {
			t.Errorf("files %q, want %q", got, want)
		}
	})
}

// failingWriter fails every write.
type failingWriter struct{}

var errWrite = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

// shortWriter takes n bytes, then fails: a device that fills up part of
// the way through a report.
type shortWriter struct{ n int }

func (w *shortWriter) Write(p []byte) (int, error) {
	if len(p) <= w.n {
		w.n -= len(p)
		return len(p), nil
	}
	n := w.n
	w.n = 0
	return n, errWrite
}

func TestWriteAllErrors(t *testing.T) {
	r := fixtureReport()
	// A wrong format writes nothing, not even the formats before it.
	dir := t.TempDir()
	err := WriteAll(&bytes.Buffer{}, r, OutputOptions{Formats: []string{"json", "pdf"}, Output: filepath.Join(dir, "report")})
	if err == nil || !strings.Contains(err.Error(), `unknown report format "pdf"`) {
		t.Errorf("unknown format: error %v", err)
	}
	if err := WriteAll(&bytes.Buffer{}, r, OutputOptions{Formats: []string{"json", "sarif"}}); !errors.Is(err, ErrSeveralToStdout) {
		t.Errorf("several formats to stdout: error %v, want ErrSeveralToStdout", err)
	}
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("files %q written despite the error", got)
	}

	// A directory cannot be made where a file is.
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err = WriteAll(&bytes.Buffer{}, r, OutputOptions{Formats: []string{"json"}, Output: filepath.Join(blocker, "report.json")})
	var pe *fs.PathError
	if err == nil || !strings.HasPrefix(err.Error(), "writing report: ") || !errors.As(err, &pe) {
		t.Errorf("output under a file: error %v, want a wrapped *fs.PathError", err)
	}
	// A file cannot be created where a directory is.
	err = WriteAll(&bytes.Buffer{}, r, OutputOptions{Formats: []string{"json"}, Output: dir})
	if err == nil || !strings.HasPrefix(err.Error(), "writing report: ") || !errors.As(err, &pe) {
		t.Errorf("output on a directory: error %v, want a wrapped *fs.PathError", err)
	}

	// The error of a failing writer reaches the caller, for every format,
	// whether the writer fails at once or part of the way.
	for _, format := range Formats {
		if err := WriteAll(failingWriter{}, r, OutputOptions{Formats: []string{format}}); !errors.Is(err, errWrite) {
			t.Errorf("%s to a failing writer: error %v, want one wrapping %v", format, err, errWrite)
		}
		if err := WriteAll(&shortWriter{n: 100}, r, OutputOptions{Formats: []string{format}, Width: 80}); !errors.Is(err, errWrite) {
			t.Errorf("%s to a writer that fails after 100 bytes: error %v, want one wrapping %v", format, err, errWrite)
		}
	}
}

// TestWriteAllFullDevice writes every format to /dev/full (-o /dev/full):
// each must fail with the device's error, not succeed quietly.
func TestWriteAllFullDevice(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this system")
	}
	for _, format := range Formats {
		err := WriteAll(&bytes.Buffer{}, fixtureReport(), OutputOptions{Formats: []string{format}, Output: "/dev/full"})
		if !errors.Is(err, syscall.ENOSPC) {
			t.Errorf("%s to /dev/full: error %v, want ENOSPC", format, err)
		}
	}
}

// TestWriteAllWidthAndColor: Width and Color reach the table on stdout;
// a file gets neither.
func TestWriteAllWidthAndColor(t *testing.T) {
	r := fixtureReport()
	var stdout bytes.Buffer
	if err := WriteAll(&stdout, r, OutputOptions{Width: 80, Color: true}); err != nil {
		t.Fatal(err)
	}
	if want := renderTable(t, TableRenderer{Width: 80, Color: true}, r); stdout.String() != want {
		t.Errorf("stdout is not the table at 80 columns in colour:\n%s", stdout.String())
	}
	dir := t.TempDir()
	if err := WriteAll(&stdout, r, OutputOptions{Formats: []string{"table", "json"}, Output: filepath.Join(dir, "report"), Width: 80, Color: true}); err != nil {
		t.Fatal(err)
	}
	if got := string(readFile(t, filepath.Join(dir, "report.txt"))); got != renderTable(t, TableRenderer{}, r) {
		t.Errorf("the file has colours or a width:\n%s", got)
	}
}
