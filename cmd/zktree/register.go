package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/registry"
	"github.com/zktree/zktree/zkconn"
)

func newRegisterCmd() *cobra.Command {
	var conn connFlags
	var acl string
	var wait bool
	cmd := &cobra.Command{
		Use:   "register PATH HOST:PORT [NAME=VALUE...]",
		Short: "Register a service address until interrupted",
		Long: `Register creates the ephemeral node HOST:PORT under the node PATH resolves
to, with the given properties and "pid" (this process) as its data, and
keeps it there until interrupted: it is re-created if the session expires
or someone deletes it. On interrupt it is deleted. It prints a line for
each, led by a UTC timestamp:

  TIME registered /svc/providers/10.0.0.5:8080
  TIME restored /svc/providers/10.0.0.5:8080
  TIME deregistered /svc/providers/10.0.0.5:8080

When ZooKeeper is unreachable at the interrupt, the last line is
"TIME not deregistered PATH: ERROR" and the exit status 1: the node goes
when ZooKeeper ends the session. Errors of the background work (such as
putting the node back) are printed to standard error as
"TIME zktree: ERROR". After the server restarts without its data, or the
session expires, a new session is made and the node put back as soon as
its parent exists again.

A blank host (":8080") registers every non-loopback IPv4 address of the
machine (the loopback ones when there are no others). PORT is from 1 to
65535. Each VALUE is a literal as in a .zk file (3, 'text', True,
[1, 2]); quote it for the shell. "pid" is not one to give: register sets
it. The node is read-only to everyone unless
--acl says otherwise. With --wait it waits for ZooKeeper to come up
instead of failing after --timeout.

It fails when the address is already registered there by another live
session, as right after a crash until ZooKeeper ends the crashed run's
session (after its session timeout).`,
		Args: cobra.MinimumNArgs(2),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			if err := registry.CheckAddr(args[1]); err != nil {
				return usageErrorf("%v", err)
			}
			props, err := parseProps(args[2:])
			if err != nil {
				return err
			}
			if _, ok := props["pid"]; ok {
				return usageErrorf("pid: set by register (the id of this process), not a property to give")
			}
			var opts []registry.RegisterOption
			if acl != "" {
				list, err := zkconn.ParseACL(acl)
				if err != nil {
					return usageErrorf("--acl: %v", err)
				}
				opts = append(opts, registry.WithACL(list))
			}
			out := cmd.OutOrStdout()
			dialOpts := []registry.Option{registry.WithRestoreHandler(func(p string) {
				fmt.Fprintf(out, "%s restored %s\n", timestamp(), p)
			})}
			if wait {
				dialOpts = append(dialOpts, registry.WithWait())
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			cmd.SetContext(ctx)
			return conn.withRegistry(cmd, func(ctx context.Context, c *registry.Client) error {
				reg, err := c.Register(ctx, args[0], args[1], props, opts...)
				if err != nil {
					return err
				}
				for _, p := range reg.Paths() {
					fmt.Fprintf(out, "%s registered %s\n", timestamp(), p)
				}
				<-ctx.Done()
				done, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				if err := reg.Close(done); err != nil {
					// Closing the session (when withRegistry returns) still
					// removes the nodes, once ZooKeeper hears of it or
					// ends the session.
					for _, p := range reg.Paths() {
						fmt.Fprintf(out, "%s not deregistered %s: %v\n", timestamp(), p, err)
					}
					return &exitError{code: exitFail}
				}
				for _, p := range reg.Paths() {
					fmt.Fprintf(out, "%s deregistered %s\n", timestamp(), p)
				}
				return nil
			}, dialOpts...)
		}),
	}
	conn.register(cmd)
	cmd.Flags().StringVar(&acl, "acl", "", "ACL of the node, as for import (default: world read-only)")
	cmd.Flags().BoolVar(&wait, "wait", false, "wait for ZooKeeper to come up instead of failing after --timeout")
	return cmd
}

// parseProps reads NAME=VALUE arguments into a property set.
func parseProps(args []string) (ast.Props, error) {
	set, err := parseAssignments(args)
	if err != nil {
		return nil, err
	}
	props := ast.Props{}
	for _, a := range set {
		props[a.Name] = a.Value
	}
	return props, nil
}
