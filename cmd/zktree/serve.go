package main

import (
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/zktest"
)

func newServeCmd() *cobra.Command {
	var cfg zktest.Config
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run an embedded ZooKeeper-compatible server for local development",
		Long: `Serve runs a ZooKeeper server in-process, speaking the real client
protocol, until interrupted. The tree lives in memory; with --data it is
kept in DIR and survives a restart (sessions and ephemeral nodes do not).
It is for tests and development, never a replacement for a ZooKeeper
ensemble. --addr HOST listens on port 2181; port 0 picks a free port, and
the first line printed says which.`,
		Args: cobra.NoArgs,
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			cfg.Addr = listenAddr(cfg.Addr)
			s, err := zktest.New(cfg)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "serving ZooKeeper protocol on %s\n", s.Addr())
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			<-ctx.Done()
			return s.Close()
		}),
	}
	cmd.Flags().StringVar(&cfg.Addr, "addr", "127.0.0.1:2181", "address to listen on")
	cmd.Flags().StringVar(&cfg.DataDir, "data", "", "keep the tree in `DIR` across restarts")
	return cmd
}

// listenAddr gives a host without a port ZooKeeper's port 2181, as --zk
// does for a server.
func listenAddr(addr string) string {
	if _, _, err := net.SplitHostPort(addr); err == nil {
		return addr
	}
	return net.JoinHostPort(strings.TrimSuffix(strings.TrimPrefix(addr, "["), "]"), "2181")
}
