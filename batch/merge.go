package batch

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// Exit codes of a batch (the same as privaudit audit's for one site).
const (
	ExitOK   = 0
	ExitGate = 1
	ExitSite = 3
)

// ExitCode is a batch's exit code from its lines: ExitSite when any site
// could not be audited, else ExitGate when any site failed its gate, else
// ExitOK.
func ExitCode(lines []Line) int {
	code := ExitOK
	for _, l := range lines {
		switch l.Status() {
		case "error":
			return ExitSite
		case "failed":
			code = ExitGate
		}
	}
	return code
}

// Merge copies the whole lines of the shard files into out, each target
// once (the first line found for it, in the order of the files), and
// returns them. A line that is not whole JSON (a shard stopped while
// writing it) is left out and counted in dropped.
func Merge(files []string, out *Output) (lines []Line, dropped int, err error) {
	seen := map[string]bool{}
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return lines, dropped, fmt.Errorf("merge: %w", err)
		}
		r := bufio.NewReaderSize(f, 64<<10)
		for {
			b, rerr := r.ReadBytes('\n')
			if trimmed := bytes.TrimSpace(b); len(trimmed) > 0 {
				l, perr := ParseLine(trimmed)
				switch {
				case perr != nil || b[len(b)-1] != '\n':
					dropped++
				case !seen[Key(l.Target)]:
					seen[Key(l.Target)] = true
					if err := out.writeRaw(append(trimmed, '\n')); err != nil {
						f.Close()
						return lines, dropped, err
					}
					lines = append(lines, l)
				}
			}
			if errors.Is(rerr, io.EOF) {
				break
			}
			if rerr != nil {
				f.Close()
				return lines, dropped, fmt.Errorf("merge: reading %s: %w", path, rerr)
			}
		}
		f.Close()
	}
	return lines, dropped, nil
}
