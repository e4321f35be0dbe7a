// Package zczk reads the zc.zk 2.1 conformance corpus (cases made by the
// real Python package) for tests: where it is, its index, and each case's
// files.
//
// Imports: the standard library only. For tests only.
package zczk
