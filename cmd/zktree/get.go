package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/nodedata"
	"github.com/zktree/zktree/registry"
	"github.com/zktree/zktree/zkconn"
)

func newGetCmd() *cobra.Command {
	var conn connFlags
	cmd := &cobra.Command{
		Use:   "get PATH",
		Short: "Print the properties of a node as JSON, property links resolved",
		Long: `Get prints the properties of the node PATH resolves to (links are
followed) as a JSON object, with each property link "x => path [prop]"
replaced by the value it leads to. Links ("name -> path") are properties
like any other and are printed as they are. A property link that cannot be
followed is left out, with a warning on standard error.`,
		Args: cobra.ExactArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			return conn.withRegistry(cmd, func(ctx context.Context, c *registry.Client) error {
				props, bad, err := c.ReadProperties(ctx, args[0])
				if err != nil {
					return fmt.Errorf("get %s: %w", args[0], err)
				}
				for _, name := range slices.Sorted(maps.Keys(bad)) {
					fmt.Fprintf(cmd.ErrOrStderr(), "zktree: warning: %s: %v\n", name, bad[name])
				}
				return writePropsJSON(cmd.OutOrStdout(), props)
			})
		}),
	}
	conn.register(cmd)
	return cmd
}

// withRegistry runs fn with a registry client connected as the flags (and
// opts) say.
func (c *connFlags) withRegistry(cmd *cobra.Command, fn func(ctx context.Context, c *registry.Client) error, opts ...registry.Option) error {
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	client, err := registry.Dial(ctx, c.Addr, append([]registry.Option{registry.WithAuth(zkconn.AuthFromEnv(c.Auth)),
		registry.WithConnectTimeout(c.Timeout), registry.WithErrorHandler(func(err error) {
			fmt.Fprintf(cmd.ErrOrStderr(), "%s zktree: %v\n", timestamp(), err)
		})}, opts...)...)
	if err != nil {
		return err
	}
	defer client.Close()
	return fn(ctx, client)
}

// writePropsJSON writes props as an indented JSON object, keys sorted.
func writePropsJSON(w io.Writer, props ast.Props) error {
	data, err := propsJSON(props)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if json.Indent(&b, data, "", "  ") != nil {
		b.Reset()
		b.Write(data) // NaN and Infinity are not JSON to encoding/json
	}
	b.WriteByte('\n')
	_, err = w.Write(b.Bytes())
	return err
}

// propsJSON is the node data of props, always as a JSON object (node data
// holds a lone string_value as raw text).
func propsJSON(props ast.Props) ([]byte, error) {
	if v, ok := props["string_value"]; ok && len(props) == 1 && v.Kind() == ast.StringKind {
		s, err := json.Marshal(v.Str())
		return append(append([]byte(`{"string_value":`), s...), '}'), err
	}
	return nodedata.Encode(props)
}
