package graphviz

import (
	"sort"
	"strings"
)

// nodeKind says what a drawn node stands for.
type nodeKind int

const (
	kindReal     nodeKind = iota // a node of the tree
	kindExternal                 // a link target outside the drawn subtree
	kindMissing                  // the target of a link that does not resolve
)

// dnode is a drawn node.
type dnode struct {
	id        string // the node's path; "missing:" + path for a missing target
	label     string // name, or path where the name alone is not enough
	typ       string
	kind      nodeKind
	service   bool
	providers int      // registered providers; -1 when unknown
	children  []*dnode // nodes drawn inside this node's cluster (tree view)
}

// edgeKind says what a drawn edge stands for.
type edgeKind int

const (
	edgeLink     edgeKind = iota // a link (->)
	edgePropLink                 // a property link (=>)
	edgeService                  // a service-to-service edge (zc.zk graphvis)
	edgeChild                    // a parent to one of its children (tree view)
)

// dedge is a drawn edge: one or more links between two drawn nodes.
type dedge struct {
	from, to string
	kind     edgeKind
	labels   []string // sorted, unique
	dangling bool     // a link that does not resolve (or a missing property)
	cycle    bool     // part of a cycle of dependencies between subtrees
	loop     bool     // a link whose resolution runs into a cycle of links
}

// diagram is what a [dot.Graph] is made from: the drawn nodes (nested for
// clusters) and edges, both in a fixed order.
type diagram struct {
	nodes   []*dnode // top level, in path order
	edges   []*dedge // by from, to, kind
	rankdir string
	legend  bool // add a legend
}

// NoRootError reports an [Options.Root] that names no node of the tree.
type NoRootError struct {
	Root string
}

// Error returns "no node ROOT in the tree".
func (e *NoRootError) Error() string { return "no node " + e.Root + " in the tree" }

// edgeKey identifies a drawn edge: links that resolve and links that do
// not are drawn as separate edges.
type edgeKey struct {
	from, to string
	kind     edgeKind
	dangling bool
}

// builder makes the diagram of one tree for one set of options.
type builder struct {
	t     *tree
	o     Options
	root  *tnode
	kept  map[*tnode]bool   // real nodes drawn (or, in the links view, drawable)
	nodes map[string]*dnode // every drawn node by id
	edges map[edgeKey]*dedge
	d     *diagram
}

// build makes the diagram of t for o (o already checked).
func build(t *tree, o Options) (*diagram, error) {
	root := t.byPath[o.Root]
	if root == nil {
		return nil, &NoRootError{Root: o.Root}
	}
	b := &builder{t: t, o: o, root: root, kept: map[*tnode]bool{},
		nodes: map[string]*dnode{}, edges: map[edgeKey]*dedge{}, d: &diagram{rankdir: o.RankDir, legend: o.Legend}}
	if o.View == ViewServices {
		b.services()
	} else {
		b.keep(root)
		b.linkEdges(root)
		if o.View == ViewTree {
			b.treeNodes()
		} else {
			b.endpointNodes()
		}
	}
	b.finish()
	return b.d, nil
}

// inDepth reports whether n lies within the depth limit below the root.
func (b *builder) inDepth(n *tnode) bool {
	return b.o.Depth == 0 || n.depth()-b.root.depth() <= b.o.Depth
}

// keep marks the nodes under n that are drawn and reports whether n is.
// In the tree view a node is also kept for the sake of a kept descendant.
func (b *builder) keep(n *tnode) bool {
	if !b.inDepth(n) {
		return false
	}
	k := n.path != "/" && b.o.typeMatches(n.typ)
	for _, c := range n.children {
		if b.keep(c) && b.o.View == ViewTree {
			k = n.path != "/"
		}
	}
	b.kept[n] = k
	return k
}

// anchor returns the id of the drawn node that stands for the real path p:
// p itself or its nearest kept ancestor, an external node for a path
// outside the root (or the root "/" itself, which is otherwise not drawn),
// or "" when nothing drawn stands for it.
func (b *builder) anchor(p string) string {
	if p == "/" || !within(p, b.o.Root) {
		b.node(&dnode{id: p, label: p, kind: kindExternal, providers: -1})
		return p
	}
	for n := b.t.byPath[p]; n != nil && within(n.path, b.o.Root); n = n.parent {
		if b.kept[n] {
			return n.path
		}
	}
	return ""
}

// nearest returns the deepest existing node on path p ("/" at worst).
func (b *builder) nearest(p string) string {
	for p != "/" && b.t.byPath[p] == nil {
		p = p[:strings.LastIndex(p, "/")]
		if p == "" {
			p = "/"
		}
	}
	return p
}

// linkEdges adds an edge for every link and property link held under n.
func (b *builder) linkEdges(n *tnode) {
	if len(n.links) > 0 {
		if from := b.anchor(n.path); from != "" {
			for _, l := range n.links {
				b.linkEdge(n, from, l)
			}
		}
	}
	for _, c := range n.children {
		b.linkEdges(c)
	}
}

// linkEdge adds the edge of link l held by n, drawn from node from.
func (b *builder) linkEdge(n *tnode, from string, l tlink) {
	var to string
	switch {
	case l.resolved != "":
		to = b.anchor(l.resolved)
	case l.loop:
		to = b.anchor(b.nearest(l.target))
	default:
		to = b.missing(l.target)
	}
	collapsed := from != n.path || (l.resolved != "" && to != l.resolved)
	if to == "" || (from == to && collapsed) {
		return
	}
	kind, label := edgeLink, l.name
	if l.prop {
		kind = edgePropLink
		if l.propName != "" && l.propName != l.name {
			label += " = " + l.propName
		}
	}
	dangling := (l.resolved == "" && !l.loop) || l.missing
	if e := b.edge(from, to, kind, dangling, label); l.loop {
		e.loop = true
	}
}

// missing adds (once) the node drawn for an unresolved target path p.
func (b *builder) missing(p string) string {
	id := "missing:" + p
	b.node(&dnode{id: id, label: p, kind: kindMissing, providers: -1})
	return id
}

// node records d unless a node with its id is already drawn, and returns
// the drawn one.
func (b *builder) node(d *dnode) *dnode {
	if old := b.nodes[d.id]; old != nil {
		return old
	}
	b.nodes[d.id] = d
	return d
}

// edge returns the drawn edge from → to of the kind, dangling or not,
// adding label to it. Links that resolve and links that do not are drawn
// as separate edges.
func (b *builder) edge(from, to string, kind edgeKind, dangling bool, label string) *dedge {
	key := edgeKey{from, to, kind, dangling}
	e := b.edges[key]
	if e == nil {
		e = &dedge{from: from, to: to, kind: kind, dangling: dangling}
		b.edges[key] = e
	}
	if label != "" && !contains(e.labels, label) {
		e.labels = append(e.labels, label)
		sort.Strings(e.labels)
	}
	return e
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// realNode returns the drawn node for the tree node n.
func (b *builder) realNode(n *tnode, label string) *dnode {
	return b.node(&dnode{id: n.path, label: label, typ: n.typ, service: n.isService(), providers: b.providers(n)})
}

// providers returns the provider count of n, or -1 when unknown.
func (b *builder) providers(n *tnode) int {
	if c, ok := b.o.Providers[n.path]; ok && n.isService() {
		return c
	}
	return -1
}

// treeNodes draws every kept node, nested in clusters.
func (b *builder) treeNodes() {
	if b.root.path == "/" {
		for _, c := range b.root.children {
			b.d.nodes = append(b.d.nodes, b.treeNode(c)...)
		}
		return
	}
	b.d.nodes = b.treeNode(b.root)
}

// treeNode returns the drawn node of n with its kept descendants nested,
// or nothing when n is not kept.
func (b *builder) treeNode(n *tnode) []*dnode {
	if !b.kept[n] {
		return nil
	}
	label := n.name
	if n == b.root {
		label = n.path
	}
	d := b.realNode(n, label)
	for _, c := range n.children {
		if kids := b.treeNode(c); kids != nil {
			d.children = append(d.children, kids...)
			b.edge(n.path, c.path, edgeChild, false, "")
		}
	}
	return []*dnode{d}
}

// endpointNodes draws, flat, the real nodes that the edges join.
func (b *builder) endpointNodes() {
	for _, e := range b.edges {
		for _, id := range []string{e.from, e.to} {
			if n := b.t.byPath[id]; n != nil && within(id, b.o.Root) {
				b.realNode(n, n.path)
			}
		}
	}
}

// finish orders the top-level nodes and the edges and marks cycles.
func (b *builder) finish() {
	nested := map[string]bool{}
	for _, d := range b.d.nodes {
		markNested(d, nested)
	}
	for id, d := range b.nodes {
		if !nested[id] {
			b.d.nodes = append(b.d.nodes, d)
			nested[id] = true
		}
	}
	sort.SliceStable(b.d.nodes, func(i, j int) bool { return b.d.nodes[i].id < b.d.nodes[j].id })
	for _, e := range b.edges {
		b.d.edges = append(b.d.edges, e)
	}
	sort.Slice(b.d.edges, func(i, j int) bool {
		x, y := b.d.edges[i], b.d.edges[j]
		if x.from != y.from {
			return x.from < y.from
		}
		if x.to != y.to {
			return x.to < y.to
		}
		if x.kind != y.kind {
			return x.kind < y.kind
		}
		return !x.dangling && y.dangling
	})
	markCycles(b.d.edges)
}

// markNested records the ids of d and everything nested in it.
func markNested(d *dnode, seen map[string]bool) {
	seen[d.id] = true
	for _, c := range d.children {
		markNested(c, seen)
	}
}
