package graphviz

import (
	"strings"

	"github.com/zktree/zktree/ast"
)

// tnode is one node of the tree being drawn, its links already resolved.
// [fromModel] builds the tree from an evaluated model; the drawing works
// on this small model only.
type tnode struct {
	path, name, typ string
	parent          *tnode
	children        []*tnode // sorted by name
	links           []tlink  // links and property links, sorted by key
}

// tlink is a link (->) or property link (=>) held by a node.
type tlink struct {
	prop     bool   // a property link rather than a link
	name     string // the key's name
	target   string // the target path made absolute and normalised, links not followed
	resolved string // the real path the link reaches; "" when it does not resolve
	loop     bool   // resolving it ran into a cycle of links
	propName string // property links: the property read at the target
	missing  bool   // property links: the target node lacks that property
}

// key returns the link's key in the stored property set.
func (l tlink) key() string {
	if l.prop {
		return l.name + " =>"
	}
	return l.name + " ->"
}

// tree is a whole tree with an index by path.
type tree struct {
	root   *tnode // the node "/"
	byPath map[string]*tnode
}

// newTree returns a tree holding only the root node.
func newTree() *tree {
	r := &tnode{path: "/"}
	return &tree{root: r, byPath: map[string]*tnode{"/": r}}
}

// add creates the node at path (its parent must exist) and returns it.
func (t *tree) add(parent *tnode, name, typ string) *tnode {
	n := &tnode{path: ast.JoinPath(parent.path, name), name: name, typ: typ, parent: parent}
	parent.children = append(parent.children, n)
	t.byPath[n.path] = n
	return n
}

// child returns n's child called name, or nil.
func (n *tnode) child(name string) *tnode {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// isService reports whether n has a real child named providers.
func (n *tnode) isService() bool { return n.child("providers") != nil }

// depth returns the number of path segments of n ("/" has depth 0).
func (n *tnode) depth() int {
	if n.path == "/" {
		return 0
	}
	return strings.Count(n.path, "/")
}

// within reports whether path p is root or lies under it.
func within(p, root string) bool {
	return root == "/" || p == root || strings.HasPrefix(p, root+"/")
}
