package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/spf13/cobra"
	"github.com/zktree/zktree/lang"
)

// stdinName names standard input in messages.
const stdinName = "<stdin>"

type fmtOptions struct {
	Write bool     // rewrite files in place
	List  bool     // list files whose layout differs
	Check bool     // exit 1 when a file would change
	Diff  bool     // print a unified diff of the changes
	Paths []string // files, directories (walked for *.zk) or "-"

	In       io.Reader
	Out, Err io.Writer
}

func newFmtCmd() *cobra.Command {
	opts := &fmtOptions{}
	cmd := &cobra.Command{
		Use:   "fmt [-w] [-l] [--check] [-d] [FILE|DIR|-]...",
		Short: "Rewrite .zk files in the canonical layout",
		Long: `Fmt prints .zk files in their one canonical layout: two spaces per level,
one space around "=", "->", "=>" and ":", canonical values, comments kept,
runs of blank lines collapsed to one.

With no arguments, or "-", it formats standard input to standard output.
Directories are walked for *.zk files. Without -w, -l, -d or --check the
formatted text goes to standard output. -w keeps a backup of a file beside
it until its new text is written. A file with syntax errors is not
formatted: its diagnostics go to standard error and the exit code is 1.`,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			opts.In, opts.Out, opts.Err = cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()
			return fmtRun(opts)
		}),
	}
	f := cmd.Flags()
	f.BoolVarP(&opts.Write, "write", "w", false, "write the result to the file instead of standard output")
	f.BoolVarP(&opts.List, "list", "l", false, "list the files whose layout differs from fmt's")
	f.BoolVar(&opts.Check, "check", false, "change nothing; list the files that would change and exit 1 if any")
	f.BoolVarP(&opts.Diff, "diff", "d", false, "print a unified diff of the changes")
	return cmd
}

func fmtRun(opts *fmtOptions) error {
	paths := opts.Paths
	if len(paths) == 0 {
		paths = []string{"-"}
	}
	if opts.Write && opts.Check {
		return usageErrorf("-w and --check cannot be used together")
	}
	if opts.Write && slices.Contains(paths, "-") {
		return usageErrorf("cannot use -w with standard input")
	}
	failed, changed := false, false
	for _, path := range paths {
		if path == "-" {
			src, err := readInput(path, opts.In)
			if err != nil {
				return err
			}
			c, ok := opts.format(stdinName, src, 0)
			changed, failed = changed || c, failed || !ok
			continue
		}
		files, err := zkFiles(path)
		if err != nil {
			fmt.Fprintf(opts.Err, "zktree: %v\n", err)
			failed = true
		} else if len(files) == 0 {
			// --check on a mistyped directory must not pass.
			fmt.Fprintf(opts.Err, "zktree: no .zk files in %s\n", path)
			failed = true
		}
		for _, name := range files {
			c, ok := opts.formatFile(name)
			changed, failed = changed || c, failed || !ok
		}
	}
	if failed || opts.Check && changed {
		return errDiagnostics
	}
	return nil
}

// zkFiles returns path itself when it is a file, or the *.zk files under
// it when it is a directory (hidden directories and files, and
// node_modules directories, skipped).
func zkFiles(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		hidden := p != path && strings.HasPrefix(d.Name(), ".")
		switch {
		case d.IsDir() && (hidden || p != path && d.Name() == "node_modules"):
			return filepath.SkipDir
		case !d.IsDir() && !hidden && strings.HasSuffix(p, ".zk"):
			files = append(files, p)
		}
		return nil
	})
	return files, err
}

// formatFile formats one file; see format.
func (opts *fmtOptions) formatFile(name string) (changed, ok bool) {
	fi, err := os.Stat(name)
	var src []byte
	if err == nil {
		src, err = os.ReadFile(name)
	}
	if err != nil {
		fmt.Fprintf(opts.Err, "zktree: %v\n", err)
		return false, false
	}
	return opts.format(name, src, fi.Mode().Perm())
}

// format formats src and reports, lists, diffs or writes the result as
// the options say. changed tells whether the layout differed; ok is false
// when the file had errors or could not be written.
func (opts *fmtOptions) format(name string, src []byte, perm fs.FileMode) (changed, ok bool) {
	out, ds := lang.Format(name, src)
	if ds.HasErrors() {
		printDiagnostics(opts.Err, ds)
		return false, false
	}
	changed = !bytes.Equal(src, out)
	if changed && (opts.List || opts.Check) {
		fmt.Fprintln(opts.Out, name)
	}
	if changed && opts.Diff {
		opts.Out.Write(diff.Diff(name+".orig", src, name, out))
	}
	if changed && opts.Write {
		if err := writeKeepingBackup(name, src, out, perm); err != nil {
			fmt.Fprintf(opts.Err, "zktree: %v\n", err)
			return changed, false
		}
	}
	if !opts.List && !opts.Check && !opts.Diff && !opts.Write {
		opts.Out.Write(out)
	}
	return changed, true
}

// writeKeepingBackup replaces the contents of name with data. As gofmt
// does, it first saves the old contents to a backup file beside it, which
// it removes once the new contents are written, so that a failed write
// (a full disk) loses nothing; the error then names the backup.
func writeKeepingBackup(name string, old, data []byte, perm fs.FileMode) error {
	bak, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".*.orig")
	if err != nil {
		return err
	}
	_, err = bak.Write(old)
	if cerr := bak.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(bak.Name())
		return err
	}
	if err := os.WriteFile(name, data, perm); err != nil {
		return fmt.Errorf("%w (the original is kept in %s)", err, bak.Name())
	}
	return os.Remove(bak.Name())
}
