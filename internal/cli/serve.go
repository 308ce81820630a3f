package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/privaudit/privaudit/serve"
)

// TokenEnv names the environment variable that gives serve's token when
// --token is not given.
const TokenEnv = "PRIVAUDIT_TOKEN"

func newServeCommand() *cobra.Command {
	var dsn, configPath, addr, token string
	var quiet bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the history store as a read-only web interface",
		Long: "serve shows the history store in a browser: the sites with their latest score and a sparkline; per site, the score and each check's score over time, the audits with their gate, the findings, cookies and third parties that came and went, and the policy versions with their diffs; and each audit's full report. It is read-only, makes no external requests, and binds to loopback by default. " +
			"On any other address it requires --token (or $" + TokenEnv + "); whenever a token is set, every request must carry it as `Authorization: Bearer TOKEN`, or once as ?token=TOKEN, which sets a session cookie.",
		Example: `  privaudit serve --store privaudit.db
  PRIVAUDIT_TOKEN=s3cret privaudit serve --store postgres://privaudit@db/privaudit --addr 0.0.0.0:8080`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 0 {
				return usageError(fmt.Errorf("serve takes no arguments (got %d): give the store with --store", len(args)))
			}
			if !cmd.Flags().Changed("token") {
				token = os.Getenv(TokenEnv)
			}
			if err := serve.CheckAddr(addr, token); err != nil {
				return usageError(err)
			}
			st, err := requireStore(cmd, dsn, configPath, true)
			if err != nil {
				return err
			}
			defer st.Close()
			logf := func(format string, args ...any) {
				if !quiet {
					fmt.Fprintf(cmd.ErrOrStderr(), "privaudit: "+format+"\n", args...)
				}
			}
			h, err := serve.New(st, serve.Options{Token: token, Log: logf})
			if err != nil {
				return usageError(err)
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return usageError(fmt.Errorf("--addr: %w", err))
			}
			srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
				WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute}
			url := "http://" + ln.Addr().String() + "/"
			if token != "" {
				logf("serving %s on %s (token required)", st.Redacted(), url)
			} else {
				logf("serving %s on %s", st.Redacted(), url)
			}
			errc := make(chan error, 1)
			go func() { errc <- srv.Serve(ln) }()
			select {
			case err := <-errc:
				if !errors.Is(err, http.ErrServerClosed) {
					return &ExitError{Code: ExitSite, Err: fmt.Errorf("serving: %w", err)}
				}
				return nil
			case <-cmd.Context().Done():
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				_ = srv.Shutdown(ctx)
				logf("stopped")
				return nil
			}
		},
	}
	registerStoreFlags(cmd.Flags(), &dsn, &configPath)
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on (host:port); an address other than loopback needs --token")
	cmd.Flags().StringVar(&token, "token", "", "token every request must carry (default: $"+TokenEnv+")")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing on stderr but errors")
	return cmd
}
