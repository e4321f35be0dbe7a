// Package lang reads and writes the zktree language: Parse turns the text of
// a .zk file into an [ast.File] with diagnostics, and Format prints a file in
// its one canonical layout.
//
// The participle grammar in grammar.go is the formal, executable definition
// of the language (the README's EBNF is printed from it). Production code
// parses with a hand-written line scanner that is checked against the
// grammar on every corpus file and by a differential fuzz target.
//
// Imports: ast and the standard library (participle for the grammar; tests
// also internal/asttest, internal/gentree, internal/golden, internal/zczk,
// go-cmp and txtar).
package lang
