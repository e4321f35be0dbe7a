package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/zktest"
)

func newServeCmd() *cobra.Command {
	var cfg zktest.Config
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run an embedded ZooKeeper-compatible server for local development",
		Long: "serve runs a ZooKeeper server in-process, speaking the real client protocol,\n" +
			"until interrupted. The tree lives in memory; with --data it is kept in DIR\n" +
			"and survives a restart (sessions and ephemeral nodes do not). It is for\n" +
			"tests and development, never a replacement for a ZooKeeper ensemble.",
		Args: cobra.NoArgs,
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
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
