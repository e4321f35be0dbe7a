package fuzz

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

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
// can be stored parses again to the same tree: exporting it again gives
// the same text, which lists every node and stored property.
func FuzzExportRoundTrip(f *testing.F) {
	addCorpusTrees(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		file, ds := lang.Parse("fuzz.zk", src)
		if ds.HasErrors() {
			return
		}
		export, ok := exportText(t, file)
		if !ok {
			return // a value ZooKeeper cannot store
		}
		file2, ds := lang.Parse("export", export)
		if ds.HasErrors() {
			t.Fatalf("the export does not parse: %v\ninput:\n%q\nexport:\n%q", ds, src, export)
		}
		again, ok := exportText(t, file2)
		if !ok || !bytes.Equal(again, export) {
			t.Fatalf("the export does not import to the same tree:\ninput:\n%q\nexport:\n%q\nexported again:\n%q", src, export, again)
		}
	})
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
