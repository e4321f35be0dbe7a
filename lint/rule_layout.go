package lint

import (
	"bytes"

	"github.com/zktree/zktree/ast"
)

var tabIndentation = &Rule{
	ID:       "TAB_INDENTATION",
	Purpose:  "Report indentation that contains tab characters.",
	Severity: ast.Warning,
	Default:  true,
	Doc: "A tab in indentation counts as one column (as in zc.zk), so a tree that looks right in " +
		"an editor with wide tabs may nest differently than it appears, above all when tabs and " +
		"spaces are mixed.\n\n" +
		"```\n/app\n\t/child      # one column: a tab\n```\n\n" +
		"Fix: run `zktree fmt -w`, which indents with two spaces per level.",
	source: true,
	Run: func(p *Pass) {
		for _, f := range p.Model.Files() {
			forEachIndent(p.Sources[f.Name], func(indent []byte, start ast.Pos) {
				if bytes.IndexByte(indent, '\t') < 0 {
					return
				}
				end := start
				end.Offset += int32(len(indent))
				end.Col += int32(len(indent))
				what := "a tab"
				if bytes.IndexByte(indent, ' ') >= 0 {
					what = "tabs and spaces mixed"
				}
				p.Report(f.Name, ast.Range{Start: start, End: end}, "indentation uses %s; a tab counts as one column", what)
			})
		}
	},
}

// forEachIndent calls fn with the indentation of every line of src that
// has content, and its start.
func forEachIndent(src []byte, fn func(indent []byte, start ast.Pos)) {
	line := int32(1)
	for off := 0; off < len(src); line++ {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		}
		text := src[off : off+end]
		n := 0
		for n < len(text) && (text[n] == ' ' || text[n] == '\t') {
			n++
		}
		if n > 0 && n < len(text) && text[n] != '\r' {
			fn(text[:n], ast.Pos{Offset: int32(off), Line: line, Col: 1})
		}
		off += end + 1
	}
}

var misleadingIndentation = &Rule{
	ID:       "MISLEADING_INDENTATION",
	Purpose:  "Report a line nested under a property whose indentation hides which node it belongs to.",
	Severity: ast.Warning,
	Default:  true,
	Doc: "A property does not close the node before it: after `/b` and a sibling property `x`, a " +
		"deeper line still belongs to `/b` (as in zc.zk), although it looks nested under `x`.\n\n" +
		"```\n/a\n  /b\n  x = 1\n    /c        # a child of /a/b, not of x\n```\n\n" +
		"Fix: move the line up directly under `/b`, or move `x` above `/b`.",
	Run: func(p *Pass) {
		for _, f := range p.Model.Files() {
			for _, n := range f.Nodes {
				checkMisleading(p, f, n)
			}
		}
	},
}

// checkMisleading reports, for each child node of n that a later property
// line of n separates from part of its body, the first such body line.
func checkMisleading(p *Pass, f *ast.File, n *ast.Node) {
	var after ast.Entry // the first non-node entry after the current index
	for i := len(n.Body) - 1; i >= 0; i-- {
		c, ok := n.Body[i].(*ast.Node)
		if !ok {
			after = n.Body[i]
			continue
		}
		checkMisleading(p, f, c)
		if after == nil {
			continue
		}
		line := after.Span().Start.Line
		for _, e := range c.Body {
			if e.Span().Start.Line > line {
				// The message names no line numbers, so that a baseline
				// still matches the finding after edits above it.
				d := p.Report(f.Name, e.Span(), "this line belongs to /%s, not to %q above it", c.Name, after.Key())
				d.Related = append(d.Related,
					ast.Related{File: f.Name, Range: c.Range, Message: "the node it belongs to"},
					ast.Related{File: f.Name, Range: after.Span(), Message: "the line it seems to be nested under"})
				break
			}
		}
	}
}
