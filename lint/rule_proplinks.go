package lint

import (
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
)

var danglingPropLink = &Rule{
	ID:       eval.CodeDanglingPropLink,
	Purpose:  "Report a property link whose node or property does not exist.",
	Severity: ast.Error,
	Default:  true,
	Doc: "A property link `name => path [prop]` reads property `prop` (default: `name`) of the node " +
		"at `path`; both must exist, through any links and further property links.\n\n" +
		"```\n/db\n  port = 5432\n/app\n  port => /db prot   # /db has no property prot\n```\n\n" +
		"Fix: correct the path or the property name (the finding suggests a near one), or add the property.",
	Run: reportEval,
}

var propLinkCycle = &Rule{
	ID:       eval.CodePropLinkCycle,
	Purpose:  "Report property links that read each other in a loop.",
	Severity: ast.Error,
	Default:  true,
	Doc: "A chain of property links must end at a real property. zc.zk recursed without end on " +
		"such a loop; zktree reports it.\n\n" +
		"```\n/a\n  x => ../b\n/b\n  x => ../a\n```\n\n" +
		"Fix: give one node of the loop a real value for the property.",
	Run: reportEval,
}

var propLinkShadowed = &Rule{
	ID:       "PROPERTY_LINK_SHADOWED",
	Purpose:  "Report a property link that a real property of the same name hides.",
	Severity: ast.Warning,
	Default:  true,
	Doc: "When a node has both `x = …` and `x => …`, reading `x` gives the real property; the " +
		"link is never followed.\n\n" +
		"```\n/app\n  threads = 4\n  threads => /defaults\n```\n\n" +
		"Fix: delete one of the two lines.",
	Run: func(p *Pass) {
		for _, pl := range p.Model.PropLinks() {
			if !pl.Shadowed {
				continue
			}
			d := p.Report(pl.File.Name, pl.Syntax.NameRange(), "property link %q is hidden by the property %q of the same node", pl.Name(), pl.Name())
			for _, e := range pl.From.Entries {
				if prop, ok := e.Entry.(*ast.Property); ok && prop.Name == pl.Name() {
					d.Related = append(d.Related, ast.Related{File: e.File.Name, Range: prop.Range, Message: "the property that wins"})
					break
				}
			}
		}
	},
}
