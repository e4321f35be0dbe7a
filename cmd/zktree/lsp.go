package main

import (
	"github.com/spf13/cobra"
	"github.com/zktree/zktree/lsp"
)

func newLspCmd() *cobra.Command {
	var stdio bool
	cmd := &cobra.Command{
		Use:   "lsp",
		Short: "Run the language server for editors on standard input and output",
		Long: `Lsp runs a Language Server Protocol (3.17) server for .zk files on standard
input and output: diagnostics from the parser, link resolution and lint,
formatting, hover, go to definition, references, symbols, completion, rename,
quick fixes, folding and semantic highlighting. Editors start it themselves;
docs/editors.md shows how to configure Neovim, VS Code and Helix.`,
		Args: cobra.NoArgs,
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			return lsp.Serve(cmd.Context(), cmd.InOrStdin(), cmd.OutOrStdout())
		}),
	}
	cmd.Flags().BoolVar(&stdio, "stdio", true, "talk over standard input and output (the only transport; accepted for clients that pass it)")
	return cmd
}
