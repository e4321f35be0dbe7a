package graphviz

import (
	"bufio"
	"errors"
	"io"
	"sort"

	"github.com/emicklei/dot"
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
)

// Graph returns the diagram of m drawn with o as a DOT graph, for callers
// that want to add to it before writing it. Its DOT text depends only on
// m and o. It fails when o is invalid or o.Root names no node.
func Graph(m *eval.Model, o Options) (*dot.Graph, error) {
	o, err := o.check()
	if err != nil {
		return nil, err
	}
	d, err := build(fromModel(m), o)
	if err != nil {
		return nil, err
	}
	return graphOf(d), nil
}

// WriteDOT writes the DOT text of the diagram of m drawn with o to w. The
// same model and options always give the same bytes.
func WriteDOT(w io.Writer, m *eval.Model, o Options) error {
	g, err := Graph(m, o)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	g.Write(bw)
	return bw.Flush()
}

// ServiceEdges returns the edges that zc.zk's graphvis module draws for
// m, in tree order (children and links sorted by name): a node with a
// real child named providers is a service, and within a service and its
// descendants, until a nearer service takes over, each link whose target
// ends in "/providers" joins the service to the target without
// "/providers". Relative targets are made absolute first (graphvis uses
// the text as written).
func ServiceEdges(m *eval.Model) []Edge {
	var out []Edge
	for _, sl := range serviceLinks(fromModel(m)) {
		out = append(out, sl.Edge)
	}
	return out
}

// fromModel copies the nodes and resolved links of m into a tree, with
// children and links sorted by name so that files and live servers give
// the same drawing.
func fromModel(m *eval.Model) *tree {
	t := newTree()
	var add func(dst *tnode, n *eval.Node)
	add = func(dst *tnode, n *eval.Node) {
		dst.links = linksOf(n)
		kids := append([]*eval.Node(nil), n.Children...)
		sort.Slice(kids, func(i, j int) bool { return kids[i].Name < kids[j].Name })
		for _, c := range kids {
			add(t.add(dst, c.Name, c.Type), c)
		}
	}
	add(t.root, m.Root())
	return t
}

// linksOf returns the links and property links of n, by key, leaving out
// those that a real child (for a link) or property of the same name
// shadows.
func linksOf(n *eval.Node) []tlink {
	var out []tlink
	for _, l := range n.Links {
		if n.Child(l.Name()) != nil {
			continue
		}
		tl := tlink{name: l.Name(), target: l.Path, loop: isLoop(l.Err)}
		if l.To != nil {
			tl.resolved = l.To.Path
		}
		out = append(out, tl)
	}
	for _, l := range n.PropLinks {
		if l.Shadowed {
			continue
		}
		tl := tlink{prop: true, name: l.Name(),
			target: eval.Normalize(absolute(n.Path, l.Syntax.Target)), propName: l.Syntax.Prop, loop: isLoop(l.Err)}
		if tl.propName == "" {
			tl.propName = tl.name
		}
		if l.To != nil {
			tl.resolved = l.To.Path
			tl.missing = l.Err != nil && !tl.loop
		}
		out = append(out, tl)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key() < out[j].key() })
	return out
}

// absolute returns target made absolute relative to the node at holder.
func absolute(holder, target string) string {
	if len(target) > 0 && target[0] == '/' {
		return target
	}
	return ast.JoinPath(holder, target)
}

// isLoop reports whether err comes from a cycle of links.
func isLoop(err error) bool {
	var le *eval.LinkLoopError
	return errors.As(err, &le)
}
