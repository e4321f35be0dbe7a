package lint

import (
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
)

// NodeNameProblem says why ZooKeeper refuses or reserves name as the name
// of a node, the same check as the INVALID_NODE_NAME rule, or returns "".
// topLevel says whether the node sits directly under the root, where
// "zookeeper" is reserved. The message completes a sentence that starts
// with the name: "is not allowed by ZooKeeper".
func NodeNameProblem(name string, topLevel bool) string {
	parent := "/"
	if !topLevel {
		parent = "/parent"
	}
	return nameProblem(&eval.Node{Path: ast.JoinPath(parent, name), Name: name})
}
