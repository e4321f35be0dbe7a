// Package gentree generates large realistic trees for benchmarks: services
// with hosts, databases and defaults, connected by links and property
// links. It builds the syntax tree directly (with exact positions) beside
// the source text, so that benchmarks of later stages do not depend on the
// parser. For tests and benchmarks only.
//
// Imports: ast and the standard library (its tests also lang and go-cmp,
// to check the generated syntax tree against the parser's).
package gentree
