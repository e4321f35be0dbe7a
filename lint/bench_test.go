package lint

import (
	"fmt"
	"testing"
	"time"

	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/internal/cputime"
	"github.com/zktree/zktree/internal/gentree"
	"github.com/zktree/zktree/lang"
)

var sizes = []int{10_000, 100_000, 1_000_000}

// BenchmarkEvalLint evaluates a generated tree and runs every rule over it.
func BenchmarkEvalLint(b *testing.B) {
	for _, n := range sizes {
		src, f := gentree.Tree("gen.zk", n)
		srcs := map[string][]byte{"gen.zk": src}
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			start := cputime.Process()
			for b.Loop() {
				m, _ := eval.Eval(f)
				if ds := Run(m, srcs, nil); len(ds) != 0 {
					b.Fatal(ds[0])
				}
			}
			reportCPU(b, start)
		})
	}
}

// BenchmarkParseEvalLint is the whole of "zktree lint" on a generated tree:
// parse, evaluate, run every rule.
func BenchmarkParseEvalLint(b *testing.B) {
	for _, n := range sizes {
		src, _ := gentree.Tree("gen.zk", n)
		srcs := map[string][]byte{"gen.zk": src}
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			start := cputime.Process()
			for b.Loop() {
				f, ds := lang.Parse("gen.zk", src)
				if len(ds) != 0 {
					b.Fatal(ds[0])
				}
				m, _ := eval.Eval(f)
				if ds := Run(m, srcs, nil); len(ds) != 0 {
					b.Fatal(ds[0])
				}
			}
			reportCPU(b, start)
		})
	}
}

func TestGeneratedTreeIsClean(t *testing.T) {
	src, f := gentree.Tree("gen.zk", 3000)
	m, ds := eval.Eval(f)
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	if ds := Run(m, map[string][]byte{"gen.zk": src}, nil); len(ds) != 0 {
		t.Fatalf("generated tree has findings: %v", ds)
	}
}

// reportCPU adds a "cpu-ns/op" metric: the process's CPU time per
// iteration since start, which, unlike wall time, does not count waiting
// for a shared machine.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cputime.Process()-start)/float64(b.N), "cpu-ns/op")
}
