package cli

import (
	"io"
	"os"

	"github.com/mattn/go-isatty"
	"golang.org/x/term"

	"github.com/privaudit/privaudit/report"
)

// terminal returns how to render for w: its width when it is a terminal
// (0 otherwise: a file or a pipe takes whole lines), and whether to use
// colour (a terminal, without --no-color or NO_COLOR).
func terminal(w io.Writer, noColor bool) report.RenderOptions {
	f, ok := w.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) {
		return report.RenderOptions{}
	}
	o := report.RenderOptions{Color: !noColor && os.Getenv("NO_COLOR") == ""}
	if width, _, err := term.GetSize(int(f.Fd())); err == nil && width > 0 {
		o.Width = width
	}
	return o
}
