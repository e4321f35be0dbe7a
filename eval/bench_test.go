package eval_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/internal/gentree"
)

func TestGeneratedTreeResolves(t *testing.T) {
	_, f := gentree.Tree("gen.zk", 2000)
	m, ds := eval.Eval(f)
	if len(ds) != 0 {
		t.Fatalf("diagnostics: %v", ds[0])
	}
	if m.Len() < 1900 || m.Len() > 2100 {
		t.Errorf("%d nodes, want about 2000", m.Len())
	}
	if v, err := m.Prop("/services/svc3", "dbport"); err != nil || v.String() != "5432" {
		t.Errorf("dbport = %v, %v", v, err)
	}
}

// BenchmarkEval evaluates generated trees of 10k, 100k and 1M nodes.
func BenchmarkEval(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		_, f := gentree.Tree("gen.zk", n)
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ds := eval.Eval(f); len(ds) != 0 {
					b.Fatal(ds[0])
				}
			}
		})
	}
}

// TestModel_concurrentReaders reads one model from several goroutines; run
// with -race, it shows that reading never writes.
func TestModel_concurrentReaders(t *testing.T) {
	_, f := gentree.Tree("gen.zk", 500)
	m, _ := eval.Eval(f)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for _, l := range m.Links() {
				if _, err := m.Resolve(l.Path + "/.."); err != nil {
					t.Error(err)
				}
			}
			for _, pl := range m.PropLinks() {
				if _, err := m.Prop(pl.From.Path, pl.Name()); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
}
