package lsp

import (
	"sort"
	"strings"

	"github.com/zktree/zktree/ast"
)

// This file holds the features computed from one file's syntax tree alone:
// document symbols, folding ranges and semantic tokens.

// documentSymbols returns the outline of f: its nodes with their
// properties, links and property links.
func documentSymbols(f *ast.File, x *lineIndex) []DocumentSymbol {
	out := []DocumentSymbol{}
	for _, n := range f.Nodes {
		out = append(out, nodeSymbol(n, x))
	}
	return out
}

func nodeSymbol(n *ast.Node, x *lineIndex) DocumentSymbol {
	sym := DocumentSymbol{
		Name:           "/" + n.Name,
		Detail:         n.Type,
		Kind:           symbolNamespace,
		Range:          x.rng(nodeExtent(n)),
		SelectionRange: x.rng(n.NameRange()),
	}
	for _, e := range n.Body {
		var child DocumentSymbol
		switch e := e.(type) {
		case *ast.Node:
			child = nodeSymbol(e, x)
		case *ast.Property:
			child = DocumentSymbol{Name: e.Name, Detail: "= " + e.Value.String(), Kind: symbolProperty, SelectionRange: x.rng(e.NameRange())}
		case *ast.Link:
			child = DocumentSymbol{Name: e.Name, Detail: "-> " + e.Target, Kind: symbolField, SelectionRange: x.rng(e.NameRange())}
		case *ast.PropLink:
			child = DocumentSymbol{Name: e.Name, Detail: "=> " + e.TargetText(), Kind: symbolField, SelectionRange: x.rng(e.NameRange())}
		}
		if child.Kind != symbolNamespace {
			child.Range = x.rng(e.Span())
		}
		sym.Children = append(sym.Children, child)
	}
	return sym
}

// nodeExtent returns the range from a node's header to the end of its last
// descendant line.
func nodeExtent(n *ast.Node) ast.Range {
	r := n.Range
	if len(n.Body) > 0 {
		last := n.Body[len(n.Body)-1]
		if c, ok := last.(*ast.Node); ok {
			r = r.Union(nodeExtent(c))
		} else {
			r = r.Union(last.Span())
		}
	}
	return r
}

// workspaceSymbols returns the nodes of every file whose path contains the
// query's characters in order, ignoring case (an empty query matches all).
func workspaceSymbols(an *analysis, query string) []SymbolInformation {
	out := []SymbolInformation{}
	for _, fr := range an.files {
		ast.Walk(fr.file, func(parent string, e ast.Entry) bool {
			n, ok := e.(*ast.Node)
			if !ok {
				return true
			}
			path := ast.JoinPath(parent, n.Name)
			if fuzzyMatch(path, query) {
				out = append(out, SymbolInformation{
					Name:          path,
					Kind:          symbolNamespace,
					Location:      Location{URI: fr.doc.uri, Range: fr.doc.index.rng(n.NameRange())},
					ContainerName: parent,
				})
			}
			return true
		})
	}
	return out
}

// fuzzyMatch reports whether the characters of query appear in s in order,
// ignoring case.
func fuzzyMatch(s, query string) bool {
	s = strings.ToLower(s)
	for _, r := range strings.ToLower(query) {
		i := strings.IndexRune(s, r)
		if i < 0 {
			return false
		}
		s = s[i+len(string(r)):]
	}
	return true
}

// foldingRanges returns a range for every node whose body spans lines and
// for every run of two or more whole-line comments.
func foldingRanges(f *ast.File) []FoldingRange {
	out := []FoldingRange{}
	ast.Walk(f, func(_ string, e ast.Entry) bool {
		if n, ok := e.(*ast.Node); ok {
			if end := nodeExtent(n).End.Line; end > n.Range.Start.Line {
				out = append(out, FoldingRange{StartLine: int(n.Range.Start.Line) - 1, EndLine: int(end) - 1})
			}
		}
		return true
	})
	var run []*ast.Comment
	flush := func() {
		if len(run) > 1 {
			out = append(out, FoldingRange{StartLine: int(run[0].Range.Start.Line) - 1, EndLine: int(run[len(run)-1].Range.Start.Line) - 1, Kind: "comment"})
		}
		run = run[:0]
	}
	for _, c := range f.Comments {
		if c.Trailing || len(run) > 0 && c.Range.Start.Line != run[len(run)-1].Range.Start.Line+1 {
			flush()
		}
		if !c.Trailing {
			run = append(run, c)
		}
	}
	flush()
	return out
}

// The semantic token types, in the order of the legend.
const (
	tokNamespace = iota // node names and link target paths
	tokType             // node types
	tokProperty         // property, link and property-link names; target property names
	tokString
	tokNumber
	tokKeyword // True, False, None
	tokComment
)

var tokenLegend = semanticTokensLegend{
	TokenTypes:     []string{"namespace", "type", "property", "string", "number", "keyword", "comment"},
	TokenModifiers: []string{},
}

type token struct {
	r   ast.Range
	typ uint32
}

// semanticTokenData returns the tokens of f in LSP's relative encoding:
// five integers per token (line delta, start delta, length, type,
// modifiers), with lengths in UTF-16 units.
func semanticTokenData(f *ast.File, x *lineIndex) []uint32 {
	toks := fileTokens(f)
	data := make([]uint32, 0, 5*len(toks))
	var prev Position
	for _, t := range toks {
		r := x.rng(t.r)
		if r.End.Line != r.Start.Line || r.End.Character <= r.Start.Character {
			continue
		}
		dl, dc := r.Start.Line-prev.Line, r.Start.Character
		if dl == 0 {
			dc -= prev.Character
		}
		data = append(data, uint32(dl), uint32(dc), uint32(r.End.Character-r.Start.Character), t.typ, 0)
		prev = r.Start
	}
	return data
}

// fileTokens returns the tokens of f sorted by position.
func fileTokens(f *ast.File) []token {
	var toks []token
	add := func(r ast.Range, typ uint32) {
		if r.IsValid() {
			toks = append(toks, token{r, typ})
		}
	}
	ast.Walk(f, func(_ string, e ast.Entry) bool {
		switch e := e.(type) {
		case *ast.Node:
			add(e.NameRange(), tokNamespace)
			add(e.TypeRange, tokType)
		case *ast.Property:
			add(e.NameRange(), tokProperty)
			if typ, ok := valueToken(e.Value); ok {
				add(e.ValueRange, typ)
			}
		case *ast.Link:
			add(e.NameRange(), tokProperty)
			add(e.TargetRange, tokNamespace)
		case *ast.PropLink:
			add(e.NameRange(), tokProperty)
			add(e.TargetRange, tokNamespace)
			add(e.PropRange, tokProperty)
		}
		return true
	})
	for _, c := range f.Comments {
		add(c.Range, tokComment)
	}
	sort.Slice(toks, func(i, j int) bool { return toks[i].r.Start.Offset < toks[j].r.Start.Offset })
	return toks
}

// valueToken returns the token type of a scalar value.
func valueToken(v ast.Value) (uint32, bool) {
	switch v.Kind() {
	case ast.StringKind:
		return tokString, true
	case ast.IntKind, ast.FloatKind:
		return tokNumber, true
	case ast.BoolKind, ast.NoneKind:
		return tokKeyword, true
	}
	return 0, false
}
