// Package lsp is the language server behind `zktree lsp`: diagnostics,
// formatting, hover, definition, references, symbols, completion, rename and
// more for .zk files, over JSON-RPC on stdio (LSP 3.17).
//
// It converts between byte offsets and LSP's UTF-16 positions at its
// boundary and otherwise uses ast, lang, eval and lint; it never parses on
// its own.
//
// [Serve] runs a session: messages are handled one at a time, and every
// change re-analyses the workspace (the open documents and the .zk files
// under the workspace folders) and publishes the diagnostics that changed
// before the next message is read. The LSP structures are a hand-written
// subset of the specification (protocol.go).
//
// Imports: ast, lang, eval, lint and the standard library.
package lsp
