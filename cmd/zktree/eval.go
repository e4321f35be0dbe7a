package main

import (
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/lang"
)

type evalOptions struct {
	JSON  bool     // print JSON instead of text
	At    string   // mount path of the files
	Paths []string // files, directories (walked for *.zk) or "-"

	In       io.Reader
	Out, Err io.Writer
}

func newEvalCmd() *cobra.Command {
	opts := &evalOptions{}
	cmd := &cobra.Command{
		Use:   "eval [--json] [--at PATH] FILE|DIR|-...",
		Short: "Resolve the links of .zk files and print the resulting tree",
		Long: `Eval loads the files into one tree, resolves every link and property link,
and prints each node with its type, its properties (property links replaced
by the values they read) and its links (as the real paths they lead to).

With --json the output is one object keyed by absolute node path:
  {"/cms": {"type": "z4m cms", "properties": {"threads": 3},
            "links": {"db": "/databases/main"}}, ...}
"type" is null for an untyped node and a link that does not resolve is
null; infinite floats, which JSON cannot hold, are the strings "Infinity"
and "-Infinity". With --at the files are mounted under PATH; their absolute
link targets still start at the root.

Problems are printed on standard error as FILE:LINE:COL: SEVERITY: MESSAGE,
each followed by its related places (indented). The exit code is 1 when a
file has errors or something does not resolve, 2 for a bad command line
or a directory without .zk files.`,
		Args: cobra.MinimumNArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			opts.In, opts.Out, opts.Err = cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()
			return evalRun(opts)
		}),
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the resolved tree as JSON")
	cmd.Flags().StringVar(&opts.At, "at", "/", "mount the files at `PATH`")
	return cmd
}

func evalRun(opts *evalOptions) error {
	if !strings.HasPrefix(opts.At, "/") {
		return usageErrorf("--at must be an absolute path, not %q", opts.At)
	}
	files, _, ds, err := loadTrees(opts.Paths, opts.In)
	if err != nil {
		return err
	}
	if ds.HasErrors() {
		printDiagnostics(opts.Err, ds)
		return errDiagnostics
	}
	mounts := make([]eval.Mount, len(files))
	for i, f := range files {
		mounts[i] = eval.Mount{Path: opts.At, File: f}
	}
	m, eds := eval.EvalMounts(mounts...)
	ds = append(ds, eds...)
	if opts.JSON {
		err = m.WriteJSON(opts.Out)
	} else {
		err = writeModelText(opts.Out, m)
	}
	printDiagnostics(opts.Err, ds)
	if err != nil {
		return err
	}
	if ds.HasErrors() {
		return errDiagnostics
	}
	return nil
}

// loadTrees parses the .zk files that paths name (files, directories walked
// for *.zk, "-" for standard input) and returns them with their texts
// (keyed by file name) and their diagnostics. A file named twice is loaded
// once, under the first name given. A directory without .zk files
// is a usage error: a mistyped path must not pass as a clean tree.
func loadTrees(paths []string, in io.Reader) ([]*ast.File, map[string][]byte, ast.Diagnostics, error) {
	var (
		files []*ast.File
		all   ast.Diagnostics
		srcs  = map[string][]byte{}
		seen  = map[string]bool{}
	)
	for _, path := range paths {
		names := []string{path}
		if path != "-" {
			var err error
			if names, err = zkFiles(path); err != nil {
				return nil, nil, nil, err
			}
			if len(names) == 0 {
				return nil, nil, nil, usageErrorf("no .zk files in %s", path)
			}
		}
		for _, name := range names {
			if name != "-" {
				if seen[filepath.Clean(name)] {
					continue // named twice, say as a file and in its directory
				}
				seen[filepath.Clean(name)] = true
			}
			src, err := readInput(name, in)
			if err != nil {
				return nil, nil, nil, err
			}
			if name == "-" {
				name = stdinName
			}
			f, ds := lang.Parse(name, src)
			files, all, srcs[name] = append(files, f), append(all, ds...), src
		}
	}
	return files, srcs, all, nil
}

// writeModelText prints every node sorted by path, then its properties
// (resolved) and links (as real paths), sorted by name.
func writeModelText(w io.Writer, m *eval.Model) error {
	var nodes []*eval.Node
	m.Walk(func(n *eval.Node) bool {
		if n != m.Root() {
			nodes = append(nodes, n)
		}
		return true
	})
	slices.SortFunc(nodes, func(a, b *eval.Node) int { return strings.Compare(a.Path, b.Path) })
	var b strings.Builder
	for _, n := range nodes {
		b.WriteString(n.Path)
		if n.Type != "" {
			b.WriteString(" : " + n.Type)
		}
		b.WriteByte('\n')
		props, _ := m.Properties(n)
		for _, name := range slices.Sorted(maps.Keys(props)) {
			fmt.Fprintf(&b, "  %s = %s\n", name, props[name])
		}
		links := slices.Clone(n.Links)
		slices.SortFunc(links, func(x, y *eval.Link) int { return strings.Compare(x.Name(), y.Name()) })
		for _, l := range links {
			to := "?"
			if l.To != nil {
				to = l.To.Path
			}
			fmt.Fprintf(&b, "  %s -> %s\n", l.Name(), to)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
