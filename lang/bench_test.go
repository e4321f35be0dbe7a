package lang

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/internal/cputime"
)

// The benchmark tree: 100,000 nodes and 300,000 property and link lines,
// about 11 MB.
var bigTree = sync.OnceValue(func() []byte { return genTree(100_000, 300_000) })

// BenchmarkParse also reports cpu-MB/s: the bytes parsed per second of
// CPU time that the process used (garbage collection included), which a
// busy machine disturbs less than the wall-clock MB/s.
func BenchmarkParse(b *testing.B) {
	src := bigTree()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	cpu := cputime.Process()
	n := 0
	for b.Loop() {
		if _, diags := Parse("big.zk", src); len(diags) > 0 {
			b.Fatal(diags[0])
		}
		n++
	}
	b.ReportMetric(float64(n*len(src))/1e6/(cputime.Process()-cpu).Seconds(), "cpu-MB/s")
}

// BenchmarkScannerBaseline reads the same bytes line by line with
// bufio.Scanner and nothing else, as a yardstick for BenchmarkParse.
func BenchmarkScannerBaseline(b *testing.B) {
	src := bigTree()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		sc := bufio.NewScanner(bytes.NewReader(src))
		n := 0
		for sc.Scan() {
			n += len(sc.Bytes())
		}
		if n == 0 {
			b.Fatal("nothing read")
		}
	}
}

// BenchmarkParse10kLines is the size of file a language server re-parses
// on every edit.
func BenchmarkParse10kLines(b *testing.B) {
	src := genTree(2_500, 7_500)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Parse("10k.zk", src)
	}
}

func BenchmarkParseReference(b *testing.B) {
	src := genTree(1_000, 3_000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := ParseReference("ref.zk", src); len(diags) > 0 {
			b.Fatal(diags[0])
		}
	}
}

// rssEnv names the file that a child process parses to measure its peak
// memory (see TestMain).
const rssEnv = "ZKTREE_LANG_RSS_FILE"

// BenchmarkParsePeakRSS parses the benchmark tree once in a fresh process
// and reports that process's peak resident memory (VmHWM), which must stay
// under 100 MB.
func BenchmarkParsePeakRSS(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.zk")
	if err := os.WriteFile(path, bigTree(), 0o644); err != nil {
		b.Fatal(err)
	}
	var peak, base float64
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), rssEnv+"="+path)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("%v: %s", err, out)
		}
		if _, err := fmt.Sscanf(string(out), "base %f peak %f", &base, &peak); err != nil {
			b.Fatalf("bad child output %q: %v", out, err)
		}
	}
	b.ReportMetric(base/1024, "base-MB")
	b.ReportMetric(peak/1024, "peak-MB")
	if peak/1024 >= 100 {
		b.Errorf("peak RSS %.1f MB, want < 100 MB", peak/1024)
	}
}

// TestMain runs the peak-memory child when asked to.
func TestMain(m *testing.M) {
	if path := os.Getenv(rssEnv); path != "" {
		os.Exit(rssChild(path))
	}
	os.Exit(m.Run())
}

// rssChild reads and parses one file and prints the peak RSS in kB before
// and after parsing.
func rssChild(path string) int {
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Println(err)
		return 1
	}
	base := vmHWM()
	f, diags := Parse(path, src)
	runtime.KeepAlive(f)
	if len(diags) > 0 {
		fmt.Println(diags[0])
		return 1
	}
	fmt.Printf("base %d peak %d\n", base, vmHWM())
	return 0
}

// vmHWM returns the peak resident set size of this process in kB.
func vmHWM() int {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	return -1
}

// TestBenchTree checks that the benchmark tree has the promised shape and
// parses without diagnostics in both parsers (a small one for the
// reference).
func TestBenchTree(t *testing.T) {
	src := genTree(500, 1_500)
	f, diags := Parse("gen.zk", src)
	if len(diags) > 0 {
		t.Fatal(diags.Error())
	}
	var nodes, entries int
	for _, n := range f.Nodes {
		countEntries(n, &nodes, &entries)
	}
	if nodes != 500 || entries != 1_500 {
		t.Errorf("got %d nodes and %d entries, want 500 and 1500", nodes, entries)
	}
	if d := diffParsers("gen.zk", src); d != "" {
		t.Error(d)
	}
}

func countEntries(n *ast.Node, nodes, entries *int) {
	*nodes++
	for _, e := range n.Body {
		if c, ok := e.(*ast.Node); ok {
			countEntries(c, nodes, entries)
		} else {
			*entries++
		}
	}
}
