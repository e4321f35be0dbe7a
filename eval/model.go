package eval

import (
	"slices"

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
	diags     ast.Diagnostics // what EvalMounts reported

	// resolved is the real path of every link path resolved while building.
	resolved map[string]string
	building bool

	blocks *blocks // preallocated values, used up while building
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

	typ    ast.Value      // the value of key "type"
	hasTyp bool           // whether the node has key "type"
	keys   map[string]int // key → index in Entries, for nodes with many entries
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

// cached returns the real path that the link path resolved to while the
// model was built. Remembering successes makes resolution linear where
// links are nested in each other's targets (exponential otherwise); a
// success does not depend on the links followed before it, so the cache
// does not change any result.
func (m *Model) cached(path string) (string, bool) {
	if m == nil {
		return "", false
	}
	r, ok := m.resolved[path]
	return r, ok
}

// remember records a successful resolution while the model is built.
func (m *Model) remember(path, real string) {
	if m != nil && m.building {
		m.resolved[path] = real
	}
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

// Diagnostics returns the diagnostics that [EvalMounts] reported when it
// built the model, sorted. Do not modify them.
func (m *Model) Diagnostics() ast.Diagnostics { return m.diags }

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
	return n.Props(), true, nil
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

// Props returns a new map holding the node's raw property set (keys "x",
// "x ->", "x =>", "type"), the first definition of each key.
func (n *Node) Props() ast.Props {
	p := make(ast.Props, len(n.Entries)+1)
	if n.hasTyp {
		p["type"] = n.typ
	}
	for _, e := range n.Entries {
		k := e.Entry.Key()
		if _, dup := p[k]; !dup {
			p[k] = entryValue(e.Entry)
		}
	}
	return p
}

// Get returns the raw value of key ("x", "x ->", "x =>" or "type"), the
// first definition, without building the property set.
func (n *Node) Get(key string) (ast.Value, bool) {
	if key == "type" && n.hasTyp {
		return n.typ, true
	}
	if n.keys != nil {
		i, ok := n.keys[key]
		if !ok {
			return ast.None, false
		}
		return entryValue(n.Entries[i].Entry), true
	}
	for _, e := range n.Entries {
		if keyIs(e.Entry, key) {
			return entryValue(e.Entry), true
		}
	}
	return ast.None, false
}

// has reports whether n already has the key of e.
func (n *Node) has(e ast.Entry) bool {
	if n.keys != nil {
		_, ok := n.keys[e.Key()]
		return ok
	}
	for _, x := range n.Entries {
		if sameKey(x.Entry, e) {
			return true
		}
	}
	return false
}

// indexFrom is the number of entries from which a node keeps a map from
// key to entry instead of searching its entries.
const indexFrom = 16

// index records that Entries[i] is the first definition of its key.
func (n *Node) index(i int) {
	switch {
	case n.keys != nil:
		n.keys[n.Entries[i].Entry.Key()] = i
	case len(n.Entries) >= indexFrom:
		n.keys = make(map[string]int, 2*len(n.Entries))
		for j := len(n.Entries) - 1; j >= 0; j-- {
			n.keys[n.Entries[j].Entry.Key()] = j
		}
	}
}

func (n *Node) setType(v ast.Value) {
	if n.hasTyp {
		return
	}
	n.typ, n.hasTyp = v, true
	if v.Kind() == ast.StringKind {
		n.Type = v.Str()
	}
}

// entryValue returns the stored value of a property, link or property link.
func entryValue(e ast.Entry) ast.Value {
	switch e := e.(type) {
	case *ast.Property:
		return e.Value
	case *ast.Link:
		return ast.Str(e.Target)
	case *ast.PropLink:
		return ast.Str(e.TargetText())
	}
	return ast.None
}

// keyIs reports whether the key of e is key, without building it.
func keyIs(e ast.Entry, key string) bool {
	switch e := e.(type) {
	case *ast.Property:
		return e.Name == key
	case *ast.Link:
		return hasKey(key, e.Name, " ->")
	case *ast.PropLink:
		return hasKey(key, e.Name, " =>")
	}
	return false
}

func hasKey(key, name, suffix string) bool {
	return len(key) == len(name)+len(suffix) && key[:len(name)] == name && key[len(name):] == suffix
}

// sameKey reports whether a and b have the same key.
func sameKey(a, b ast.Entry) bool {
	switch b := b.(type) {
	case *ast.Property:
		return keyIs(a, b.Name)
	case *ast.Link:
		l, ok := a.(*ast.Link)
		return ok && l.Name == b.Name
	case *ast.PropLink:
		l, ok := a.(*ast.PropLink)
		return ok && l.Name == b.Name
	}
	return false
}

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
	for _, e := range n.Entries {
		switch e := e.Entry.(type) {
		case *ast.Property:
			if e.Name != "type" {
				names = append(names, e.Name)
			}
		case *ast.PropLink:
			names = append(names, e.Name)
		}
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
