package graphviz

import (
	"fmt"
	"html"
	"strings"
)

// Colours and fonts of the drawing.
const (
	fontName      = "Helvetica"
	linkColor     = "#2c3e50"
	propLinkColor = "#7b4f9d"
	serviceColor  = "#1d3557"
	danglingColor = "#d62728"
	cycleColor    = "#ff7f0e"
	externalColor = "#7f7f7f"
	clusterColor  = "#b0b0b0"
	maxLabels     = 3 // link names shown on one edge before "+N more"
)

// clusterFills alternate with the nesting depth of clusters.
var clusterFills = [2]string{"#f7f7f7", "#ececec"}

// graphOf turns a diagram into a DOT graph. Nodes and clusters are made in
// diagram order, so the sequence numbers that name them are stable.
func graphOf(d *diagram) *dotGraph {
	g := newDotGraph("zktree")
	g.attrs.set("rankdir", d.rankdir, "fontname", fontName, "nodesep", "0.3", "ranksep", "0.5")
	made := map[string]*dotNode{}
	for _, n := range d.nodes {
		addNode(g, n, 0, made)
	}
	for _, e := range d.edges {
		addEdge(g, e, made)
	}
	if d.legend {
		addLegend(g, d)
	}
	return g
}

// addNode adds n to g, and its children with it inside a cluster.
func addNode(g *dotGraph, n *dnode, depth int, made map[string]*dotNode) {
	if len(n.children) > 0 {
		g = g.subgraph(n.id)
		g.attrs.set("label", "", "style", "rounded,filled", "color", clusterColor, "fillcolor", clusterFills[depth%2])
	}
	made[n.id] = styleNode(g.node(n.id), n)
	for _, c := range n.children {
		addNode(g, c, depth+1, made)
	}
}

// styleNode sets the look of a drawn node by its kind.
func styleNode(dn *dotNode, n *dnode) *dotNode {
	dn.attrs.set("id", n.id, "shape", "box", "fontname", fontName)
	dn.attrs.setHTML("label", nodeLabel(n))
	switch n.kind {
	case kindExternal:
		dn.attrs.set("tooltip", n.label, "style", "rounded,dashed", "color", externalColor, "fontcolor", externalColor)
	case kindMissing:
		dn.attrs.set("tooltip", n.label+" does not exist", "style", "dashed", "color", danglingColor, "fontcolor", danglingColor)
	default:
		dn.attrs.set("tooltip", n.id, "style", "rounded,filled", "fillcolor", TypeColor(n.typ))
		if n.service {
			dn.attrs.set("style", "filled,bold", "penwidth", "2", "color", serviceColor)
		}
	}
	return dn
}

// nodeLabel returns the HTML label of a node: its name in bold, then its
// type, and for a service its provider count when known.
func nodeLabel(n *dnode) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<b>%s</b>", html.EscapeString(n.label))
	small := func(s string) { fmt.Fprintf(&b, `<br/><font point-size="10">%s</font>`, html.EscapeString(s)) }
	switch {
	case n.kind == kindMissing:
		small("(missing)")
	case n.typ != "":
		small(n.typ)
	}
	if n.providers >= 0 {
		small(plural(n.providers, "provider"))
	}
	return b.String()
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

var edgeKindNames = [...]string{edgeLink: "link", edgePropLink: "property-link", edgeService: "service", edgeChild: "child"}

// addEdge adds e to the top level of g, styled by its kind and state.
func addEdge(g *dotGraph, e *dedge, made map[string]*dotNode) {
	de := g.edge(made[e.from], made[e.to])
	id := edgeKindNames[e.kind] + " " + e.from + " -> " + e.to
	if e.dangling {
		id += " (missing)"
	}
	de.attrs.set("id", id, "fontname", fontName, "fontsize", "10")
	color := linkColor
	switch e.kind {
	case edgePropLink:
		color = propLinkColor
		de.attrs.set("style", "dashed", "arrowhead", "empty")
	case edgeService:
		color = serviceColor
		de.attrs.set("penwidth", "2")
	case edgeChild:
		de.attrs.set("color", clusterColor, "arrowhead", "none")
		return
	}
	label := edgeLabel(e.labels)
	switch {
	case e.dangling:
		color = danglingColor
		label = strings.TrimSpace(label + " (missing)")
	case e.loop || e.cycle:
		color = cycleColor
		if e.loop {
			label = strings.TrimSpace(label + " (link loop)")
		} else {
			label = strings.TrimSpace(label + " (cycle)")
		}
		de.attrs.set("penwidth", "2.5")
	}
	de.attrs.set("color", color, "fontcolor", color, "label", label)
}

// edgeLabel joins link names one per line, at most maxLabels of them.
func edgeLabel(labels []string) string {
	if len(labels) > maxLabels {
		more := fmt.Sprintf("+%d more", len(labels)-maxLabels)
		labels = append(labels[:maxLabels:maxLabels], more)
	}
	return strings.Join(labels, "\n")
}
