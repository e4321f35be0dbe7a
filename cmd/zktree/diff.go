package main

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/zkconn"
)

func newDiffCmd() *cobra.Command {
	opts := &importOptions{Output: "text"}
	var exitCode bool
	cmd := &cobra.Command{
		Use:   "diff [--zk ADDR] [--trim|--no-trim] [--acl ACL] [--exit-code] FILE [PATH]",
		Short: "Show what importing a .zk file would change in ZooKeeper",
		Long: `Diff plans an import of FILE under PATH (default /) and prints what it
would change, changing nothing: "+ P" for a node it would create, with its
properties; "~ P" for a node whose properties or ACL would change, with the
old lines marked - and the new ones +; "- P" for a node --trim would
delete; then "# …" for the import's other messages, such as extra nodes it
would not trim. It prints nothing when the tree is in line with FILE; with
--exit-code it then exits 0, and 1 when there are changes.`,
		Args: cobra.RangeArgs(1, 2),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if len(args) == 2 {
				opts.Path = args[1]
			}
			opts.In, opts.Out, opts.Err = cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()
			if err := opts.prepare(); err != nil {
				return err
			}
			return opts.conn.withConn(cmd, func(ctx context.Context, zk *zkconn.Client) error {
				p, err := opts.plan(ctx, zk)
				if err != nil {
					return err
				}
				if err := p.WriteDiff(opts.Out); err != nil {
					return err
				}
				if exitCode && len(p.Changes) > 0 {
					return &exitError{code: exitFail}
				}
				return nil
			})
		}),
	}
	opts.register(cmd, false)
	cmd.Flags().BoolVar(&exitCode, "exit-code", false, "exit 1 when the import would change something, 0 when not")
	cmd.Flags().Lookup("path").Hidden = true
	return cmd
}
