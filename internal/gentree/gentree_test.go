package gentree

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/lang"
)

// TestTreeMatchesParser checks that the generated syntax tree is exactly
// what the parser makes of the generated text, positions included.
func TestTreeMatchesParser(t *testing.T) {
	for _, n := range []int{1, 500} {
		src, f := Tree("gen.zk", n)
		parsed, ds := lang.Parse("gen.zk", src)
		if len(ds) != 0 {
			t.Fatal(ds)
		}
		if d := cmp.Diff(parsed, f, cmp.Comparer(ast.Value.Equal)); d != "" {
			t.Errorf("n=%d: generated tree differs from the parsed text (-parsed +generated):\n%s", n, d)
		}
	}
}
