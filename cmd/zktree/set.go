package main

import (
	"context"
	"strings"

	"github.com/spf13/cobra"
	"github.com/zktree/zktree/lang"
	"github.com/zktree/zktree/zkconn"
	"github.com/zktree/zktree/zksync"
)

func newSetCmd() *cobra.Command {
	var conn connFlags
	cmd := &cobra.Command{
		Use:   "set PATH NAME=VALUE...",
		Short: "Set properties of a ZooKeeper node",
		Long: `Set sets properties of the node PATH resolves to (links are followed, and
the write goes to the real node). Each VALUE is a literal as in a .zk file
(3, 'text', True, [1, 2], {'k': 'v'}); it is never evaluated. Quote it for
the shell: zktree set /app "name='x'" threads=4. The write is
version-checked: if someone else changes the node between the read and the
write, the properties are set again on top of their change.`,
		Args: cobra.MinimumNArgs(2),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			set, err := parseAssignments(args[1:])
			if err != nil {
				return err
			}
			return conn.withConn(cmd, func(ctx context.Context, zk *zkconn.Client) error {
				_, err := zksync.SetProps(ctx, zk, args[0], set)
				return err
			})
		}),
	}
	conn.register(cmd)
	return cmd
}

func newUnsetCmd() *cobra.Command {
	var conn connFlags
	cmd := &cobra.Command{
		Use:   "unset PATH KEY...",
		Short: "Remove properties, links or property links of a ZooKeeper node",
		Long: `Unset removes keys from the node PATH resolves to (links are followed, and
the write goes to the real node): a property NAME, a link "NAME ->" or a
property link "NAME =>" (quote the arrow for the shell: zktree unset /app
'db ->'; the blank before it may be left out). A key the node does not
have is an error that lists the keys it has, and then nothing changes. The
write is version-checked, as for set.`,
		Args: cobra.MinimumNArgs(2),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			return conn.withConn(cmd, func(ctx context.Context, zk *zkconn.Client) error {
				_, err := zksync.UnsetProps(ctx, zk, args[0], args[1:])
				return err
			})
		}),
	}
	conn.register(cmd)
	return cmd
}

// parseAssignments reads NAME=VALUE arguments, split at the first "=".
func parseAssignments(args []string) ([]zksync.Assignment, error) {
	var set []zksync.Assignment
	for _, a := range args {
		name, text, ok := strings.Cut(a, "=")
		if !ok || name == "" {
			return nil, usageErrorf("%q: want NAME=VALUE", a)
		}
		if err := lang.CheckName(name); err != nil {
			return nil, usageErrorf("%v", err)
		}
		v, err := lang.ParseValue(text)
		if err != nil {
			if bareWord(text) {
				return nil, usageErrorf("%s: %v; on the command line: \"%s='%s'\"", name, err, name, text)
			}
			return nil, usageErrorf("%s: %v", name, err)
		}
		set = append(set, zksync.Assignment{Name: name, Value: v})
	}
	return set, nil
}

// bareWord reports whether text looks like unquoted text (a host name, a
// path, a word) rather than a mistyped literal.
func bareWord(text string) bool {
	return text != "" && !strings.ContainsAny(text, "'\"()[]{}, \t")
}
