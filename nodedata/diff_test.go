package nodedata

import (
	"math"
	"strings"
	"testing"

	"github.com/zktree/zktree/ast"
)

// stored returns props as they come back from ZooKeeper.
func stored(t *testing.T, p ast.Props) ast.Props {
	t.Helper()
	data, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	return Decode(data)
}

// corpusOutput returns the "--- output" section of an import case.
func corpusOutput(t *testing.T, stem string) []string {
	t.Helper()
	s := readCorpus(t, stem)
	s = strings.TrimPrefix(s, "--- output\n")
	s, _, _ = strings.Cut(s, "--- ")
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

func TestDiffCorpus(t *testing.T) {
	tests := []struct {
		stem  string
		diffs func(t *testing.T) []string
		fix   func(string) string // deliberate differences
	}{
		{"089-import-dry-run-diff", func(t *testing.T) []string {
			var out []string
			out = append(out, Diff("/test",
				stored(t, ast.Props{"a": ast.Int(1), "b": ast.Int(2), "ae ->": ast.Str("/x"), "ad ->": ast.Str("/y")}),
				ast.Props{"a": ast.Int(2), "ae ->": ast.Str("/z")})...)
			out = append(out, "extra path not trimmed: /test/c2")
			out = append(out, Diff("/test/c1", stored(t, ast.Props{}), ast.Props{})...)
			out = append(out, Diff("/test/c1/c12", stored(t, ast.Props{}), ast.Props{"a": ast.Int(1), "b ->": ast.Str("/b")})...)
			return append(out, "add /test/c1/c12/c123")
		}, nil},
		{"101-import-dry-run-type-change", func(t *testing.T) []string {
			return Diff("/a", stored(t, ast.Props{"type": ast.Str("t1")}), ast.Props{"type": ast.Str("t2")})
		}, nil},
		{"102-import-dry-run-value-formats", func(t *testing.T) []string {
			old := stored(t, ast.Props{
				"l": ast.List(ast.Int(1), ast.Str("x")), "s": ast.Str("str"), "t": ast.Tuple(ast.Int(1), ast.Int(2)),
				"f": ast.Int(1), "n": ast.Int(0), "gone": ast.Str("bye"), "lnk ->": ast.Str("/old"), "old ->": ast.Str("/x")})
			return Diff("/a", old, ast.Props{
				"l": ast.List(ast.Int(1), ast.Str("x")), "s": ast.Str("str"), "t": ast.Tuple(ast.Int(1), ast.Int(2)),
				"f": ast.Float(1.0), "n": ast.None, "new": ast.Dict(item("k", ast.Str("v"))), "lnk ->": ast.Str("/new/target")})
		}, func(s string) string {
			// The tree's u'v' prints as 'v': literals keep no u prefix.
			return strings.Replace(s, "{'k': u'v'}", "{'k': 'v'}", 1)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.stem, func(t *testing.T) {
			want := corpusOutput(t, tt.stem)
			if tt.fix != nil {
				for i := range want {
					want[i] = tt.fix(want[i])
				}
			}
			got := tt.diffs(t)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestPyEqual(t *testing.T) {
	nan := ast.Float(math.NaN())
	tests := []struct {
		a, b ast.Value
		want bool
	}{
		{ast.Int(1), ast.Float(1), true},
		{ast.Int(1), ast.True, true},
		{ast.Float(0), ast.False, true},
		{ast.Int(0), ast.None, false},
		{ast.None, ast.None, true},
		{ast.Str("a"), ast.Bytes("a"), true},
		{ast.Str("a"), ast.Str("b"), false},
		{ast.List(ast.Int(1), ast.Str("x")), ast.List(ast.Float(1), ast.Str("x")), true},
		{ast.List(ast.Int(1)), ast.Tuple(ast.Int(1)), false},
		{ast.List(ast.Int(1)), ast.List(ast.Int(1), ast.Int(2)), false},
		{bigInt("100000000000000000000"), ast.Float(1e20), true},
		{bigInt("9007199254740993"), ast.Float(9007199254740992), false},
		{ast.Float(math.Inf(1)), ast.Float(math.Inf(1)), true},
		{ast.Float(math.Inf(1)), bigInt("100000000000000000000"), false},
		{nan, nan, false},
		{ast.Dict(item("a", ast.Int(1)), item("b", ast.Int(2))), ast.Dict(item("b", ast.Float(2)), item("a", ast.True)), true},
		{ast.Dict(ast.DictItem{Key: ast.Int(1), Value: ast.Int(1)}), ast.Dict(ast.DictItem{Key: ast.Float(1), Value: ast.Int(1)}), true},
		{ast.Dict(ast.DictItem{Key: ast.Int(1), Value: ast.Int(1)}), ast.Dict(item("1", ast.Int(1))), false},
		{ast.Dict(item("a", ast.Int(1))), ast.Dict(item("a", ast.Int(2))), false},
		{ast.Dict(item("a", ast.Int(1))), ast.Dict(), false},
	}
	for _, tt := range tests {
		if got := PyEqual(tt.a, tt.b); got != tt.want {
			t.Errorf("PyEqual(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := PyEqual(tt.b, tt.a); got != tt.want {
			t.Errorf("PyEqual(%v, %v) = %v, want %v", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestDiffStrFormatting(t *testing.T) {
	old := ast.Props{"f": ast.Float(1.0 / 3), "big": bigInt("100000000000000000000"),
		"l": ast.List(ast.Float(0.1), bigInt("100000000000000000000"), ast.Str("é")), "z": ast.Float(math.Copysign(0, -1))}
	new := ast.Props{"f": ast.Float(1e16), "big": ast.Float(1e-5), "l": ast.List(ast.Str("é")), "z": ast.Float(123456789012.5)}
	want := []string{
		"/n big change from 100000000000000000000 to 1e-05",
		"/n f change from 0.333333333333 to 1e+16",
		`/n l change from [0.1, 100000000000000000000L, u'\xe9'] to ['\xc3\xa9']`,
		"/n z change from -0.0 to 123456789012.0",
	}
	got := Diff("/n", old, new)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
