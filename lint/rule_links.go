package lint

import (
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
)

var danglingLink = &Rule{
	ID:       eval.CodeDanglingLink,
	Purpose:  "Report a link whose target does not exist.",
	Severity: ast.Error,
	Default:  true,
	Doc: "A link `name -> path` must lead to a node. A relative target is relative to the node " +
		"that holds the link, and `.`/`..` are applied to the text first.\n\n" +
		"```\n/cms\n  /databases\n    /main\n/app\n  db -> /cms/databases/mian   # no such node\n```\n\n" +
		"Fix: correct the target (the finding suggests a nearby existing path), or create the node.",
	Run: reportEval,
}

var linkCycle = &Rule{
	ID:       eval.CodeLinkCycle,
	Purpose:  "Report a link that leads back to itself through other links.",
	Severity: ast.Error,
	Default:  true,
	Doc: "Following the links must end at a real node; a loop never does, and ZooKeeper clients " +
		"that resolve it fail.\n\n" +
		"```\n/a\n  next -> /b/next\n/b\n  next -> /a/next\n```\n\n" +
		"Fix: point one link of the loop at a real node.",
	Run: reportEval,
}

var linkShadowedByChild = &Rule{
	ID:       "LINK_SHADOWED_BY_CHILD",
	Purpose:  "Report a link that has the same name as a real child node, which always wins.",
	Severity: ast.Warning,
	Default:  true,
	Doc: "When a node has both a child `/x` and a link `x -> …`, every path through `x` reaches " +
		"the child; the link is never followed.\n\n" +
		"```\n/app\n  db -> /databases/main\n  /db\n```\n\n" +
		"Fix: rename the link or the child, or delete the one that is not wanted.",
	Run: func(p *Pass) {
		for _, l := range p.Model.Links() {
			child := p.Model.Node(ast.JoinPath(l.From.Path, l.Name()))
			if child == nil {
				continue
			}
			d := p.Report(l.File.Name, l.Syntax.NameRange(), "link %q is hidden by the child node %s, which paths through %q reach instead", l.Name(), child.Path, l.Name())
			relateDecl(d, child, "the child node")
		}
	},
}

// relateDecl adds the first declaration of n, if any, to d.Related.
func relateDecl(d *ast.Diagnostic, n *eval.Node, msg string) {
	if len(n.Decls) > 0 {
		dc := n.Decls[0]
		d.Related = append(d.Related, ast.Related{File: dc.File.Name, Range: dc.Node.Range, Message: msg})
	}
}
