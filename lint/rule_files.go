package lint

import (
	"fmt"
	"strings"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
)

var duplicateAcrossFiles = &Rule{
	ID:       "DUPLICATE_ACROSS_FILES",
	Purpose:  "Report a node declared in more than one file, or a key defined for the same node in two files.",
	Severity: ast.Warning,
	Default:  true,
	Doc: "Files loaded together form one tree. A node written in two files is merged: its children " +
		"are joined and, for a key defined in both, the first file wins silently.\n\n" +
		"```\n# a.zk\n/cms\n  threads = 3\n# b.zk\n/cms\n  threads = 4\n```\n\n" +
		"The finding is at the topmost node declared in both files, and at every node below it " +
		"whose keys clash.\n\n" +
		"Fix: keep each node in one file, or disable the rule if the split is deliberate.",
	Run: func(p *Pass) {
		p.Model.Walk(func(n *eval.Node) bool {
			for i, dc := range n.Decls {
				first := n.Decls[0]
				if i == 0 || dc.File == first.File {
					continue
				}
				keys := clashingKeys(n, first.File, dc.File)
				if len(keys) == 0 && declaredIn(n.Parent, first.File) && declaredIn(n.Parent, dc.File) {
					continue // reported at the ancestor declared in both files
				}
				// The message names no line numbers, so that a baseline
				// still matches the finding after edits above it.
				msg := fmt.Sprintf("node %s is also declared in %s", n.Path, first.File.Name)
				if len(keys) > 0 {
					msg += fmt.Sprintf("; %s defined in both, and the first wins", strings.Join(keys, ", "))
				}
				d := p.Report(dc.File.Name, dc.Node.NameRange(), "%s", msg)
				d.Related = append(d.Related, ast.Related{File: first.File.Name, Range: first.Node.Range, Message: "first declared here"})
			}
			return true
		})
	},
}

// declaredIn reports whether n is declared in file f.
func declaredIn(n *eval.Node, f *ast.File) bool {
	for _, dc := range n.Decls {
		if dc.File == f {
			return true
		}
	}
	return false
}

// clashingKeys returns the keys of n defined in both files a and b.
func clashingKeys(n *eval.Node, a, b *ast.File) []string {
	inA := map[string]bool{}
	for _, e := range n.Entries {
		if e.File == a {
			inA[e.Entry.Key()] = true
		}
	}
	var keys []string
	for _, e := range n.Entries {
		if e.File == b && inA[e.Entry.Key()] {
			keys = append(keys, fmt.Sprintf("%q", e.Entry.Key()))
		}
	}
	return keys
}

var invalidNodeName = &Rule{
	ID:       "INVALID_NODE_NAME",
	Purpose:  "Report a node name that ZooKeeper rejects or reserves.",
	Severity: ast.Error,
	Default:  true,
	Doc: "ZooKeeper refuses the names `.` and `..` (which the parser already rejects; the rule " +
		"also checks trees that programs build), control characters and some Unicode ranges " +
		"(U+007F–U+009F, U+E000–U+F8FF, U+FFF0–U+FFFF, and every character above U+FFFF, such as " +
		"emoji, which Java holds as surrogates), and reserves `/zookeeper` at the top.\n\n" +
		"```\n/zookeeper          # reserved\n  /quota\n/app\n  /zookeeper        # fine below the top\n```\n\n" +
		"Fix: rename the node.",
	Run: func(p *Pass) {
		p.Model.Walk(func(n *eval.Node) bool {
			why := ast.NodeNameProblem(n.Name, n.Path == "/"+n.Name)
			for _, dc := range n.Decls {
				if why != "" {
					p.Report(dc.File.Name, dc.Node.NameRange(), "node name %q %s", n.Name, why)
				}
			}
			return true
		})
	},
}
