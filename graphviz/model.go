package graphviz

import (
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
	g, err := dotOf(m, o)
	if err != nil {
		return nil, err
	}
	return g.toDot(), nil
}

// WriteDOT writes the DOT text of the diagram of m drawn with o to w: the
// text that the [Graph] of m and o writes, made faster. The same model and
// options always give the same bytes.
func WriteDOT(w io.Writer, m *eval.Model, o Options) error {
	g, err := dotOf(m, o)
	if err != nil {
		return err
	}
	return g.write(w)
}

// dotOf returns the DOT graph of the diagram of m drawn with o.
func dotOf(m *eval.Model, o Options) (*dotGraph, error) {
	o, err := o.check()
	if err != nil {
		return nil, err
	}
	d, err := build(fromModel(m, o.Outside), o)
	if err != nil {
		return nil, err
	}
	return graphOf(d), nil
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
	for _, sl := range serviceLinks(fromModel(m, nil)) {
		out = append(out, sl.Edge)
	}
	return out
}

// fromModel copies the nodes and resolved links of m into a tree, with
// children and links sorted by name so that files and live servers give
// the same drawing. Links that do not resolve in m are resolved against
// outside, when it is not nil.
func fromModel(m *eval.Model, outside eval.Lookup) *tree {
	t := newTree()
	var add func(dst *tnode, n *eval.Node)
	add = func(dst *tnode, n *eval.Node) {
		dst.links = linksOf(n, outside)
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
func linksOf(n *eval.Node, outside eval.Lookup) []tlink {
	var out []tlink
	for _, l := range n.Links {
		if n.Child(l.Name()) != nil {
			continue
		}
		tl := tlink{name: l.Name(), target: l.Path, loop: isLoop(l.Err)}
		if l.To != nil {
			tl.resolved = l.To.Path
		} else if outside != nil && !tl.loop {
			tl.resolveOutside(outside, n.Path)
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
		switch {
		case l.To != nil:
			tl.resolved = l.To.Path
			tl.missing = l.Err != nil && !tl.loop
			if tl.missing && outside != nil {
				tl.readOutside(outside, n.Path)
			}
		case outside != nil && !tl.loop:
			tl.resolveOutside(outside, n.Path)
		}
		out = append(out, tl)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key() < out[j].key() })
	return out
}

// resolveOutside resolves l, held by the node at holder, against the whole
// tree. A target that cannot be read stands for itself.
func (l *tlink) resolveOutside(outside eval.Lookup, holder string) {
	real, err := eval.Resolve(outside, l.target)
	switch {
	case err == nil:
		l.resolved = real
	case isLoop(err):
		l.loop = true
		return
	case Unreadable(err):
		l.resolved = l.target
		return
	default:
		return
	}
	if l.prop {
		l.readOutside(outside, holder)
	}
}

// readOutside reads the property a property link l, held by the node at
// holder, reads, against the whole tree.
func (l *tlink) readOutside(outside eval.Lookup, holder string) {
	_, err := eval.ResolveProp(outside, holder, l.name)
	l.loop = isLoop(err)
	l.missing = err != nil && !l.loop && !Unreadable(err)
}

// Unreadable reports whether a link resolution error comes from the
// lookup (a node that cannot be read, say) rather than from the tree: not
// a missing node or property, a link loop or a malformed property link.
func Unreadable(err error) bool {
	var (
		noNode *eval.NoNodeError
		noProp *eval.NoPropertyError
		loop   *eval.LinkLoopError
	)
	return err != nil && !errors.As(err, &noNode) && !errors.As(err, &noProp) && !errors.As(err, &loop) &&
		!errors.Is(err, eval.ErrInvalidPropertyLink)
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
