package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/lang"
)

type validateOptions struct {
	Paths []string // files, directories (walked for *.zk) or "-"

	In  io.Reader
	Err io.Writer
}

func newValidateCmd() *cobra.Command {
	opts := &validateOptions{}
	return &cobra.Command{
		Use:   "validate FILE|DIR|-...",
		Short: "Check .zk files and report their diagnostics",
		Long: `Validate parses each file ("-" reads standard input; directories are
walked for *.zk files) and prints every diagnostic on standard error as
FILE:LINE:COL: SEVERITY: MESSAGE. A file that cannot be read is reported
and the others are still checked. The exit code is 0 when every file was
read and has no errors, and 1 otherwise.`,
		Args: cobra.MinimumNArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			opts.In, opts.Err = cmd.InOrStdin(), cmd.ErrOrStderr()
			return validateRun(opts)
		}),
	}
}

func validateRun(opts *validateOptions) error {
	failed := false
	for _, path := range opts.Paths {
		files := []string{path}
		if path != "-" {
			var err error
			if files, err = zkFiles(path); err != nil {
				fmt.Fprintf(opts.Err, "zktree: %v\n", err)
				failed = true
			} else if len(files) == 0 {
				// A mistyped directory must not pass as a clean tree.
				fmt.Fprintf(opts.Err, "zktree: no .zk files in %s\n", path)
				failed = true
			}
		}
		for _, name := range files {
			src, err := readInput(name, opts.In)
			if err != nil {
				fmt.Fprintf(opts.Err, "zktree: %v\n", err)
				failed = true
				continue
			}
			if name == "-" {
				name = stdinName
			}
			_, ds := lang.Parse(name, src)
			printDiagnostics(opts.Err, ds)
			failed = failed || ds.HasErrors()
		}
	}
	if failed {
		return errDiagnostics
	}
	return nil
}

// readInput reads a named file, or in for "-".
func readInput(name string, in io.Reader) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(in)
	}
	return os.ReadFile(name)
}
