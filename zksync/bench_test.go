package zksync_test

import (
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/nodedata"
	"github.com/zktree/zktree/zkconn"
	"github.com/zktree/zktree/zksync"
)

// benchTree is a tree of top × (1 + per) nodes, each with two properties.
func benchTree(top, per int) *ast.File {
	f := &ast.File{Name: "bench.zk"}
	for i := range top {
		n := &ast.Node{Name: fmt.Sprintf("n%04d", i), Type: "service"}
		n.Body = append(n.Body, &ast.Property{Name: "threads", Value: ast.Int(int64(i))})
		for j := range per {
			n.Body = append(n.Body, &ast.Node{Name: fmt.Sprintf("c%04d", j), Body: []ast.Entry{
				&ast.Property{Name: "addr", Value: ast.Str(fmt.Sprintf("10.0.%d.%d:80", i%256, j%256))},
			}})
		}
		f.Nodes = append(f.Nodes, n)
	}
	return f
}

// rate returns nodes per second.
func rate(nodes int, d time.Duration) float64 { return float64(nodes) / d.Seconds() }

// rounds is how many times each side of a comparison is measured, in
// turns; the median counts, so that a pause of the shared machine does not
// decide the result.
const rounds = 3

// compare measures a naive loop and zktree in turns, each function setting
// up its own state and returning the time of the measured part, and
// reports the median rates and their ratio.
func compare(b *testing.B, what string, nodes int, naive, ours func() time.Duration) {
	var n, z []time.Duration
	for b.Loop() {
		for range rounds {
			n = append(n, naive())
			z = append(z, ours())
		}
	}
	report(b, what, nodes, median(z), median(n))
}

func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// timed returns how long fn takes.
func timed(fn func()) time.Duration {
	start := time.Now()
	fn()
	return time.Since(start)
}

// report prints and records both rates and their ratio.
func report(b *testing.B, what string, nodes int, ours, naive time.Duration) {
	z, n := rate(nodes, ours), rate(nodes, naive)
	b.ReportMetric(z, "zktree-nodes/s")
	b.ReportMetric(n, "naive-nodes/s")
	b.ReportMetric(z/n, "speedup")
	b.Logf("%s of %d nodes: zktree %.0f nodes/s, naive sequential loop %.0f nodes/s (%.1fx)", what, nodes, z, n, z/n)
}

func importTree(b *testing.B, c zkconn.Store, f *ast.File) {
	p, diags, err := zksync.PlanImport(ctx, c, f, zksync.ImportOptions{})
	if err != nil || diags.HasErrors() {
		b.Fatal(err, diags)
	}
	if _, err := p.Apply(ctx, c, zksync.ApplyOptions{}); err != nil {
		b.Fatal(err)
	}
}

// naiveCreate creates the tree one request at a time.
func naiveCreate(b *testing.B, c zkconn.Store, parent string, nodes []*ast.Node) {
	for _, n := range nodes {
		data, _ := nodedata.Encode(ast.NodeProps(n))
		p := parent + "/" + n.Name
		if parent == "/" {
			p = "/" + n.Name
		}
		if _, err := c.Create(ctx, p, data, 0, zkconn.OpenACL); err != nil {
			b.Fatal(err)
		}
		naiveCreate(b, c, p, n.Children())
	}
}

// naiveExport reads every node with get + children, one request at a time.
func naiveExport(b *testing.B, c zkconn.Store, p string) int {
	if _, _, err := c.Get(ctx, p); err != nil {
		b.Fatal(err)
	}
	names, _, err := c.Children(ctx, p)
	if err != nil {
		b.Fatal(err)
	}
	n := 1
	for _, name := range names {
		n += naiveExport(b, c, join(p, name))
	}
	return n
}

// naiveDelete deletes the subtree one request at a time.
func naiveDelete(b *testing.B, c zkconn.Store, p string) {
	names, _, err := c.Children(ctx, p)
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range names {
		naiveDelete(b, c, join(p, name))
	}
	if err := c.Delete(ctx, p, -1); err != nil {
		b.Fatal(err)
	}
}

func join(p, name string) string {
	if p == "/" {
		return "/" + name
	}
	return p + "/" + name
}

const benchTop, benchPer = 100, 99 // 10,000 nodes

var warm sync.Once

// warmUp runs each kind of request a few thousand times, untimed, so that
// a freshly started server's JIT compiler does not weigh on whichever side
// of a comparison runs first.
func warmUp(b *testing.B) {
	warm.Do(func() {
		c := testzk.Dial(b, testzk.Root(b))
		f := benchTree(20, 99)
		naiveCreate(b, c, "/", f.Nodes)
		naiveExport(b, c, "/")
		mkNodes(b, c, "/w")
		for range 3 {
			importAt(b, c, benchTree(benchTop, benchPer), "/w")
			if _, err := zksync.DeleteTree(ctx, c, "/w", zksync.DeleteOptions{}, func(string) {}); err != nil {
				b.Fatal(err)
			}
			mkNodes(b, c, "/w")
		}
		importAt(b, c, f, "/w")
		if _, err := zksync.Export(ctx, c, io.Discard, "/", zksync.ExportOptions{}); err != nil {
			b.Fatal(err)
		}
		if _, err := zksync.DeleteTree(ctx, c, "/w", zksync.DeleteOptions{}, func(string) {}); err != nil {
			b.Fatal(err)
		}
		naiveDelete(b, c, "/n0000")
	})
}

func BenchmarkImport(b *testing.B) {
	warmUp(b)
	f := benchTree(benchTop, benchPer)
	compare(b, "import", benchTop*(1+benchPer), func() time.Duration {
		c := testzk.Dial(b, testzk.Root(b))
		return timed(func() { naiveCreate(b, c, "/", f.Nodes) })
	}, func() time.Duration {
		c := testzk.Dial(b, testzk.Root(b))
		return timed(func() { importTree(b, c, f) })
	})
}

func BenchmarkExport(b *testing.B) {
	warmUp(b)
	c := testzk.Dial(b, testzk.Root(b))
	importTree(b, c, benchTree(benchTop, benchPer))
	nodes := benchTop * (1 + benchPer)
	compare(b, "export", nodes, func() time.Duration {
		return timed(func() {
			if got := naiveExport(b, c, "/") - 1; got != nodes {
				b.Fatalf("naive export read %d nodes", got)
			}
		})
	}, func() time.Duration {
		return timed(func() {
			if got, err := zksync.Export(ctx, c, io.Discard, "/", zksync.ExportOptions{}); err != nil || got != nodes {
				b.Fatalf("export: %d nodes, %v", got, err)
			}
		})
	})
}

func BenchmarkDelete(b *testing.B) {
	warmUp(b)
	f := benchTree(benchTop, benchPer)
	nodes := benchTop*(1+benchPer) + 1
	setUp := func() zkconn.Store {
		c := testzk.Dial(b, testzk.Root(b))
		mkNodes(b, c, "/d")
		importAt(b, c, f, "/d")
		return c
	}
	compare(b, "recursive delete", nodes, func() time.Duration {
		c := setUp()
		return timed(func() { naiveDelete(b, c, "/d") })
	}, func() time.Duration {
		c := setUp()
		return timed(func() {
			res, err := zksync.DeleteTree(ctx, c, "/d", zksync.DeleteOptions{}, func(string) {})
			if err != nil || res.Applied != nodes {
				b.Fatalf("deleted %d nodes: %v", res.Applied, err)
			}
		})
	})
}

// BenchmarkDeleteForce compares with --force, which, like the naive loop,
// does not check for ephemeral nodes and so need not read the leaves.
func BenchmarkDeleteForce(b *testing.B) {
	warmUp(b)
	f := benchTree(benchTop, benchPer)
	nodes := benchTop*(1+benchPer) + 1
	setUp := func() zkconn.Store {
		c := testzk.Dial(b, testzk.Root(b))
		mkNodes(b, c, "/d")
		importAt(b, c, f, "/d")
		return c
	}
	compare(b, "forced recursive delete", nodes, func() time.Duration {
		c := setUp()
		return timed(func() { naiveDelete(b, c, "/d") })
	}, func() time.Duration {
		c := setUp()
		return timed(func() {
			res, err := zksync.DeleteTree(ctx, c, "/d", zksync.DeleteOptions{Force: true}, nil)
			if err != nil || res.Applied != nodes {
				b.Fatalf("deleted %d nodes: %v", res.Applied, err)
			}
		})
	})
}

func importAt(b *testing.B, c zkconn.Store, f *ast.File, at string) {
	p, _, err := zksync.PlanImport(ctx, c, f, zksync.ImportOptions{Path: at})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := p.Apply(ctx, c, zksync.ApplyOptions{}); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkExportLarge exports 100,000 nodes and reports the peak growth
// of the live heap and of goroutine stacks while it runs, which stay small
// because the export streams.
func BenchmarkExportLarge(b *testing.B) {
	const top, per = 100, 999
	c := testzk.Dial(b, testzk.Root(b))
	importTree(b, c, benchTree(top, per))
	nodes := top * (1 + per)
	runtime.GC()
	base := memSample()
	var peakLive, peakStacks atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
			m := memSample()
			peakLive.Store(max(peakLive.Load(), m[0]))
			peakStacks.Store(max(peakStacks.Load(), m[1]))
		}
	}()
	var d time.Duration
	for b.Loop() {
		start := time.Now()
		if got, err := zksync.Export(ctx, c, io.Discard, "/", zksync.ExportOptions{}); err != nil || got != nodes {
			b.Fatalf("export: %d nodes, %v", got, err)
		}
		d += time.Since(start)
	}
	close(stop)
	<-done
	mb := func(peak *atomic.Uint64, base uint64) float64 {
		return float64(peak.Load()-min(peak.Load(), base)) / (1 << 20)
	}
	live, stacks := mb(&peakLive, base[0]), mb(&peakStacks, base[1])
	b.ReportMetric(rate(nodes*b.N, d), "nodes/s")
	b.ReportMetric(live, "peak-live-heap-growth-MB")
	b.ReportMetric(stacks, "peak-stack-growth-MB")
	b.Logf("export of %d nodes: %.0f nodes/s, peak growth of the live heap %.1f MB, of stacks %.1f MB", nodes, rate(nodes*b.N, d), live, stacks)
}

// memSample returns the live heap (as of the last GC) and the goroutine
// stack bytes.
func memSample() [2]uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/stacks:bytes"}}
	metrics.Read(s)
	return [2]uint64{s[0].Value.Uint64(), s[1].Value.Uint64()}
}
