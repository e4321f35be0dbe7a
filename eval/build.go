package eval

import (
	"strings"

	"github.com/zktree/zktree/ast"
)

// Mount is a file whose top-level nodes are placed under Path ("/" or ""
// for the root). Path must be absolute, with no empty segment ("//") and
// no ".." above the root once "." and ".." are removed. Link targets in the
// file are kept as written: absolute targets still name paths from the
// root.
type Mount struct {
	Path string
	File *ast.File
}

// Eval builds the model of files, each at the root, and reports every link
// and property link that does not resolve. See [EvalMounts].
func Eval(files ...*ast.File) (*Model, ast.Diagnostics) {
	mounts := make([]Mount, len(files))
	for i, f := range files {
		mounts[i] = Mount{Path: "/", File: f}
	}
	return EvalMounts(mounts...)
}

// EvalMounts builds the model of the mounted files, in order. A node written
// in several files is one node whose children and keys are merged; the first
// definition of a key wins (lint reports the others). The diagnostics
// (sorted) are the links and property links that do not resolve, with codes
// [CodeDanglingLink], [CodeLinkCycle], [CodeDanglingPropLink] and
// [CodePropLinkCycle], and the mounts whose path is not valid (code
// [CodeInvalidMountPath]), whose files are left out of the model. Syntax
// problems are the parser's to report: a file with syntax errors
// contributes the nodes it holds.
func EvalMounts(mounts ...Mount) (*Model, ast.Diagnostics) {
	var ds ast.Diagnostics
	mounts = validMounts(mounts, &ds)
	var c counts
	for _, mt := range mounts {
		for _, n := range mt.File.Nodes {
			c.add(n)
		}
	}
	root := &Node{Path: "/"}
	m := &Model{root: root, nodes: make(map[string]*Node, c.nodes+1)}
	m.nodes["/"] = root
	m.blocks = newBlocks(c)
	m.links = make([]*Link, 0, c.links)
	m.propLinks = make([]*PropLink, 0, c.propLinks)
	for _, mt := range mounts {
		m.files = append(m.files, mt.File)
		at := m.implicit(mt.Path)
		for _, n := range mt.File.Nodes {
			m.add(mt.File, at, n)
		}
	}
	m.resolved, m.building = make(map[string]string), true
	for _, l := range m.links {
		m.resolveLink(l)
	}
	for _, pl := range m.propLinks {
		m.resolvePropLink(pl)
	}
	m.building, m.blocks = false, nil
	for _, l := range m.links {
		if l.Err != nil {
			ds = append(ds, m.LinkDiagnostic(l))
		}
	}
	for _, pl := range m.propLinks {
		if pl.Err != nil {
			ds = append(ds, m.PropLinkDiagnostic(pl))
		}
	}
	ds.Sort()
	m.diags = ds
	return m, ds
}

// validMounts returns the mounts whose path is valid, with the path
// normalised, and reports the others in ds.
func validMounts(mounts []Mount, ds *ast.Diagnostics) []Mount {
	valid := make([]Mount, 0, len(mounts))
	for _, mt := range mounts {
		path, ok := mountPath(mt.Path)
		if !ok {
			start := ast.Pos{Line: 1, Col: 1}
			ds.Errorf(CodeInvalidMountPath, mt.File.Name, ast.Range{Start: start, End: start},
				"cannot mount the file at %q: want an absolute path like /env, without empty segments or .. above the root", mt.Path)
			continue
		}
		valid = append(valid, Mount{Path: path, File: mt.File})
	}
	return valid
}

// mountPath returns path normalised ("/" for the root) and whether it is a
// valid mount path: "" or absolute, without empty segments or ".." above the
// root.
func mountPath(path string) (string, bool) {
	if path == "" {
		return "/", true
	}
	path = Normalize(path)
	if path[0] != '/' {
		return "", false
	}
	if path = strings.TrimSuffix(path, "/"); path == "" {
		return "/", true
	}
	for _, seg := range strings.Split(path[1:], "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", false
		}
	}
	return path, true
}

// implicit returns the node at path (a valid mount path), creating it and
// its ancestors without declarations when missing.
func (m *Model) implicit(path string) *Node {
	if path == "/" {
		return m.root
	}
	if n := m.nodes[path]; n != nil {
		return n
	}
	i := strings.LastIndexByte(path, '/')
	parent := "/"
	if i > 0 {
		parent = path[:i]
	}
	return m.child(m.implicit(parent), path[i+1:])
}

// child returns parent's child called name, creating it when missing.
func (m *Model) child(parent *Node, name string) *Node {
	path := ast.JoinPath(parent.Path, name)
	if n := m.nodes[path]; n != nil {
		return n
	}
	n := one(&m.blocks.nodes)
	n.Path, n.Name, n.Parent = path, name, parent
	m.nodes[path] = n
	parent.Children = append(parent.Children, n)
	return n
}

// add merges the syntax node an of file f into the model under parent.
func (m *Model) add(f *ast.File, parent *Node, an *ast.Node) {
	n := m.child(parent, an.Name)
	if n.Decls == nil {
		var c counts
		c.body(an)
		b := m.blocks
		n.Decls = take(&b.decls, 1)
		n.Children = take(&b.children, c.nodes)
		n.Entries = take(&b.entries, c.entries)
		n.Links = take(&b.linkPtrs, c.links)
		n.PropLinks = take(&b.propLinkPtrs, c.propLinks)
	}
	n.Decls = append(n.Decls, Decl{File: f, Node: an})
	if an.Type != "" {
		n.setType(ast.Str(an.Type))
	}
	for _, e := range an.Body {
		if c, ok := e.(*ast.Node); ok {
			m.add(f, n, c)
			continue
		}
		first := !n.has(e)
		n.Entries = append(n.Entries, Entry{File: f, Entry: e})
		if !first {
			continue
		}
		n.index(len(n.Entries) - 1)
		switch e := e.(type) {
		case *ast.Property:
			if e.Name == "type" {
				n.setType(e.Value)
			}
		case *ast.Link:
			l := one(&m.blocks.links)
			*l = Link{From: n, File: f, Syntax: e}
			n.Links = append(n.Links, l)
			m.links = append(m.links, l)
		case *ast.PropLink:
			pl := one(&m.blocks.propLinks)
			*pl = PropLink{From: n, File: f, Syntax: e}
			n.PropLinks = append(n.PropLinks, pl)
			m.propLinks = append(m.propLinks, pl)
		}
	}
}

// abs returns target as an absolute path, joined to the path of the node
// holding it when relative.
func abs(from *Node, target string) string {
	if target != "" && target[0] == '/' {
		return target
	}
	return ast.JoinPath(from.Path, target)
}

func (m *Model) resolveLink(l *Link) {
	l.Path = Normalize(abs(l.From, l.Syntax.Target))
	real, err := Resolve(m, l.Path)
	if err != nil {
		l.Err = err
		return
	}
	l.To = m.nodes[real]
	l.To.LinkedFrom = append(l.To.LinkedFrom, l)
}

func (m *Model) resolvePropLink(pl *PropLink) {
	s := pl.Syntax
	_, pl.Shadowed = pl.From.Get(s.Name)
	real, v, err := followPropLink(m, pl.From.Path, s.Name, s.Target, s.Prop, nil)
	if n := m.nodes[real]; n != nil {
		pl.To = n
		n.PropLinkedFrom = append(n.PropLinkedFrom, pl)
	}
	if err != nil {
		pl.Err = &BadPropertyLinkError{Key: s.Key(), Value: s.TargetText(), Err: err}
		return
	}
	pl.Value = v
}

// counts are the numbers of syntax nodes, entries, links and property links
// of a set of files or of one node's body, to allocate the model in a few
// large blocks.
type counts struct{ nodes, entries, links, propLinks int }

// add counts n and everything under it.
func (c *counts) add(n *ast.Node) {
	c.nodes++
	c.tree(n)
}

// tree counts everything under n.
func (c *counts) tree(n *ast.Node) {
	for _, e := range n.Body {
		if k, ok := e.(*ast.Node); ok {
			c.tree(k)
		}
	}
	c.body(n)
}

// body counts the lines directly in n's body.
func (c *counts) body(n *ast.Node) {
	for _, e := range n.Body {
		switch e.(type) {
		case *ast.Node:
			c.nodes++
			continue
		case *ast.Link:
			c.links++
		case *ast.PropLink:
			c.propLinks++
		}
		c.entries++
	}
}

// take returns an empty slice with room for n elements, carved from the
// block *slab while it lasts; appending beyond n copies, never overwrites.
func take[T any](slab *[]T, n int) []T {
	if n > len(*slab) {
		return make([]T, 0, n)
	}
	s := (*slab)[:0:n]
	*slab = (*slab)[n:]
	return s
}

// blocks hold the values of a model being built, allocated at once.
type blocks struct {
	nodes        []Node
	links        []Link
	propLinks    []PropLink
	decls        []Decl
	children     []*Node
	entries      []Entry
	linkPtrs     []*Link
	propLinkPtrs []*PropLink
}

func newBlocks(c counts) *blocks {
	return &blocks{
		nodes:        make([]Node, c.nodes),
		links:        make([]Link, c.links),
		propLinks:    make([]PropLink, c.propLinks),
		decls:        make([]Decl, c.nodes),
		children:     make([]*Node, c.nodes),
		entries:      make([]Entry, c.entries),
		linkPtrs:     make([]*Link, c.links),
		propLinkPtrs: make([]*PropLink, c.propLinks),
	}
}

// one returns a pointer to the next value of *slab, or to a new value when
// it is used up.
func one[T any](slab *[]T) *T {
	if len(*slab) == 0 {
		return new(T)
	}
	v := &(*slab)[0]
	*slab = (*slab)[1:]
	return v
}
