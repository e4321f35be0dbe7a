package lang

import (
	"bufio"
	"bytes"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/zktree/zktree/ast"
)

// Format parses src and prints it in the canonical layout (see [Fprint]).
// Like gofmt, it refuses to format a file with errors: it then returns nil
// and the diagnostics. Warnings are returned beside the formatted text.
func Format(filename string, src []byte) ([]byte, ast.Diagnostics) {
	f, ds := Parse(filename, src)
	if ds.HasErrors() {
		return nil, ds
	}
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/8)
	_ = Fprint(&buf, f) // a bytes.Buffer does not fail
	return buf.Bytes(), ds
}

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
//   - one blank line before a line that followed one or more blank lines
//     in the source, except at the start of the file; none at the end;
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
	used     []bool                 // used[l]: source line l holds an entry or a comment
	printed  bool                   // whether a line was printed
	// levels[d] is the source indentation of the last printed entry at
	// depth d on the current path; len(levels)-1 is the deepest open
	// level (a node's body is open after its header).
	levels []int32
}

func newPrinter(w io.Writer, f *ast.File) *printer {
	p := &printer{w: bufio.NewWriter(w), trailing: map[int32]*ast.Comment{}}
	ast.Walk(f, func(_ string, e ast.Entry) bool {
		p.use(e.Span().Start.Line)
		return true
	})
	for _, c := range f.Comments {
		p.use(c.Range.Start.Line)
		if c.Trailing && c.Range.Start.Line > 0 {
			p.trailing[c.Range.Start.Line] = c
		} else {
			p.pending = append(p.pending, c)
		}
	}
	return p
}

// use records that source line l holds something.
func (p *printer) use(l int32) {
	if int(l) >= len(p.used) {
		p.used = append(p.used, make([]bool, int(l)+1-len(p.used))...)
	}
	p.used[l] = true
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
// source line before srcLine was blank (and this is not the first line).
func (p *printer) line(srcLine int32, depth int, text string, c *ast.Comment) {
	if p.printed && srcLine > 1 && !p.used[srcLine-1] {
		p.w.WriteByte('\n')
	}
	p.printed = true
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
		return e.Name + " = " + literal(e.Value)
	case *ast.Link:
		return e.Name + " -> " + e.Target
	case *ast.PropLink:
		return e.Name + " => " + e.TargetText()
	}
	panic("lang: unknown entry type")
}

// literal returns the canonical literal of v: [ast.Value.String], except
// that an infinite float, which that prints as "inf" (not a literal), is
// written 1e999 or -1e999, which read back as infinity.
func literal(v ast.Value) string {
	if !hasInf(v) {
		return v.String()
	}
	switch v.Kind() {
	case ast.FloatKind:
		if v.Float() > 0 {
			return "1e999"
		}
		return "-1e999"
	case ast.DictKind:
		items := make([]string, len(v.Items()))
		for i, it := range v.Items() {
			items[i] = literal(it.Key) + ": " + literal(it.Value)
		}
		return "{" + strings.Join(items, ", ") + "}"
	}
	elems := make([]string, len(v.Elems()))
	for i, e := range v.Elems() {
		elems[i] = literal(e)
	}
	if v.Kind() == ast.TupleKind {
		if len(elems) == 1 {
			return "(" + elems[0] + ",)"
		}
		return "(" + strings.Join(elems, ", ") + ")"
	}
	return "[" + strings.Join(elems, ", ") + "]"
}

// hasInf reports whether v is or holds an infinite float.
func hasInf(v ast.Value) bool {
	switch v.Kind() {
	case ast.FloatKind:
		return math.IsInf(v.Float(), 0)
	case ast.ListKind, ast.TupleKind:
		return slices.ContainsFunc(v.Elems(), hasInf)
	case ast.DictKind:
		return slices.ContainsFunc(v.Items(), func(it ast.DictItem) bool { return hasInf(it.Key) || hasInf(it.Value) })
	}
	return false
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
