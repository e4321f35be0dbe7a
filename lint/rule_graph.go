package lint

import (
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
)

var untypedNode = &Rule{
	ID:       "UNTYPED_NODE",
	Purpose:  "Report a node without a type whose siblings all have one.",
	Severity: ast.Warning,
	Default:  true,
	Doc: "Types (`/name : type`) say what a node is. When every sibling has one, a node without it " +
		"is usually an omission, and tools that select nodes by type miss it.\n\n" +
		"```\n/services\n  /cms : z4m cms\n  /retail : z4m retail\n  /search\n```\n\n" +
		"Fix: add the type (`/search : solr`).",
	Run: func(p *Pass) {
		p.Model.Walk(func(n *eval.Node) bool {
			typed := 0
			for _, c := range n.Children {
				if c.Type != "" {
					typed++
				}
			}
			if typed < 2 || typed != len(n.Children)-1 {
				return true
			}
			for _, c := range n.Children {
				if c.Type == "" && len(c.Decls) > 0 {
					dc := c.Decls[0]
					p.Report(dc.File.Name, dc.Node.NameRange(), "node %s has no type, but its %d siblings all have one", c.Path, typed)
				}
			}
			return true
		})
	},
}

var unreferencedSubtree = &Rule{
	ID:       "UNREFERENCED_SUBTREE",
	Purpose:  "Report a top-level subtree that no link leads into or out of, in a file whose other subtrees are linked.",
	Severity: ast.Info,
	Default:  true,
	Doc: "In a file whose top-level subtrees are connected by links, a top-level subtree that no " +
		"link or property link (from any file) enters or leaves is disconnected from the " +
		"architecture: often a leftover or a target whose links were misspelt. A subtree is " +
		"only checked in a file that declares at least one linked top-level subtree, so files " +
		"outside the linked architecture, such as unrelated trees linted together, are not " +
		"reported.\n\n" +
		"```\n/lb\n  backend -> /cms\n/cms\n/old-cms      # nothing links here, it links nowhere\n```\n\n" +
		"Fix: link to it, or delete it.",
	Run: func(p *Pass) {
		connected := connectedSubtrees(p.Model)
		linkedFiles := map[*ast.File]bool{}
		for n := range connected {
			for _, dc := range n.Decls {
				linkedFiles[dc.File] = true
			}
		}
		for _, n := range p.Model.Root().Children {
			if connected[n] {
				continue
			}
			for _, dc := range n.Decls {
				if linkedFiles[dc.File] {
					p.Report(dc.File.Name, dc.Node.NameRange(), "subtree %s is not connected: no link leads into it or out of it", n.Path)
					break
				}
			}
		}
	},
}

// connectedSubtrees returns the top-level subtrees that a link or property
// link joins to another top-level subtree.
func connectedSubtrees(m *eval.Model) map[*eval.Node]bool {
	connected := map[*eval.Node]bool{}
	mark := func(from, to *eval.Node) {
		if a, b := topOf(from), topOf(to); a != b {
			connected[a], connected[b] = true, true
		}
	}
	for _, l := range m.Links() {
		if l.To != nil {
			mark(l.From, l.To)
		}
	}
	for _, pl := range m.PropLinks() {
		if pl.To != nil {
			mark(pl.From, pl.To)
		}
	}
	return connected
}

// topOf returns the top-level ancestor of n (n itself at the top; the root
// for the root).
func topOf(n *eval.Node) *eval.Node {
	for n.Parent != nil && n.Parent.Parent != nil {
		n = n.Parent
	}
	return n
}
