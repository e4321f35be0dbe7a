// Package lsp is the language server behind `zktree lsp`: diagnostics,
// formatting, hover, definition, references, symbols, completion, rename and
// more for .zk files, over JSON-RPC on stdio (LSP 3.17).
//
// It converts between byte offsets and LSP's UTF-16 positions at its
// boundary and otherwise uses ast, lang, eval and lint; it never parses on
// its own.
package lsp
