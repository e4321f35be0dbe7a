package graphviz

import (
	"bufio"
	"cmp"
	"io"
	"slices"
	"strconv"

	"github.com/emicklei/dot"
)

// This file holds a small DOT graph that [WriteDOT] writes directly. It
// writes the same bytes as github.com/emicklei/dot writes for the same
// graph (sorted clusters, nodes and attributes, nodes named by creation
// sequence), which a test checks, but drawing a large tree takes half to
// a third of the CPU time and less than half the memory
// (BenchmarkWriteDOT against BenchmarkGraph): dot keeps every attribute in
// a map of interfaces and prints through fmt. [Graph] converts it to a
// dot.Graph.

// attr is one attribute of a graph, node or edge.
type attr struct {
	key, val string
	html     bool // val is an HTML label, written <val> instead of quoted
}

// attrs is a set of attributes: setting a key again replaces its value.
type attrs []attr

// set sets pairs of keys and string values.
func (as *attrs) set(kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		as.put(attr{key: kv[i], val: kv[i+1]})
	}
}

// setHTML sets key to an HTML value.
func (as *attrs) setHTML(key, html string) { as.put(attr{key: key, val: html, html: true}) }

func (as *attrs) put(a attr) {
	for i := range *as {
		if (*as)[i].key == a.key {
			(*as)[i] = a
			return
		}
	}
	*as = append(*as, a)
}

// dotGraph is a directed graph or one of its clusters.
type dotGraph struct {
	id      string // "zktree", or "cluster_sN" for a cluster
	key     string // a cluster's key, which orders the clusters of a graph
	attrs   attrs
	parent  *dotGraph
	subs    []*dotGraph
	nodes   []*dotNode
	byID    map[string]*dotNode
	edges   []*dotEdge
	seq     int   // the top graph's count of clusters and nodes made
	created []any // the top graph's clusters and nodes in creation order
}

// attrsCap is room for the attributes zktree sets on a node or an edge.
const attrsCap = 10

// dotNode is a node, written "nSEQ".
type dotNode struct {
	id    string
	seq   int
	attrs attrs
	graph *dotGraph
}

// dotEdge is an edge between two nodes.
type dotEdge struct {
	from, to *dotNode
	attrs    attrs
}

func newDotGraph(id string) *dotGraph {
	return &dotGraph{id: id, byID: map[string]*dotNode{}}
}

func (g *dotGraph) root() *dotGraph {
	for g.parent != nil {
		g = g.parent
	}
	return g
}

// record numbers a new cluster or node.
func (g *dotGraph) record(x any) int {
	r := g.root()
	r.seq++
	r.created = append(r.created, x)
	return r.seq
}

// subgraph makes a cluster of g; its label is its key until set.
func (g *dotGraph) subgraph(key string) *dotGraph {
	sub := newDotGraph("")
	sub.key, sub.parent = key, g
	sub.id = "cluster_s" + strconv.Itoa(g.record(sub))
	sub.attrs.set("label", key)
	g.subs = append(g.subs, sub)
	return sub
}

// node returns the node id of g or of a graph around it, making it in g
// when there is none; its label is its id until set.
func (g *dotGraph) node(id string) *dotNode {
	for x := g; x != nil; x = x.parent {
		if n := x.byID[id]; n != nil {
			return n
		}
	}
	n := &dotNode{id: id, graph: g, attrs: make(attrs, 0, attrsCap)}
	n.seq = g.record(n)
	n.attrs.set("label", id)
	g.nodes = append(g.nodes, n)
	g.byID[id] = n
	return n
}

// edge adds an edge from → to to the top graph.
func (g *dotGraph) edge(from, to *dotNode) *dotEdge {
	e := &dotEdge{from: from, to: to, attrs: make(attrs, 0, attrsCap)}
	r := g.root()
	r.edges = append(r.edges, e)
	return e
}

// write writes g as DOT text.
func (g *dotGraph) write(w io.Writer) error {
	dw := &dotWriter{w: bufio.NewWriter(w)}
	dw.graph(g)
	return dw.w.Flush()
}

// dotWriter writes DOT text indented by tabs, one statement a line.
type dotWriter struct {
	w      *bufio.Writer
	level  int
	buf    []byte
	sorted attrs // attributes being written
}

func (w *dotWriter) newline() {
	w.w.WriteByte('\n')
	for range w.level {
		w.w.WriteByte('\t')
	}
}

func (w *dotWriter) graph(g *dotGraph) {
	if g.parent == nil {
		w.w.WriteString("digraph ")
	} else {
		w.w.WriteString("subgraph ")
	}
	w.w.WriteString(g.id)
	w.w.WriteString(" {")
	w.newline()
	w.level++
	w.w.WriteByte('\t')
	subs := slices.Clone(g.subs)
	slices.SortFunc(subs, func(a, b *dotGraph) int { return cmp.Compare(a.key, b.key) })
	for _, s := range subs {
		w.graph(s)
	}
	w.attrs(g.attrs, false)
	w.newline()
	nodes := slices.Clone(g.nodes)
	slices.SortFunc(nodes, func(a, b *dotNode) int { return cmp.Compare(a.id, b.id) })
	for _, n := range nodes {
		w.name(n)
		w.attrs(n.attrs, true)
		w.w.WriteByte(';')
		w.newline()
	}
	edges := slices.Clone(g.edges)
	slices.SortStableFunc(edges, func(a, b *dotEdge) int { return cmp.Compare(a.from.id, b.from.id) })
	for _, e := range edges {
		w.name(e.from)
		w.w.WriteString("->")
		w.name(e.to)
		w.attrs(e.attrs, true)
		w.w.WriteByte(';')
		w.newline()
	}
	w.level--
	w.newline()
	w.w.WriteByte('}')
	w.newline()
}

func (w *dotWriter) name(n *dotNode) {
	w.buf = append(append(w.buf[:0], 'n'), strconv.Itoa(n.seq)...)
	w.w.Write(w.buf)
}

// attrs writes attributes sorted by key: in brackets separated by commas
// for nodes and edges, as statements ending in ";" for graphs. Values are
// quoted as Go quotes strings, or HTML in angle brackets.
func (w *dotWriter) attrs(as attrs, bracket bool) {
	if len(as) == 0 {
		return
	}
	w.sorted = append(w.sorted[:0], as...)
	slices.SortFunc(w.sorted, func(a, b attr) int { return cmp.Compare(a.key, b.key) })
	sep := byte(';')
	if bracket {
		sep = ','
		w.w.WriteByte('[')
	}
	for i, a := range w.sorted {
		b := w.buf[:0]
		if i > 0 {
			b = append(b, sep)
		}
		b = append(append(b, a.key...), '=')
		if a.html {
			b = append(append(append(b, '<'), a.val...), '>')
		} else {
			b = strconv.AppendQuote(b, a.val)
		}
		w.buf = b
		w.w.Write(b)
	}
	if bracket {
		w.w.WriteByte(']')
	} else {
		w.w.WriteByte(';')
	}
}

// toDot returns g as a dot.Graph, made in the same order so that its
// clusters and nodes get the same sequence numbers and it writes the
// same text.
func (g *dotGraph) toDot() *dot.Graph {
	out := dot.NewGraph(dot.Directed)
	out.ID(g.id)
	setAttrs(out.AttributesMap, g.attrs)
	graphs := map[*dotGraph]*dot.Graph{g: out}
	nodes := map[*dotNode]dot.Node{}
	for _, x := range g.created {
		switch x := x.(type) {
		case *dotGraph:
			sub := graphs[x.parent].Subgraph(x.key, dot.ClusterOption{})
			setAttrs(sub.AttributesMap, x.attrs)
			graphs[x] = sub
		case *dotNode:
			n := graphs[x.graph].Node(x.id)
			setAttrs(n.AttributesMap, x.attrs)
			nodes[x] = n
		}
	}
	for _, e := range g.edges {
		setAttrs(out.Edge(nodes[e.from], nodes[e.to]).AttributesMap, e.attrs)
	}
	return out
}

func setAttrs(m dot.AttributesMap, as attrs) {
	for _, a := range as {
		if a.html {
			m.Attr(a.key, dot.HTML(a.val))
		} else {
			m.Attr(a.key, a.val)
		}
	}
}
