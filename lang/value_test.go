package lang

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/zktree/zktree/ast"
)

func TestParseValue(t *testing.T) {
	big20, _ := new(big.Int).SetString("100000000000000000000", 10)
	for _, c := range []struct {
		in   string
		want ast.Value
	}{
		{"1", ast.Int(1)},
		{" -5 ", ast.Int(-5)},
		{"- 5", ast.Int(-5)},
		{"+7", ast.Int(7)},
		{"0x1F", ast.Int(31)},
		{"0o17", ast.Int(15)},
		{"010", ast.Int(8)},
		{"0b101", ast.Int(5)},
		{"12L", ast.Int(12)},
		{"100000000000000000000", ast.BigInt(big20)},
		{"-9223372036854775808", ast.Int(math.MinInt64)},
		{"1.5", ast.Float(1.5)},
		{".5", ast.Float(0.5)},
		{"5.", ast.Float(5)},
		{"1e3", ast.Float(1000)},
		{"1E-2", ast.Float(0.01)},
		{"-0.0", ast.Float(math.Copysign(0, -1))},
		{"1e400", ast.Float(math.Inf(1))},
		{"True", ast.True},
		{"False", ast.False},
		{"None", ast.None},
		{"'a'", ast.Str("a")},
		{`"it's"`, ast.Str("it's")},
		{`u'a' b"b" r'\c'`, ast.Str(`ab\c`)},
		{`'\x41\xe9\u20ac\U0001F600\101\0'`, ast.Str("Aé€😀A\x00")},
		{`'\d'`, ast.Str(`\d`)},
		{`b'\u20ac'`, ast.Str(`\u20ac`)},
		{`'''a'b"c'''`, ast.Str(`a'b"c`)},
		{`r'\''`, ast.Str(`\'`)},
		{"[1, [2], ()]", ast.List(ast.Int(1), ast.List(ast.Int(2)), ast.Tuple())},
		{"(1,)", ast.Tuple(ast.Int(1))},
		{"((1))", ast.Int(1)},
		{"[1, 2,]", ast.List(ast.Int(1), ast.Int(2))},
		{"{'a': 1, 2: None, 1.5: True, None: [],}", ast.Dict(
			ast.DictItem{Key: ast.Str("a"), Value: ast.Int(1)},
			ast.DictItem{Key: ast.Int(2), Value: ast.None},
			ast.DictItem{Key: ast.Float(1.5), Value: ast.True},
			ast.DictItem{Key: ast.None, Value: ast.List()})},
	} {
		got, err := ParseValue(c.in)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("ParseValue(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

// TestLargeDict checks duplicate keys in a dict long enough to be indexed
// by map.
func TestLargeDict(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 40 {
		fmt.Fprintf(&b, "'k%d': %d, %d: %d.5, ", i, i, i, i)
	}
	ok := b.String() + "None: 1.5}"
	if v, err := ParseValue(ok); err != nil || len(v.Items()) != 81 {
		t.Fatalf("ParseValue: %d items, %v", len(v.Items()), err)
	}
	for _, c := range []struct{ key, clash string }{{"'k7'", "'k7'"}, {"'7'", "7"}, {"7.0", "7"}, {"False", "0"}} {
		_, err := ParseValue(b.String() + c.key + ": 0}")
		want := "duplicate dict key " + c.key + "; it is the same key as " + c.clash
		if c.key == c.clash {
			want = "duplicate dict key " + c.key
		}
		if err == nil || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("key %s: error %v, want %q", c.key, err, want)
		}
	}
}

func TestParseValueErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "expected a value"},
		{"foo", `column 1: values are literals; expressions are not evaluated: found name "foo"`},
		{"1+2", `column 2: values are literals; expressions are not evaluated: found "+" after the value`},
		{"len('x')", `found name "len"`},
		{"{1, 2}", "found a set"},
		{"{(1,): 2}", "a dict key must be a string, number, bool or None"},
		{"{'a': 1, 'a': 2}", "duplicate dict key 'a'"},
		{"{1: 'a', 1.0: 'b'}", "duplicate dict key 1.0; it is the same key as 1"},
		{"{True: 'a', 1: 'b'}", "duplicate dict key 1; it is the same key as True"},
		{"{1: 'a', '1': 'b'}", "duplicate dict key '1'; it is the same key as 1"},
		{"{None: 'a', 'null': 'b'}", "duplicate dict key 'null'"},
		{"'abc", "unterminated string"},
		{`'\x4'`, `invalid \x escape`},
		{`'\ud800'`, "is not a Unicode character"},
		{`'\N{DASH}'`, `\N{...} escapes are not supported`},
		{"09", "leading zero"},
		{"1j", "complex numbers"},
		{"1_000", `invalid number "1_000"`},
		{"-'a'", `found "-" before a value that is not a number`},
		{"[1, 2", `unexpected end of line in list; expected "," or "]"`},
		{"1 # c", "unexpected comment"},
		{"x = 1", `found name "x"`},
		{strings.Repeat("[", 101) + strings.Repeat("]", 101), "values nest more than 100 levels deep"},
	} {
		_, err := ParseValue(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseValue(%q) error %v, want it to contain %q", c.in, err, c.want)
		}
		var ve *ValueError
		if !errors.As(err, &ve) {
			t.Errorf("ParseValue(%q) error %T is not a *ValueError", c.in, err)
		}
	}
}

// TestStructure checks the structure rules that zc.zk's stack algorithm
// gives, line by line.
// TestDeepValues checks that both parsers accept 100 levels of nesting
// and reject 101, for every kind of container.
func TestDeepValues(t *testing.T) {
	opens, closes := []string{"[", "(", "{1: "}, []string{"]", ",)", "}"}
	for _, n := range []int{100, 101} {
		var b strings.Builder
		for i := range n {
			b.WriteString(opens[i%3])
		}
		b.WriteString("0")
		for i := n - 1; i >= 0; i-- {
			b.WriteString(closes[i%3])
		}
		src := []byte("/a\n  x = " + b.String() + "\n")
		_, diags := Parse("deep.zk", src)
		if got := len(diags) > 0; got != (n > maxDepth) {
			t.Errorf("depth %d: diagnostics %v", n, diags)
		}
		if d := diffParsers("deep.zk", src); d != "" {
			t.Errorf("depth %d: %s", n, d)
		}
	}
}

func TestStructure(t *testing.T) {
	// A deeper line after a property that follows a sibling node belongs
	// to that node (zc.zk corpus 064).
	f, diags := Parse("s.zk", []byte("/a\n  /b\n  x = 1\n    /c\n"))
	if len(diags) != 0 {
		t.Fatal(diags.Error())
	}
	a := f.Nodes[0]
	if len(a.Body) != 2 || a.Body[1].(*ast.Property).Name != "x" {
		t.Fatalf("/a body = %#v", a.Body)
	}
	if b := a.Body[0].(*ast.Node); len(b.Body) != 1 || b.Body[0].(*ast.Node).Name != "c" {
		t.Fatalf("/c is not a child of /b: %#v", b.Body)
	}
	// A duplicate points at the first definition and is left out.
	f, diags = Parse("d.zk", []byte("/a\n  x = 1\n  x = 2\n"))
	if len(diags) != 1 || diags[0].Code != ast.CodeDuplicate || len(diags[0].Related) != 1 ||
		diags[0].Related[0].Range.Start.Line != 2 || diags[0].File != "d.zk" {
		t.Fatalf("diagnostics: %#v", diags)
	}
	if got := f.Nodes[0].Body; len(got) != 1 || !got[0].(*ast.Property).Value.Equal(ast.Int(1)) {
		t.Fatalf("body after duplicate: %#v", got)
	}
	// Children of a rejected node line are neither attached elsewhere nor
	// reported again.
	f, diags = Parse("r.zk", []byte("/a\n  /b c\n    x = 1\n    x = 2\n  /d\n"))
	if len(diags) != 2 || diags[0].Range.Start.Line != 2 || diags[1].Range.Start.Line != 4 {
		t.Fatalf("diagnostics: %v", diags.Error())
	}
	if got := f.Nodes[0].Body; len(got) != 1 || got[0].(*ast.Node).Name != "d" {
		t.Fatalf("body: %#v", got)
	}
}

// TestManyLevels checks that a bad dedent under many open levels names
// only some of them.
func TestManyLevels(t *testing.T) {
	var b strings.Builder
	for i := range 8 {
		fmt.Fprintf(&b, "%s/n%d\n", strings.Repeat("  ", i), i)
	}
	b.WriteString(" /bad\n")
	_, diags := Parse("deep.zk", []byte(b.String()))
	want := "indentation of 1 does not match any open level; expected 0, 2, …, 10, 12 or 14"
	if len(diags) != 1 || diags[0].Message != want {
		t.Fatalf("got %v, want %q", diags, want)
	}
}

func TestParseEmpty(t *testing.T) {
	for _, src := range [][]byte{nil, []byte("\n\n"), []byte("# only\n")} {
		f, diags := Parse("e.zk", src)
		if f == nil || len(f.Nodes) != 0 || len(diags) != 0 || f.Name != "e.zk" {
			t.Errorf("Parse(%q) = %#v, %v", src, f, diags)
		}
	}
}

func TestGrammar(t *testing.T) {
	g := Grammar()
	for _, want := range []string{"LineContent = NodeLine | EntryLine .", "Literal = ", "Value.String = /"} {
		if !strings.Contains(g, want) {
			t.Errorf("grammar lacks %q:\n%s", want, g)
		}
	}
}
