package graphviz

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// corpusDir returns the zc.zk conformance corpus directory: $ZKTREE_ZCZK_CORPUS,
// else ../shared/zc.zk/corpus beside the repository. A missing corpus skips
// the test, except under CI, where it fails.
func corpusDir(t *testing.T) string {
	dir := os.Getenv("ZKTREE_ZCZK_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "zc.zk", "corpus")
	}
	if _, err := os.Stat(filepath.Join(dir, "INDEX.tsv")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("zc.zk corpus not found at %s (set ZKTREE_ZCZK_CORPUS)", dir)
		}
		t.Skipf("zc.zk corpus not found at %s (set ZKTREE_ZCZK_CORPUS)", dir)
	}
	return dir
}

var expectedEdge = regexp.MustCompile(`^  "(.*)" -> "(.*)";$`)

// TestCorpusGraph checks the corpus cases of kind graph: the service edges,
// and those of the services view, equal the edges zc.zk's graphvis wrote,
// as sets (graphvis writes them in dict order).
func TestCorpusGraph(t *testing.T) {
	dir := corpusDir(t)
	opts, _ := filepath.Glob(filepath.Join(dir, "*.opts"))
	n := 0
	for _, o := range opts {
		data, err := os.ReadFile(o)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "kind=graph") {
			continue
		}
		n++
		stem := strings.TrimSuffix(o, ".opts")
		t.Run(filepath.Base(stem), func(t *testing.T) {
			src, err := os.ReadFile(stem + ".tree")
			if err != nil {
				t.Fatal(err)
			}
			want := expectedEdges(t, stem+".expected")
			m := load(t, filepath.Base(stem)+".tree", src)
			if got := edgeSet(ServiceEdges(m)); !slices.Equal(got, want) {
				t.Errorf("ServiceEdges = %v, want %v", got, want)
			}
			o, _ := Options{View: ViewServices}.check()
			d, err := build(fromModel(m), o)
			if err != nil {
				t.Fatal(err)
			}
			var drawn []Edge
			for _, e := range d.edges {
				drawn = append(drawn, Edge{e.from, e.to})
			}
			if got := edgeSet(drawn); !slices.Equal(got, want) {
				t.Errorf("services view edges = %v, want %v", got, want)
			}
		})
	}
	if n < 2 {
		t.Errorf("found %d graph cases in %s, want at least 2", n, dir)
	}
}

// expectedEdges reads graphvis output: "digraph g {", edge lines, "}".
func expectedEdges(t *testing.T, file string) []string {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) < 2 || lines[0] != "digraph g {" || lines[len(lines)-1] != "}" {
		t.Fatalf("%s: not graphvis output", file)
	}
	var edges []Edge
	for _, l := range lines[1 : len(lines)-1] {
		m := expectedEdge.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("%s: bad edge line %q", file, l)
		}
		edges = append(edges, Edge{m[1], m[2]})
	}
	return edgeSet(edges)
}

// edgeSet returns the edges as sorted, unique "A -> B" strings.
func edgeSet(edges []Edge) []string {
	var out []string
	for _, e := range edges {
		out = append(out, e.From+" -> "+e.To)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
