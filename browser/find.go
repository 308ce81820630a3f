package browser

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// ErrNoChrome means no Chromium binary was found. Its message says how to
// get one, so that the CLI can print it as it is.
var ErrNoChrome = errors.New("no Chromium found: install it (Debian/Ubuntu: apt-get install chromium) or give its path with --chrome PATH or CHROME_PATH")

// chromeNames are the program names Find looks for on PATH, in order.
var chromeNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell", "headless_shell"}

// Find resolves the Chromium binary to run. A path that is not empty is
// used as it is (a name is looked up on PATH); an empty path takes
// $CHROME_PATH, then the first of chromium, chromium-browser,
// google-chrome(-stable) and headless-shell found on PATH. An error wraps
// ErrNoChrome.
func Find(path string) (string, error) {
	if path != "" {
		p, err := exec.LookPath(path)
		if err != nil {
			return "", fmt.Errorf("%s: %w", path, ErrNoChrome)
		}
		return p, nil
	}
	if env := os.Getenv("CHROME_PATH"); env != "" {
		p, err := exec.LookPath(env)
		if err != nil {
			return "", fmt.Errorf("CHROME_PATH=%s: %w", env, ErrNoChrome)
		}
		return p, nil
	}
	for _, name := range chromeNames {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChrome
}
