//go:build unix

package cputime

import (
	"testing"
	"time"
)

func TestProcessCountsWork(t *testing.T) {
	start := Process()
	if start <= 0 {
		t.Fatalf("Process() = %v at start", start)
	}
	x := 0
	for deadline := time.Now().Add(50 * time.Millisecond); time.Now().Before(deadline); {
		x++
	}
	if used := Process() - start; used < 20*time.Millisecond {
		t.Errorf("50 ms of busy work used %v of CPU (x=%d)", used, x)
	}
}
