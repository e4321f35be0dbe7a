package lsp

import (
	"fmt"
	"strings"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
)

// This file holds the features that follow links through the model: hover,
// definition, references and the lookup of what lies under the cursor.

// cursor is what lies at a position of a document.
type cursor struct {
	fr     *fileResult
	off    int
	parent string    // path of the node holding entry ("/" at the top)
	entry  ast.Entry // the line under the cursor, nil on blank lines
}

func (s *server) cursorAt(p textDocumentPositionParams) (*cursor, error) {
	fr, err := s.fileResult(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	off, err := fr.doc.index.requestOffset(p.Position)
	if err != nil {
		return nil, err
	}
	parent, e := ast.EntryAt(fr.file, off)
	return &cursor{fr: fr, off: off, parent: parent, entry: e}, nil
}

// segment is one element of a link target path as written.
type segment struct {
	name   string
	r      ast.Range
	prefix string // the target up to and including this element
}

// targetSegments splits a link target into its elements with their ranges.
// Positions count bytes and columns from the start of r, which must hold
// target on one line.
func targetSegments(target string, r ast.Range) []segment {
	var out []segment
	for i := 0; i < len(target); {
		if target[i] == '/' {
			i++
			continue
		}
		j := i + strings.IndexByte(target[i:]+"/", '/')
		start := r.Start
		start.Offset += int32(i)
		start.Col += int32(len([]rune(target[:i])))
		end := start
		end.Offset += int32(j - i)
		end.Col += int32(len([]rune(target[i:j])))
		out = append(out, segment{name: target[i:j], r: ast.Range{Start: start, End: end}, prefix: target[:j]})
		i = j
	}
	return out
}

// absPath returns target as an absolute, normalised path without a final
// slash, joined to the path of the node holding it when relative.
func absPath(holder, target string) string {
	if !strings.HasPrefix(target, "/") {
		target = ast.JoinPath(holder, target)
	}
	if p := strings.TrimRight(eval.Normalize(target), "/"); p != "" {
		return p
	}
	return "/"
}

// target returns the link target (path and range) of the entry under the
// cursor, if it is a link or property link.
func (c *cursor) target() (string, ast.Range, bool) {
	switch e := c.entry.(type) {
	case *ast.Link:
		return e.Target, e.TargetRange, true
	case *ast.PropLink:
		return e.Target, e.TargetRange, true
	}
	return "", ast.Range{}, false
}

// nodeAt returns the node the cursor designates: the node of a node line,
// or the node that the element of a link target under the cursor leads to
// (through links). It also returns the range of the designating name.
func (s *server) nodeAt(c *cursor) (*eval.Node, ast.Range) {
	if n, ok := c.entry.(*ast.Node); ok {
		return s.an.model.Node(ast.JoinPath(c.parent, n.Name)), n.NameRange()
	}
	target, tr, ok := c.target()
	if !ok || !tr.Contains(c.off) && int32(c.off) != tr.End.Offset {
		return nil, ast.Range{}
	}
	for _, seg := range targetSegments(target, tr) {
		if int32(c.off) <= seg.r.End.Offset {
			n, err := s.an.model.ResolveNode(absPath(c.parent, seg.prefix))
			if err != nil {
				return nil, ast.Range{}
			}
			return n, seg.r
		}
	}
	return nil, ast.Range{}
}

// location returns the location of a range in an analysed file.
func (an *analysis) location(f *ast.File, r ast.Range) (Location, bool) {
	fr := an.byAST[f]
	if fr == nil {
		return Location{}, false
	}
	return Location{URI: fr.doc.uri, Range: fr.doc.index.rng(r)}, true
}

// declarations returns the locations of the names of n's node lines.
func (an *analysis) declarations(n *eval.Node) []Location {
	out := []Location{}
	for _, d := range n.Decls {
		if loc, ok := an.location(d.File, d.Node.NameRange()); ok {
			out = append(out, loc)
		}
	}
	return out
}

func (s *server) definition(p *textDocumentPositionParams) (any, error) {
	c, err := s.cursorAt(*p)
	if err != nil {
		return nil, err
	}
	if pl, ok := c.entry.(*ast.PropLink); ok && pl.PropRange.IsValid() && pl.PropRange.Contains(c.off) {
		return s.propertyDefinition(c.parent, pl), nil
	}
	n, _ := s.nodeAt(c)
	if n == nil {
		return []Location{}, nil
	}
	return s.an.declarations(n), nil
}

// propertyDefinition returns where the property a property link reads is
// defined: the property line, or the property-link line it reads through.
func (s *server) propertyDefinition(parent string, pl *ast.PropLink) []Location {
	n, err := s.an.model.ResolveNode(absPath(parent, pl.Target))
	if err != nil {
		return []Location{}
	}
	prop := pl.Prop
	if prop == "" {
		prop = pl.Name
	}
	for _, e := range n.Entries {
		var name string
		switch x := e.Entry.(type) {
		case *ast.Property:
			name = x.Name
		case *ast.PropLink:
			name = x.Name
		}
		if name == prop {
			if loc, ok := s.an.location(e.File, e.Entry.Span()); ok {
				return []Location{loc}
			}
		}
	}
	return s.an.declarations(n)
}

func (s *server) references(p *referenceParams) (any, error) {
	c, err := s.cursorAt(p.textDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	n, _ := s.nodeAt(c)
	if n == nil {
		return []Location{}, nil
	}
	var out []Location
	if p.Context.IncludeDeclaration {
		out = s.an.declarations(n)
	}
	for _, l := range n.LinkedFrom {
		if loc, ok := s.an.location(l.File, l.Syntax.TargetRange); ok {
			out = append(out, loc)
		}
	}
	for _, pl := range n.PropLinkedFrom {
		if loc, ok := s.an.location(pl.File, pl.Syntax.TargetRange); ok {
			out = append(out, loc)
		}
	}
	if out == nil {
		out = []Location{}
	}
	return out, nil
}

func (s *server) hover(p *textDocumentPositionParams) (any, error) {
	c, err := s.cursorAt(*p)
	if err != nil || c.entry == nil {
		return nil, err
	}
	var text string
	switch e := c.entry.(type) {
	case *ast.Node:
		text = s.nodeHover(s.an.model.Node(ast.JoinPath(c.parent, e.Name)))
	case *ast.Property:
		text = fmt.Sprintf("property `%s` of `%s`\n\n```zk\n%s = %s\n```", e.Name, c.parent, e.Name, e.Value)
	case *ast.Link:
		text = s.linkHover(c, e)
	case *ast.PropLink:
		text = s.propLinkHover(c, e)
	}
	r := c.fr.doc.index.rng(c.entry.Span())
	return hover{Contents: markupContent{Kind: "markdown", Value: text}, Range: &r}, nil
}

func (s *server) nodeHover(n *eval.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "node `%s`", n.Path)
	if n.Type != "" {
		fmt.Fprintf(&b, " : `%s`", n.Type)
	}
	fmt.Fprintf(&b, "\n\n%s, %s, %s", plural(len(n.Children), "child", "children"),
		plural(len(n.Entries), "property or link", "properties and links"),
		plural(len(n.LinkedFrom)+len(n.PropLinkedFrom), "link reaches it", "links reach it"))
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func (s *server) linkHover(c *cursor, l *ast.Link) string {
	head := fmt.Sprintf("link `%s` of `%s` → `%s`", l.Name, c.parent, l.Target)
	n, err := s.an.model.ResolveNode(absPath(c.parent, l.Target))
	if err != nil {
		return fmt.Sprintf("%s\n\ndoes not resolve: %v", head, err)
	}
	return fmt.Sprintf("%s\n\nresolves to %s", head, s.nodeHover(n))
}

func (s *server) propLinkHover(c *cursor, pl *ast.PropLink) string {
	head := fmt.Sprintf("property link `%s` of `%s` ⇒ `%s`", pl.Name, c.parent, pl.TargetText())
	holder := s.an.model.Node(c.parent)
	if holder != nil {
		if v, ok := holder.Props()[pl.Name]; ok {
			return fmt.Sprintf("%s\n\nshadowed by the property `%s = %s`", head, pl.Name, v)
		}
	}
	v, err := s.an.model.Prop(c.parent, pl.Name)
	if err != nil {
		return fmt.Sprintf("%s\n\ndoes not resolve: %v", head, err)
	}
	from := absPath(c.parent, pl.Target)
	if real, err := s.an.model.Resolve(from); err == nil {
		from = real
	}
	return fmt.Sprintf("%s\n\n```zk\n%s = %s\n```\nread from `%s`", head, pl.Name, v, from)
}
