package graphviz

import "strings"

// Edge is a service-to-service edge: the service at From uses the one at To.
type Edge struct {
	From, To string
}

// serviceLink is a link that zc.zk's graphvis turns into an edge.
type serviceLink struct {
	Edge
	link tlink
}

// serviceLinks returns the service-to-service links of t in tree order
// (children and links sorted by name), as zc.zk's graphvis finds them: a
// node with a real child named providers is a service; within a service
// and its descendants, until a nearer service takes over, every link whose
// target ends in "/providers" joins the service to the target minus
// "/providers". Unlike graphvis, relative targets are first made absolute.
func serviceLinks(t *tree) []serviceLink {
	var out []serviceLink
	var walk func(n *tnode, service string)
	walk = func(n *tnode, service string) {
		if n.isService() {
			service = n.path
		}
		for _, l := range n.links {
			if service != "" && !l.prop && strings.HasSuffix(l.target, "/providers") {
				to := strings.TrimSuffix(l.target, "/providers")
				if to == "" {
					to = "/"
				}
				out = append(out, serviceLink{Edge{service, to}, l})
			}
		}
		for _, c := range n.children {
			walk(c, service)
		}
	}
	walk(t.root, "")
	return out
}

// services draws the services under the root and the edges between them.
func (b *builder) services() {
	for _, n := range b.t.byPath {
		if n.isService() && within(n.path, b.o.Root) && b.inDepth(n) && b.o.typeMatches(n.typ) {
			b.kept[n] = true
			b.realNode(n, n.path)
		}
	}
	for _, sl := range serviceLinks(b.t) {
		from := b.t.byPath[sl.From]
		if !b.kept[from] {
			continue
		}
		to := b.serviceTarget(sl)
		if to == "" {
			continue
		}
		dangling := sl.link.resolved == "" && !sl.link.loop
		if e := b.edge(sl.From, to, edgeService, dangling, sl.link.name); sl.link.loop {
			e.loop = true
		}
	}
}

// serviceTarget returns the id of the node a service edge goes to, or ""
// when the target is a node the options leave out.
func (b *builder) serviceTarget(sl serviceLink) string {
	if sl.link.resolved == "" && !sl.link.loop {
		return b.missing(sl.To)
	}
	n := b.t.byPath[sl.To]
	switch {
	case n == nil || !within(sl.To, b.o.Root):
		b.node(&dnode{id: sl.To, label: sl.To, kind: kindExternal, providers: -1})
	case b.kept[n]:
	case !b.inDepth(n) || !b.o.typeMatches(n.typ):
		return ""
	default:
		b.realNode(n, n.path)
	}
	return sl.To
}
