// Package golden compares test output with golden files. Setting the
// environment variable ZKTREE_UPDATE (to anything but "" or "0") rewrites
// the golden files instead.
//
// Imports: the standard library and go-internal/diff. For tests only.
package golden
