package corpus

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/internal/asttest"
	"github.com/zktree/zktree/internal/golden"
	"github.com/zktree/zktree/lang"
	"github.com/zktree/zktree/nodedata"
)

// trees returns the .zk files of dir (valid or invalid), failing the test
// when there are none.
func trees(t *testing.T, dir string) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.zk"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no trees in %s: %v", dir, err)
	}
	return paths
}

func stem(path string) string {
	return strings.TrimSuffix(filepath.Base(path), ".zk")
}

func TestCorpus_size(t *testing.T) {
	if n := len(trees(t, "valid")) + len(trees(t, "invalid")); n < 30 {
		t.Errorf("the corpus has %d trees, want at least 30", n)
	}
}

// TestCorpus_valid checks each valid tree: it parses without diagnostics,
// formats to its golden text, formatting is idempotent and keeps the
// tree, and its export matches its golden and imports to the same export.
func TestCorpus_valid(t *testing.T) {
	for _, path := range trees(t, "valid") {
		t.Run(stem(path), func(t *testing.T) {
			src := read(t, path)
			f, ds := lang.Parse(path, src)
			if len(ds) > 0 {
				t.Fatalf("diagnostics in a valid tree:\n%v", ds)
			}
			out, _ := lang.Format(path, src)
			golden.Check(t, filepath.Join("testdata", "valid", stem(path)+".fmt"), out)
			again, ds := lang.Format(path, out)
			if ds.HasErrors() || !bytes.Equal(again, out) {
				t.Errorf("formatting is not idempotent: %v\n%s", ds, again)
			}
			f2, _ := lang.Parse(path, out)
			if d := asttest.Diff(f, f2); d != "" {
				t.Errorf("formatting changed the tree (-before +after):\n%s", d)
			}
			export := exportText(t, f)
			golden.Check(t, filepath.Join("testdata", "valid", stem(path)+".export"), export)
			reimported, ds := lang.Parse("export", export)
			if ds.HasErrors() {
				t.Fatalf("the export does not parse:\n%v", ds)
			}
			if again := exportText(t, reimported); !bytes.Equal(again, export) {
				t.Errorf("the export does not import to the same tree; exported again:\n%s", again)
			}
		})
	}
}

// TestCorpus_invalid checks that each invalid tree yields exactly its
// golden diagnostics and that Format refuses it.
func TestCorpus_invalid(t *testing.T) {
	for _, path := range trees(t, "invalid") {
		t.Run(stem(path), func(t *testing.T) {
			src := read(t, path)
			_, ds := lang.Parse(path, src)
			if !ds.HasErrors() {
				t.Fatalf("no error in an invalid tree (diagnostics: %v)", ds)
			}
			golden.Check(t, filepath.Join("testdata", "invalid", stem(path)+".diags"), diagText(ds))
			if out, _ := lang.Format(path, src); out != nil {
				t.Errorf("Format formatted a tree with errors:\n%s", out)
			}
		})
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// exportText returns the export of f with canonical values.
func exportText(t *testing.T, f *ast.File) []byte {
	t.Helper()
	var b bytes.Buffer
	ds, err := nodedata.ExportFile(&b, f, nodedata.Options{})
	if err != nil || ds.HasErrors() {
		t.Fatalf("export: %v %v", err, ds)
	}
	return b.Bytes()
}

// diagText renders diagnostics one per line, each related place on an
// indented line below it.
func diagText(ds ast.Diagnostics) []byte {
	var b bytes.Buffer
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
		for _, r := range d.Related {
			b.WriteString("\t" + ast.Location(r.File, r.Range) + ": " + r.Message + "\n")
		}
	}
	return b.Bytes()
}

// TestCorpus_referenceParser checks that the production parser and the
// participle grammar read every tree of the corpus the same way: the same
// tree, positions included, and the same diagnostics.
func TestCorpus_referenceParser(t *testing.T) {
	for _, path := range append(trees(t, "valid"), trees(t, "invalid")...) {
		t.Run(path, func(t *testing.T) {
			src := read(t, path)
			f, ds := lang.Parse(path, src)
			rf, rds := lang.ParseReference(path, src)
			if d := asttest.DiffExact(f, rf); d != "" {
				t.Errorf("the trees differ (-Parse +ParseReference):\n%s", d)
			}
			if got, want := diagText(rds), diagText(ds); !bytes.Equal(got, want) {
				t.Errorf("ParseReference diagnostics:\n%s\nParse diagnostics:\n%s", got, want)
			}
		})
	}
}
