package asttest

import (
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/zktree/zktree/ast"
)

// valueOption compares values as literals.
var valueOption = cmp.Comparer(func(a, b ast.Value) bool { return a.Equal(b) })

// options make cmp ignore where things are (ranges, indentation, line
// counts) and compare values as literals.
var options = cmp.Options{
	valueOption,
	cmpopts.IgnoreTypes(ast.Range{}),
	cmpopts.IgnoreFields(ast.File{}, "Name", "Lines"),
	cmpopts.IgnoreFields(ast.Node{}, "Indent"),
	cmpopts.IgnoreFields(ast.Property{}, "Indent"),
	cmpopts.IgnoreFields(ast.Link{}, "Indent"),
	cmpopts.IgnoreFields(ast.PropLink{}, "Indent"),
	cmpopts.EquateEmpty(),
	// Comments are compared as a multiset: formatting may move an entry,
	// with its comments, to the place the tree gives it (a line that
	// belongs to an earlier node is printed inside that node).
	cmpopts.SortSlices(func(a, b *ast.Comment) bool {
		if a.Text != b.Text {
			return a.Text < b.Text
		}
		return !a.Trailing && b.Trailing
	}),
}

// Diff returns a description of the differences between two files, or ""
// when they hold the same nodes and entries in the same order, the same
// values, and the same comments (in any order), wherever they stand in the
// source.
func Diff(a, b *ast.File) string {
	return cmp.Diff(a, b, options)
}

// DiffExact is like [Diff] but also compares every position, indentation
// and the file's name and line count.
func DiffExact(a, b *ast.File) string {
	return cmp.Diff(a, b, valueOption)
}
