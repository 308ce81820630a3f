package cli

import (
	"github.com/privaudit/privaudit/internal/pgtest"

	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"testing"
)

// TestMain gives the tests an empty data cache: what update-db downloaded
// on this machine must not change what they see.
//
// With PRIVAUDIT_TEST_CLI=1 the test binary is privaudit itself (its
// arguments after "--"), so that a test can run it as a process and
// signal it.
func TestMain(m *testing.M) {
	if os.Getenv("PRIVAUDIT_TEST_CLI") == "1" {
		args := os.Args[1:]
		for i, a := range args {
			if a == "--" {
				args = args[i+1:]
				break
			}
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := Run(ctx, args, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	dir, err := os.MkdirTemp("", "privaudit-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Setenv("PRIVAUDIT_CACHE", dir)
	code := m.Run()
	pgtest.Stop()
	os.RemoveAll(dir)
	os.Exit(code)
}
