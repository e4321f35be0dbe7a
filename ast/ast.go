package ast

import "unicode/utf8"

// File is one parsed .zk file. A file with syntax errors still yields a File
// holding every line that could be read.
type File struct {
	Name     string
	Nodes    []*Node    // top-level nodes, in source order
	Comments []*Comment // every comment, whole-line and trailing, in source order
	Lines    int        // number of lines in the source
}

// Entry is one line of a node's body: a [*Node], [*Property], [*Link] or
// [*PropLink].
type Entry interface {
	// Span is the range of the line's content, from its first non-blank
	// character to the end of its last token (trailing comment excluded).
	Span() Range
	// Key is the entry's key in the parsed model: the node name, "x",
	// "x ->" or "x =>".
	Key() string
	entry()
}

// Node is a node line ("/name : type") and everything nested under it.
// Range starts at the "/"; the name follows it (see [Node.NameRange]).
type Node struct {
	Range     Range
	Indent    int32 // columns of indentation; a tab counts as one
	Name      string
	Type      string // "" when the line has no ": type" header
	TypeRange Range
	Body      []Entry // properties, links, property links and children, in source order
}

// Property is a "name = value" line. Range starts at the name.
type Property struct {
	Range      Range
	Indent     int32
	Name       string
	Value      Value
	ValueRange Range
}

// Link is a "name -> path" line: a symbolic link to another node. Range
// starts at the name.
type Link struct {
	Range       Range
	Indent      int32
	Name        string
	Target      string // as written; relative targets are relative to the node holding the link
	TargetRange Range
}

// PropLink is a "name => path [prop]" line: the property takes the value of
// property Prop (default: Name) of the node at Target. Range starts at the
// name.
type PropLink struct {
	Range       Range
	Indent      int32
	Name        string
	Target      string
	TargetRange Range
	Prop        string // "" when the line names no property
	PropRange   Range
}

// nameRange returns the range of a name that starts at start.
func nameRange(start Pos, name string) Range {
	end := start
	end.Offset += int32(len(name))
	end.Col += int32(utf8.RuneCountInString(name))
	return Range{Start: start, End: end}
}

// NameRange returns the range of the node's name (after the "/").
func (n *Node) NameRange() Range {
	start := n.Range.Start
	start.Offset++
	start.Col++
	return nameRange(start, n.Name)
}

// NameRange returns the range of the property's name.
func (p *Property) NameRange() Range { return nameRange(p.Range.Start, p.Name) }

// NameRange returns the range of the link's name.
func (l *Link) NameRange() Range { return nameRange(l.Range.Start, l.Name) }

// NameRange returns the range of the property link's name.
func (l *PropLink) NameRange() Range { return nameRange(l.Range.Start, l.Name) }

// Comment is a "#" comment: a whole line, or the end of a line.
type Comment struct {
	Range    Range
	Text     string // from "#" to the end of the line, trailing blanks removed
	Trailing bool   // after content on the same line
}

// Span returns the range of the node's header line.
func (n *Node) Span() Range { return n.Range }

// Span returns the range of the property line.
func (p *Property) Span() Range { return p.Range }

// Span returns the range of the link line.
func (l *Link) Span() Range { return l.Range }

// Span returns the range of the property-link line.
func (l *PropLink) Span() Range { return l.Range }

// Key returns the node's name.
func (n *Node) Key() string { return n.Name }

// Key returns the property's name.
func (p *Property) Key() string { return p.Name }

// Key returns "name ->".
func (l *Link) Key() string { return l.Name + " ->" }

// Key returns "name =>".
func (l *PropLink) Key() string { return l.Name + " =>" }

// TargetText returns the model value of the property link: "path" or
// "path prop".
func (l *PropLink) TargetText() string {
	if l.Prop == "" {
		return l.Target
	}
	return l.Target + " " + l.Prop
}

func (*Node) entry()     {}
func (*Property) entry() {}
func (*Link) entry()     {}
func (*PropLink) entry() {}

// Children returns the child nodes of n in source order.
func (n *Node) Children() []*Node {
	var out []*Node
	for _, e := range n.Body {
		if c, ok := e.(*Node); ok {
			out = append(out, c)
		}
	}
	return out
}

// Walk calls fn for every entry of f in source order, depth first, with the
// path of the node that holds it ("/" for top-level nodes). Returning false
// from fn for a node skips that node's body.
func Walk(f *File, fn func(parent string, e Entry) bool) {
	for _, n := range f.Nodes {
		walkNode("/", n, fn)
	}
}

func walkNode(parent string, n *Node, fn func(string, Entry) bool) {
	if !fn(parent, n) {
		return
	}
	p := JoinPath(parent, n.Name)
	for _, e := range n.Body {
		if c, ok := e.(*Node); ok {
			walkNode(p, c, fn)
		} else {
			fn(p, e)
		}
	}
}

// JoinPath joins a parent path and a name with exactly one slash.
func JoinPath(parent, name string) string {
	if parent == "/" || parent == "" {
		return "/" + name
	}
	return parent + "/" + name
}

// EntryAt returns the innermost entry whose line contains byte offset off,
// with the path of the node that holds it, or nil.
func EntryAt(f *File, off int) (parent string, e Entry) {
	Walk(f, func(p string, x Entry) bool {
		r := x.Span()
		if o := int32(off); o >= r.Start.Offset && o <= r.End.Offset {
			parent, e = p, x
		}
		return true
	})
	return parent, e
}
