package lang

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/internal/zczk"
)

// valueComparer compares literal values structurally.
var valueComparer = cmp.Comparer(func(a, b ast.Value) bool { return a.Equal(b) })

// diffParsers returns how Parse and ParseReference differ on src, or "".
func diffParsers(name string, src []byte) string {
	f1, d1 := Parse(name, src)
	f2, d2 := ParseReference(name, src)
	if d := cmp.Diff(f1, f2, valueComparer); d != "" {
		return "file (-Parse +ParseReference):\n" + d
	}
	if d := cmp.Diff(d1, d2); d != "" {
		return "diagnostics (-Parse +ParseReference):\n" + d
	}
	return ""
}

// TestReferenceZCZK runs both parsers over every tree of the zc.zk corpus.
func TestReferenceZCZK(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(zczk.Dir(t), "*.tree"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no trees: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if d := diffParsers(filepath.Base(f), src); d != "" {
			t.Errorf("%s: %s", filepath.Base(f), d)
		}
	}
}

// dump renders a parse result as text for golden files.
func dump(f *ast.File, diags ast.Diagnostics) string {
	var b strings.Builder
	fmt.Fprintf(&b, "lines %d\n", f.Lines)
	var walk func(depth int, e ast.Entry)
	walk = func(depth int, e ast.Entry) {
		ind := strings.Repeat("  ", depth)
		switch e := e.(type) {
		case *ast.Node:
			fmt.Fprintf(&b, "%snode %q %s indent %d", ind, e.Name, rng(e.Range), e.Indent)
			if e.TypeRange.IsValid() {
				fmt.Fprintf(&b, " type %q %s", e.Type, rng(e.TypeRange))
			}
			b.WriteByte('\n')
			for _, c := range e.Body {
				walk(depth+1, c)
			}
		case *ast.Property:
			fmt.Fprintf(&b, "%sproperty %q %s = %s %s\n", ind, e.Name, rng(e.Range), e.Value, rng(e.ValueRange))
		case *ast.Link:
			fmt.Fprintf(&b, "%slink %q %s -> %q %s\n", ind, e.Name, rng(e.Range), e.Target, rng(e.TargetRange))
		case *ast.PropLink:
			fmt.Fprintf(&b, "%spropLink %q %s => %q %s", ind, e.Name, rng(e.Range), e.Target, rng(e.TargetRange))
			if e.Prop != "" {
				fmt.Fprintf(&b, " %q %s", e.Prop, rng(e.PropRange))
			}
			b.WriteByte('\n')
		}
	}
	for _, n := range f.Nodes {
		walk(0, n)
	}
	for _, c := range f.Comments {
		fmt.Fprintf(&b, "comment %q %s trailing=%v\n", c.Text, rng(c.Range), c.Trailing)
	}
	for _, d := range diags {
		fmt.Fprintf(&b, "%s %s %s: %s\n", d.Severity, d.Code, rng(d.Range), d.Message)
		for _, r := range d.Related {
			fmt.Fprintf(&b, "  related %s: %s\n", rng(r.Range), r.Message)
		}
	}
	return b.String()
}

func rng(r ast.Range) string {
	return fmt.Sprintf("%d:%d+%d-%d:%d+%d", r.Start.Line, r.Start.Col, r.Start.Offset, r.End.Line, r.End.Col, r.End.Offset)
}

// TestGolden parses every testdata/parse/*.zk file with both parsers and
// compares the result with its .golden file (ZKTREE_UPDATE=1 rewrites them).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/parse/*.zk")
	if len(files) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Base(path)
			got := dump(Parse(name, src))
			if d := diffParsers(name, src); d != "" {
				t.Errorf("parsers differ: %s", d)
			}
			golden := strings.TrimSuffix(path, ".zk") + ".golden"
			if os.Getenv("ZKTREE_UPDATE") != "" {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(string(want), got); d != "" {
				t.Errorf("mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestCheckName(t *testing.T) {
	for name, ok := range map[string]bool{
		"threads": true, "a.b": true, "e-f": true, "x:y": true, "type": true, "é😀": true, "-": true,
		"": false, "a b": false, "a->b": false, "a=b": false, "/x": false, "#x": false, "a\tb": false, "a\nb": false,
	} {
		if err := CheckName(name); (err == nil) != ok {
			t.Errorf("CheckName(%q) = %v", name, err)
		}
	}
}
