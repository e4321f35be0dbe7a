package graphviz

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/internal/cputime"
)

// benchModel returns a model of top top-level nodes, each holding per
// services with a providers child, a property, a link to the next
// service's providers and a property link to the previous service.
func benchModel(b testing.TB, top, per int) *eval.Model {
	f := &ast.File{Name: "bench.zk"}
	for i := range top {
		t := &ast.Node{Name: fmt.Sprintf("dc%d", i), Type: "datacenter"}
		for j := range per {
			next := fmt.Sprintf("/dc%d/svc%d/providers", (i+1)%top, (j+1)%per)
			prev := fmt.Sprintf("/dc%d/svc%d", i, (j+per-1)%per)
			s := &ast.Node{Name: fmt.Sprintf("svc%d", j), Type: fmt.Sprintf("kind%d", j%7), Body: []ast.Entry{
				&ast.Property{Name: "threads", Value: ast.Int(4)},
				&ast.Link{Name: "upstream", Target: next},
				&ast.PropLink{Name: "threads", Target: prev},
				&ast.Node{Name: "providers"},
			}}
			t.Body = append(t.Body, s)
		}
		f.Nodes = append(f.Nodes, t)
	}
	m, _ := eval.Eval(f)
	return m
}

// BenchmarkWriteDOT draws a tree of 10,100 nodes and 10,000 links and
// property links in each view.
func BenchmarkWriteDOT(b *testing.B) {
	m := benchModel(b, 50, 100)
	for _, v := range []View{ViewTree, ViewLinks, ViewServices} {
		b.Run(v.String(), func(b *testing.B) {
			b.ReportAllocs()
			cpu := cputime.Process()
			for b.Loop() {
				if err := WriteDOT(io.Discard, m, Options{View: v}); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
			b.ReportMetric(float64(m.Len()), "nodes")
		})
	}
}

// BenchmarkGraph draws the same tree as BenchmarkWriteDOT through
// github.com/emicklei/dot ([Graph], then its Write), the figure that
// WriteDOT's direct writer is measured against.
func BenchmarkGraph(b *testing.B) {
	m := benchModel(b, 50, 100)
	for _, v := range []View{ViewTree, ViewLinks, ViewServices} {
		b.Run(v.String(), func(b *testing.B) {
			b.ReportAllocs()
			cpu := cputime.Process()
			for b.Loop() {
				g, err := Graph(m, Options{View: v})
				if err != nil {
					b.Fatal(err)
				}
				g.Write(io.Discard)
			}
			reportCPU(b, cpu)
			b.ReportMetric(float64(m.Len()), "nodes")
		})
	}
}

// reportCPU reports the CPU time per operation since start (garbage
// collector included), a figure that other processes on the machine do
// not inflate as they do the wall time of ns/op.
func reportCPU(b *testing.B, start time.Duration) {
	if used := cputime.Process() - start; used > 0 {
		b.ReportMetric(float64(used.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}
