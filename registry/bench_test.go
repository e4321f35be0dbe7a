package registry

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zookeeper/zk"
	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/zkconn"
)

// BenchmarkNotifyLatency measures the time from a change made by another
// session (the write issued) to the view's callback, per change; run it
// with -benchtime=1000x for the median and p99 over 1,000 changes.
func BenchmarkNotifyLatency(b *testing.B) {
	c, admin := dial(b)
	mkNodes(b, admin, `/n {"i":-1}`)
	b.Run("properties", func(b *testing.B) {
		v, err := c.Properties(ctx, "/n")
		if err != nil {
			b.Fatal(err)
		}
		defer v.Close()
		seen := make(chan int64, 1)
		v.OnChange(func(e PropertiesEvent) {
			if i, ok := e.Props["i"].Int(); ok && e.Kind == Changed {
				seen <- i
			}
		})
		measure(b, func(i int) {
			set(b, admin, "/n", fmt.Sprintf(`{"i":%d}`, i))
		}, func(i int) bool { return <-seen == int64(i) })
	})
	b.Run("write-only", func(b *testing.B) {
		// The write alone, for comparison: its round trip is part of the
		// figures above.
		measure(b, func(i int) {
			set(b, admin, "/n", fmt.Sprintf(`{"i":%d}`, i))
		}, func(int) bool { return true })
	})
	runs := 0
	b.Run("children", func(b *testing.B) {
		// A fresh node per run: the list grows from 0 to b.N children.
		runs++
		parent := fmt.Sprintf("/kids%d", runs)
		mkNodes(b, admin, parent)
		v, err := c.Children(ctx, parent)
		if err != nil {
			b.Fatal(err)
		}
		defer v.Close()
		added := make(chan string, 1)
		v.OnChange(func(e ChildrenEvent) {
			if e.Kind == Changed && len(e.Added) == 1 {
				added <- e.Added[0]
			}
		})
		measure(b, func(i int) {
			mkNodes(b, admin, fmt.Sprintf("%s/c%d", parent, i))
		}, func(i int) bool { return <-added == fmt.Sprintf("c%d", i) })
	})
}

// changes numbers the changes the benchmarks make, across runs.
var changes int

// measure times change(i) up to seen(i) for b.N changes and reports the
// median and 99th percentile.
func measure(b *testing.B, change func(int), seen func(int) bool) {
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		changes++
		i := changes
		start := time.Now()
		change(i)
		for !seen(i) {
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkViewMemory opens 10,000 live views, each on its own node (or
// all on one), and reports the heap and goroutines each costs the client.
// "chroot" is a client made by Dial on a chrooted connection string; "raw"
// one made by New on a *zk.Conn (absolute paths). Each run opens the views
// once, whatever b.N.
func BenchmarkViewMemory(b *testing.B) {
	const views = 10000
	for _, tc := range []struct {
		name     string
		children bool
		raw      bool
		same     bool // all views on one node
	}{
		{"properties/chroot", false, false, false},
		{"properties/raw", false, true, false},
		{"children/raw", true, true, false},
		{"properties/raw/one-node", false, true, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			root := testzk.Root(b)
			admin := testzk.Dial(b, root)
			makeNodes(b, admin, views)
			prefix := ""
			var c *Client
			if tc.raw {
				server, chroot, _ := strings.Cut(root, "/")
				prefix = "/" + chroot
				conn, _, err := zk.Connect([]string{server}, 10*time.Second, zk.WithLogger(quiet{}))
				if err != nil {
					b.Fatal(err)
				}
				defer conn.Close()
				c = New(conn)
			} else {
				c = dialAt(b, root)
			}
			defer c.Close()
			// One round whatever b.N, so that the -benchtime=1000x the
			// latency figures need does not open ten million views.
			settle()
			before, g0 := heap(), runtime.NumGoroutine()
			open := openViews(b, c, prefix, views, tc.children, tc.same)
			after, g1 := heap(), runtime.NumGoroutine()
			b.ReportMetric(float64(after-before)/views, "B/view")
			b.ReportMetric(float64(g1-g0)/views, "goroutines/view")
			b.ReportMetric(0, "ns/op") // the round's time over b.N means nothing
			for _, cl := range open {
				cl()
			}
		})
	}
}

// settle waits (at most 5 s) until the number of goroutines stops
// changing, so that earlier sessions' goroutines have ended.
func settle() {
	n := runtime.NumGoroutine()
	for range 25 {
		time.Sleep(200 * time.Millisecond)
		m := runtime.NumGoroutine()
		if m == n {
			return
		}
		n = m
	}
}

// heap returns the bytes of live heap objects and goroutine stacks.
func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc + m.StackInuse
}

// makeNodes creates /v0 … /v(n-1) in transactions of 1,000.
func makeNodes(b *testing.B, s *zkconn.Client, n int) {
	for lo := 0; lo < n; lo += 1000 {
		var ops []zkconn.Op
		for i := lo; i < min(lo+1000, n); i++ {
			ops = append(ops, &zkconn.CreateOp{Path: fmt.Sprintf("/v%d", i), Data: []byte(`{"a":1,"b":"x"}`), ACL: zkconn.OpenACL})
		}
		if _, err := s.Multi(ctx, ops...); err != nil {
			b.Fatal(err)
		}
	}
}

// openViews opens n views, 8 at a time, on /v0 … /v(n-1) or all on /v0,
// and returns their Close methods.
func openViews(b *testing.B, c *Client, prefix string, n int, children, same bool) []func() {
	closers := make([]func(), n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			p := fmt.Sprintf("%s/v%d", prefix, i)
			if same {
				p = prefix + "/v0"
			}
			if children {
				v, err := c.Children(ctx, p)
				if err != nil {
					b.Error(err)
					return
				}
				closers[i] = v.Close
			} else {
				v, err := c.Properties(ctx, p)
				if err != nil {
					b.Error(err)
					return
				}
				closers[i] = v.Close
			}
		}()
	}
	wg.Wait()
	if b.Failed() {
		b.FailNow()
	}
	return closers
}
