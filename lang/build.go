package lang

import (
	"fmt"
	"strings"

	"github.com/zktree/zktree/ast"
)

// builder turns lines into a tree with zc.zk's stack algorithm: a stack of
// open levels (indentation, item), starting with the root at -1. A deeper
// line opens a level under a node (never under a property); a shallower
// line closes levels until it lands on an open one; a node replaces the
// top of the stack, a property leaves it; the parent of every line is the
// item second from the top. Both parsers feed the same builder.
type builder struct {
	file   string
	stack  []frame
	diags  ast.Diagnostics
	bodies chunks[ast.Entry]
	// A line that cannot be placed leaves the stack as it was and starts
	// a block: the lines after it indented as deep or deeper that do not
	// fit either are left out without more messages (they repeat the same
	// mistake), and so are all the lines nested under it (rejectNested)
	// when it was a node, was indented under a property, came before the
	// first node, or had a syntax error and was not a node. The block
	// ends at the first line that is neither.
	rejecting    bool
	rejectNested bool
	rejectIndent int32
}

// frame is one open level. Entries of its node are collected in body and
// copied to the node, at exactly their size, when the level closes.
type frame struct {
	indent int32
	isNode bool
	node   *ast.Node // nil for the root and for lines that were rejected
	line   int32     // line of a property frame, for messages
	body   []ast.Entry
	keys   []entryKey       // keys[i] is the key of body[i]
	index  map[string]uint8 // once body is long: the kinds (kindBit) each name has
}

// entryKey identifies an entry within its node: kind and name.
type entryKey struct {
	kind byte // 'n' node, 'p' property, 'l' link, 'P' property link
	name string
}

const indexFrom = 12 // body length from which duplicates are found by map

func kindBit(kind byte) uint8 {
	switch kind {
	case 'n':
		return 1
	case 'p':
		return 2
	case 'l':
		return 4
	}
	return 8
}

func keyOf(e ast.Entry) entryKey {
	switch e := e.(type) {
	case *ast.Node:
		return entryKey{'n', e.Name}
	case *ast.Property:
		return entryKey{'p', e.Name}
	case *ast.Link:
		return entryKey{'l', e.Name}
	case *ast.PropLink:
		return entryKey{'P', e.Name}
	}
	panic("lang: unknown entry")
}

func newBuilder(file string, topHint int) *builder {
	b := &builder{file: file, stack: make([]frame, 1, 16)}
	b.stack[0] = frame{indent: -1, isNode: true, body: make([]ast.Entry, 0, min(topHint, 1024))}
	return b
}

// add takes one line.
func (b *builder) add(ln line) {
	if ln.diag != nil {
		b.diags = append(b.diags, ln.diag)
	}
	if ln.kind == lineNone || b.underRejected(ln) {
		return
	}
	if ln.diag != nil {
		b.skip(ln)
		return
	}
	e := ln.entry
	if p, ok := e.(*ast.Property); ok && p.Name == "type" && p.Value.Kind() != ast.StringKind {
		b.errorf(ast.CodeValue, p.ValueRange, "the type must be a string; found %s %s", kindName(p.Value.Kind()), p.Value)
		b.skip(ln)
		return
	}
	n, isNode := e.(*ast.Node)
	if !isNode && len(b.stack) == 1 {
		// Before the first node: the line does not set the top-level
		// indentation, and the lines nested under it are left out.
		b.outsideNode(e)
		b.reject(ln.indent, true)
		return
	}
	if !b.place(ln, n, e.Span()) {
		return
	}
	b.attach(&b.stack[len(b.stack)-2], e, isNode)
}

// place moves the stack for a good line and reports whether it fits.
func (b *builder) place(ln line, n *ast.Node, span ast.Range) bool {
	top := &b.stack[len(b.stack)-1]
	if ln.indent > top.indent {
		if !top.isNode {
			b.errorf(ast.CodeIndent, span, "unexpected indentation under the property on line %d; nothing may be indented under a property", top.line)
			b.reject(ln.indent, true)
			return false
		}
		b.push(frame{indent: ln.indent, isNode: n != nil, node: n, line: ln.no})
		return true
	}
	if !b.landsOnLevel(ln.indent) {
		b.errorf(ast.CodeIndent, span, "indentation of %d does not match any open level; expected %s", ln.indent, levels(b.stack))
		b.reject(ln.indent, n != nil)
		return false
	}
	b.popTo(ln.indent)
	top = &b.stack[len(b.stack)-1]
	if n != nil {
		b.replaceTop(frame{indent: ln.indent, isNode: true, node: n})
	} else if !top.isNode {
		top.line = ln.no
	}
	return true
}

// skip moves the stack for a rejected line as if it were good, so that
// the lines under it are not reported again: under a rejected node they
// go to a frame without a node, and under any other rejected line, or one
// that does not fit, they are left out. Nothing is attached.
func (b *builder) skip(ln line) {
	if ln.kind == lineNone {
		return
	}
	top := &b.stack[len(b.stack)-1]
	switch {
	case len(b.stack) == 1, !b.fits(ln):
		// Before the first node a rejected line does not set the
		// top-level indentation either.
		b.reject(ln.indent, true)
		return
	case ln.indent > top.indent:
		b.push(frame{indent: ln.indent, isNode: ln.kind == lineNode, line: ln.no})
	default:
		b.popTo(ln.indent)
		top = &b.stack[len(b.stack)-1]
		switch {
		case ln.kind == lineNode:
			b.replaceTop(frame{indent: ln.indent, isNode: true})
		case !top.isNode:
			top.line = ln.no
		}
	}
	if ln.kind != lineNode {
		b.reject(ln.indent, true)
	}
}

// landsOnLevel reports whether a line at indent, not deeper than the top
// of the stack, dedents exactly to an open level.
func (b *builder) landsOnLevel(indent int32) bool {
	i := len(b.stack) - 1
	for indent < b.stack[i].indent {
		i--
	}
	return indent == b.stack[i].indent
}

// reject starts a block of left-out lines after a line at indent that
// could not be placed (see builder.rejecting).
func (b *builder) reject(indent int32, nested bool) {
	b.rejecting, b.rejectNested, b.rejectIndent = true, nested, indent
}

// underRejected reports whether ln belongs to the block of a rejected line
// and is left out; the first line that does not ends the block.
func (b *builder) underRejected(ln line) bool {
	if b.rejecting {
		if b.rejectNested && ln.indent > b.rejectIndent || ln.indent >= b.rejectIndent && !b.fits(ln) {
			return true
		}
		b.rejecting = false
	}
	return false
}

// fits reports whether ln can be placed on the stack: deeper than a node,
// or dedented exactly to an open level; before the first node, only a
// node line fits.
func (b *builder) fits(ln line) bool {
	top := &b.stack[len(b.stack)-1]
	if ln.indent > top.indent {
		return top.isNode && (len(b.stack) > 1 || ln.kind == lineNode)
	}
	return b.landsOnLevel(ln.indent)
}

// levels describes the open levels of a stack for a message: "0, 2 or 4",
// or "0, 2, …, 16, 18 or 20" when there are many.
func levels(stack []frame) string {
	var parts []string
	for i, f := range stack[1:] {
		if n := len(stack) - 1; n > 6 && i >= 2 && i < n-3 {
			if i == 2 {
				parts = append(parts, "…")
			}
			continue
		}
		parts = append(parts, fmt.Sprint(f.indent))
	}
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// push opens a level, reusing the body buffer of an earlier frame.
func (b *builder) push(f frame) {
	if len(b.stack) < cap(b.stack) {
		old := b.stack[:len(b.stack)+1][len(b.stack)]
		f.body, f.keys = old.body[:0], old.keys[:0]
	}
	b.stack = append(b.stack, f)
}

func (b *builder) replaceTop(f frame) {
	top := &b.stack[len(b.stack)-1]
	b.close(top)
	f.body, f.keys = top.body[:0], top.keys[:0]
	*top = f
}

func (b *builder) popTo(indent int32) {
	for indent < b.stack[len(b.stack)-1].indent {
		b.close(&b.stack[len(b.stack)-1])
		b.stack = b.stack[:len(b.stack)-1]
	}
}

// close gives a frame's node its body.
func (b *builder) close(f *frame) {
	if f.node != nil && len(f.body) > 0 {
		f.node.Body = b.bodies.clone(f.body)
	}
	f.index = nil
}

// attach adds e to the node of frame parent, unless that is a duplicate or
// a property outside any node.
func (b *builder) attach(parent *frame, e ast.Entry, isNode bool) {
	if !isNode && len(b.stack) == 2 {
		b.outsideNode(e)
		return
	}
	k := keyOf(e)
	if first := b.find(parent, k); first != nil {
		b.duplicate(e, first)
		return
	}
	if p, ok := e.(*ast.Property); ok && p.Name == "type" && parent.node != nil && parent.node.Type != "" {
		d := b.errorf(ast.CodeDuplicate, p.NameRange(), `duplicate property "type"; the node's ": %s" header on line %d already sets it`, parent.node.Type, parent.node.TypeRange.Start.Line)
		d.Related = []ast.Related{{File: b.file, Range: parent.node.TypeRange, Message: "first defined here"}}
		return
	}
	parent.body = append(parent.body, e)
	parent.keys = append(parent.keys, k)
	if parent.index != nil {
		parent.index[k.name] |= kindBit(k.kind)
	}
}

// outsideNode reports a property, link or property link at the top level.
func (b *builder) outsideNode(e ast.Entry) {
	name := e.(interface{ NameRange() ast.Range }).NameRange()
	b.errorf(ast.CodeStructure, name, "%s %q outside any node; properties, links and property links belong to a node", entryWord(e), e.Key())
}

// find returns an entry of parent with the same key as e, or nil.
func (b *builder) find(parent *frame, k entryKey) ast.Entry {
	if parent.index == nil && len(parent.keys) >= indexFrom {
		parent.index = make(map[string]uint8, 4*len(parent.keys))
		for _, x := range parent.keys {
			parent.index[x.name] |= kindBit(x.kind)
		}
	}
	if parent.index != nil && parent.index[k.name]&kindBit(k.kind) == 0 {
		return nil
	}
	for i, x := range parent.keys {
		if x == k {
			return parent.body[i]
		}
	}
	return nil
}

func (b *builder) duplicate(e, first ast.Entry) {
	type named interface{ NameRange() ast.Range }
	r := e.(named).NameRange()
	fr := first.(named).NameRange()
	d := b.errorf(ast.CodeDuplicate, r, "duplicate %s %q; first defined on line %d", entryWord(e), e.Key(), fr.Start.Line)
	d.Related = []ast.Related{{File: b.file, Range: fr, Message: "first defined here"}}
}

func entryWord(e ast.Entry) string {
	switch e.(type) {
	case *ast.Node:
		return "node"
	case *ast.Link:
		return "link"
	case *ast.PropLink:
		return "property link"
	}
	return "property"
}

func (b *builder) errorf(code string, r ast.Range, format string, args ...any) *ast.Diagnostic {
	return b.diags.Errorf(code, b.file, r, format, args...)
}

// finish closes every level and returns the file.
func (b *builder) finish() *ast.File {
	for i := len(b.stack) - 1; i > 0; i-- {
		b.close(&b.stack[i])
	}
	root := b.stack[0].body
	nodes := make([]*ast.Node, len(root))
	for i, e := range root {
		nodes[i] = e.(*ast.Node)
	}
	return &ast.File{Nodes: nodes}
}
