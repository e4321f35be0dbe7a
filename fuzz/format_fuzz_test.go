package fuzz

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/internal/asttest"
	"github.com/zktree/zktree/lang"
	"github.com/zktree/zktree/nodedata"
)

// addCorpusTrees seeds f with every tree of corpus/valid and
// corpus/invalid.
func addCorpusTrees(f *testing.F) {
	paths, err := filepath.Glob("../corpus/*/*.zk")
	if err != nil || len(paths) == 0 {
		f.Fatalf("no seed trees in ../corpus: %v", err)
	}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
}

// FuzzFormat checks that for any input that parses without errors,
// formatting is idempotent and the formatted text parses to the same tree.
func FuzzFormat(f *testing.F) {
	addCorpusTrees(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		file, ds := lang.Parse("fuzz.zk", src)
		if ds.HasErrors() {
			return
		}
		out, ds := lang.Format("fuzz.zk", src)
		if ds.HasErrors() {
			t.Fatalf("Format fails where Parse succeeds: %v", ds)
		}
		again, ds := lang.Format("fuzz.zk", out)
		if ds.HasErrors() {
			t.Fatalf("formatted text does not parse: %v\ninput:\n%q\nformatted:\n%q", ds, src, out)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("Format is not idempotent:\ninput:\n%q\nfirst:\n%q\nsecond:\n%q", src, out, again)
		}
		file2, _ := lang.Parse("fuzz.zk", out)
		if d := asttest.Diff(file, file2); d != "" {
			t.Fatalf("formatting changed the tree (-input +formatted):\n%s\ninput:\n%q\nformatted:\n%q", d, src, out)
		}
	})
}

// FuzzExportRoundTrip checks that the export of any tree that parses and
// can be stored parses again to the same tree: every node at the same path
// with the same stored node data, and exporting that tree again gives the
// same text. (The --compat zc.zk rendering is left out: it writes node
// headers as zc.zk does, and "/a : #" or "/a: : t" read back otherwise.)
func FuzzExportRoundTrip(f *testing.F) {
	addCorpusTrees(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		file, ds := lang.Parse("fuzz.zk", src)
		if ds.HasErrors() {
			return
		}
		want, ok := storedTree(file)
		if !ok {
			return // a value ZooKeeper cannot store
		}
		export, ok := exportText(t, file)
		if !ok {
			t.Fatalf("export fails on a tree whose node data encodes:\n%q", src)
		}
		file2, ds := lang.Parse("export", export)
		if ds.HasErrors() {
			t.Fatalf("the export does not parse: %v\ninput:\n%q\nexport:\n%q", ds, src, export)
		}
		got, _ := storedTree(file2)
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("the export imports to another tree (-input +export):\n%s\ninput:\n%q\nexport:\n%q", d, src, export)
		}
		again, ok := exportText(t, file2)
		if !ok || !bytes.Equal(again, export) {
			t.Fatalf("exporting the export changes it:\ninput:\n%q\nexport:\n%q\nexported again:\n%q", src, export, again)
		}
	})
}

// storedTree returns the node data that importing file would store, by
// path (the top-level /zookeeper left out, as export does); ok is false
// when a node's properties cannot be encoded.
func storedTree(file *ast.File) (tree map[string]string, ok bool) {
	tree, ok = map[string]string{}, true
	ast.Walk(file, func(parent string, e ast.Entry) bool {
		n, isNode := e.(*ast.Node)
		if !isNode || !ok {
			return false
		}
		if parent == "/" && n.Name == "zookeeper" {
			return false
		}
		data, err := nodedata.Encode(ast.NodeProps(n))
		if err != nil {
			ok = false
			return false
		}
		tree[ast.JoinPath(parent, n.Name)] = string(data)
		return true
	})
	return tree, ok
}

// exportText returns the canonical export of file; ok is false when the
// tree holds a value that cannot be stored.
func exportText(t *testing.T, file *ast.File) (export []byte, ok bool) {
	var b bytes.Buffer
	ds, err := nodedata.ExportFile(&b, file, nodedata.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), !ds.HasErrors()
}
