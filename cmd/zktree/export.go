package main

import (
	"io"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/lang"
	"github.com/zktree/zktree/nodedata"
)

// compatZcZk is the value of --compat that renders values as zc.zk 2.1.
const compatZcZk = "zc.zk"

type exportOptions struct {
	File   string // the tree file, "-" for standard input; "": export from ZooKeeper
	zk     zkExportOptions
	Compat string // "" or "zc.zk"
	Name   string // name of a node that holds the whole tree

	In       io.Reader
	Out, Err io.Writer
}

func newExportCmd() *cobra.Command {
	opts := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "export [--zk ADDR] [-e] [--name N] [--compat zc.zk] [-o FILE] [PATH] | export --file FILE [--name N] [--compat zc.zk]",
		Short: "Export a ZooKeeper tree, or print a tree file as an export would",
		Long: `Export prints the ZooKeeper tree at PATH (default /) in the export layout,
as zc.zk's zookeeper_export does: /zookeeper is left out at the root, and
ephemeral nodes unless -e is given; --name N writes the tree under one top
node named N. The export streams, so trees of any size export in little
memory. -o writes to a file, replacing it only when the export succeeded.

With --file, it prints the tree of a .zk file the way exporting it from
ZooKeeper after an import would print it, without a server: per node its properties,
then its links, then its children, each sorted by name; values as they come
back from ZooKeeper's JSON node data (tuples become lists, dict keys strings).

With --compat zc.zk, values are rendered exactly as zc.zk 2.1 renders them
(u'...' strings, L suffixes, Python 2 floats), except property links, which
are written "name => target" so that the export imports again.`,
		Args: cobra.MaximumNArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.In, opts.Out, opts.Err = cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()
			if opts.File == "" {
				return opts.exportZK(cmd, args)
			}
			if len(args) > 0 {
				return usageErrorf("--file exports a tree file: a ZooKeeper PATH (%s) makes no sense with it", args[0])
			}
			return exportRun(opts)
		}),
	}
	f := cmd.Flags()
	f.StringVarP(&opts.File, "file", "f", "", `export this tree file ("-" for standard input) instead of ZooKeeper`)
	f.StringVar(&opts.Compat, "compat", "", `render values for byte-for-byte comparison with "zc.zk" 2.1 exports`)
	f.StringVar(&opts.Name, "name", "", "write the tree under one top node of this name")
	opts.zk.register(cmd)
	return cmd
}

func exportRun(opts *exportOptions) error {
	if opts.Compat != "" && opts.Compat != compatZcZk {
		return usageErrorf("unknown --compat %q (the one choice is %q)", opts.Compat, compatZcZk)
	}
	src, err := readInput(opts.File, opts.In)
	if err != nil {
		return err
	}
	name := opts.File
	if name == "-" {
		name = stdinName
	}
	f, ds := lang.Parse(name, src)
	if ds.HasErrors() {
		printDiagnostics(opts.Err, ds)
		return errDiagnostics
	}
	ds, err = nodedata.ExportFile(opts.Out, f, nodedata.Options{Compat: opts.Compat == compatZcZk, Name: opts.Name})
	if err != nil {
		return err
	}
	if ds.HasErrors() {
		printDiagnostics(opts.Err, ds)
		return errDiagnostics
	}
	return nil
}
