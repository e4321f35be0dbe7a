package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

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
	conn      connFlags
	Live      bool // --zk given: read a live server, not files
	Providers bool // show provider counts on services
	Legend    bool // add a legend
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
		Use:   "graph [flags] FILE|DIR|-... | graph --zk ADDR [flags] [PATH]",
		Short: "Draw an architecture diagram of a tree as DOT, SVG or PNG",
		Long: `Graph draws the tree of .zk files ("-" reads standard input, a directory
stands for the .zk files under it; several files make one tree) or, with
--zk, of a live ZooKeeper server below PATH, as a Graphviz diagram: nodes
with their types, subtrees as nested clusters, links as solid arrows,
property links as dashed ones, services (nodes with a providers child) with
a thick border, colours by type, dangling links in red and link cycles in
orange.

Views: tree (everything), links (only the nodes links join), services
(the service-to-service edges of zc.zk's graphvis). The format is
--format's, else the -o file's extension (.dot or .gv, .svg, .png; another
extension needs --format), else DOT. DOT output needs nothing else; SVG
and PNG run Graphviz's dot program. The same input and flags always give
the same DOT text.

Dangling links and link loops are drawn, and reported on standard error as
warnings; syntax errors fail and draw nothing.

With --zk only the subtree at PATH is read; links that lead out of it are
followed on the server, and nodes there that cannot be read are drawn as
external ones.`,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Args = args
			opts.Live = cmd.Flags().Changed("zk")
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
	f.StringVar(&opts.Format, "format", "", "dot, svg or png (default: from the -o file's extension, else dot)")
	f.StringVarP(&opts.Output, "output", "o", "", "write to this file instead of standard output")
	f.BoolVar(&opts.Legend, "legend", false, "add a legend of the node types, node kinds and arrows drawn")
	f.BoolVar(&opts.Providers, "providers", false, "show on each service the number of providers registered under its providers node")
	opts.conn.register(cmd)
	return cmd
}

func graphRun(ctx context.Context, opts *graphOptions) error {
	o, format, err := opts.options()
	if err != nil {
		return err
	}
	var m *eval.Model
	if opts.Live {
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
	warnUnusedTypes(opts.Err, m, o)
	var src, out bytes.Buffer
	if err := graphviz.WriteDOT(&src, m, o); err != nil {
		var noRoot *graphviz.NoRootError
		if errors.As(err, &noRoot) {
			return err
		}
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
	} else if ext := filepath.Ext(opts.Output); ext != "" && ext != filepath.Base(opts.Output) {
		return graphviz.Options{}, 0, usageErrorf("-o %s: no format has the extension %q (want .dot, .gv, .svg or .png, or give --format dot|svg|png)", opts.Output, ext)
	}
	if !opts.Live && len(opts.Args) == 0 {
		return graphviz.Options{}, 0, usageErrorf("no tree file given (use - for standard input, or --zk ADDR)")
	}
	if opts.Live && len(opts.Args) > 1 {
		return graphviz.Options{}, 0, usageErrorf("with --zk, give at most one path to draw")
	}
	return graphviz.Options{View: view, Root: opts.Root, Depth: opts.Depth, Types: opts.Types, RankDir: opts.RankDir, Legend: opts.Legend}, format, nil
}

// files parses and evaluates the tree files, and the *.zk files under the
// directories given, as one tree. Syntax errors fail; links that do not
// resolve, or run in a loop, are drawn and reported as warnings.
func (opts *graphOptions) files() (*eval.Model, error) {
	var names []string
	for _, arg := range opts.Args {
		if arg == "-" {
			names = append(names, arg)
			continue
		}
		found, err := zkFiles(arg)
		if err != nil {
			return nil, err
		}
		names = append(names, found...)
	}
	var files []*ast.File
	var all ast.Diagnostics
	for _, name := range names {
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
	for _, d := range ds {
		w := *d
		w.Severity = ast.Warning
		all = append(all, &w)
	}
	printDiagnostics(opts.Err, all)
	return m, nil
}

// warnUnusedTypes warns about each --type that no node of the model has
// (nor as the first word of its type), naming the types there are, so that
// a misspelt type does not just draw an empty picture.
func warnUnusedTypes(w io.Writer, m *eval.Model, o graphviz.Options) {
	if len(o.Types) == 0 {
		return
	}
	used := map[string]bool{}
	m.Walk(func(n *eval.Node) bool {
		if n.Type != "" {
			first, _, _ := strings.Cut(n.Type, " ")
			used[n.Type], used[first] = true, true
		}
		return true
	})
	for _, t := range o.Types {
		if used[t] {
			continue
		}
		var types []string
		m.Walk(func(n *eval.Node) bool {
			if n.Type != "" && !slices.Contains(types, n.Type) {
				types = append(types, n.Type)
			}
			return true
		})
		slices.Sort(types)
		if len(types) == 0 {
			fmt.Fprintf(w, "zktree: warning: --type %s: no node has a type\n", t)
		} else {
			fmt.Fprintf(w, "zktree: warning: --type %s: no node has this type (the types are %s)\n", t, strings.Join(types, ", "))
		}
	}
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

// live reads the subtree to draw from a ZooKeeper server (the path
// argument, else --root), and nothing else: links that lead out of it are
// followed on the server when the drawing needs them, and nodes there that
// cannot be read are drawn as external ones. With --providers it counts
// the ephemeral registrations under each service's providers node.
func (opts *graphOptions) live(ctx context.Context, o *graphviz.Options) (*eval.Model, map[string]int, error) {
	if len(opts.Args) == 1 {
		o.Root = opts.Args[0]
	}
	root := path.Clean("/" + o.Root)
	if root != o.Root && root+"/" != o.Root {
		return nil, nil, usageErrorf("path %q: want an absolute ZooKeeper path", o.Root)
	}
	o.Root = root
	c, err := opts.conn.dial(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer c.Close()
	var text bytes.Buffer
	if _, err := zksync.Export(ctx, c, &text, root, zksync.ExportOptions{}); errors.Is(err, zkconn.ErrNoNode) {
		return nil, nil, fmt.Errorf("no node %s in the tree at %s", root, c.Addr())
	} else if err != nil {
		return nil, nil, err
	}
	f, ds := lang.Parse(c.Addr(), text.Bytes())
	if ds.HasErrors() {
		printDiagnostics(opts.Err, ds)
		return nil, nil, errDiagnostics
	}
	nestUnder(f, root)
	m, _ := eval.Eval(f)
	o.Outside = newMemoLookup(zkconn.NewLookup(ctx, c))
	printLiveProblems(opts.Err, m, o.Outside)
	if !opts.Providers {
		return m, nil, nil
	}
	counts, err := liveProviders(ctx, c, m)
	return m, counts, err
}

// nestUnder puts the top-level nodes of f, exported from the node at path
// p, under empty nodes for the ancestors of p, so that they have their
// real paths.
func nestUnder(f *ast.File, p string) {
	for dir := path.Dir(p); dir != "/"; dir = path.Dir(dir) {
		n := &ast.Node{Name: path.Base(dir)}
		for _, c := range f.Nodes {
			n.Body = append(n.Body, c)
		}
		f.Nodes = []*ast.Node{n}
	}
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

// printLiveProblems reports, once each, the links and property links of a
// live subtree that resolve neither in it nor on the server, as "PATH:
// warning: MESSAGE" (the lines of the export text the model was read from
// mean nothing to the reader). The messages come from the server, which
// knows the nodes outside the subtree. Nodes that cannot be read are not
// reported: they are drawn as external ones.
func printLiveProblems(w io.Writer, m *eval.Model, server eval.Lookup) {
	seen := map[string]bool{}
	report := func(from string, err error, format string, args ...any) {
		if err == nil || graphviz.Unreadable(err) {
			return
		}
		line := fmt.Sprintf("%s: %s: %s", from, ast.Warning, fmt.Sprintf(format, args...))
		if !seen[line] {
			seen[line] = true
			fmt.Fprintln(w, line)
		}
	}
	for _, l := range m.Links() {
		if l.Err != nil {
			_, err := eval.Resolve(server, l.Path)
			report(l.From.Path, err, "link %q: %v", l.Name(), err)
		}
	}
	for _, l := range m.PropLinks() {
		if l.Err != nil && !l.Shadowed {
			_, err := eval.ResolveProp(server, l.From.Path, l.Name())
			reason, depth := innermost(err)
			if depth > 1 {
				report(l.From.Path, err, "property link %q reads through a broken property link: %v", l.Name(), reason)
			} else {
				report(l.From.Path, err, "property link %q: %v", l.Name(), reason)
			}
		}
	}
}

// innermost returns the reason of a chain of property-link errors and the
// number of property links it went through.
func innermost(err error) (error, int) {
	depth := 0
	var bad *eval.BadPropertyLinkError
	for errors.As(err, &bad) {
		err, depth = bad.Err, depth+1
	}
	return err, depth
}

// memoLookup remembers what a lookup answered, so that links to the same
// node outside the drawn subtree read it once.
type memoLookup struct {
	l      eval.Lookup
	exists map[string]memoExists
	props  map[string]memoProps
}

type memoExists struct {
	ok  bool
	err error
}

type memoProps struct {
	p   ast.Props
	ok  bool
	err error
}

func newMemoLookup(l eval.Lookup) *memoLookup {
	return &memoLookup{l: l, exists: map[string]memoExists{}, props: map[string]memoProps{}}
}

// Exists implements [eval.Lookup].
func (m *memoLookup) Exists(path string) (bool, error) {
	r, seen := m.exists[path]
	if !seen {
		r.ok, r.err = m.l.Exists(path)
		m.exists[path] = r
	}
	return r.ok, r.err
}

// Props implements [eval.Lookup].
func (m *memoLookup) Props(path string) (ast.Props, bool, error) {
	r, seen := m.props[path]
	if !seen {
		r.p, r.ok, r.err = m.l.Props(path)
		m.props[path] = r
	}
	return r.p, r.ok, r.err
}
