package graphviz

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/zktree/zktree/internal/zczk"
)

var expectedEdge = regexp.MustCompile(`^  "(.*)" -> "(.*)";$`)

// TestCorpusGraph checks the corpus cases of kind graph: the service edges,
// and those of the services view, equal the edges zc.zk's graphvis wrote,
// as sets (graphvis writes them in dict order).
func TestCorpusGraph(t *testing.T) {
	cases, err := zczk.Cases(zczk.Dir(t), "graph")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 2 {
		t.Fatalf("found %d graph cases, want at least 2", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			src, err := c.Read("tree")
			if err != nil {
				t.Fatal(err)
			}
			want := expectedEdges(t, c.Path("expected"))
			m := load(t, c.Name+".tree", src)
			if got := edgeSet(ServiceEdges(m)); !slices.Equal(got, want) {
				t.Errorf("ServiceEdges = %v, want %v", got, want)
			}
			o, _ := Options{View: ViewServices}.check()
			d, err := build(fromModel(m, nil), o)
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
