package main

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/zkconn"
	"github.com/zktree/zktree/zksync"
)

type deleteOptions struct {
	conn      connFlags
	Path      string
	Recursive bool
	Force     bool
	DryRun    bool
	Output    string

	Out, Err io.Writer
}

func newDeleteCmd() *cobra.Command {
	opts := &deleteOptions{}
	cmd := &cobra.Command{
		Use:   "delete [-r] [--force] [--dry-run] PATH",
		Short: "Delete a ZooKeeper node, or a subtree with -r",
		Long: `Delete deletes the node at PATH, which must have no children unless -r is
given. With -r the subtree is deleted children first. Ephemeral nodes (and
so their ancestors) are kept unless --force, with zc.zk's messages:
"Not deleting P because it's ephemeral." and "P not deleted due to
ephemeral descendent.". --dry-run prints "would delete P." for each node
instead and deletes nothing. Deletes are version-checked and batched.`,
		Args: cobra.ExactArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Path = args[0]
			opts.Out, opts.Err = cmd.OutOrStdout(), cmd.ErrOrStderr()
			return opts.conn.withConn(cmd, opts.run)
		}),
	}
	opts.conn.register(cmd)
	f := cmd.Flags()
	f.BoolVarP(&opts.Recursive, "recursive", "r", false, "delete the whole subtree")
	f.BoolVarP(&opts.Force, "force", "f", false, "delete ephemeral nodes too")
	f.BoolVarP(&opts.DryRun, "dry-run", "d", false, "print what would be deleted and delete nothing")
	f.StringVarP(&opts.Output, "output", "O", "text", `"text" (zc.zk's messages) or "json" (the plan)`)
	return cmd
}

func (opts *deleteOptions) run(ctx context.Context, zk *zkconn.Client) error {
	if opts.Output != "text" && opts.Output != "json" {
		return usageErrorf(`unknown --output %q (want "text" or "json")`, opts.Output)
	}
	st, err := zk.Exists(ctx, opts.Path)
	switch {
	case err != nil:
		return err
	case st == nil:
		return &zkconn.Error{Op: "delete", Path: opts.Path, Err: zkconn.ErrNoNode}
	case st.NumChildren > 0 && !opts.Recursive:
		return fmt.Errorf("delete %s: the node has children (%d); use -r to delete the subtree", opts.Path, st.NumChildren)
	}
	dopts := zksync.DeleteOptions{DryRun: opts.DryRun, Force: opts.Force}
	if !opts.DryRun && opts.Output == "text" {
		bar := newProgress(opts.Err, "deleting", -1)
		var mu sync.Mutex
		dopts.Progress = func(n int) { mu.Lock(); bar.set(n); mu.Unlock() }
		_, err := zksync.DeleteTree(ctx, zk, opts.Path, dopts, func(m string) { fmt.Fprintln(opts.Out, m) })
		bar.done()
		return reportApplyError(opts.Err, err)
	}
	p, err := zksync.PlanDelete(ctx, zk, opts.Path, dopts)
	if err != nil {
		return err
	}
	if opts.Output == "json" {
		err = p.WriteJSON(opts.Out)
	} else {
		for _, m := range p.Messages {
			fmt.Fprintln(opts.Out, m)
		}
	}
	if err != nil || opts.DryRun {
		return err
	}
	return applyPlan(ctx, zk, p, zksync.ApplyOptions{}, opts.Err)
}
