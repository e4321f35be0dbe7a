package main

import (
	"context"
	"encoding/json"
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
	var props, jsonOut bool
	cmd := &cobra.Command{
		Use:   "watch PATH",
		Short: "Print the children (or properties) of a node as they change",
		Long: `Watch follows the node PATH resolves to (links are followed, and
followed again when they change) and prints its child names, then each
change, every line led by a UTC timestamp, until interrupted:

  TIME current 2 children: a b
  TIME added c
  TIME removed a
  TIME resynced 2 children: b c  (the session was replaced; watches set again)
  TIME deleted: no node /x       (the path no longer resolves)
  TIME changed no children       (it resolves again, to a node with no children)

A change prints one "added" or "removed" line per name; "current",
"resynced" and "changed" lines give the whole list, sorted.

With --properties it prints the node's properties as one-line JSON,
property links resolved; links ("name ->") are printed as they are:

  TIME current {"threads":4}
  TIME changed {"threads":5}

With --json each event is one JSON object per line instead, for scripts:
{"time":…,"event":"changed","children":[…],"added":[…],"removed":[…]},
or "properties":{…} with --properties, and "error" when deleted.`,
		Args: cobra.ExactArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			return conn.withRegistry(cmd, func(ctx context.Context, c *registry.Client) error {
				ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
				defer stop()
				out := cmd.OutOrStdout()
				if props {
					return watchProperties(ctx, c, args[0], out, jsonOut)
				}
				return watchChildren(ctx, c, args[0], out, jsonOut)
			})
		}),
	}
	conn.register(cmd)
	cmd.Flags().BoolVar(&props, "properties", false, "watch the node's properties instead of its children")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print each event as a JSON object on one line")
	return cmd
}

// childrenEvent and propertiesEvent are events as --json prints them.
type childrenEvent struct {
	Time     string   `json:"time"`
	Event    string   `json:"event"`
	Children []string `json:"children"`
	Added    []string `json:"added,omitempty"`
	Removed  []string `json:"removed,omitempty"`
	Error    string   `json:"error,omitempty"`
}

type propertiesEvent struct {
	Time       string          `json:"time"`
	Event      string          `json:"event"`
	Properties json.RawMessage `json:"properties,omitempty"`
	Error      string          `json:"error,omitempty"`
}

func watchChildren(ctx context.Context, c *registry.Client, path string, out io.Writer, jsonOut bool) error {
	v, err := c.Children(ctx, path)
	if err != nil {
		return err
	}
	defer v.Close()
	v.OnChange(func(e registry.ChildrenEvent) {
		now := timestamp()
		if jsonOut {
			w := childrenEvent{Time: now, Event: e.Kind.String(), Children: nonNil(e.Children), Added: e.Added, Removed: e.Removed}
			if e.Err != nil {
				w.Error = e.Err.Error()
			}
			writeJSONLine(out, w)
			return
		}
		var b strings.Builder
		switch {
		case e.Kind == registry.Deleted:
			fmt.Fprintf(&b, "%s deleted: %v\n", now, e.Err)
		case e.Kind == registry.Changed && len(e.Added)+len(e.Removed) > 0:
			for _, n := range e.Added {
				fmt.Fprintf(&b, "%s added %s\n", now, n)
			}
			for _, n := range e.Removed {
				fmt.Fprintf(&b, "%s removed %s\n", now, n)
			}
		default:
			fmt.Fprintf(&b, "%s %s %s\n", now, e.Kind, childList(e.Children))
		}
		io.WriteString(out, b.String())
	})
	<-ctx.Done()
	return nil
}

// childList is "no children", "1 child: a" or "2 children: a b".
func childList(names []string) string {
	switch len(names) {
	case 0:
		return "no children"
	case 1:
		return "1 child: " + names[0]
	}
	return fmt.Sprintf("%d children: %s", len(names), strings.Join(names, " "))
}

// nonNil makes an empty list print as [] rather than be left out.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// writeJSONLine writes w as JSON on one line, "->" and "=>" unescaped.
func writeJSONLine(out io.Writer, w any) {
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(w); err != nil {
		enc.Encode(map[string]string{"error": err.Error()})
	}
}

func watchProperties(ctx context.Context, c *registry.Client, path string, out io.Writer, jsonOut bool) error {
	v, err := c.Properties(ctx, path)
	if err != nil {
		return err
	}
	defer v.Close()
	v.OnChange(func(e registry.PropertiesEvent) {
		now := timestamp()
		var data []byte
		if e.Kind != registry.Deleted {
			var err error
			if data, err = propsJSON(e.Props); err != nil {
				e.Kind, e.Err = registry.Deleted, err
			}
		}
		if jsonOut {
			w := propertiesEvent{Time: now, Event: e.Kind.String(), Properties: data}
			if e.Err != nil {
				w.Error = e.Err.Error()
			}
			if data != nil && !json.Valid(data) {
				// NaN and Infinity are node data but not JSON to encoders.
				w.Properties, _ = json.Marshal(string(data))
			}
			writeJSONLine(out, w)
			return
		}
		if e.Kind == registry.Deleted {
			fmt.Fprintf(out, "%s deleted: %v\n", now, e.Err)
			return
		}
		fmt.Fprintf(out, "%s %s %s\n", now, e.Kind, data)
	})
	<-ctx.Done()
	return nil
}

// timestamp is the time now, as printed before each change.
func timestamp() string {
	return time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
}
