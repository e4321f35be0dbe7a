package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/registry"
)

func newWatchCmd() *cobra.Command {
	var conn connFlags
	var props bool
	cmd := &cobra.Command{
		Use:   "watch PATH",
		Short: "Print the children (or properties) of a node as they change",
		Long: `Watch follows the node PATH resolves to (links are followed, and
followed again when they change) and prints its child names, then one line
per change with a timestamp, until interrupted:

  TIME current a b
  TIME changed +c -a: b c
  TIME resynced: b c        (the session was replaced; watches set again)
  TIME deleted: no node /x  (the path no longer resolves)

With --properties it prints the node's properties as JSON instead, property
links resolved.`,
		Args: cobra.ExactArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			return conn.withRegistry(cmd, func(ctx context.Context, c *registry.Client) error {
				ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
				defer stop()
				out := cmd.OutOrStdout()
				if props {
					return watchProperties(ctx, c, args[0], out)
				}
				return watchChildren(ctx, c, args[0], out)
			})
		}),
	}
	conn.register(cmd)
	cmd.Flags().BoolVar(&props, "properties", false, "watch the node's properties instead of its children")
	return cmd
}

func watchChildren(ctx context.Context, c *registry.Client, path string, out io.Writer) error {
	v, err := c.Children(ctx, path)
	if err != nil {
		return err
	}
	defer v.Close()
	v.OnChange(func(e registry.ChildrenEvent) {
		var b strings.Builder
		b.WriteString(timestamp() + " " + e.Kind.String())
		switch e.Kind {
		case registry.Deleted:
			fmt.Fprintf(&b, ": %v", e.Err)
		case registry.Current:
			b.WriteString(" " + strings.Join(e.Children, " "))
		default:
			for _, n := range e.Added {
				b.WriteString(" +" + n)
			}
			for _, n := range e.Removed {
				b.WriteString(" -" + n)
			}
			b.WriteString(": " + strings.Join(e.Children, " "))
		}
		fmt.Fprintln(out, strings.TrimRight(b.String(), " "))
	})
	<-ctx.Done()
	return nil
}

func watchProperties(ctx context.Context, c *registry.Client, path string, out io.Writer) error {
	v, err := c.Properties(ctx, path)
	if err != nil {
		return err
	}
	defer v.Close()
	v.OnChange(func(e registry.PropertiesEvent) {
		if e.Kind == registry.Deleted {
			fmt.Fprintf(out, "%s deleted: %v\n", timestamp(), e.Err)
			return
		}
		data, err := propsJSON(e.Props)
		if err != nil {
			data = []byte(err.Error())
		}
		fmt.Fprintf(out, "%s %s %s\n", timestamp(), e.Kind, data)
	})
	<-ctx.Done()
	return nil
}

// timestamp is the time now, as printed before each change.
func timestamp() string {
	return time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
}
