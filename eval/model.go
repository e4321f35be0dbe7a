package eval

import (
	"slices"
	"strings"

	"github.com/zktree/zktree/ast"
)

// Model is an evaluated tree: every node of the files it was built from,
// with links and property links resolved and a reverse index of who links
// to each node. It implements [Lookup]. A Model is read-only once built and
// safe for concurrent readers.
type Model struct {
	root      *Node
	nodes     map[string]*Node
	files     []*ast.File
	links     []*Link
	propLinks []*PropLink

	// blocks of preallocated values, used up while building
	slab         []Node
	linkSlab     []Link
	propLinkSlab []PropLink
}

// Node is one node of a [Model].
type Node struct {
	Path     string  // absolute real path, "/" for the root
	Name     string  // last path element, "" for the root
	Type     string  // "" when untyped
	Parent   *Node   // nil for the root
	Children []*Node // in source order; a node written in several files appears once
	// Decls are the node lines that declare the node, one per file (more
	// when the same node is written in several files); none for the root
	// and for the ancestors of a mount path.
	Decls []Decl
	// Entries are the node's properties, links and property links in
	// source order, duplicates included.
	Entries []Entry
	// Links and PropLinks are the node's links and property links, in
	// source order, the first definition of each name only.
	Links     []*Link
	PropLinks []*PropLink
	// LinkedFrom and PropLinkedFrom are the links and property links whose
	// target resolves to this node (the reverse index).
	LinkedFrom     []*Link
	PropLinkedFrom []*PropLink

	props ast.Props
}

// Decl is a place where a node is declared.
type Decl struct {
	File *ast.File
	Node *ast.Node
}

// Entry is a property, link or property link line of a node with its file.
type Entry struct {
	File  *ast.File
	Entry ast.Entry // *ast.Property, *ast.Link or *ast.PropLink
}

// Link is a resolved symbolic link "name -> target".
type Link struct {
	From   *Node
	File   *ast.File
	Syntax *ast.Link
	// Path is the absolute path the target names before links are
	// followed (relative targets joined to From and normalised).
	Path string
	// To is the node the link resolves to, nil when Err is set.
	To  *Node
	Err error // *NoNodeError, *LinkLoopError
}

// PropLink is a resolved property link "name => target [prop]".
type PropLink struct {
	From   *Node
	File   *ast.File
	Syntax *ast.PropLink
	// To is the node the target path resolves to (nil when it does not).
	To *Node
	// Value is the value the link reads, valid when Err is nil.
	Value ast.Value
	Err   error // *BadPropertyLinkError
	// Shadowed reports that From has a real property of the same name,
	// which wins over the link.
	Shadowed bool
}

// Name returns the link's name.
func (l *Link) Name() string { return l.Syntax.Name }

// Name returns the property link's name.
func (l *PropLink) Name() string { return l.Syntax.Name }

// Root returns the root node "/".
func (m *Model) Root() *Node { return m.root }

// Files returns the files the model was built from, in the order given.
func (m *Model) Files() []*ast.File { return m.files }

// Node returns the node at the real path (no links followed), or nil.
func (m *Model) Node(path string) *Node { return m.nodes[path] }

// Len returns the number of nodes, the root included.
func (m *Model) Len() int { return len(m.nodes) }

// Links returns every link of the model, in file and source order.
func (m *Model) Links() []*Link { return m.links }

// PropLinks returns every property link of the model, in file and source
// order.
func (m *Model) PropLinks() []*PropLink { return m.propLinks }

// Exists reports whether a real node exists at path; it never fails.
func (m *Model) Exists(path string) (bool, error) {
	_, ok := m.nodes[path]
	return ok, nil
}

// Props returns the raw property set of the node at path; it never fails.
func (m *Model) Props(path string) (ast.Props, bool, error) {
	n, ok := m.nodes[path]
	if !ok {
		return nil, false, nil
	}
	return n.props, true, nil
}

// Resolve returns the real path that path names, following links (see
// [Resolve]).
func (m *Model) Resolve(path string) (string, error) { return Resolve(m, path) }

// ResolveNode returns the node that path names, following links.
func (m *Model) ResolveNode(path string) (*Node, error) {
	p, err := Resolve(m, path)
	if err != nil {
		return nil, err
	}
	return m.nodes[p], nil
}

// Prop returns property name of the node at path, following links and
// property links (see [ResolveProp]).
func (m *Model) Prop(path, name string) (ast.Value, error) { return ResolveProp(m, path, name) }

// Walk calls fn for every node in depth-first source order, starting with
// the root; returning false skips the node's children.
func (m *Model) Walk(fn func(*Node) bool) { walk(m.root, fn) }

func walk(n *Node, fn func(*Node) bool) {
	if !fn(n) {
		return
	}
	for _, c := range n.Children {
		walk(c, fn)
	}
}

// Props returns the node's raw property set (keys "x", "x ->", "x =>",
// "type"). Do not modify it.
func (n *Node) Props() ast.Props { return n.props }

// Child returns the real child called name, or nil.
func (n *Node) Child(name string) *Node {
	for _, c := range n.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// PropertyNames returns the names of the node's properties, real ones and
// property links, sorted, each once ("type" excluded).
func (n *Node) PropertyNames() []string {
	var names []string
	for k := range n.props {
		if name, ok := strings.CutSuffix(k, " =>"); ok {
			k = name
		} else if k == "type" || strings.HasSuffix(k, " ->") {
			continue
		}
		names = append(names, k)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// Properties returns the properties of n with property links replaced by
// the values they read; a property link that cannot be followed is left
// out and its error returned in errs, keyed by name.
func (m *Model) Properties(n *Node) (props map[string]ast.Value, errs map[string]error) {
	props = make(map[string]ast.Value)
	for _, name := range n.PropertyNames() {
		v, err := ResolveProp(m, n.Path, name)
		if err != nil {
			if errs == nil {
				errs = make(map[string]error)
			}
			errs[name] = err
			continue
		}
		props[name] = v
	}
	return props, errs
}

// Span returns the range of the node's first declaration and its file, or
// a nil file for an implicit node.
func (n *Node) Span() (*ast.File, ast.Range) {
	if len(n.Decls) == 0 {
		return nil, ast.Range{}
	}
	return n.Decls[0].File, n.Decls[0].Node.Range
}
