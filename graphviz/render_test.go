package graphviz

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/zktree/zktree/eval"
)

// needDot skips a test when Graphviz's dot is missing, except under CI,
// which installs it.
func needDot(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("Graphviz's dot is not installed")
		}
		t.Skip("Graphviz's dot is not installed")
	}
}

// svgGroups returns the ids of the SVG groups of class node and edge.
func svgGroups(t *testing.T, svg []byte) (nodes, edges map[string]bool) {
	nodes, edges = map[string]bool{}, map[string]bool{}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "g" {
			continue
		}
		var class, id string
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "class":
				class = a.Value
			case "id":
				id = a.Value
			}
		}
		switch class {
		case "node":
			nodes[id] = true
		case "edge":
			edges[id] = true
		}
	}
	return nodes, edges
}

// TestRenderSeedSVG renders the zc.zk README's tree with the real dot and
// checks that the picture holds every node of the tree and an edge for
// every link.
func TestRenderSeedSVG(t *testing.T) {
	needDot(t)
	src, err := os.ReadFile(filepath.Join("testdata", "seed-readme.zk"))
	if err != nil {
		t.Fatal(err)
	}
	nodes, links := checkSVG(t, load(t, "seed-readme.zk", src))
	if nodes != 14 || links != 3 {
		t.Errorf("checked %d nodes and %d links, want 14 and 3", nodes, links)
	}
}

// TestRenderOddNames renders names and types holding characters that
// DOT, HTML labels and SVG each treat specially.
func TestRenderOddNames(t *testing.T) {
	needDot(t)
	src, err := os.ReadFile(filepath.Join("testdata", "odd-names.zk"))
	if err != nil {
		t.Fatal(err)
	}
	nodes, links := checkSVG(t, load(t, "odd-names.zk", src))
	if nodes != 4 || links != 2 {
		t.Errorf("checked %d nodes and %d links, want 4 and 2", nodes, links)
	}
}

// TestRenderCorpus renders every valid tree of the project corpus in the
// tree view and checks the pictures, and that every view draws it.
func TestRenderCorpus(t *testing.T) {
	needDot(t)
	files, _ := filepath.Glob(filepath.Join("..", "corpus", "valid", "*.zk"))
	if len(files) == 0 {
		t.Fatal("no corpus trees in ../corpus/valid")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			m := load(t, filepath.Base(file), src)
			checkSVG(t, m)
			for _, v := range []View{ViewLinks, ViewServices} {
				if err := WriteDOT(io.Discard, m, Options{View: v}); err != nil {
					t.Errorf("view %v: %v", v, err)
				}
			}
		})
	}
}

// checkSVG draws m in the tree view, renders it with dot and checks that
// the SVG has a node for every node of m and an edge for every link and
// property link that is not in a loop. It returns how many of each it
// checked.
func checkSVG(t *testing.T, m *eval.Model) (nodes, links int) {
	t.Helper()
	var dotSrc, svg bytes.Buffer
	if err := WriteDOT(&dotSrc, m, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := Render(context.Background(), &svg, dotSrc.Bytes(), FormatSVG); err != nil {
		t.Fatal(err)
	}
	drawnNodes, drawnEdges := svgGroups(t, svg.Bytes())
	m.Walk(func(n *eval.Node) bool {
		if n.Path != "/" {
			nodes++
			if !drawnNodes[n.Path] {
				t.Errorf("node %s is not in the SVG", n.Path)
			}
		}
		return true
	})
	want := func(kind string, from *eval.Node, to *eval.Node, target string, dangling bool) {
		id := kind + " " + from.Path + " -> "
		switch {
		case to == nil:
			id += "missing:" + target + " (missing)"
		case dangling:
			id += to.Path + " (missing)"
		default:
			id += to.Path
		}
		links++
		if !drawnEdges[id] {
			t.Errorf("edge %q is not in the SVG", id)
		}
	}
	for _, l := range m.Links() {
		if !isLoop(l.Err) && l.From.Child(l.Name()) == nil {
			want("link", l.From, l.To, l.Path, false)
		}
	}
	for _, l := range m.PropLinks() {
		if !isLoop(l.Err) && !l.Shadowed {
			target := eval.Normalize(absolute(l.From.Path, l.Syntax.Target))
			want("property-link", l.From, l.To, target, l.Err != nil)
		}
	}
	return nodes, links
}

// TestRenderPNG checks that PNG output is a PNG image.
func TestRenderPNG(t *testing.T) {
	needDot(t)
	var png bytes.Buffer
	if err := Render(context.Background(), &png, []byte("digraph { a -> b }"), FormatPNG); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png.Bytes(), []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("output is not a PNG image: % x", png.Bytes()[:min(8, png.Len())])
	}
}

// TestRenderWithoutDot checks the error when dot is not installed, and
// that DOT output does not need it.
func TestRenderWithoutDot(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	var out bytes.Buffer
	err := Render(context.Background(), &out, []byte("digraph {}"), FormatSVG)
	if !errors.Is(err, ErrNoDot) {
		t.Fatalf("Render without dot: %v, want ErrNoDot", err)
	}
	if err := Render(context.Background(), &out, []byte("digraph {}\n"), FormatDOT); err != nil || out.String() != "digraph {}\n" {
		t.Errorf("DOT output without dot: %q, %v", out.String(), err)
	}
}

// TestRenderBadDOT checks that dot's own message reaches the caller.
func TestRenderBadDOT(t *testing.T) {
	needDot(t)
	err := Render(context.Background(), &bytes.Buffer{}, []byte("digraph { a -> }"), FormatSVG)
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("syntax error")) {
		t.Errorf("Render of bad DOT: %v, want dot's syntax error", err)
	}
}
