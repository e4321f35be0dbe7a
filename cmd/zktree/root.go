package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/ast"
)

// Exit codes of the zktree command.
const (
	exitOK    = 0 // success
	exitFail  = 1 // diagnostics in the input, or an I/O error
	exitUsage = 2 // bad command line
)

// Main runs the zktree command line with args (without the program name)
// and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "zktree: %v\n", ee.err)
		}
		if ee.code == exitUsage {
			fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
		}
		return ee.code
	}
	// Errors that cobra returns before a command runs: unknown commands
	// and flags, wrong argument counts.
	fmt.Fprintf(stderr, "zktree: %v\nRun '%s --help' for usage.\n", err, cmd.CommandPath())
	return exitUsage
}

// newRootCmd builds the command tree, its commands grouped in the help
// text by what they work on. Each command lives in its own file.
func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "zktree",
		Short: "Describe, check, draw and sync ZooKeeper trees",
		Long: `zktree works with .zk files, which describe a system's architecture as a
tree of ZooKeeper nodes with properties, links and property links. It
checks, formats, resolves and draws them, keeps ZooKeeper in line with
them, and registers and discovers services on the live tree.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.CompletionOptions.HiddenDefaultCmd = true
	groups := []struct {
		id, title string
		cmds      []*cobra.Command
	}{
		{"files", "Tree files:", []*cobra.Command{
			newValidateCmd(), newLintCmd(), newFmtCmd(), newEvalCmd(), newGraphCmd(), newLspCmd(),
		}},
		{"sync", "ZooKeeper trees:", []*cobra.Command{
			newImportCmd(), newDiffCmd(), newExportCmd(), newTreeCmd(), newWalkCmd(),
			newResolveCmd(), newLnCmd(), newSetCmd(), newUnsetCmd(), newDeleteCmd(),
		}},
		{"services", "Services:", []*cobra.Command{
			newRegisterCmd(), newWatchCmd(), newGetCmd(),
		}},
		{"other", "Other:", []*cobra.Command{
			newServeCmd(), newVersionCmd(),
		}},
	}
	for _, g := range groups {
		root.AddGroup(&cobra.Group{ID: g.id, Title: g.title})
		for _, c := range g.cmds {
			c.GroupID = g.id
			root.AddCommand(c)
		}
	}
	root.SetHelpCommandGroupID("other")
	return root
}

// exitError ends a command with an exit code; err, when set, is printed
// as "zktree: err". Diagnostics are printed before it is returned.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

// errDiagnostics ends a command whose input had errors that were already
// reported.
var errDiagnostics = &exitError{code: exitFail}

// usageErrorf reports a bad combination of arguments or flags.
func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// runE adapts a command's run function for cobra: an error that is not an
// exitError (I/O, say) exits with code 1.
func runE(run func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		err := run(cmd, args)
		var ee *exitError
		if err == nil || errors.As(err, &ee) {
			return err
		}
		return &exitError{code: exitFail, err: err}
	}
}

// printDiagnostics writes each diagnostic of ds to w as FILE:LINE:COL:
// SEVERITY: MESSAGE, then its related places indented below it ("first
// defined here", where a path stops, the other links of a loop), as the
// text format of lint does.
func printDiagnostics(w io.Writer, ds ast.Diagnostics) {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String() + "\n")
		for _, r := range d.Related {
			fmt.Fprintf(&b, "    %s: %s\n", ast.Location(r.File, r.Range), r.Message)
		}
	}
	io.WriteString(w, b.String())
}
