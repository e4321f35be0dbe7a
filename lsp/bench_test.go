package lsp

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zktree/zktree/internal/cputime"
)

// bigTree returns a tree of about lines lines: services with properties,
// links and property links between them, and one child each.
func bigTree(lines int) string {
	var b strings.Builder
	for i := 0; i < lines/10; i++ {
		fmt.Fprintf(&b, "/svc%d : z4m service\n", i)
		fmt.Fprintf(&b, "  threads = %d\n", i%16)
		fmt.Fprintf(&b, "  name = 'service %d'\n", i)
		fmt.Fprintf(&b, "  peer -> /svc%d/providers\n", (i+1)%(lines/10))
		fmt.Fprintf(&b, "  workers => /svc%d threads\n", (i+7)%(lines/10))
		fmt.Fprintf(&b, "  # the providers of service %d\n", i)
		fmt.Fprintf(&b, "  /providers\n")
		fmt.Fprintf(&b, "    port = %d\n", 8000+i)
		fmt.Fprintf(&b, "    up -> ..\n")
		fmt.Fprintf(&b, "    hosts = ['a%d', 'b%d']\n", i, i)
	}
	return b.String()
}

// BenchmarkDidChange measures a keystroke in a 10,000-line file as an editor
// sees it: a didChange notification over the pipe until the diagnostics of
// the new version arrive (parse, evaluate, lint and publish). The target is
// under 50 ms.
func BenchmarkDidChange(b *testing.B) {
	text := bigTree(10000)
	c := newClient(b, nil)
	uri := c.open("big.zk", text)
	if ds := c.diagnostics(uri); len(ds) != 0 {
		b.Fatalf("diagnostics in the benchmark tree: %v", diagString(ds))
	}
	// Type and delete a character in the middle of a property value.
	edit := func(version int) contentChange {
		if version%2 == 0 {
			return contentChange{Range: &Range{pos(5001, 12), pos(5001, 12)}, Text: "1"}
		}
		return contentChange{Range: &Range{pos(5001, 12), pos(5001, 13)}, Text: ""}
	}
	b.ResetTimer()
	cpu := cputime.Process()
	for i := 0; i < b.N; i++ {
		version := i + 2
		c.change(uri, version, edit(version))
		c.waitVersion(uri, version)
	}
	b.StopTimer()
	reportCPU(b, cpu)
	c.shutdown()
}

// BenchmarkAnalyze measures the analysis of a 10,000-line file alone.
func BenchmarkAnalyze(b *testing.B) {
	d := newDocument("file:///big.zk", 1, []byte(bigTree(10000)), true)
	docs := map[DocumentURI]*document{d.uri: d}
	b.ResetTimer()
	cpu := cputime.Process()
	for i := 0; i < b.N; i++ {
		d.file = nil // force a parse, as after a change
		analyze(docs, nil)
	}
	reportCPU(b, cpu)
}

// reportCPU reports the CPU time per operation since start (server, client
// and garbage collector together), a figure that other processes on the
// machine do not inflate as they do the wall time of ns/op.
func reportCPU(b *testing.B, start time.Duration) {
	if used := cputime.Process() - start; used > 0 {
		b.ReportMetric(float64(used.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}
