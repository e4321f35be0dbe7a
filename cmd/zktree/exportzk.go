package main

import (
	"context"
	"os"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/zkconn"
	"github.com/zktree/zktree/zksync"
)

// zkExportOptions are the options of export from ZooKeeper.
type zkExportOptions struct {
	conn      connFlags
	Ephemeral bool
	Output    string
}

func (z *zkExportOptions) register(cmd *cobra.Command) {
	z.conn.register(cmd)
	f := cmd.Flags()
	f.BoolVarP(&z.Ephemeral, "ephemeral", "e", false, "include ephemeral nodes")
	f.StringVarP(&z.Output, "output", "o", "", "write the export to this file instead of standard output")
}

// exportZK exports the ZooKeeper tree at args[0] (default /).
func (opts *exportOptions) exportZK(cmd *cobra.Command, args []string) error {
	if opts.Compat != "" && opts.Compat != compatZcZk {
		return usageErrorf("unknown --compat %q (the one choice is %q)", opts.Compat, compatZcZk)
	}
	path := "/"
	if len(args) == 1 {
		path = args[0]
	}
	return opts.zk.conn.withConn(cmd, func(ctx context.Context, zk *zkconn.Client) error {
		out := opts.Out
		if opts.zk.Output != "" {
			f, err := os.Create(opts.zk.Output)
			if err != nil {
				return err
			}
			defer f.Close()
			out = f
		}
		bar := newProgress(opts.Err, "exporting", -1)
		_, err := zksync.Export(ctx, zk, out, path, zksync.ExportOptions{
			Ephemeral: opts.zk.Ephemeral, Name: opts.Name, Compat: opts.Compat == compatZcZk,
			Progress: bar.set,
		})
		bar.done()
		if f, ok := out.(*os.File); ok && opts.zk.Output != "" && err == nil {
			err = f.Close()
		}
		return err
	})
}
