package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/lint"
)

type lintOptions struct {
	Format        string   // text, json, sarif or github
	Config        string   // configuration file; "" looks for .zktree.yaml
	Baseline      string   // baseline file of accepted findings
	WriteBaseline string   // write the findings as a baseline file instead
	ListRules     bool     // print the rules instead of linting
	Paths         []string // files, directories (walked for *.zk) or "-"

	In  io.Reader
	Out io.Writer
}

func newLintCmd() *cobra.Command {
	opts := &lintOptions{}
	cmd := &cobra.Command{
		Use:   "lint [--format text|json|sarif|github] [--config FILE] [--baseline FILE] [FILE|DIR|-]...",
		Short: "Check .zk files for mistakes (--rules lists the rules)",
		Long: `Lint loads the files (default: the current directory) into one tree, runs the
lint rules and prints their findings on standard output:

  text    FILE:LINE:COL: SEVERITY RULE_ID message, the source line and a caret
  json    {"version": 1, "findings": [...]} (stable; see package lint)
  sarif   SARIF 2.1.0, for code-scanning tools
  github  GitHub Actions workflow annotations

Syntax errors are findings too. The configuration (--config, else
.zktree.yaml in the current directory, when present) enables, disables and
re-grades rules:

  lint:
    disable: [UNTYPED_NODE]
    enable: [SOME_RULE]
    severity: {TAB_INDENTATION: error, LINK_CYCLE: off}

"# zktree:ignore RULE_ID" on or above a line silences it.
--write-baseline FILE records the current findings; --baseline FILE then
reports only new ones. The exit code is 0 when there is no finding at error
severity, 1 when there is, and 2 for a bad command line, configuration or
baseline file, or input that cannot be read (a missing file, a directory
without .zk files).`,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if len(args) == 0 {
				opts.Paths = []string{"."}
			}
			opts.In, opts.Out = cmd.InOrStdin(), cmd.OutOrStdout()
			return lintRun(opts)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&opts.Format, "format", "text", "output `FORMAT`: text, json, sarif or github")
	f.StringVar(&opts.Config, "config", "", "configuration `FILE` (default: .zktree.yaml when present)")
	f.StringVar(&opts.Baseline, "baseline", "", "report only findings not in the baseline `FILE`")
	f.StringVar(&opts.WriteBaseline, "write-baseline", "", "write the findings to the baseline `FILE` and exit 0")
	f.BoolVar(&opts.ListRules, "rules", false, "list the rules (ID, default severity, on or off by default, purpose) and exit")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(lint.Formats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func lintRun(opts *lintOptions) error {
	if opts.ListRules {
		return listRules(opts.Out)
	}
	if !slices.Contains(lint.Formats, opts.Format) {
		return usageErrorf("unknown format %q: want text, json, sarif or github", opts.Format)
	}
	cfg, err := lintConfig(opts.Config)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	files, srcs, ds, err := loadTrees(opts.Paths, opts.In)
	if err != nil {
		// Exit 1 means findings; a linter that could not read its input
		// must not look like one that found something.
		return &exitError{code: exitUsage, err: err}
	}
	m, _ := eval.Eval(files...)
	ds = append(ds, lint.Run(m, srcs, cfg)...)
	ds.Sort()
	if opts.WriteBaseline != "" {
		return writeBaseline(opts.WriteBaseline, ds)
	}
	if opts.Baseline != "" {
		b, err := lint.LoadBaseline(opts.Baseline)
		if err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		ds = b.Filter(ds)
	}
	if err := lint.Write(opts.Out, opts.Format, ds, srcs, version()); err != nil {
		return err
	}
	if ds.HasErrors() {
		return errDiagnostics
	}
	return nil
}

// lintConfig loads the named configuration file, or .zktree.yaml when name
// is empty and the file exists, or returns nil (the defaults).
func lintConfig(name string) (*lint.Config, error) {
	if name != "" {
		return lint.LoadConfig(name)
	}
	cfg, err := lint.LoadConfig(lint.ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return cfg, err
}

func writeBaseline(path string, ds ast.Diagnostics) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := lint.NewBaseline(ds).Write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// listRules prints one line per rule: ID, default severity, whether it runs
// by default, and its purpose.
func listRules(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range lint.Rules() {
		on := "on"
		if !r.Default {
			on = "off"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, on, r.Purpose)
	}
	return tw.Flush()
}
