//go:build !unix

// Package cputime reads the CPU time a process has used, for benchmarks
// that report CPU time beside wall time: on a shared machine wall time
// counts waiting for other jobs, CPU time does not.
//
// Imports: the standard library only.
package cputime

import "time"

// Process returns 0: this system has no getrusage.
func Process() time.Duration { return 0 }
