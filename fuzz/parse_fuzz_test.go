package fuzz

import (
	"bytes"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/lang"
)

// parseSamples has one line of every construct and every kind of error.
var parseSamples = []string{
	"/a : t\n  x = 1\n  l -> /b\n  p => ../c x\n  /b\n",
	"/a:\n/b: t\n/c :t\n/d : t : u\n/10.0.0.1:2181\n/f:g :h\n/g: :x\n/h # c\n",
	"/a\n  s = 'x' \"y\" u'z' b'w' r'\\d' ur'\\n' '''t'''\n  n = [1, -2.5, 0x10, 010, 1L, 1e5, .5, 5., True, None]\n",
	"/a\n  d = {'k': (1,), 2: [], None: {}}\n  t = ()\n  p = (1)\n  e = '\\x41\\u20ac\\U0001f600\\101\\q'\n",
	"/a\r\n  x = 1 # c\r\n\r\n\t/b\r\n",
	"    /a\n      x = 1\n    /b\n  /c\n",
	"/a\n  /b\n  x = 1\n    /c\n",
	"/a\n  x = 1\n    /c\n",
	"/a\n  a = 1\n  a = 2\n  a -> /x\n  a -> /y\n  a => /z\n  /n\n  /n\n",
	"/a : t\n  type = 'u'\n/b\n  type = 1\n",
	"x = 1\n/a\ny -> /z\n",
	"/\n/ a\n/d:x y\n/a :\n/b = 1\n/c -> /d\n/x->y\n/p/q\n/.\n/..\n",
	"/a\n  just words\n  name\n  -> /x\n  = 1\n  l ->\n  l -> a b\n  a->b->c\n  a->b=c\n  p =>\n  p => /x y z\n",
	"/a\n  x = foo\n  x = 1+2\n  x = {1}\n  x = {(1,): 2}\n  x = 'abc\n  x = '\\x4'\n  x = 09\n  x = -'a'\n  x = [1,\n",
	"/café : ☃\n  naïve = 'é' # ü\n  😀 -> /x\n",
	"/a\n  x = \"\xff\"\n",
	"",
	"/a\n  x = 1#c\n  y = ''''\n  z = '''a''\n",
	"\ufeff/a\n  x = 1\n",
}

// addSeeds adds the samples, the example trees under corpus/, the parser's
// golden inputs and the zc.zk corpus trees.
func addSeeds(f *testing.F) {
	for _, s := range parseSamples {
		f.Add([]byte(s))
	}
	zczk := os.Getenv("ZKTREE_ZCZK_CORPUS")
	if zczk == "" {
		zczk = filepath.Join("..", "..", "shared", "zc.zk", "corpus")
	}
	for _, dir := range []string{filepath.Join("..", "corpus"), filepath.Join("..", "lang", "testdata", "parse"), zczk} {
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".zk") || strings.HasSuffix(path, ".tree")) {
				if src, err := os.ReadFile(path); err == nil {
					f.Add(src)
				}
			}
			return nil
		})
	}
}

// FuzzParse checks that Parse never panics, returns a File, reports at
// most one sorted diagnostic per line, and gives every node, entry,
// comment and diagnostic a range that lies in the source and whose line
// and column match its offset.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		file, diags := lang.Parse("fuzz.zk", src)
		if file == nil {
			t.Fatal("nil File")
		}
		idx := newLineIndex(src)
		if file.Lines != idx.lines() {
			t.Errorf("Lines = %d, want %d", file.Lines, idx.lines())
		}
		check := func(what string, r ast.Range) {
			t.Helper()
			if err := idx.check(r); err != "" {
				t.Errorf("%s: range %v: %s", what, r, err)
			}
		}
		seen := map[int32]bool{}
		for i, d := range diags {
			check("diagnostic "+d.Message, d.Range)
			for _, r := range d.Related {
				check("related "+r.Message, r.Range)
			}
			if d.File != "fuzz.zk" {
				t.Errorf("diagnostic file %q", d.File)
			}
			if seen[d.Range.Start.Line] {
				t.Errorf("two diagnostics on line %d", d.Range.Start.Line)
			}
			seen[d.Range.Start.Line] = true
			if i > 0 && diags[i-1].Range.Start.Offset > d.Range.Start.Offset {
				t.Errorf("diagnostics not sorted: %v before %v", diags[i-1].Range, d.Range)
			}
		}
		for _, c := range file.Comments {
			check("comment", c.Range)
			if got := string(src[c.Range.Start.Offset:c.Range.End.Offset]); got != c.Text || !strings.HasPrefix(c.Text, "#") {
				t.Errorf("comment text %q, source %q", c.Text, got)
			}
		}
		ast.Walk(file, func(_ string, e ast.Entry) bool {
			check(e.Key(), e.Span())
			text := func(r ast.Range) string { return string(src[r.Start.Offset:r.End.Offset]) }
			switch e := e.(type) {
			case *ast.Node:
				if got := text(e.NameRange()); got != e.Name {
					t.Errorf("node name %q, source %q", e.Name, got)
				}
				if e.Type != "" {
					check("type", e.TypeRange)
					if got := text(e.TypeRange); got != e.Type {
						t.Errorf("type %q, source %q", e.Type, got)
					}
				}
			case *ast.Property:
				check("value", e.ValueRange)
				if got := text(e.NameRange()); got != e.Name {
					t.Errorf("property name %q, source %q", e.Name, got)
				}
			case *ast.Link:
				check("target", e.TargetRange)
				if got := text(e.TargetRange); got != e.Target {
					t.Errorf("target %q, source %q", e.Target, got)
				}
			case *ast.PropLink:
				check("target", e.TargetRange)
				if e.Prop != "" {
					check("prop", e.PropRange)
				}
			}
			return true
		})
		if !diags.HasErrors() {
			roundTripValues(t, file)
		}
	})
}

// roundTripValues checks that every value's canonical text reads back as
// the same value. Infinite floats (from literals such as 1e400) print as
// "inf", which is not a literal, and are left out.
func roundTripValues(t *testing.T, file *ast.File) {
	ast.Walk(file, func(_ string, e ast.Entry) bool {
		if p, ok := e.(*ast.Property); ok && !hasInf(p.Value) {
			if !utf8.ValidString(p.Value.String()) {
				t.Errorf("value %s is not valid UTF-8", p.Value)
			}
			back, err := lang.ParseValue(p.Value.String())
			if err != nil || !back.Equal(p.Value) {
				t.Errorf("value %s reads back as %v, %v", p.Value, back, err)
			}
		}
		return true
	})
}

func hasInf(v ast.Value) bool {
	switch v.Kind() {
	case ast.FloatKind:
		return math.IsInf(v.Float(), 0)
	case ast.ListKind, ast.TupleKind:
		return slices.ContainsFunc(v.Elems(), hasInf)
	case ast.DictKind:
		return slices.ContainsFunc(v.Items(), func(it ast.DictItem) bool { return hasInf(it.Key) || hasInf(it.Value) })
	}
	return false
}

// FuzzParseDifferential checks that the fast parser and the participle
// grammar agree on the tree and the diagnostics of every input.
func FuzzParseDifferential(f *testing.F) {
	addSeeds(f)
	values := cmp.Comparer(func(a, b ast.Value) bool { return a.Equal(b) })
	f.Fuzz(func(t *testing.T, src []byte) {
		f1, d1 := lang.Parse("fuzz.zk", src)
		f2, d2 := lang.ParseReference("fuzz.zk", src)
		if d := cmp.Diff(f1, f2, values); d != "" {
			t.Errorf("file (-Parse +ParseReference):\n%s", d)
		}
		if d := cmp.Diff(d1, d2); d != "" {
			t.Errorf("diagnostics (-Parse +ParseReference):\n%s", d)
		}
	})
}

// lineIndex maps byte offsets to lines and columns.
type lineIndex struct {
	src    []byte
	starts []int
}

func newLineIndex(src []byte) *lineIndex {
	idx := &lineIndex{src: src, starts: []int{0}}
	for i, c := range src {
		if c == '\n' {
			idx.starts = append(idx.starts, i+1)
		}
	}
	return idx
}

// lines counts the lines as the parser does: a final line without "\n"
// counts, an empty one after the last "\n" does not.
func (x *lineIndex) lines() int {
	n := bytes.Count(x.src, []byte("\n"))
	if len(x.src) > 0 && x.src[len(x.src)-1] != '\n' {
		n++
	}
	return n
}

// check returns what is wrong with r, or "".
func (x *lineIndex) check(r ast.Range) string {
	if r.Start.Offset < 0 || r.Start.Offset > r.End.Offset || int(r.End.Offset) > len(x.src) {
		return "offsets out of order or outside the source"
	}
	for _, p := range []ast.Pos{r.Start, r.End} {
		line := sort.SearchInts(x.starts, int(p.Offset)+1) - 1
		col := utf8.RuneCount(x.src[x.starts[line]:p.Offset]) + 1
		if int(p.Line) != line+1 || int(p.Col) != col {
			return "line or column does not match the offset"
		}
	}
	return ""
}
