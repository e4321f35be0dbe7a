package nodedata

import (
	"testing"

	"github.com/zktree/zktree/ast"
)

func TestReprCompat(t *testing.T) {
	tests := []struct {
		v    ast.Value
		want string
	}{
		{ast.Bytes("raw text"), `'raw text'`},
		{ast.Bytes("it's\x00\xff\t\\"), `"it's\x00\xff\t\\"`},
		{ast.Bytes(`'"`), `'\'"'`},
		{ast.Str("\x1f\x7f\x80\xff\u0100\uffff\U00010000"), `u'\x1f\x7f\x80\xff\u0100\uffff\U00010000'`},
		{ast.Str("bad \xff utf8"), `u'bad \xff utf8'`},
		{bigInt("-9223372036854775809"), "-9223372036854775809L"},
		{ast.Int(-9223372036854775808), "-9223372036854775808"},
		{ast.Tuple(ast.Str("a")), "(u'a',)"},
		{ast.Tuple(), "()"},
		{ast.Dict(item("b", ast.None), ast.DictItem{Key: ast.Int(2), Value: ast.False}, item("a", ast.Float(1e22))),
			"{2: False, u'a': 1e+22, u'b': None}"},
	}
	for _, tt := range tests {
		if got := Repr(tt.v, true); got != tt.want {
			t.Errorf("Repr(%v, true) = %s, want %s", tt.v, got, tt.want)
		}
	}
}

func TestReprCanonical(t *testing.T) {
	v := ast.List(ast.Str("é"), bigInt("100000000000000000000"), ast.Tuple(ast.Int(1)))
	if got, want := Repr(v, false), "['é', 100000000000000000000, (1,)]"; got != want {
		t.Errorf("Repr = %s, want %s", got, want)
	}
}
