package graphviz

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestWriteDOTMatchesGraph checks that the DOT writer writes, byte for
// byte, what github.com/emicklei/dot writes for the graph that Graph
// returns: for every golden case, odd names, and a large tree in each view.
func TestWriteDOTMatchesGraph(t *testing.T) {
	type tc struct {
		name string
		src  []byte
		o    Options
	}
	var cases []tc
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		o, input := goldenOptions(t, string(ar.Comment))
		src := section(ar, "in.zk")
		if input != "" {
			if src, err = os.ReadFile(filepath.Join("testdata", input)); err != nil {
				t.Fatal(err)
			}
		}
		cases = append(cases, tc{filepath.Base(file), src, o})
	}
	odd, err := os.ReadFile("testdata/odd-names.zk")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []View{ViewTree, ViewLinks, ViewServices} {
		cases = append(cases, tc{"odd-names " + v.String(), odd, Options{View: v, Legend: true, Providers: map[string]int{"/a": 1}}})
	}
	for _, c := range cases {
		m := load(t, "in.zk", c.src)
		var got bytes.Buffer
		if err := WriteDOT(&got, m, c.o); err != nil {
			t.Fatal(err)
		}
		g, err := Graph(m, c.o)
		if err != nil {
			t.Fatal(err)
		}
		if want := g.String(); got.String() != want {
			t.Errorf("%s: WriteDOT differs from Graph:\n%s\nwant:\n%s", c.name, &got, want)
		}
	}
	big := benchModel(t, 5, 20)
	for _, v := range []View{ViewTree, ViewLinks, ViewServices} {
		var got bytes.Buffer
		if err := WriteDOT(&got, big, Options{View: v, Legend: true}); err != nil {
			t.Fatal(err)
		}
		g, _ := Graph(big, Options{View: v, Legend: true})
		if got.String() != g.String() {
			t.Errorf("large tree, %s view: WriteDOT differs from Graph", v)
		}
	}
}

func TestDotWriter(t *testing.T) {
	g := newDotGraph("g")
	g.attrs.set("b", "2", "a", "1")
	sub := g.subgraph("k")
	x := sub.node("x")
	x.attrs.set("label", "say \"hi\"\n", "id", "é\x01")
	x.attrs.setHTML("label", "<b>x</b>")
	y := g.node("y")
	if sub.node("y") != y || g.node("x") == x {
		t.Error("node lookup: a cluster sees the nodes around it, not the other way")
	}
	g.edge(y, x)
	g.edge(x, y).attrs.set("color", "red")
	var out strings.Builder
	if err := g.write(&out); err != nil {
		t.Fatal(err)
	}
	want := "digraph g {\n\tsubgraph cluster_s1 {\n\t\tlabel=\"k\";\n\t\tn2[id=\"é\\x01\",label=<<b>x</b>>];\n\t\t\n\t}\n\t" +
		"a=\"1\";b=\"2\";\n\tn4[label=\"x\"];\n\tn3[label=\"y\"];\n\tn2->n3[color=\"red\"];\n\tn3->n2;\n\t\n}\n"
	if out.String() != want {
		t.Errorf("got:\n%q\nwant:\n%q", out.String(), want)
	}
}
