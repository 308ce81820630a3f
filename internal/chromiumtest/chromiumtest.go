// Package chromiumtest holds what the tests that drive headless Chromium
// directly (chromedp, outside package browser) share: the allocator's
// options for a closed, quiet, root-safe browser.
package chromiumtest

import (
	"path/filepath"

	"github.com/chromedp/chromedp"
)

// Options are the allocator options of a test's Chromium at bin, with its
// profile under dir: headless, no sandbox (tests run as root in CI
// containers), and none of the background connections that a closed
// network refuses.
func Options(bin, dir string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.DisableGPU,
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("hide-scrollbars", true),
	}
}
