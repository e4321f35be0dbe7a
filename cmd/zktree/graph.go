package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/graphviz"
	"github.com/zktree/zktree/lang"
	"github.com/zktree/zktree/zkconn"
	"github.com/zktree/zktree/zksync"
)

type graphOptions struct {
	Args      []string // files ("-" for standard input), or with --zk the path to draw
	ZK        string   // connection string of a live server; "" reads files
	Auth      string   // digest credentials "user:password" for --zk
	Providers bool     // show provider counts on services
	Legend    bool     // add a legend
	View      string
	Format    string // "" takes the format from Output's extension, else dot
	Output    string // "" for standard output
	RankDir   string
	Root      string
	Depth     int
	Types     []string

	In       io.Reader
	Out, Err io.Writer
}

func newGraphCmd() *cobra.Command {
	opts := &graphOptions{}
	cmd := &cobra.Command{
		Use:   "graph [flags] FILE... | graph --zk ADDR [flags] [PATH]",
		Short: "Draw an architecture diagram of a tree as DOT, SVG or PNG",
		Long: `Graph draws the tree of .zk files ("-" reads standard input; several files
make one tree) or, with --zk, of a live ZooKeeper server below PATH, as a
Graphviz diagram: nodes with their types, subtrees as nested clusters,
links as solid arrows, property links as dashed ones, services (nodes with
a providers child) with a thick border, colours by type, dangling links in
red and link cycles in orange.

Views: tree (everything), links (only the nodes links join), services
(the service-to-service edges of zc.zk's graphvis). DOT output needs
nothing else; SVG and PNG run Graphviz's dot program. The same input and
flags always give the same DOT text.`,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Args = args
			opts.In, opts.Out, opts.Err = cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()
			return graphRun(cmd.Context(), opts)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&opts.View, "view", "tree", "what to draw: tree, links or services")
	f.StringVar(&opts.Root, "root", "/", "draw only the subtree at this path")
	f.IntVar(&opts.Depth, "depth", 0, "draw this many levels below the root (0: all)")
	f.StringArrayVar(&opts.Types, "type", nil, "keep nodes of this type, or whose type starts with this word (repeatable)")
	f.StringVar(&opts.RankDir, "rankdir", "LR", "LR (left to right) or TB (top down)")
	f.StringVar(&opts.Format, "format", "", "dot, svg or png (default: from the -o file name, else dot)")
	f.StringVarP(&opts.Output, "output", "o", "", "write to this file instead of standard output")
	f.StringVar(&opts.ZK, "zk", "", "read the tree from this ZooKeeper connection string")
	f.StringVar(&opts.Auth, "auth", "", "digest credentials user:password for --zk (default $"+zkconn.EnvAuth+")")
	f.BoolVar(&opts.Legend, "legend", false, "add a legend of the node types, node kinds and arrows drawn")
	f.BoolVar(&opts.Providers, "providers", false, "show on each service the number of providers registered under its providers node")
	return cmd
}

func graphRun(ctx context.Context, opts *graphOptions) error {
	o, format, err := opts.options()
	if err != nil {
		return err
	}
	var m *eval.Model
	if opts.ZK != "" {
		m, o.Providers, err = opts.live(ctx, &o)
	} else {
		m, err = opts.files()
		if opts.Providers {
			o.Providers = modelProviders(m)
		}
	}
	if err != nil {
		return err
	}
	var src, out bytes.Buffer
	if err := graphviz.WriteDOT(&src, m, o); err != nil {
		return usageErrorf("%v", err)
	}
	if err := graphviz.Render(ctx, &out, src.Bytes(), format); err != nil {
		return err
	}
	if opts.Output == "" {
		_, err = opts.Out.Write(out.Bytes())
		return err
	}
	return os.WriteFile(opts.Output, out.Bytes(), 0o644)
}

// options turns the flags into library options and an output format.
func (opts *graphOptions) options() (graphviz.Options, graphviz.Format, error) {
	view, err := graphviz.ParseView(opts.View)
	if err != nil {
		return graphviz.Options{}, 0, usageErrorf("--view: %v", err)
	}
	format := graphviz.FormatDOT
	if opts.Format != "" {
		if format, err = graphviz.ParseFormat(opts.Format); err != nil {
			return graphviz.Options{}, 0, usageErrorf("--format: %v", err)
		}
	} else if f, ok := graphviz.FormatOf(opts.Output); ok {
		format = f
	}
	if opts.ZK == "" && len(opts.Args) == 0 {
		return graphviz.Options{}, 0, usageErrorf("no tree file given (use - for standard input, or --zk ADDR)")
	}
	if opts.ZK != "" && len(opts.Args) > 1 {
		return graphviz.Options{}, 0, usageErrorf("with --zk, give at most one path to draw")
	}
	return graphviz.Options{View: view, Root: opts.Root, Depth: opts.Depth, Types: opts.Types, RankDir: opts.RankDir, Legend: opts.Legend}, format, nil
}

// files parses and evaluates the tree files. Syntax errors fail; links
// that do not resolve are reported and drawn.
func (opts *graphOptions) files() (*eval.Model, error) {
	var files []*ast.File
	var all ast.Diagnostics
	for _, name := range opts.Args {
		src, err := readInput(name, opts.In)
		if err != nil {
			return nil, err
		}
		if name == "-" {
			name = stdinName
		}
		f, ds := lang.Parse(name, src)
		all = append(all, ds...)
		files = append(files, f)
	}
	if all.HasErrors() {
		printDiagnostics(opts.Err, all)
		return nil, errDiagnostics
	}
	m, ds := eval.Eval(files...)
	printDiagnostics(opts.Err, append(all, ds...))
	return m, nil
}

// modelProviders counts the children of each service's providers node.
func modelProviders(m *eval.Model) map[string]int {
	counts := map[string]int{}
	m.Walk(func(n *eval.Node) bool {
		if p := n.Child("providers"); p != nil {
			counts[n.Path] = len(p.Children)
		}
		return true
	})
	return counts
}

// live reads the whole tree of a ZooKeeper server (links may point
// anywhere), draws it from the given path, and with --providers counts
// the ephemeral registrations under each service's providers node.
func (opts *graphOptions) live(ctx context.Context, o *graphviz.Options) (*eval.Model, map[string]int, error) {
	if len(opts.Args) == 1 {
		o.Root = opts.Args[0]
	}
	c, err := zkconn.Dial(ctx, zkconn.Address(opts.ZK), zkconn.WithAuth(zkconn.AuthFromEnv(opts.Auth)))
	if err != nil {
		return nil, nil, err
	}
	defer c.Close()
	var text bytes.Buffer
	if _, err := zksync.Export(ctx, c, &text, "/", zksync.ExportOptions{}); err != nil {
		return nil, nil, err
	}
	f, ds := lang.Parse(c.Addr(), text.Bytes())
	if ds.HasErrors() {
		printDiagnostics(opts.Err, ds)
		return nil, nil, errDiagnostics
	}
	m, _ := eval.Eval(f)
	printLiveProblems(opts.Err, m)
	if !opts.Providers {
		return m, nil, nil
	}
	counts, err := liveProviders(ctx, c, m)
	return m, counts, err
}

// liveProviders counts the ephemeral children of each service's providers
// node on the server.
func liveProviders(ctx context.Context, s zkconn.Store, m *eval.Model) (map[string]int, error) {
	counts := map[string]int{}
	var err error
	m.Walk(func(n *eval.Node) bool {
		if err != nil || n.Child("providers") == nil {
			return err == nil
		}
		counts[n.Path], err = ephemeralChildren(ctx, s, n.Path+"/providers")
		return err == nil
	})
	return counts, err
}

// ephemeralChildren returns the number of ephemeral children of path.
func ephemeralChildren(ctx context.Context, s zkconn.Store, path string) (int, error) {
	names, _, err := s.Children(ctx, path)
	if err != nil {
		return 0, fmt.Errorf("providers of %s: %w", path, err)
	}
	n := 0
	for _, name := range names {
		st, err := s.Exists(ctx, path+"/"+name)
		if err != nil && !errors.Is(err, zkconn.ErrNoNode) {
			return 0, err
		}
		if st != nil && st.EphemeralOwner != 0 {
			n++
		}
	}
	return n, nil
}

// printLiveProblems reports the links and property links of a live tree
// that do not resolve, as "PATH: error: MESSAGE": the lines of the export
// text the model was read from mean nothing to the reader.
func printLiveProblems(w io.Writer, m *eval.Model) {
	for _, l := range m.Links() {
		if l.Err != nil {
			fmt.Fprintf(w, "%s: %s\n", l.From.Path, severityMessage(m.LinkDiagnostic(l)))
		}
	}
	for _, l := range m.PropLinks() {
		if l.Err != nil && !l.Shadowed {
			fmt.Fprintf(w, "%s: %s\n", l.From.Path, severityMessage(m.PropLinkDiagnostic(l)))
		}
	}
}

// severityMessage returns "SEVERITY: MESSAGE" of d.
func severityMessage(d *ast.Diagnostic) string { return d.Severity.String() + ": " + d.Message }
