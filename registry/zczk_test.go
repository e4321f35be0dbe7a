package registry

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/internal/zczk"
	"github.com/zktree/zktree/lang"
	"github.com/zktree/zktree/nodedata"
	"github.com/zktree/zktree/zkconn"
	"github.com/zktree/zktree/zksync"
)

// TestZcZkPropsCorpus runs the corpus's props cases through live
// Properties views and compares with what zc.zk 2.1 gave.
func TestZcZkPropsCorpus(t *testing.T) {
	dir := zczk.Dir(t)
	testzk.Addr(t)
	cases, err := zczk.Cases(dir, "props")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("no props cases in %s", dir)
	}
	for _, cs := range cases {
		t.Run(cs.Name, func(t *testing.T) {
			c, admin := dial(t)
			opts := map[string][]string{}
			for l := range strings.Lines(readCase(t, cs, "opts")) {
				k, v, _ := strings.Cut(strings.TrimRight(l, "\n"), "=")
				opts[k] = append(opts[k], v)
			}
			if first(opts["base"]) == "testing" {
				base, err := os.ReadFile(filepath.Join(cs.Dir, "003-testing-default-tree.tree"))
				if err != nil {
					t.Fatal(err)
				}
				importTree(t, admin, string(base), "/")
			}
			for _, p := range strings.Split(first(opts["create"]), ",") {
				if p != "" {
					mkNodes(t, admin, p)
				}
			}
			for _, ext := range []string{"before1", "before2"} {
				if text := readCase(t, cs, ext); text != "" {
					importTree(t, admin, text, orRoot(first(opts["before_path"])))
				}
			}
			importTree(t, admin, readCase(t, cs, "tree"), orRoot(first(opts["path"])))
			views := map[string]*Properties{}
			var out strings.Builder
			for _, check := range opts["check"] {
				p, key, _ := strings.Cut(check, " ")
				if views[p] == nil {
					v, err := c.Properties(ctx, p)
					if err != nil {
						t.Fatal(err)
					}
					defer v.Close()
					views[p] = v
				}
				out.WriteString(propsCheck(views[p], p, key))
			}
			if want := dropPyLines(readCase(t, cs, "expected")); out.String() != want {
				t.Errorf("got:\n%s\nwant (zc.zk):\n%s", &out, want)
			}
		})
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func orRoot(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

func readCase(t *testing.T, c zczk.Case, ext string) string {
	t.Helper()
	b, err := c.Read(ext)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(b)
}

func importTree(t *testing.T, s zkconn.Store, text, at string) {
	t.Helper()
	f, diags := lang.Parse("tree", []byte(text))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	p, diags, err := zksync.PlanImport(ctx, s, f, zksync.ImportOptions{Path: at, Trim: zksync.TrimNo})
	if err != nil || diags.HasErrors() {
		t.Fatalf("import: %v %v", err, diags)
	}
	if _, err := p.Apply(ctx, s, zksync.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
}

// propsCheck renders one check of a props case ("*keys", "*items", "*len",
// "*in K" or a key) on the view v of path p, as the corpus does.
func propsCheck(v *Properties, p, key string) string {
	get := func(k string) string {
		val, err := v.Get(k)
		if err != nil {
			return "! " + errorChain(err)
		}
		return "= " + nodedata.Repr(val, true)
	}
	switch {
	case key == "*keys":
		return fmt.Sprintf("keys %s = %s\n", p, strings.Join(v.Keys(), " "))
	case key == "*len":
		return fmt.Sprintf("len %s = %d\n", p, v.Len())
	case strings.HasPrefix(key, "*in "):
		k := strings.TrimPrefix(key, "*in ")
		return fmt.Sprintf("contains %s %s = %s\n", p, k, map[bool]string{true: "True", false: "False"}[v.Contains(k)])
	case key == "*items":
		var b strings.Builder
		for _, k := range v.Keys() {
			fmt.Fprintf(&b, "item %s %s %s\n", p, k, get(k))
		}
		return b.String()
	}
	return fmt.Sprintf("get %s %s %s\n", p, key, get(key))
}

// errorChain renders an eval error in the corpus's neutral format, such as
// "BadPropertyLink <- KeyError x".
func errorChain(err error) string {
	var bl *eval.BadPropertyLinkError
	var nn *eval.NoNodeError
	var ll *eval.LinkLoopError
	var np *eval.NoPropertyError
	switch {
	case errors.As(err, &bl) && bl == err:
		return "BadPropertyLink <- " + errorChain(bl.Err)
	case errors.As(err, &nn):
		return "NoNodeError " + nn.Path
	case errors.As(err, &ll):
		return "LinkLoop " + strings.Join(ll.Paths, " ")
	case errors.As(err, &np):
		return "KeyError " + np.Name
	}
	return err.Error()
}

// dropPyLines removes the corpus's "#py" and "#log" reference lines and
// Python's quoting of KeyError arguments.
func dropPyLines(s string) string {
	var b strings.Builder
	for l := range strings.Lines(s) {
		if strings.HasPrefix(l, "#py ") || strings.HasPrefix(l, "#log ") {
			continue
		}
		if i := strings.Index(l, "KeyError "); i >= 0 {
			arg := strings.TrimSuffix(l[i+len("KeyError "):], "\n")
			l = l[:i] + "KeyError " + strings.Trim(strings.TrimPrefix(arg, "u"), "'") + "\n"
		}
		b.WriteString(l)
	}
	return b.String()
}
