package lang

import (
	"bufio"
	"io"
	"slices"

	"github.com/zktree/zktree/ast"
)

// Fprint writes f to w in the one canonical layout of the language:
//
//   - two spaces of indentation per level, top-level nodes at column 1;
//   - "/name : type", "name = value", "name -> target",
//     "name => target [prop]", with one space around each operator;
//   - values in canonical literal form ([ast.Value.String]);
//   - entries in the author's order (each node's body in source order);
//   - a trailing comment after its line's content, separated by one space;
//   - a whole-line comment before the entry that followed it, at the
//     deepest level that is open there and not indented deeper than the
//     comment was, but never shallower than that next entry;
//   - one blank line wherever the source had one or more blank lines
//     between two printed lines, none at the start or end;
//   - LF line endings and a final newline (an empty file stays empty).
//
// Comments are placed by the source lines recorded in f (Node.Range and
// Comment.Range), as go/printer does. A file built without positions
// prints its comments after its nodes.
func Fprint(w io.Writer, f *ast.File) error {
	p := newPrinter(w, f)
	for _, n := range f.Nodes {
		p.entry(n, 0)
	}
	p.comments(-1, 0)
	p.orphans()
	return p.w.Flush()
}

// printer holds the state of one Fprint call.
type printer struct {
	w        *bufio.Writer
	pending  []*ast.Comment         // whole-line comments still to print, in source order
	trailing map[int32]*ast.Comment // trailing comments by line, removed once printed
	prevLine int32                  // source line of the last printed line; 0 before the first
	// levels[d] is the source indentation of the last printed entry at
	// depth d on the current path; len(levels)-1 is the deepest open
	// level (a node's body is open after its header).
	levels []int32
}

func newPrinter(w io.Writer, f *ast.File) *printer {
	p := &printer{w: bufio.NewWriter(w), trailing: map[int32]*ast.Comment{}}
	for _, c := range f.Comments {
		if c.Trailing && c.Range.Start.Line > 0 {
			p.trailing[c.Range.Start.Line] = c
		} else {
			p.pending = append(p.pending, c)
		}
	}
	return p
}

// entry prints e at depth (and a node's body below it), preceded by the
// whole-line comments that came before it in the source.
func (p *printer) entry(e ast.Entry, depth int) {
	line := e.Span().Start.Line
	p.comments(line, depth)
	p.line(line, depth, entryText(e), p.takeTrailing(line))
	n, isNode := e.(*ast.Node)
	p.open(depth, entryIndent(e), isNode)
	if isNode {
		for _, c := range n.Body {
			p.entry(c, depth+1)
		}
	}
}

// comments prints the pending whole-line comments that stand before
// source line before (all of them when before < 0); next is the depth of
// the entry that follows them.
func (p *printer) comments(before int32, next int) {
	for len(p.pending) > 0 {
		c := p.pending[0]
		line := c.Range.Start.Line
		if before >= 0 && (line == 0 || line >= before) {
			return
		}
		p.pending = p.pending[1:]
		p.line(line, p.commentDepth(c, next), "", c)
	}
}

// orphans prints trailing comments whose line had no entry (only possible
// in a hand-built or partial tree) as whole-line comments at the end.
func (p *printer) orphans() {
	if len(p.trailing) == 0 {
		return
	}
	lines := make([]int32, 0, len(p.trailing))
	for l := range p.trailing {
		lines = append(lines, l)
	}
	slices.Sort(lines)
	for _, l := range lines {
		p.line(l, 0, "", p.trailing[l])
	}
}

// commentDepth chooses the depth of a whole-line comment: the deepest
// open level whose source indentation is not greater than the comment's,
// and at least next.
func (p *printer) commentDepth(c *ast.Comment, next int) int {
	col := c.Range.Start.Col - 1
	for d := len(p.levels) - 1; d > next; d-- {
		if p.levels[d] <= col {
			return d
		}
	}
	return next
}

// open records that an entry with source indentation indent was printed
// at depth; after a node header its body level is open too, with an
// indentation just deeper than the header's until an entry shows it.
func (p *printer) open(depth int, indent int32, isNode bool) {
	p.levels = append(p.levels[:depth], indent)
	if isNode {
		p.levels = append(p.levels, indent+1)
	}
}

func (p *printer) takeTrailing(line int32) *ast.Comment {
	c, ok := p.trailing[line]
	if ok {
		delete(p.trailing, line)
	}
	return c
}

// line writes one output line: indentation, text, and a comment (after
// the text when both are given). A blank line comes first when the
// source had blank lines before it.
func (p *printer) line(srcLine int32, depth int, text string, c *ast.Comment) {
	if p.prevLine > 0 && srcLine > p.prevLine+1 {
		p.w.WriteByte('\n')
	}
	if srcLine > 0 {
		p.prevLine = srcLine
	}
	for range depth {
		p.w.WriteString("  ")
	}
	p.w.WriteString(text)
	if c != nil {
		if text != "" {
			p.w.WriteByte(' ')
		}
		p.w.WriteString(c.Text)
	}
	p.w.WriteByte('\n')
}

// entryText returns the canonical text of an entry's line.
func entryText(e ast.Entry) string {
	switch e := e.(type) {
	case *ast.Node:
		if e.Type == "" {
			return "/" + e.Name
		}
		return "/" + e.Name + " : " + e.Type
	case *ast.Property:
		return e.Name + " = " + e.Value.String()
	case *ast.Link:
		return e.Name + " -> " + e.Target
	case *ast.PropLink:
		return e.Name + " => " + e.TargetText()
	}
	panic("lang: unknown entry type")
}

// entryIndent returns the source indentation of an entry.
func entryIndent(e ast.Entry) int32 {
	switch e := e.(type) {
	case *ast.Node:
		return e.Indent
	case *ast.Property:
		return e.Indent
	case *ast.Link:
		return e.Indent
	case *ast.PropLink:
		return e.Indent
	}
	panic("lang: unknown entry type")
}
