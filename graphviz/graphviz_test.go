package graphviz

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/internal/golden"
	"github.com/zktree/zktree/lang"
)

// load parses and evaluates a tree text, failing the test on errors.
func load(t testing.TB, name string, src []byte) *eval.Model {
	t.Helper()
	f, ds := lang.Parse(name, src)
	if ds.HasErrors() {
		t.Fatalf("parse %s:\n%v", name, ds)
	}
	m, ds := eval.Eval(f)
	if m == nil {
		t.Fatalf("eval %s:\n%v", name, ds)
	}
	return m
}

// goldenOptions reads the options of a golden case from the "options:"
// lines of its archive comment, words "key=value": view, root, depth, type
// (repeatable), rankdir, providers (PATH=N, repeatable), legend (true) and
// input (a file under testdata used instead of the in.zk section).
func goldenOptions(t *testing.T, comment string) (Options, string) {
	var o Options
	var input string
	for _, line := range strings.Split(comment, "\n") {
		line, ok := strings.CutPrefix(line, "options:")
		if !ok {
			continue
		}
		for _, w := range strings.Fields(line) {
			k, v, _ := strings.Cut(w, "=")
			var err error
			switch k {
			case "view":
				o.View, err = ParseView(v)
			case "root":
				o.Root = v
			case "depth":
				o.Depth, err = strconv.Atoi(v)
			case "type":
				o.Types = append(o.Types, v)
			case "rankdir":
				o.RankDir = v
			case "providers":
				p, n, _ := strings.Cut(v, "=")
				if o.Providers == nil {
					o.Providers = map[string]int{}
				}
				o.Providers[p], err = strconv.Atoi(n)
			case "legend":
				o.Legend = v == "true"
			case "input":
				input = v
			default:
				t.Fatalf("unknown golden option %q", k)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return o, input
}

// TestGolden draws each testdata/*.txtar tree with the options in its
// comment and compares the DOT text with its want.dot section
// (ZKTREE_UPDATE=1 rewrites it). Drawing twice must give the same bytes.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			o, input := goldenOptions(t, string(ar.Comment))
			src := section(ar, "in.zk")
			if input != "" {
				if src, err = os.ReadFile(filepath.Join("testdata", input)); err != nil {
					t.Fatal(err)
				}
			}
			m := load(t, "in.zk", src)
			var got, again bytes.Buffer
			if err := WriteDOT(&got, m, o); err != nil {
				t.Fatal(err)
			}
			if err := WriteDOT(&again, load(t, "in.zk", src), o); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), again.Bytes()) {
				t.Errorf("two drawings of one tree differ:\n%s\n---\n%s", got.Bytes(), again.Bytes())
			}
			want := section(ar, "want.dot")
			if golden.Update() {
				setSection(ar, "want.dot", got.Bytes())
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("DOT differs from want.dot (ZKTREE_UPDATE=1 rewrites it):\n%s", got.Bytes())
			}
		})
	}
}

// section returns the data of the archive file called name, or nil.
func section(ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

// setSection replaces or appends the archive file called name.
func setSection(ar *txtar.Archive, name string, data []byte) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = data
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: data})
}

// TestSourceOrderDoesNotMatter checks that the drawing depends on the
// tree, not on the order in which siblings, links and files are written.
func TestSourceOrderDoesNotMatter(t *testing.T) {
	a := "/b\n  y -> /a\n  x => /a\n  /d\n  /c\n/a\n  x = 1\n"
	b := "/a\n  x = 1\n/b\n  /c\n  x => /a\n  /d\n  y -> /a\n"
	for _, v := range []View{ViewTree, ViewLinks, ViewServices} {
		var da, db bytes.Buffer
		if err := WriteDOT(&da, load(t, "a.zk", []byte(a)), Options{View: v}); err != nil {
			t.Fatal(err)
		}
		if err := WriteDOT(&db, load(t, "b.zk", []byte(b)), Options{View: v}); err != nil {
			t.Fatal(err)
		}
		if da.String() != db.String() {
			t.Errorf("view %v: drawings differ:\n%s\n---\n%s", v, da.String(), db.String())
		}
	}
	fa, _ := lang.Parse("a.zk", []byte("/a\n  /x\n"))
	fb, _ := lang.Parse("b.zk", []byte("/b\n  l -> /a/x\n/a\n  /w\n"))
	m1, _ := eval.Eval(fa, fb)
	m2, _ := eval.Eval(fb, fa)
	var d1, d2 bytes.Buffer
	if err := WriteDOT(&d1, m1, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteDOT(&d2, m2, Options{}); err != nil {
		t.Fatal(err)
	}
	if d1.String() != d2.String() || !strings.Contains(d1.String(), `id="link /b -> /a/x"`) {
		t.Errorf("files in another order draw differently:\n%s\n---\n%s", d1.String(), d2.String())
	}
}
