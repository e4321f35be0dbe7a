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
	File   string // the tree file, "-" for standard input
	Compat string // "" or "zc.zk"
	Name   string // name of a node that holds the whole tree

	In       io.Reader
	Out, Err io.Writer
}

func newExportCmd() *cobra.Command {
	opts := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "export --file FILE [--compat zc.zk] [--name NAME]",
		Short: "Print a tree file as a ZooKeeper export would",
		Long: `Export prints the tree of a .zk file the way exporting it from ZooKeeper
after an import would print it, without a server: per node its properties,
then its links, then its children, each sorted by name; values as they come
back from ZooKeeper's JSON node data (tuples become lists, dict keys strings).

With --compat zc.zk, values are rendered exactly as zc.zk 2.1 renders them
(u'...' strings, L suffixes, Python 2 floats), except property links, which
are written "name => target" so that the export imports again.`,
		Args: cobra.NoArgs,
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			opts.In, opts.Out, opts.Err = cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()
			return exportRun(opts)
		}),
	}
	f := cmd.Flags()
	f.StringVarP(&opts.File, "file", "f", "", `the tree file to export ("-" for standard input)`)
	f.StringVar(&opts.Compat, "compat", "", `render values for byte-for-byte comparison with "zc.zk" 2.1 exports`)
	f.StringVar(&opts.Name, "name", "", "write the tree under one top node of this name")
	_ = cmd.MarkFlagRequired("file")
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
