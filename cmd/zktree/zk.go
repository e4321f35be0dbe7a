package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/lang"
	"github.com/zktree/zktree/zkconn"
	"golang.org/x/term"
)

// connFlags are the connection flags every ZooKeeper command shares.
type connFlags struct {
	Addr    string
	Auth    string
	Timeout time.Duration
	cmd     *cobra.Command // the command the flags belong to
}

func (c *connFlags) register(cmd *cobra.Command) {
	f := cmd.Flags()
	c.cmd = cmd
	f.StringVar(&c.Addr, "zk", "", "ZooKeeper connection string HOST:PORT[,HOST:PORT…][/CHROOT] (default $"+zkconn.EnvConnection+", else "+zkconn.DefaultAddress+")")
	f.StringVar(&c.Auth, "auth", "", "digest credentials USER:PASSWORD (default $"+zkconn.EnvAuth+")")
	f.DurationVar(&c.Timeout, "timeout", zkconn.DefaultConnectTimeout, "give up connecting after this long")
}

// dial connects as the flags say; the client is closed by the caller.
func (c *connFlags) dial(ctx context.Context) (*zkconn.Client, error) {
	if c.Addr == "" && c.cmd != nil && c.cmd.Flags().Changed("zk") {
		return nil, usageErrorf("--zk: empty ZooKeeper connection string")
	}
	return zkconn.Dial(ctx, zkconn.Address(c.Addr),
		zkconn.WithAuth(zkconn.AuthFromEnv(c.Auth)), zkconn.WithConnectTimeout(c.Timeout))
}

// withConn runs fn with a client connected as the flags say.
func (c *connFlags) withConn(cmd *cobra.Command, fn func(ctx context.Context, zk *zkconn.Client) error) error {
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt) // ^C ends requests cleanly
	defer stop()
	zk, err := c.dial(ctx)
	if err != nil {
		return err
	}
	defer zk.Close()
	return fn(ctx, zk)
}

// readTree reads and parses a tree file ("-": standard input), printing its
// diagnostics to errw; it fails when they hold errors.
func readTree(file string, in io.Reader, errw io.Writer) (*ast.File, error) {
	src, err := readInput(file, in)
	if err != nil {
		return nil, err
	}
	name := file
	if name == "-" {
		name = stdinName
	}
	f, ds := lang.Parse(name, src)
	printDiagnostics(errw, ds)
	if ds.HasErrors() {
		return nil, errDiagnostics
	}
	return f, nil
}

// progress draws a progress bar on w when w is a terminal; on anything else
// (a pipe, a file, a test buffer) it stays silent.
type progress struct {
	bar *progressbar.ProgressBar
}

// newProgress starts a bar of total steps (-1: unknown) described by desc.
func newProgress(w io.Writer, desc string, total int) *progress {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return &progress{}
	}
	return &progress{bar: progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

// set moves the bar to n steps done.
func (p *progress) set(n int) {
	if p.bar != nil {
		_ = p.bar.Set(n)
	}
}

// done removes the bar.
func (p *progress) done() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

// missingRoot words the error of a command whose PATH is missing as
// "CMD PATH: no such node", not as the request that found it missing.
func missingRoot(err error, cmd, path string) error {
	var e *zkconn.Error
	clean := strings.TrimRight(path, "/")
	if clean == "" {
		clean = "/"
	}
	if errors.As(err, &e) && errors.Is(err, zkconn.ErrNoNode) && e.Path == clean {
		return &zkconn.Error{Op: cmd, Path: clean, Err: zkconn.ErrNoNode}
	}
	return err
}
