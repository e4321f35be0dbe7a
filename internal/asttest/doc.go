// Package asttest compares syntax trees in tests.
//
// Imports: ast and go-cmp. For tests only.
package asttest
