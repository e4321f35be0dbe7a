package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/zkconn"
	"github.com/zktree/zktree/zksync"
)

func newResolveCmd() *cobra.Command {
	var conn connFlags
	cmd := &cobra.Command{
		Use:   "resolve PATH",
		Short: "Print the real path a path names, following symbolic links",
		Long: `Resolve follows the symbolic links ("name -> target" properties) anywhere
in PATH, as zc.zk's resolve does: "." and ".." are removed from the text
first, a real child shadows a link of the same name, relative targets are
relative to the node holding the link. A missing node or a link loop is an
error naming the paths followed.`,
		Args: cobra.ExactArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			return conn.withConn(cmd, func(ctx context.Context, zk *zkconn.Client) error {
				real, err := zksync.Resolve(ctx, zk, args[0])
				if err != nil {
					return fmt.Errorf("resolve %s: %w", args[0], err)
				}
				_, err = fmt.Fprintln(cmd.OutOrStdout(), real)
				return err
			})
		}),
	}
	conn.register(cmd)
	return cmd
}

func newLnCmd() *cobra.Command {
	var conn connFlags
	cmd := &cobra.Command{
		Use:   "ln TARGET LINKPATH",
		Short: "Make a symbolic link at LINKPATH pointing to TARGET",
		Long: `Ln sets the property "NAME -> TARGET" on the parent of LINKPATH, where
NAME is LINKPATH's last segment (zc.zk's ln(target, source)). A TARGET
ending in "/" gets NAME appended. The target is not checked, but LINKPATH
must not be a node: a real child shadows a link of its name.`,
		Args: cobra.ExactArgs(2),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			return conn.withConn(cmd, func(ctx context.Context, zk *zkconn.Client) error {
				return zksync.Ln(ctx, zk, args[0], args[1])
			})
		}),
	}
	conn.register(cmd)
	return cmd
}
