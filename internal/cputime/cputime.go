//go:build unix

// Package cputime reads the CPU time a process has used, for benchmarks
// that report CPU time beside wall time: on a shared machine wall time
// counts waiting for other jobs, CPU time does not.
//
// Imports: the standard library only.
package cputime

import (
	"syscall"
	"time"
)

// Process returns the CPU time (user and system) this process has used so
// far.
func Process() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
