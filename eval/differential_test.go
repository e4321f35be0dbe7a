package eval_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/lang"
)

// plain hides the Model behind the Lookup interface, so that resolution
// takes the generic path (property sets from Props, nothing remembered).
type plain struct{ m *eval.Model }

func (p plain) Exists(path string) (bool, error)           { return p.m.Exists(path) }
func (p plain) Props(path string) (ast.Props, bool, error) { return p.m.Props(path) }

// checkSameAsGeneric compares, for every link and property link of m, the
// model's resolution with the generic algorithm's.
func checkSameAsGeneric(t *testing.T, m *eval.Model) {
	t.Helper()
	g := plain{m}
	for _, l := range m.Links() {
		for _, p := range []string{l.Path, ast.JoinPath(l.From.Path, l.Name()), ast.JoinPath(l.Path, "x")} {
			a, errA := m.Resolve(p)
			b, errB := eval.Resolve(g, p)
			if a != b || errString(errA) != errString(errB) {
				t.Errorf("Resolve(%q): model %q %v, generic %q %v", p, a, errA, b, errB)
			}
		}
	}
	for _, pl := range m.PropLinks() {
		a, errA := m.Prop(pl.From.Path, pl.Name())
		b, errB := eval.ResolveProp(g, pl.From.Path, pl.Name())
		if !a.Equal(b) || errString(errA) != errString(errB) {
			t.Errorf("Prop(%q, %q): model %v %v, generic %v %v", pl.From.Path, pl.Name(), a, errA, b, errB)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestModelMatchesGeneric runs the comparison over the lint test trees.
func TestModelMatchesGeneric(t *testing.T) {
	paths, _ := filepath.Glob("../lint/testdata/*.zk")
	if len(paths) == 0 {
		t.Fatal("no test trees")
	}
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := lang.Parse(path, src)
		m, _ := eval.Eval(f)
		checkSameAsGeneric(t, m)
	}
}

// FuzzModelMatchesGeneric compares the two resolution paths on any text.
func FuzzModelMatchesGeneric(f *testing.F) {
	paths, _ := filepath.Glob("../lint/testdata/*.zk")
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, _ := lang.Parse("f.zk", src)
		m, _ := eval.Eval(file)
		checkSameAsGeneric(t, m)
	})
}
