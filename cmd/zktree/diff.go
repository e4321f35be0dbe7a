package main

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/zkconn"
)

func newDiffCmd() *cobra.Command {
	opts := &importOptions{Output: "text"}
	cmd := &cobra.Command{
		Use:   "diff [--zk ADDR] [--trim|--no-trim] [--acl ACL] FILE [PATH]",
		Short: "Show what importing a .zk file would change in ZooKeeper",
		Long: `Diff plans an import of FILE under PATH (default /) and prints what it
would change, changing nothing: "+ P" for a node it would create, with its
properties; "~ P" for a node whose properties or ACL would change, with the
old lines marked - and the new ones +; "- P" for a node --trim would
delete; then "# …" for the import's other messages, such as extra nodes it
would not trim.`,
		Args: cobra.RangeArgs(1, 2),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if len(args) == 2 {
				opts.Path = args[1]
			}
			opts.In, opts.Out, opts.Err = cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()
			return opts.conn.withConn(cmd, func(ctx context.Context, zk *zkconn.Client) error {
				p, err := opts.plan(ctx, zk)
				if err != nil {
					return err
				}
				return p.WriteDiff(opts.Out)
			})
		}),
	}
	opts.register(cmd, false)
	cmd.Flags().Lookup("path").Hidden = true
	return cmd
}
