// Package ast defines the syntax tree of the zktree language (.zk files):
// positions and ranges, nodes, properties, links, property links, comments,
// literal values, and the diagnostics that every other package reports.
//
// It is the leaf package of the module: it imports only the standard
// library, and every other package may import it. Data flows one way:
// text → ast (built by package lang) → eval → {lint, graphviz, zksync, lsp}.
//
// Positions count bytes (Offset, the truth), lines (1-based) and columns
// (1-based, in Unicode code points). Editors that count UTF-16 units convert
// at their boundary (package lsp).
package ast
