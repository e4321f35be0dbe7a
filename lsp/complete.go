package lsp

import (
	"sort"
	"strings"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
)

// completion proposes, from the text of the line before the cursor:
//   - node paths inside a "->" or "=>" target, one path element at a time,
//     relative to the node that holds the line when the target is relative;
//   - the property names of the target node after a "=>" target;
//   - the types already used in the workspace after a node's ":".
func (s *server) completion(p *textDocumentPositionParams) (any, error) {
	c, err := s.cursorAt(*p)
	if err != nil {
		return nil, err
	}
	x := c.fr.doc.index
	line := p.Position.Line // cursorAt checked it
	lineStart := x.starts[line]
	before := string(c.fr.doc.text[lineStart:c.off])
	content := strings.TrimLeft(before, " \t")
	indent := int32(len(before) - len(content))
	holder := holderAt(c.fr.file, int32(line+1), indent)
	// replace returns the range of the last n bytes before the cursor.
	replace := func(n int) Range {
		return Range{Start: x.position(c.off - n), End: x.position(c.off)}
	}
	var items []CompletionItem
	switch op, rest := linkOperator(content); {
	case strings.HasPrefix(content, "/"):
		if typed, ok := typeText(content); ok {
			items = s.typeItems(replace(len(typed)))
		}
	case op == "":
	case !strings.ContainsAny(rest, " \t"):
		items = s.pathItems(holder, rest, replace)
	case op == "=>":
		target, prop := splitField(rest)
		if !strings.ContainsAny(prop, " \t") {
			items = s.propertyItems(absPath(holder, target), replace(len(prop)))
		}
	}
	if items == nil {
		items = []CompletionItem{}
	}
	return completionList{Items: items}, nil
}

// holderAt returns the path of the node that holds a line (1-based) indented
// by indent columns: the last node above it that is indented less.
func holderAt(f *ast.File, line, indent int32) string {
	holder := "/"
	ast.Walk(f, func(parent string, e ast.Entry) bool {
		n, ok := e.(*ast.Node)
		if !ok || n.Range.Start.Line >= line {
			return false
		}
		if n.Indent < indent {
			holder = ast.JoinPath(parent, n.Name)
		}
		return true
	})
	return holder
}

// linkOperator finds "->" or "=>" in the content of a line and returns it
// with the text after it, leading blanks removed. A property line ("=" first)
// or a comment has none.
func linkOperator(content string) (op, rest string) {
	if strings.HasPrefix(content, "#") {
		return "", ""
	}
	for i := 0; i+1 < len(content); i++ {
		if c := content[i]; (c == '-' || c == '=') && content[i+1] == '>' {
			return content[i : i+2], strings.TrimLeft(content[i+2:], " \t")
		} else if c == '=' {
			return "", ""
		}
	}
	return "", ""
}

// splitField splits s at its first run of blanks.
func splitField(s string) (first, rest string) {
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimLeft(s[i:], " \t")
}

// typeText returns the type typed so far on a node line, if the cursor is
// after the ":" that starts the type.
func typeText(content string) (string, bool) {
	name, rest := splitField(content)
	switch {
	case strings.HasPrefix(rest, ":"):
		rest = rest[1:]
	case strings.HasSuffix(name, ":") && len(content) > len(name):
	default:
		return "", false
	}
	return strings.TrimLeft(rest, " \t"), true
}

// pathItems proposes the next element of a target path: the children and
// links of the node the typed directory part leads to.
func (s *server) pathItems(holder, typed string, replace func(int) Range) []CompletionItem {
	dir, partial := "", typed
	if i := strings.LastIndexByte(typed, '/'); i >= 0 {
		dir, partial = typed[:i+1], typed[i+1:]
	}
	base := holder
	if dir != "" {
		base = absPath(holder, dir)
	}
	n, err := s.an.model.ResolveNode(base)
	if err != nil || n == nil {
		return nil
	}
	r := replace(len(partial))
	var items []CompletionItem
	for _, child := range n.Children {
		items = append(items, CompletionItem{Label: child.Name, Kind: completionModule, Detail: child.Type, TextEdit: &TextEdit{Range: r, NewText: child.Name}})
	}
	for _, l := range n.Links {
		if n.Child(l.Name()) == nil {
			items = append(items, CompletionItem{Label: l.Name(), Kind: completionReference, Detail: "-> " + l.Syntax.Target, TextEdit: &TextEdit{Range: r, NewText: l.Name()}})
		}
	}
	return items
}

// propertyItems proposes the property names of the node at path.
func (s *server) propertyItems(path string, r Range) []CompletionItem {
	n, err := s.an.model.ResolveNode(path)
	if err != nil || n == nil {
		return nil
	}
	var items []CompletionItem
	for _, name := range n.PropertyNames() {
		items = append(items, CompletionItem{Label: name, Kind: completionProperty, TextEdit: &TextEdit{Range: r, NewText: name}})
	}
	return items
}

// typeItems proposes the node types used anywhere in the workspace.
func (s *server) typeItems(r Range) []CompletionItem {
	seen := map[string]bool{}
	s.an.model.Walk(func(n *eval.Node) bool {
		if n.Type != "" {
			seen[n.Type] = true
		}
		return true
	})
	types := make([]string, 0, len(seen))
	for t := range seen {
		types = append(types, t)
	}
	sort.Strings(types)
	var items []CompletionItem
	for _, t := range types {
		items = append(items, CompletionItem{Label: t, Kind: completionClass, TextEdit: &TextEdit{Range: r, NewText: t}})
	}
	return items
}
