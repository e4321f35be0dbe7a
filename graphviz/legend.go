package graphviz

import (
	"fmt"
	"html"
	"sort"
)

// legendKey names the legend cluster; "~" sorts it after every path.
const legendKey = "~legend"

// sampleNames name the arrow samples of the legend by edge kind.
var sampleNames = [...]string{edgeLink: "link", edgePropLink: "property link", edgeService: "uses"}

// addLegend adds a cluster that explains what the drawing d uses: a box
// per node type (in its colour), a service, an external and a missing
// node, and a sample of each kind of arrow.
func addLegend(g *dotGraph, d *diagram) {
	lg := g.subgraph(legendKey)
	lg.attrs.set("label", "legend", "style", "rounded", "color", clusterColor, "fontname", fontName, "fontsize", "10")
	types, kinds := legendNodes(d)
	for _, typ := range types {
		kinds = append(kinds, &dnode{id: "legend:type:" + typ, label: typ, typ: typ, providers: -1})
	}
	for _, n := range kinds {
		dn := styleNode(lg.node(n.id), n)
		dn.attrs.set("tooltip", n.label)
		dn.attrs.setHTML("label", fmt.Sprintf(`<font point-size="10">%s</font>`, html.EscapeString(n.label)))
	}
	made := map[string]*dotNode{}
	for i, e := range legendEdges(d) {
		e.from, e.to = fmt.Sprintf("legend:%d:from", i), fmt.Sprintf("legend:%d:to", i)
		for _, id := range []string{e.from, e.to} {
			made[id] = lg.node(id)
			made[id].attrs.set("shape", "point", "width", "0.05", "id", id)
		}
		addEdge(g, e, made)
	}
}

// legendNodes returns the sorted types of the real nodes of d, and a
// sample node for each special kind of node d holds (the types get theirs
// in addLegend).
func legendNodes(d *diagram) (types []string, kinds []*dnode) {
	seenType := map[string]bool{}
	var service, external, missing bool
	var visit func(n *dnode)
	visit = func(n *dnode) {
		switch {
		case n.kind == kindExternal:
			external = true
		case n.kind == kindMissing:
			missing = true
		case n.typ != "" && !seenType[n.typ]:
			seenType[n.typ] = true
			types = append(types, n.typ)
		}
		service = service || n.service
		for _, c := range n.children {
			visit(c)
		}
	}
	for _, n := range d.nodes {
		visit(n)
	}
	sort.Strings(types)
	if service {
		kinds = append(kinds, &dnode{id: "legend:service", label: "service", service: true, providers: -1})
	}
	if external {
		kinds = append(kinds, &dnode{id: "legend:external", label: "outside the root", kind: kindExternal, providers: -1})
	}
	if missing {
		kinds = append(kinds, &dnode{id: "legend:missing", label: "missing node", kind: kindMissing, providers: -1})
	}
	return types, kinds
}

// legendEdges returns one sample of each kind and state of arrow in d.
func legendEdges(d *diagram) []*dedge {
	type style struct {
		kind                  edgeKind
		dangling, cycle, loop bool
	}
	seen := map[style]bool{}
	var out []*dedge
	for _, e := range d.edges {
		// The look of an arrow: dangling wins over loop, loop over cycle.
		s := style{kind: e.kind, dangling: e.dangling, loop: e.loop && !e.dangling}
		s.cycle = e.cycle && !s.dangling && !s.loop
		if e.kind == edgeChild || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, &dedge{kind: s.kind, dangling: s.dangling, cycle: s.cycle, loop: s.loop,
			labels: []string{sampleNames[s.kind]}})
	}
	sort.SliceStable(out, func(i, j int) bool { return legendRank(out[i]) < legendRank(out[j]) })
	return out
}

// legendRank orders arrow samples: by kind, plain before dangling, cycle
// and loop.
func legendRank(e *dedge) int {
	r := int(e.kind) * 8
	switch {
	case e.dangling:
		r += 1
	case e.loop:
		r += 3
	case e.cycle:
		r += 2
	}
	return r
}
