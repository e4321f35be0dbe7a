package lint

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/lang"
)

// FuzzEvalLint parses any text, evaluates it and runs every rule. Besides
// not panicking: every finding lies inside the text and names a rule, and
// every resolved link resolves again to the same node.
func FuzzEvalLint(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.zk")
	for _, s := range seeds {
		src, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, _ := lang.Parse("f.zk", src)
		m, _ := eval.Eval(file)
		for _, d := range Run(m, map[string][]byte{"f.zk": src}, nil) {
			r := d.Range
			if RuleByID(d.Code) == nil || r.Start.Offset < 0 || r.End.Offset < r.Start.Offset || int(r.End.Offset) > len(src) {
				t.Fatalf("bad finding %s (%s %+v) in %q", d, d.Code, r, src)
			}
		}
		for _, l := range m.Links() {
			if l.To == nil {
				continue
			}
			if p, err := m.Resolve(l.Path); err != nil || p != l.To.Path {
				t.Fatalf("link %s: resolved to %s, now %s %v", l.Name(), l.To.Path, p, err)
			}
		}
	})
}
