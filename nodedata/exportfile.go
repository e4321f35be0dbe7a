package nodedata

import (
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/zktree/zktree/ast"
)

// ExportFile writes the export of a parsed tree, without a server: what
// importing f at "/" into an empty ZooKeeper and exporting "/" would give.
// Every node's properties go through [Encode] and [Decode], so values come
// out as they would from ZooKeeper (tuples as lists, dict keys as strings,
// a lone string_value as raw data); nodes are sorted by name at every
// level; a name containing "/" makes a nested path, as on a server; the
// top-level node "zookeeper" is left out. A value that cannot be stored
// and a nested name whose parent does not exist are diagnostics, and then
// nothing is written; the error is a write error.
func ExportFile(w io.Writer, f *ast.File, opts Options) (ast.Diagnostics, error) {
	root := &memNode{}
	var ds ast.Diagnostics
	root.importNodes(f, sortedNodes(f.Nodes), &ds)
	if ds.HasErrors() {
		ds.Sort()
		return ds, nil
	}
	ew := NewWriter(w, opts)
	depth := 0
	if opts.Name != "" {
		if err := ew.WriteNode(0, opts.Name, nil); err != nil {
			return nil, err
		}
		depth = 1
	}
	for _, name := range root.childNames() {
		if name == "zookeeper" {
			continue
		}
		if err := root.children[name].export(ew, depth, name); err != nil {
			return nil, err
		}
	}
	return nil, ew.Close()
}

// memNode is a node of the in-memory tree that ExportFile builds.
type memNode struct {
	props    ast.Props
	children map[string]*memNode
}

func sortedNodes(ns []*ast.Node) []*ast.Node {
	return slices.SortedStableFunc(slices.Values(ns), func(a, b *ast.Node) int {
		return strings.Compare(a.Name, b.Name)
	})
}

// importNodes stores nodes under m the way zc.zk's import does: in name
// order, depth first, replacing the properties of a node that exists.
func (m *memNode) importNodes(f *ast.File, nodes []*ast.Node, ds *ast.Diagnostics) {
	for _, n := range nodes {
		c := m.lookupParent(f, n, ds)
		if c == nil {
			continue
		}
		props, ok := storedProps(f, n, ds)
		if !ok {
			continue
		}
		last := n.Name[strings.LastIndexByte(n.Name, '/')+1:]
		child := c.children[last]
		if child == nil {
			child = &memNode{}
			if c.children == nil {
				c.children = map[string]*memNode{}
			}
			c.children[last] = child
		}
		child.props = props
		child.importNodes(f, sortedNodes(n.Children()), ds)
	}
}

// lookupParent returns the node that will hold n: m itself, or for a
// name with slashes the node its leading components name.
func (m *memNode) lookupParent(f *ast.File, n *ast.Node, ds *ast.Diagnostics) *memNode {
	parts := strings.Split(n.Name, "/")
	for _, p := range parts {
		if p == "" || p == "." || p == ".." {
			ds.Errorf(ast.CodeStructure, f.Name, n.NameRange(), "node name %q does not make a valid ZooKeeper path", n.Name)
			return nil
		}
	}
	for _, p := range parts[:len(parts)-1] {
		if m = m.children[p]; m == nil {
			ds.Errorf(ast.CodeStructure, f.Name, n.NameRange(), "node %q: parent node %q does not exist", n.Name, p)
			return nil
		}
	}
	return m
}

// storedProps returns n's properties as ZooKeeper would give them back.
func storedProps(f *ast.File, n *ast.Node, ds *ast.Diagnostics) (ast.Props, bool) {
	data, err := Encode(ast.NodeProps(n))
	var ee *EncodeError
	if errors.As(err, &ee) {
		ds.Errorf(ast.CodeValue, f.Name, keyRange(n, ee.Key), "%s", ee.Error())
		return nil, false
	}
	return Decode(data), true
}

// keyRange returns the range of the line of n that defines key.
func keyRange(n *ast.Node, key string) ast.Range {
	for _, e := range n.Body {
		if _, isNode := e.(*ast.Node); !isNode && e.Key() == key {
			return e.Span()
		}
	}
	if key == "type" && n.Type != "" {
		return n.TypeRange
	}
	return n.Span()
}

func (m *memNode) childNames() []string {
	names := make([]string, 0, len(m.children))
	for name := range m.children {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

func (m *memNode) export(w *Writer, depth int, name string) error {
	if err := w.WriteNode(depth, name, m.props); err != nil {
		return err
	}
	for _, c := range m.childNames() {
		if err := m.children[c].export(w, depth+1, c); err != nil {
			return err
		}
	}
	return nil
}
