package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/zkconn"
	"github.com/zktree/zktree/zksync"
)

type walkOptions struct {
	conn      connFlags
	Path      string
	Ephemeral bool
	Children  bool

	Out io.Writer
}

func newWalkCmd() *cobra.Command {
	opts := &walkOptions{}
	cmd := &cobra.Command{
		Use:   "walk [--ephemeral=false] [--children] [PATH]",
		Short: "Print the paths of a ZooKeeper subtree",
		Long: `Walk prints PATH (default /) and every node below it, one path a line,
depth first with children in name order; /zookeeper is included. With
--ephemeral=false ephemeral nodes are left out, and with --children each
line also lists the node's children as "PATH [C1 C2]"; unlike zc.zk's walk,
both flags apply at every level. A missing PATH is an error (the library's
zksync.Walk, like zc.zk's walk, yields nothing for it).`,
		Args: cobra.MaximumNArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Path = "/"
			if len(args) == 1 {
				opts.Path = args[0]
			}
			opts.Out = cmd.OutOrStdout()
			return opts.conn.withConn(cmd, opts.run)
		}),
	}
	opts.conn.register(cmd)
	cmd.Flags().BoolVar(&opts.Ephemeral, "ephemeral", true, "include ephemeral nodes")
	cmd.Flags().BoolVar(&opts.Children, "children", false, "list each node's children")
	return cmd
}

func (opts *walkOptions) run(ctx context.Context, zk *zkconn.Client) error {
	printed := 0
	err := zksync.Walk(ctx, zk, opts.Path, zksync.WalkOptions{Ephemeral: opts.Ephemeral}, func(p string, children []string) error {
		printed++
		var err error
		if opts.Children {
			_, err = fmt.Fprintf(opts.Out, "%s [%s]\n", p, strings.Join(children, " "))
		} else {
			_, err = fmt.Fprintln(opts.Out, p)
		}
		return err
	})
	if err == nil && printed == 0 {
		// Nothing printed: PATH is missing, or an ephemeral node left out.
		// A mistyped PATH must not look like an empty tree.
		st, serr := zk.Exists(ctx, opts.Path)
		if serr == nil && st == nil {
			return &zkconn.Error{Op: "walk", Path: opts.Path, Err: zkconn.ErrNoNode}
		}
		err = serr
	}
	return err
}
