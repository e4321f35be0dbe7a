package ast

import (
	"math"
	"math/big"
	"testing"
)

func TestFormatFloat(t *testing.T) {
	for _, c := range []struct {
		f    float64
		want string
	}{
		{1, "1.0"}, {-0.0 * -1, "0.0"}, {math.Copysign(0, -1), "-0.0"}, {2.5, "2.5"},
		{1e16, "1e+16"}, {1e15, "1000000000000000.0"}, {1e-7, "1e-07"}, {2.5e-5, "2.5e-05"},
		{0.0001, "0.0001"}, {1e100, "1e+100"}, {123456789.12345679, "123456789.12345679"},
		{0.1, "0.1"}, {math.Inf(1), "inf"}, {math.Inf(-1), "-inf"}, {math.NaN(), "nan"},
		{1.5e300, "1.5e+300"}, {-12.75, "-12.75"},
	} {
		if got := FormatFloat(c.f); got != c.want {
			t.Errorf("FormatFloat(%v) = %q, want %q", c.f, got, c.want)
		}
	}
}

func TestQuoteString(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"abc", `'abc'`}, {"it's", `"it's"`}, {`'"`, `'\'"'`}, {"a\nb\tc\r", `'a\nb\tc\r'`},
		{`back\slash`, `'back\\slash'`}, {"\x01\x7f", `'\x01\x7f'`}, {"héllo ☃", `'héllo ☃'`},
		{"\u200b", `'\u200b'`}, {"\xff", `'\xff'`},
	} {
		if got := QuoteString(c.in); got != c.want {
			t.Errorf("QuoteString(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestValueString(t *testing.T) {
	big20, _ := new(big.Int).SetString("100000000000000000000", 10)
	v := Dict(
		DictItem{Str("a"), List(Int(1), Float(2), None, True)},
		DictItem{Int(3), Tuple(Str("x"))},
		DictItem{False, BigInt(big20)},
		DictItem{Str("inf"), Tuple(Float(math.Inf(1)), Float(math.Inf(-1)))},
	)
	want := `{'a': [1, 2.0, None, True], 3: ('x',), False: 100000000000000000000, 'inf': (1e999, -1e999)}`
	if got := v.String(); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if !v.Equal(v) || v.Equal(List()) || Int(1).Equal(Float(1)) {
		t.Error("Equal is wrong")
	}
	if _, ok := BigInt(big.NewInt(5)).Int(); !ok {
		t.Error("BigInt did not normalise a small integer")
	}
}

func TestDiagnosticsSortAndErr(t *testing.T) {
	var ds Diagnostics
	if ds.Err() != nil {
		t.Fatal("empty diagnostics must give a nil error")
	}
	ds.Add(Warning, "W", "a.zk", Range{Start: Pos{Offset: 9, Line: 2, Col: 3}}, "second")
	ds.Errorf(CodeSyntax, "a.zk", Range{Start: Pos{Offset: 0, Line: 1, Col: 1}}, "first %d", 1)
	ds.Sort()
	if ds[0].Message != "first 1" || ds.Error() != "a.zk:1:1: error: first 1\na.zk:2:3: warning: second" {
		t.Fatalf("unexpected order or text: %q", ds.Error())
	}
	back, ok := AsDiagnostics(ds.Err())
	if !ok || len(back) != 2 {
		t.Fatal("AsDiagnostics lost the list")
	}
}

func TestNodeProps(t *testing.T) {
	n := &Node{Name: "cms", Type: "z4m cms", Body: []Entry{
		&Property{Name: "threads", Value: Int(3)},
		&Link{Name: "db", Target: "/databases/main"},
		&PropLink{Name: "threads", Target: "/other", Prop: "t"},
		&Node{Name: "child"},
	}}
	p := NodeProps(n)
	want := Props{"type": Str("z4m cms"), "threads": Int(3), "db ->": Str("/databases/main"), "threads =>": Str("/other t")}
	if !p.Equal(want) {
		t.Fatalf("NodeProps = %v, want %v", p, want)
	}
	if got := p.Keys(); len(got) != 4 || got[0] != "db ->" || got[3] != "type" {
		t.Fatalf("Keys = %q", got)
	}
}
