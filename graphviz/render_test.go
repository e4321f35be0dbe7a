package graphviz

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
	m := load(t, "seed-readme.zk", src)
	var dotSrc, svg bytes.Buffer
	if err := WriteDOT(&dotSrc, m, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := Render(context.Background(), &svg, dotSrc.Bytes(), FormatSVG); err != nil {
		t.Fatal(err)
	}
	nodes, edges := svgGroups(t, svg.Bytes())
	count := 0
	m.Walk(func(n *eval.Node) bool {
		if n.Path != "/" {
			count++
			if !nodes[n.Path] {
				t.Errorf("node %s is not in the SVG", n.Path)
			}
		}
		return true
	})
	if count != 14 || len(nodes) != count {
		t.Errorf("tree has %d nodes, SVG %d; want 14 each", count, len(nodes))
	}
	for _, l := range m.Links() {
		id := "link " + l.From.Path + " -> " + l.To.Path
		if !edges[id] {
			t.Errorf("edge %q is not in the SVG", id)
		}
	}
	links := 0
	for id := range edges {
		if strings.HasPrefix(id, "link ") {
			links++
		}
	}
	if len(m.Links()) != 3 || links != 3 {
		t.Errorf("tree has %d links, SVG %d link edges; want 3 each", len(m.Links()), links)
	}
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
