package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/zkconn"
	"github.com/zktree/zktree/zksync"
)

// importOptions are the options of import and diff.
type importOptions struct {
	conn   connFlags
	File   string
	Path   string
	Trim   bool
	NoTrim bool
	DryRun bool
	Atomic bool
	ACL    string
	Output string // "text" or "json"

	// Set by prepare.
	tree       *ast.File
	importOpts zksync.ImportOptions

	In       io.Reader
	Out, Err io.Writer
}

func newImportCmd() *cobra.Command {
	opts := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import [--zk ADDR] [--trim|--no-trim] [--dry-run] [--atomic] [--acl ACL] FILE|- [PATH]",
		Short: "Bring a ZooKeeper tree in line with a .zk file",
		Long: `Import creates the file's nodes under PATH (or --path; default /, which
must exist), replaces the properties of those that exist, and handles
existing nodes the file does not have: by default it reports them ("extra
path not trimmed: P"); --trim deletes them (never ephemeral nodes or nodes
holding them); --no-trim leaves them silently. Nodes directly under PATH
are never trimmed.

The whole file is checked first: a file with errors changes nothing. Then
the changes are planned and applied in batched multi transactions. Every
write is version-checked: a node that someone else changed after the plan
was made is reported, not overwritten. With --atomic the plan is applied in
one transaction (split only where ZooKeeper's request size limit forces it,
which is reported). If a write fails part-way, import says what was and was
not applied.

--dry-run prints the changes zc.zk would print and writes nothing;
--output json prints the plan as JSON instead (and with --dry-run writes
nothing).`,
		Args: cobra.RangeArgs(1, 2),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if len(args) == 2 {
				if cmd.Flags().Changed("path") && args[1] != opts.Path {
					return usageErrorf("the import path is given twice: --path %s and %s", opts.Path, args[1])
				}
				opts.Path = args[1]
			}
			opts.In, opts.Out, opts.Err = cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()
			if err := opts.prepare(); err != nil {
				return err
			}
			return opts.conn.withConn(cmd, opts.importRun)
		}),
	}
	opts.register(cmd, true)
	return cmd
}

func (opts *importOptions) register(cmd *cobra.Command, apply bool) {
	opts.conn.register(cmd)
	f := cmd.Flags()
	f.StringVar(&opts.Path, "path", "/", "the ZooKeeper node that the file's top-level nodes go under")
	f.BoolVarP(&opts.Trim, "trim", "t", false, "delete existing nodes that the file does not have (keeping ephemeral ones)")
	f.BoolVar(&opts.NoTrim, "no-trim", false, "leave existing nodes that the file does not have, silently")
	f.StringVar(&opts.ACL, "acl", "open", `ACL of created nodes, also set on existing ones: "open", "read", permission bits for anyone (like zookeeper_import -p), or SCHEME:ID:PERMS,… (digest:USER:PASSWORD:rwcda)`)
	if apply {
		f.BoolVarP(&opts.DryRun, "dry-run", "d", false, "print what would change and change nothing")
		f.BoolVar(&opts.Atomic, "atomic", false, "apply everything in one transaction (split only where the request size limit forces it)")
		f.StringVarP(&opts.Output, "output", "O", "text", `"text" (zc.zk's messages) or "json" (the plan)`)
	}
}

// prepare checks the flags, reads the file and checks that every node of
// it can be stored, all before a connection is made: a bad command line or
// file fails at once, with or without a server.
func (opts *importOptions) prepare() error {
	if opts.Trim && opts.NoTrim {
		return usageErrorf("--trim and --no-trim contradict each other")
	}
	if opts.Output != "text" && opts.Output != "json" {
		return usageErrorf(`unknown --output %q (want "text" or "json")`, opts.Output)
	}
	acl, err := zkconn.ParseACL(opts.ACL)
	if err != nil {
		return usageErrorf("--acl: %v", err)
	}
	f, err := readTree(opts.File, opts.In, opts.Err)
	if err != nil {
		return err
	}
	if ds := zksync.CheckTree(f, opts.Path); len(ds) > 0 {
		printDiagnostics(opts.Err, ds)
		if ds.HasErrors() {
			return errDiagnostics
		}
	}
	opts.tree = f
	opts.importOpts = zksync.ImportOptions{Path: opts.Path, ACL: acl, DryRun: opts.DryRun}
	switch {
	case opts.Trim:
		opts.importOpts.Trim = zksync.TrimYes
	case opts.NoTrim:
		opts.importOpts.Trim = zksync.TrimNo
	}
	return nil
}

// plan plans the import of the prepared tree.
func (opts *importOptions) plan(ctx context.Context, zk zkconn.Store) (*zksync.Plan, error) {
	p, ds, err := zksync.PlanImport(ctx, zk, opts.tree, opts.importOpts)
	printDiagnostics(opts.Err, ds)
	if err == nil && ds.HasErrors() {
		err = errDiagnostics
	}
	return p, err
}

func (opts *importOptions) importRun(ctx context.Context, zk *zkconn.Client) error {
	p, err := opts.plan(ctx, zk)
	if err != nil {
		return err
	}
	if opts.Output == "json" {
		if err := p.WriteJSON(opts.Out); err != nil {
			return err
		}
	} else {
		for _, m := range p.Messages {
			fmt.Fprintln(opts.Out, m)
		}
	}
	if opts.DryRun {
		fmt.Fprintf(opts.Err, "zktree: dry run: %s; nothing was written (zktree diff shows each change in full)\n", summarize(p.Changes))
		return nil
	}
	return applyPlan(ctx, zk, p, zksync.ApplyOptions{Atomic: opts.Atomic}, opts.Err)
}

// applyPlan applies p with a progress bar, reporting notes and a part-way
// failure on errw.
func applyPlan(ctx context.Context, zk zkconn.Store, p *zksync.Plan, ao zksync.ApplyOptions, errw io.Writer) error {
	bar := newProgress(errw, "applying", len(p.Changes))
	ao.Progress = func(done, _ int) { bar.set(done) }
	res, err := p.Apply(ctx, zk, ao)
	bar.done()
	for _, n := range res.Notes {
		fmt.Fprintf(errw, "zktree: note: %s\n", n)
	}
	return reportApplyError(errw, err)
}

// reportApplyError prints what a failed apply did and did not do.
func reportApplyError(errw io.Writer, err error) error {
	var ae *zksync.ApplyError
	if errors.As(err, &ae) {
		fmt.Fprintf(errw, "zktree: %s %s failed: %v\n", ae.Failed.Kind, ae.Failed.Path, ae.Err)
		fmt.Fprintf(errw, "zktree: applied %d of %d changes; not applied:\n", ae.Applied, ae.Total)
		for _, c := range ae.NotApplied {
			fmt.Fprintf(errw, "  %s %s\n", c.Kind, c.Path)
		}
		return &exitError{code: exitFail}
	}
	return err
}

// summarize counts changes by kind: "2 creates, 1 delete", or "no changes".
func summarize(changes []zksync.Change) string {
	kinds := []struct {
		kind      zksync.ChangeKind
		one, many string
	}{
		{zksync.Create, "create", "creates"},
		{zksync.Update, "data change", "data changes"},
		{zksync.SetACL, "ACL change", "ACL changes"},
		{zksync.Delete, "delete", "deletes"},
	}
	var parts []string
	for _, k := range kinds {
		n := 0
		for _, c := range changes {
			if c.Kind == k.kind {
				n++
			}
		}
		switch {
		case n == 1:
			parts = append(parts, "1 "+k.one)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, k.many))
		}
	}
	if len(parts) == 0 {
		return "no changes"
	}
	return strings.Join(parts, ", ")
}
