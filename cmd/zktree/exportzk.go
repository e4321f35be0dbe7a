package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

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
		out, commit := opts.Out, func(err error) error { return err }
		if opts.zk.Output != "" {
			var err error
			if out, commit, err = createOutput(opts.zk.Output); err != nil {
				return err
			}
		}
		bar := newProgress(opts.Err, "exporting", -1)
		_, err := zksync.Export(ctx, zk, out, path, zksync.ExportOptions{
			Ephemeral: opts.zk.Ephemeral, Name: opts.Name, Compat: opts.Compat == compatZcZk,
			Progress: bar.set,
		})
		bar.done()
		return commit(missingRoot(err, "export", path))
	})
}

// createOutput opens a file to write an export to. The export goes to a
// temporary file beside it, which commit renames into place when the export
// succeeded and removes when it failed, so a failed export leaves an
// existing file as it was. A name that is a symbolic link or not a regular
// file (/dev/stdout, a pipe) is written directly.
func createOutput(name string) (w io.Writer, commit func(error) error, err error) {
	perm := os.FileMode(0o644)
	if st, err := os.Lstat(name); err == nil {
		if !st.Mode().IsRegular() {
			f, err := os.OpenFile(name, os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				return nil, nil, err
			}
			return f, func(err error) error { return errors.Join(err, f.Close()) }, nil
		}
		perm = st.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, nil, fmt.Errorf("create %s: %w", name, err)
	}
	return f, func(err error) error {
		if err == nil {
			err = f.Chmod(perm)
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(f.Name(), name)
		}
		if err != nil {
			os.Remove(f.Name())
		}
		return err
	}, nil
}
