package asttest

import (
	"testing"

	"github.com/zktree/zktree/ast"
)

func file(line, indent int32, value ast.Value) *ast.File {
	r := ast.Range{Start: ast.Pos{Line: line, Col: indent + 1}}
	return &ast.File{Lines: int(line), Nodes: []*ast.Node{{Range: r, Indent: indent, Name: "a", Body: []ast.Entry{
		&ast.Property{Range: r, Indent: indent + 2, Name: "x", Value: value},
	}}}}
}

func TestDiff(t *testing.T) {
	a, moved := file(1, 0, ast.List(ast.Int(1))), file(7, 4, ast.List(ast.Int(1)))
	if d := Diff(a, moved); d != "" {
		t.Errorf("Diff sees positions:\n%s", d)
	}
	if DiffExact(a, moved) == "" {
		t.Error("DiffExact ignores positions")
	}
	if Diff(a, file(1, 0, ast.Tuple(ast.Int(1)))) == "" {
		t.Error("Diff ignores a list that became a tuple")
	}
}

func TestDiff_comments(t *testing.T) {
	c := func(text string, trailing bool) *ast.Comment { return &ast.Comment{Text: text, Trailing: trailing} }
	a := &ast.File{Comments: []*ast.Comment{c("# a", true), c("# b", false)}}
	swapped := &ast.File{Comments: []*ast.Comment{c("# b", false), c("# a", true)}}
	if d := Diff(a, swapped); d != "" {
		t.Errorf("Diff sees the order of comments:\n%s", d)
	}
	if Diff(a, &ast.File{Comments: []*ast.Comment{c("# a", false), c("# b", false)}}) == "" {
		t.Error("Diff ignores a trailing comment that became a whole-line one")
	}
	if Diff(a, &ast.File{Comments: []*ast.Comment{c("# a", true)}}) == "" {
		t.Error("Diff ignores a lost comment")
	}
}
