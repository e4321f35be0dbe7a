package lang

import (
	"bufio"
	"bytes"
	"io"
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
//     "name => target [prop]", with one space around each operator (none
//     after it when a type or target starts with "#", since " #" would
//     start a comment: "/name :#type"; and the type of a name that ends
//     with ":" follows that colon with no space: "/name:: type");
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
	w       *bufio.Writer
	pending []*ast.Comment // whole-line comments still to print, in source order
	lines   []lineInfo     // by source line
	printed bool           // whether a line was printed
	// levels[d] is the source indentation of the last printed entry at
	// depth d on the current path; len(levels)-1 is the deepest open
	// level (a node's body is open after its header).
	levels []int32
}

// lineInfo is what the printer knows of one source line.
type lineInfo struct {
	used     bool         // the line holds an entry or a comment
	trailing *ast.Comment // its trailing comment until printed
}

func newPrinter(w io.Writer, f *ast.File) *printer {
	p := &printer{w: bufio.NewWriterSize(w, 64<<10), lines: make([]lineInfo, f.Lines+1)}
	for _, n := range f.Nodes {
		p.markUsed(n)
	}
	for _, c := range f.Comments {
		l := c.Range.Start.Line
		p.line(l).used = true
		if c.Trailing && l > 0 {
			p.line(l).trailing = c
		} else {
			p.pending = append(p.pending, c)
		}
	}
	return p
}

// markUsed records the lines of an entry and of a node's body.
func (p *printer) markUsed(e ast.Entry) {
	p.line(e.Span().Start.Line).used = true
	if n, ok := e.(*ast.Node); ok {
		for _, c := range n.Body {
			p.markUsed(c)
		}
	}
}

// line returns the information on source line l, growing the table when
// the file did not say how many lines it has.
func (p *printer) line(l int32) *lineInfo {
	if int(l) >= len(p.lines) {
		p.lines = append(p.lines, make([]lineInfo, int(l)+1-len(p.lines))...)
	}
	return &p.lines[l]
}

// entry prints e at depth (and a node's body below it), preceded by the
// whole-line comments that came before it in the source.
func (p *printer) entry(e ast.Entry, depth int) {
	line := e.Span().Start.Line
	p.comments(line, depth)
	p.begin(line, depth)
	p.writeEntry(e)
	p.end(p.takeTrailing(line), true)
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
		p.begin(line, p.commentDepth(c, next))
		p.end(c, false)
	}
}

// orphans prints trailing comments whose line had no entry (only possible
// in a hand-built or partial tree) as whole-line comments at the end.
func (p *printer) orphans() {
	for l := range p.lines {
		if c := p.takeTrailing(int32(l)); c != nil {
			p.begin(int32(l), 0)
			p.end(c, false)
		}
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

// takeTrailing returns the trailing comment of source line l, once.
func (p *printer) takeTrailing(l int32) *ast.Comment {
	if int(l) >= len(p.lines) {
		return nil
	}
	c := p.lines[l].trailing
	p.lines[l].trailing = nil
	return c
}

// begin starts an output line at depth: a blank line first when the
// source line before srcLine was blank (and this is not the first line),
// then the indentation.
func (p *printer) begin(srcLine int32, depth int) {
	if p.printed && srcLine > 1 && !p.lines[srcLine-1].used {
		p.w.WriteByte('\n')
	}
	p.printed = true
	for range depth {
		p.w.WriteString("  ")
	}
}

// end ends an output line with comment c, if any (after a space when the
// line has text).
func (p *printer) end(c *ast.Comment, hasText bool) {
	if c != nil {
		if hasText {
			p.w.WriteByte(' ')
		}
		p.w.WriteString(c.Text)
	}
	p.w.WriteByte('\n')
}

// writeEntry writes the canonical text of an entry's line.
func (p *printer) writeEntry(e ast.Entry) {
	switch e := e.(type) {
	case *ast.Node:
		p.w.WriteByte('/')
		p.w.WriteString(e.Name)
		switch {
		case e.Type == "":
		case strings.HasSuffix(e.Name, ":"):
			// In "/a: : t" the name would be "a"; in "/a:: t" it is "a:".
			p.operand(":", e.Type)
		default:
			p.operand(" :", e.Type)
		}
	case *ast.Property:
		p.w.WriteString(e.Name)
		p.operand(" =", e.Value.String())
	case *ast.Link:
		p.w.WriteString(e.Name)
		p.operand(" ->", e.Target)
	case *ast.PropLink:
		p.w.WriteString(e.Name)
		p.operand(" =>", e.Target)
		if e.Prop != "" {
			p.w.WriteByte(' ')
			p.w.WriteString(e.Prop)
		}
	}
}

// operand writes op and the text that follows it, separated by a space,
// except when the text starts with "#", which after a space would start a
// comment ("/a :#t", "l ->#x").
func (p *printer) operand(op, text string) {
	p.w.WriteString(op)
	if !strings.HasPrefix(text, "#") {
		p.w.WriteByte(' ')
	}
	p.w.WriteString(text)
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
