package main

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/zkconn"
	"github.com/zktree/zktree/zksync"
)

func newTreeCmd() *cobra.Command {
	var conn connFlags
	var compat string
	cmd := &cobra.Command{
		Use:   "tree [PATH]",
		Short: "Print a ZooKeeper subtree, ephemeral nodes included",
		Long: `Tree prints the subtree at PATH (default /) in the export layout with
ephemeral nodes included, like zc.zk's print_tree.`,
		Args: cobra.MaximumNArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			if compat != "" && compat != compatZcZk {
				return usageErrorf("unknown --compat %q (the one choice is %q)", compat, compatZcZk)
			}
			path := "/"
			if len(args) == 1 {
				path = args[0]
			}
			return conn.withConn(cmd, func(ctx context.Context, zk *zkconn.Client) error {
				_, err := zksync.Export(ctx, zk, cmd.OutOrStdout(), path, zksync.ExportOptions{Ephemeral: true, Compat: compat == compatZcZk})
				return missingRoot(err, "tree", path)
			})
		}),
	}
	conn.register(cmd)
	cmd.Flags().StringVar(&compat, "compat", "", `render values as "zc.zk" 2.1 does`)
	return cmd
}
